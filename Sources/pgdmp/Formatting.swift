#if canImport(Glibc)
import Glibc
#endif

/// printf-style formatting through the C library, so the tool needs Foundation's essentials
/// only (loading the full Foundation and its ICU data cost ~5 ms per run, more than `list` itself).
func cFormat(_ format: String, _ args: CVarArg...) -> String {
    withVaList(args) { list in
        var buffer = [CChar](repeating: 0, count: 64)
        let n = Int(vsnprintf(&buffer, buffer.count, format, list))
        guard n >= buffer.count else { return String(cString: buffer) }
        buffer = [CChar](repeating: 0, count: n + 1)
        return withVaList(args) { again in
            _ = vsnprintf(&buffer, buffer.count, format, again)
            return String(cString: buffer)
        }
    }
}

/// `s` cut or padded with spaces to `width` characters, for aligned labels.
func padded(_ s: String, _ width: Int) -> String {
    s.count >= width ? String(s.prefix(width)) : s + String(repeating: " ", count: width - s.count)
}
