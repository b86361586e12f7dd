import PGDump

/// printf-style formatting (see `Platform.format`).
func cFormat(_ format: String, _ args: CVarArg...) -> String { Platform.format(format, args) }

extension String {
    /// Spaces after the text up to `n` characters, for aligned columns (longer text is kept whole).
    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    /// Spaces before the text up to `n` characters (numbers in a column).
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
