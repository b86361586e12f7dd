#if canImport(Glibc)
import Glibc
#endif

/// printf-style formatting through the C library, so the tool needs Foundation's essentials
/// only (loading the full Foundation and its ICU data cost ~5 ms per run, more than `list` itself).
func cFormat(_ format: String, _ args: CVarArg...) -> String {
    withVaList(args) { list in
        var buffer = [CChar](repeating: 0, count: 64)
        let n = Int(vsnprintf(&buffer, buffer.count, format, list))
        guard n >= buffer.count else { return text(of: buffer) }
        buffer = [CChar](repeating: 0, count: n + 1)
        return withVaList(args) { again in
            _ = vsnprintf(&buffer, buffer.count, format, again)
            return text(of: buffer)
        }
    }
}

/// The text before the terminating NUL of a C buffer.
private func text(of buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

extension String {
    /// Spaces after the text up to `n` characters, for aligned columns (longer text is kept whole).
    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    /// Spaces before the text up to `n` characters (numbers in a column).
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
