/// Counts rows in INSERT-mode data (`pg_dump --inserts / --column-inserts / --rows-per-insert`):
/// each statement is `INSERT INTO … VALUES (…)[, (…)]*;` and every parenthesised tuple
/// at the top level after VALUES is one row. A small lexer skips string literals
/// (`'…'` with `''`, `E'…'` with backslashes) and quoted identifiers, so values that
/// contain parentheses, semicolons or newlines are not miscounted.
struct InsertStatementCounter {
    private(set) var rows: UInt64 = 0
    private(set) var statements: UInt64 = 0
    private enum State {
        case code, singleQuote, escapeString, escapeStringBackslash, doubleQuote, singleQuoteMaybeEnd, escapeMaybeEnd
    }
    private var state = State.code
    private var depth = 0
    private var afterValues = false
    /// The last 16 code bytes (letters upper-cased), newest in the low byte of `low`:
    /// enough to spot `VALUES`, `DEFAULT VALUES` and the E of `E'…'`.
    private var low: UInt64 = 0x2020_2020_2020_2020
    private var high: UInt64 = 0x2020_2020_2020_2020
    private var defaultValues = false
    private var sawStatementBytes = false

    mutating func scan(_ piece: UnsafeRawBufferPointer) throws {
        for b in piece { try step(b) }
    }

    private mutating func step(_ b: UInt8) throws {
        switch state {
        case .singleQuote:
            if b == 0x27 { state = .singleQuoteMaybeEnd }
            return
        case .singleQuoteMaybeEnd:
            if b == 0x27 {
                state = .singleQuote
                return
            }
            state = .code
        case .escapeString:
            if b == 0x5C { state = .escapeStringBackslash } else if b == 0x27 { state = .escapeMaybeEnd }
            return
        case .escapeStringBackslash:
            state = .escapeString
            return
        case .escapeMaybeEnd:
            if b == 0x27 {
                state = .escapeString
                return
            }
            state = .code
        case .doubleQuote:
            if b == 0x22 { state = .code }
            return
        case .code:
            break
        }
        // Code bytes. A keyword ends at the first byte that cannot continue an identifier.
        if !isIdentByte(b) && depth == 0 && !afterValues && endsWithKeyword(Self.values) {
            afterValues = true
            if endsWithKeyword(Self.defaultValues) {
                rows += 1
                defaultValues = true
            }
        }
        switch b {
        case 0x27:
            let isEscape =
                (UInt8(truncatingIfNeeded: low) | 0x20) == UInt8(ascii: "e")
                && !isIdentByte(UInt8(truncatingIfNeeded: low >> 8))
            state = isEscape ? .escapeString : .singleQuote
        case 0x22: state = .doubleQuote
        case 0x28:
            if afterValues && depth == 0 && !defaultValues { rows += 1 }
            depth += 1
        case 0x29:
            depth -= 1
            if depth < 0 {
                throw PGDumpError(
                    .corrupt, "unbalanced parentheses in INSERT data",
                    expected: "a parenthesised VALUES list", found: "')' without '('")
            }
        case 0x3B:
            if depth == 0 {
                if !afterValues && sawStatementBytes {
                    throw PGDumpError(
                        .corrupt, "INSERT data contains a statement without VALUES",
                        expected: "INSERT INTO … VALUES (…);", found: "a statement without VALUES")
                }
                if afterValues { statements += 1 }
                afterValues = false
                defaultValues = false
                sawStatementBytes = false
            }
        default:
            if b != 0x20 && b != 0x0A && b != 0x09 && b != 0x0D { sawStatementBytes = true }
        }
        let upper = b >= 0x61 && b <= 0x7A ? b - 0x20 : b
        high = (high << 8) | (low >> 56)
        low = (low << 8) | UInt64(upper)
    }

    private static let values = Array("VALUES".utf8)
    private static let defaultValues = Array("DEFAULT VALUES".utf8)

    /// Whether the last code bytes spell `word` with no identifier byte before it.
    private func endsWithKeyword(_ word: [UInt8]) -> Bool {
        let n = word.count
        guard n < 16 else { return false }
        for i in 0...n {
            let byte =
                i < 8
                ? UInt8(truncatingIfNeeded: low >> (8 * UInt64(i)))
                : UInt8(truncatingIfNeeded: high >> (8 * UInt64(i - 8)))
            if i == n { return !isIdentByte(byte) }
            if byte != word[n - 1 - i] { return false }
        }
        return true
    }

    private func isIdentByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    func finish() throws {
        guard state == .code || state == .singleQuoteMaybeEnd || state == .escapeMaybeEnd else {
            throw PGDumpError(.truncated, "INSERT data ends inside a quoted value", found: "end of data")
        }
        guard depth == 0 && !afterValues && !sawStatementBytes else {
            throw PGDumpError(
                .truncated, "INSERT data ends in the middle of a statement",
                expected: "a final ';'", found: "end of data after \(statements) statements")
        }
    }
}
