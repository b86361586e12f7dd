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
/// Allocation-free; bytes are taken sixteen at a time with Swift's SIMD types (tabs counted per
/// lane, rows checked from bit masks), and only blocks holding a carriage return or a backslash
/// before a control byte go byte by byte, so the check costs a fraction of the decompression.
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

    private typealias Block = ByteBlock.Lanes
    private typealias BlockMask = ByteBlock.Mask

    /// Whether the byte at `p` is escaped: the run of backslashes just before it is odd. A run that
    /// reaches the piece's start continues the state the previous piece ended in.
    private static func escaped(at p: Int, in base: UnsafeRawPointer, pieceBeganEscaped: Bool) -> Bool {
        var k = p
        while k > 0 && base.load(fromByteOffset: k - 1, as: UInt8.self) == 0x5C { k -= 1 }
        var run = p - k
        if k == 0 && pieceBeganEscaped && run > 0 { run -= 1 }  // that first backslash was itself escaped
        return run & 1 == 1
    }

    /// Checks one piece of decompressed COPY text.
    package mutating func scan(_ piece: UnsafeRawBufferPointer) {
        guard !done, let base = piece.baseAddress, piece.count > 0 else {
            offset += UInt64(piece.count)
            return
        }
        let n = piece.count
        let pieceBeganEscaped = escaped
        // The state in locals, so the loops keep it in registers.
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
        let tab = Block(repeating: 0x09)
        let newline = Block(repeating: 0x0A)
        let carriageReturn = Block(repeating: 0x0D)
        let backslash = Block(repeating: 0x5C)
        let space = Block(repeating: 0x20)
        // A table without columns has only empty rows: rare, left to the byte path.
        let blocksAllowed = expectedFields > 0
        var bytewiseUntil = 0
        while i < n {
            // Block path, 16 bytes at a time, inside a row past its first two bytes (which may begin
            // the end marker) and not right after a backslash. An escape only moves a field or row end
            // when a backslash precedes a control byte, and a carriage return is an error: a block with
            // either goes byte by byte. In the others every tab splits a field and every newline ends
            // a row, so tabs are counted per lane and rows checked from the block's bit masks.
            if blocksAllowed && !escaped && length >= 2 && i >= bytewiseUntil {
                var j = i
                var atRowStart = false
                var tabLanes = Block.zero
                var plainBlocks = 0
                blocks: while n - j > Block.scalarCount {
                    let v = base.loadUnaligned(fromByteOffset: j, as: Block.self)
                    let next = base.loadUnaligned(fromByteOffset: j + 1, as: Block.self)
                    let unusual = (v .== carriageReturn) .| ((v .== backslash) .& (next .< space))
                    let tabs = v .== tab
                    let rowEnds = v .== newline
                    if ByteBlock.isEmpty(unusual .| rowEnds) {
                        tabLanes &-= unsafeBitCast(tabs, to: Block.self)  // a true lane is 0xFF: minus one is plus one
                        plainBlocks &+= 1
                        if plainBlocks == 255 {  // before any lane can wrap
                            fields &+= ByteBlock.sum(tabLanes)
                            tabLanes = .zero
                            plainBlocks = 0
                        }
                        j &+= Block.scalarCount
                        continue
                    }
                    fields &+= ByteBlock.sum(tabLanes)
                    tabLanes = .zero
                    plainBlocks = 0
                    if !ByteBlock.isEmpty(unusual) {
                        bytewiseUntil = j &+ Block.scalarCount &+ 1
                        break
                    }
                    var tabBits = ByteBlock.bits(tabs)
                    var endBits = ByteBlock.bits(rowEnds)
                    while endBits != 0 {
                        let q = endBits.trailingZeroBitCount
                        let before: UInt32 = (1 &<< UInt32(q)) &- 1
                        fields &+= (tabBits & before).nonzeroBitCount
                        tabBits &= ~before
                        rows &+= 1
                        if fields != expectedFields {
                            problem = Problem(row: rows, offset: rowStart, fields: fields)
                            done = true
                            return
                        }
                        let start = j &+ q &+ 1
                        rowStart = offset &+ UInt64(start)
                        fields = 1
                        endBits &= endBits &- 1
                        // A row that may begin with the end marker, or whose first bytes are in the
                        // next piece, is started by the byte path.
                        if n &- start < 2 || base.load(fromByteOffset: start, as: UInt8.self) == 0x5C {
                            j = start
                            atRowStart = true
                            break blocks
                        }
                    }
                    fields &+= tabBits.nonzeroBitCount
                    j &+= Block.scalarCount
                }
                fields &+= ByteBlock.sum(tabLanes)
                if atRowStart {
                    length = 0
                } else if j != i {
                    escaped = Self.escaped(at: j, in: base, pieceBeganEscaped: pieceBeganEscaped)
                }
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
