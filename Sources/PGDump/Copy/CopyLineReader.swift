/// Hands out COPY data rows one line at a time (without the newline), for work that
/// looks inside rows: field decoding, checks. Lines inside one decompressed piece are
/// returned in place; only a line that spans pieces is copied.
public final class CopyLineReader {
    private let data: EntryDataReader
    /// A line that spans pieces is assembled here (grows to the longest such line).
    private var spill = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)

    /// The per-line state, in allocated memory rather than stored properties: `nextLine` runs
    /// once per row, and each access to a class's stored property costs a dynamic exclusivity
    /// check (about a tenth of `cat --format jsonl` on a narrow table).
    private struct Cursor {
        var piece = UnsafeRawBufferPointer(start: nil, count: 0)
        var position = 0
        var spillCount = 0
        var finished = false
        var lineNumber: UInt64 = 0
    }
    private let cursor = UnsafeMutablePointer<Cursor>.allocate(capacity: 1)
    private var piece: UnsafeRawBufferPointer {
        get { cursor.pointee.piece }
        set { cursor.pointee.piece = newValue }
    }
    private var position: Int {
        get { cursor.pointee.position }
        set { cursor.pointee.position = newValue }
    }
    private var spillCount: Int {
        get { cursor.pointee.spillCount }
        set { cursor.pointee.spillCount = newValue }
    }
    private var finished: Bool {
        get { cursor.pointee.finished }
        set { cursor.pointee.finished = newValue }
    }

    /// 1-based number of the last line returned (pg_restore's "COPY …, line N").
    public var lineNumber: UInt64 { cursor.pointee.lineNumber }

    /// Reads the rows of `data`, an entry's decompressed COPY data from ``Archive/openData(_:backend:)``.
    public init(data: EntryDataReader) {
        self.data = data
        cursor.initialize(to: Cursor())
    }

    deinit {
        spill.deallocate()
        cursor.deallocate()
    }

    private func appendSpill(_ bytes: UnsafeRawBufferPointer) {
        if spillCount + bytes.count > spill.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(
                byteCount: max(spill.count * 2, spillCount + bytes.count),
                alignment: 8)
            bigger.baseAddress!.copyMemory(from: spill.baseAddress!, byteCount: spillCount)
            spill.deallocate()
            spill = bigger
        }
        if bytes.count > 0 {
            (spill.baseAddress! + spillCount).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
        spillCount += bytes.count
    }

    /// The next row, valid until the next call; nil after the `\.` end marker.
    /// Throws if the data ends without the marker or has bytes after it.
    public func nextLine() throws -> UnsafeRawBufferPointer? {
        if finished { return nil }
        spillCount = 0
        var spilled = false
        while true {
            if position >= piece.count {
                guard let next = try data.next() else {
                    if spilled {
                        throw PGDumpError(
                            .truncated, "COPY data ends in the middle of a row, without the end marker \\.",
                            context: data.context)
                    }
                    throw PGDumpError(
                        .truncated, "COPY data ends without its end marker \\.",
                        found: "end of data after \(lineNumber) rows", context: data.context)
                }
                piece = next
                position = 0
                continue
            }
            let base = piece.baseAddress! + position
            let avail = piece.count - position
            if let hit = Platform.firstByte(0x0A, in: base, count: avail) {
                let len = base.distance(to: UnsafeRawPointer(hit))
                let line: UnsafeRawBufferPointer
                if spilled {
                    appendSpill(UnsafeRawBufferPointer(start: base, count: len))
                    position += len + 1
                    line = UnsafeRawBufferPointer(start: spill.baseAddress, count: spillCount)
                } else {
                    line = UnsafeRawBufferPointer(start: base, count: len)
                    position += len + 1
                }
                if line.count == 2 && line[0] == 0x5C && line[1] == 0x2E {
                    finished = true
                    try checkTail()
                    return nil
                }
                cursor.pointee.lineNumber += 1
                return line
            }
            appendSpill(UnsafeRawBufferPointer(start: base, count: avail))
            spilled = true
            position = piece.count
        }
    }

    private func checkTail() throws {
        var rest = UnsafeRawBufferPointer(rebasing: piece[position...])
        while true {
            if rest.contains(where: { $0 != 0x0A }) {
                throw PGDumpError(
                    .corrupt, "unexpected data after the COPY end marker \\.",
                    expected: "only newlines after \\.", context: data.context)
            }
            guard let next = try data.next() else { return }
            rest = next
        }
    }
}
