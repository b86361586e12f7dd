/// Checks the shape of COPY text as it streams by: every row must have exactly the number of
/// fields of its entry's COPY column list, the way the server's COPY FROM splits it. A row with
/// too few or too many fields is what a restore fails on ("missing data for column", "extra data
/// after last expected column"), and what two data files swapped between tables look like.
///
/// Fields are split the way PostgreSQL's text COPY does: at every tab that is not escaped; a
/// backslash escapes the byte after it (so `\t` in a value is two bytes, never a delimiter), and a
/// row ends at a newline that is not escaped. An unescaped carriage return is refused, as the
/// server refuses it. Checking stops at the `\.` end-marker line (`CopyStreamScanner` checks
/// that the marker is there and that nothing follows it).
///
/// Allocation-free; bytes are taken eight at a time (tabs counted in the word) until a word holds
/// a newline, carriage return or backslash, so the check costs a fraction of the decompression.
package struct CopyShapeChecker {
    /// Fields every row must have (0 for a table without columns: every row is empty).
    package let expectedFields: Int
    /// Rows checked so far.
    package private(set) var rows: UInt64 = 0
    /// Decompressed bytes seen so far.
    package private(set) var offset: UInt64 = 0
    /// The first row that does not fit, once found (checking stops there).
    package private(set) var problem: Problem?

    /// A row that does not fit the column list.
    package struct Problem: Sendable, Equatable {
        /// 1-based row number.
        package var row: UInt64
        /// Offset of the row's first byte in the decompressed data.
        package var offset: UInt64
        package var fields: Int
        /// Set when the row holds a carriage return the server refuses.
        package var carriageReturnAt: UInt64?
    }

    private var fieldsInRow = 1
    private var rowLength = 0
    private var rowStart: UInt64 = 0
    private var escaped = false
    /// The current row began with a backslash: it may be the `\.` end marker.
    private var startsWithBackslash = false
    private var done = false

    package init(expectedFields: Int) { self.expectedFields = expectedFields }

    /// The field count for an entry's COPY statement: its column list, plus one for `WITH OIDS`.
    package init?(copyStatement: String, withOids: Bool) {
        guard let copy = CopyStatement(copyStatement) else { return nil }
        let oids = withOids || copyStatement.uppercased().contains(" WITH OIDS")
        self.init(expectedFields: copy.columns.count + (oids ? 1 : 0))
    }

    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private var lows: UInt64 { Self.lows }

    /// One high bit for each byte of `w` that equals the byte repeated in `pattern` (exact).
    @inline(__always)
    private static func equalBytes(_ w: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = w ^ pattern
        return ~(((x & lows) &+ lows) | x | lows)
    }

    /// Checks one piece of decompressed COPY text.
    package mutating func scan(_ piece: UnsafeRawBufferPointer) {
        guard !done, let base = piece.baseAddress, piece.count > 0 else {
            offset += UInt64(piece.count)
            return
        }
        let n = piece.count
        // The state in locals, so the word loop keeps it in registers.
        var fields = fieldsInRow
        var length = rowLength
        var escaped = self.escaped
        var i = 0
        defer {
            fieldsInRow = fields
            rowLength = length
            self.escaped = escaped
            offset += UInt64(n)
        }
        while i < n {
            // Fast path: whole words inside a row (past its first two bytes, which may begin the end
            // marker; not right after a backslash). Tabs are counted eight at a time; a word with a
            // newline, backslash or carriage return goes byte by byte.
            if !escaped && length >= 2 {
                var j = i
                while n - j >= 8 {
                    let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                    // Most words hold no control byte and no backslash: one cheap test (exact for "none").
                    let x = w ^ 0x5C5C_5C5C_5C5C_5C5C
                    if ((w &- 0x2020_2020_2020_2020) & ~w | (x &- 0x0101_0101_0101_0101) & ~x) & ~lows != 0 {
                        let tabs = Self.equalBytes(w, 0x0909_0909_0909_0909)
                        let special =
                            Self.equalBytes(w, 0x0A0A_0A0A_0A0A_0A0A) | Self.equalBytes(w, 0x5C5C_5C5C_5C5C_5C5C)
                            | Self.equalBytes(w, 0x0D0D_0D0D_0D0D_0D0D)
                        if special != 0 {
                            // The bytes before the first newline, backslash or carriage return are
                            // plain or tabs: count those tabs and go on byte by byte from there.
                            let first = special.trailingZeroBitCount &>> 3
                            let before: UInt64 = first == 0 ? 0 : (1 &<< UInt64(first &* 8)) &- 1
                            fields &+= (tabs & before).nonzeroBitCount
                            j &+= first
                            break
                        }
                        fields &+= tabs.nonzeroBitCount
                    }
                    j &+= 8
                }
                length &+= j &- i
                i = j
                if i >= n { break }
            }
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if length == 0 { startsWithBackslash = b == 0x5C }
            if escaped {
                escaped = false
                if length == 1 && startsWithBackslash && b == 0x2E {
                    done = true  // `\.`: the end marker. Nothing after it is data.
                    return
                }
                length += 1
                i += 1
                continue
            }
            switch b {
            case 0x5C:
                escaped = true
                length += 1
            case 0x09:
                fields += 1
                length += 1
            case 0x0A:
                rows += 1
                let found = length == 0 ? (expectedFields == 0 ? 0 : 1) : fields
                if found != expectedFields {
                    problem = Problem(row: rows, offset: rowStart, fields: found)
                    done = true
                    return
                }
                rowStart = offset + UInt64(i + 1)
                fields = 1
                length = 0
            case 0x0D:
                problem = Problem(row: rows + 1, offset: rowStart, fields: fields, carriageReturnAt: offset + UInt64(i))
                done = true
                return
            default:
                length += 1
            }
            i += 1
        }
    }

    /// The problem as an error for `table` (thrown by `verify`), or nil when every row fits.
    package func error(table: String) -> PGDumpError? {
        guard let p = problem else { return nil }
        if let cr = p.carriageReturnAt {
            return PGDumpError(
                .corrupt,
                "row \(p.row) of \(table) holds a literal carriage return (at byte \(cr) of the decompressed data); a restore fails with \"literal carriage return found in data\"",
                expected: "\\r written as an escape", found: "byte 0x0D")
        }
        let consequence =
            p.fields < expectedFields ? "missing data for column" : "extra data after last expected column"
        return PGDumpError(
            .corrupt,
            "row \(p.row) of \(table) has \(p.fields) field\(p.fields == 1 ? "" : "s") but its COPY column list has \(expectedFields) (row starts at byte \(p.offset) of the decompressed data); a restore fails with \"\(consequence)\"",
            expected: "\(expectedFields) fields", found: "\(p.fields) fields")
    }
}
