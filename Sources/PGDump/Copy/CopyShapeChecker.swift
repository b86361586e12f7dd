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
/// Allocation-free; eight bytes at a time are skipped when none of them is a tab, newline,
/// carriage return or backslash, so the check costs a fraction of the decompression before it.
public struct CopyShapeChecker {
    /// Fields every row must have (0 for a table without columns: every row is empty).
    public let expectedFields: Int
    /// Rows checked so far.
    public private(set) var rows: UInt64 = 0
    /// Decompressed bytes seen so far.
    public private(set) var offset: UInt64 = 0
    /// The first row that does not fit, once found (checking stops there).
    public private(set) var problem: Problem?

    /// A row that does not fit the column list.
    public struct Problem: Sendable, Equatable {
        /// 1-based row number.
        public var row: UInt64
        /// Offset of the row's first byte in the decompressed data.
        public var offset: UInt64
        public var fields: Int
        /// Set when the row holds a carriage return the server refuses.
        public var carriageReturnAt: UInt64?
    }

    private var fieldsInRow = 1
    private var rowLength = 0
    private var rowStart: UInt64 = 0
    private var escaped = false
    /// The current row began with a backslash: it may be the `\.` end marker.
    private var startsWithBackslash = false
    private var done = false

    public init(expectedFields: Int) { self.expectedFields = expectedFields }

    /// The field count for an entry's COPY statement: its column list, plus one for `WITH OIDS`.
    public init?(copyStatement: String, withOids: Bool) {
        guard let copy = CopyStatement(copyStatement) else { return nil }
        let oids = withOids || copyStatement.uppercased().contains(" WITH OIDS")
        self.init(expectedFields: copy.columns.count + (oids ? 1 : 0))
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C

    /// Whether any of the 8 bytes of `w` is below 0x20 or is a backslash (exact: no false negatives).
    @inline(__always)
    private static func mayHoldSpecial(_ w: UInt64) -> Bool {
        let below20 = (w &- 0x2020_2020_2020_2020) & ~w & highs
        let x = w ^ backslashes
        let backslash = (x &- ones) & ~x & highs
        return (below20 | backslash) != 0
    }

    /// Checks one piece of decompressed COPY text.
    public mutating func scan(_ piece: UnsafeRawBufferPointer) {
        guard !done, let base = piece.baseAddress, piece.count > 0 else {
            offset += UInt64(piece.count)
            return
        }
        let n = piece.count
        var i = 0
        while i < n {
            // Fast path: whole words of ordinary bytes inside a row (not its first two bytes,
            // which may begin the end marker; not right after a backslash).
            if !escaped && rowLength >= 2 {
                var j = i
                while j + 8 <= n {
                    let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                    if Self.mayHoldSpecial(w) { break }
                    j += 8
                }
                rowLength += j - i
                i = j
                if i >= n { break }
            }
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if rowLength == 0 { startsWithBackslash = b == 0x5C }
            if escaped {
                escaped = false
                if rowLength == 1 && startsWithBackslash && b == 0x2E {
                    // `\.`: the end marker. Nothing after it is data.
                    done = true
                    offset += UInt64(i + 1)
                    offset += UInt64(n - i - 1)
                    return
                }
                rowLength += 1
                i += 1
                continue
            }
            switch b {
            case 0x5C:
                escaped = true
                rowLength += 1
            case 0x09:
                fieldsInRow += 1
                rowLength += 1
            case 0x0A:
                rows += 1
                let fields = rowLength == 0 ? (expectedFields == 0 ? 0 : 1) : fieldsInRow
                if fields != expectedFields {
                    problem = Problem(row: rows, offset: rowStart, fields: fields)
                    done = true
                    offset += UInt64(n)
                    return
                }
                rowStart = offset + UInt64(i + 1)
                fieldsInRow = 1
                rowLength = 0
            case 0x0D:
                problem = Problem(row: rows + 1, offset: rowStart, fields: fieldsInRow,
                                  carriageReturnAt: offset + UInt64(i))
                done = true
                offset += UInt64(n)
                return
            default:
                rowLength += 1
            }
            i += 1
        }
        offset += UInt64(n)
    }

    /// The problem as an error for `table` (thrown by `verify`), or nil when every row fits.
    public func error(table: String) -> PGDumpError? {
        guard let p = problem else { return nil }
        if let cr = p.carriageReturnAt {
            return PGDumpError(.corrupt, "row \(p.row) of \(table) holds a literal carriage return (at byte \(cr) of the decompressed data); a restore fails with \"literal carriage return found in data\"",
                               expected: "\\r written as an escape", found: "byte 0x0D")
        }
        let consequence = p.fields < expectedFields ? "missing data for column" : "extra data after last expected column"
        return PGDumpError(.corrupt, "row \(p.row) of \(table) has \(p.fields) field\(p.fields == 1 ? "" : "s") but its COPY column list has \(expectedFields) (row starts at byte \(p.offset) of the decompressed data); a restore fails with \"\(consequence)\"",
                           expected: "\(expectedFields) fields", found: "\(p.fields) fields")
    }
}
