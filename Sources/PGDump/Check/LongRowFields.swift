/// The fields a table's checks read, taken from a row too long to hold in memory (a
/// ``CopyLongLine``: PostgreSQL allows a value of 1 GB). Each field a check reads is copied out
/// when the fields held stay within `holdLimit` bytes; fields no check reads are left empty, and
/// value columns (`--values-over`, histograms) get their decoded length counted piece by piece.
/// A row whose checked fields do not fit is not checked (``allHeld`` is false): the scan counts it
/// and says so, rather than hold a gigabyte.
struct LongRowFields {
    /// By position up to the last field any check reads: whether a check reads it.
    private let needed: [Bool]
    /// The positions of the value columns.
    private let valueColumns: [Int]
    private let holdLimit: Int
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var rowRanges: [Range<Int>] = []

    /// The held fields, at the offsets in `ranges` (empty ranges for fields left out).
    private(set) var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Each field up to the last one read, into `bytes`.
    private(set) var ranges: [Range<Int>] = []
    /// Whether every field a check reads was held.
    private(set) var allHeld = true
    /// Decoded length of each value column (nil: NULL), in `valueColumns` order.
    private(set) var valueLengths: [Int?] = []

    /// `needed`: positions a check reads (key, predicate and expression columns, the row key);
    /// `valueColumns`: columns whose lengths are reported; `holdLimit`: bytes of fields held at most.
    init(needed: Set<Int>, lastField: Int, valueColumns: [Int], holdLimit: Int) {
        self.needed = (0...max(0, lastField)).map { needed.contains($0) }
        self.valueColumns = valueColumns
        self.holdLimit = holdLimit
    }

    /// Frees the held bytes; call once, when the scan ends.
    mutating func deallocate() { storage.deallocate() }

    /// Reads `row`: its field ranges, the fields a check reads, and the value columns' lengths.
    mutating func load(_ row: CopyLongLine) throws {
        _ = try row.fieldRanges(into: &rowRanges, keepingAtMost: max(needed.count, (valueColumns.max() ?? -1) + 1))
        var total = 0
        allHeld = true
        for (p, r) in rowRanges.prefix(needed.count).enumerated() where needed[p] {
            total += r.count
        }
        if total > holdLimit { allHeld = false }
        if allHeld && total > storage.count {
            storage.deallocate()
            storage = .allocate(byteCount: max(total, 2 * storage.count), alignment: 16)
        }
        ranges.removeAll(keepingCapacity: true)
        var at = 0
        for (p, r) in rowRanges.prefix(needed.count).enumerated() {
            guard allHeld && needed[p] else {
                ranges.append(at..<at)
                continue
            }
            let start = at
            try row.read(r) { piece in
                guard piece.count > 0 else { return }
                (storage.baseAddress! + at).copyMemory(from: piece.baseAddress!, byteCount: piece.count)
                at += piece.count
            }
            ranges.append(start..<at)
        }
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<at])
        valueLengths.removeAll(keepingCapacity: true)
        for c in valueColumns {
            guard c < rowRanges.count else {
                valueLengths.append(0)  // (as CopyText.decodedLength of a missing field)
                continue
            }
            var length = 0
            let notNull = try row.decodeField(rowRanges[c]) { length += $0.count }
            valueLengths.append(notNull ? length : nil)
        }
    }
}
