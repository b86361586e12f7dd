/// One row from ``CopyLineReader/nextRow()``.
public enum CopyRow {
    /// A row held in memory (without its newline), valid until the reader's next call.
    case line(UnsafeRawBufferPointer)
    /// A row longer than the reader's long-line limit, streamed to a temporary file, to be read
    /// back in pieces; valid until the reader's next call.
    case long(CopyLongLine)
}

/// Hands out COPY data rows one line at a time (without the newline), for work that
/// looks inside rows: field decoding, checks. Lines inside one decompressed piece are
/// returned in place; only a line that spans pieces is copied.
///
/// ``nextLine()`` assembles every row whole, however long. A reader made with a
/// `longLineLimit` also offers ``nextRow()``, which hands a longer row out as a
/// ``CopyLongLine`` instead, so a 1 GB value costs no more memory than a short one.
public final class CopyLineReader {
    private let data: EntryDataReader
    /// Where ``nextRow()`` streams a row longer than the limit; made on first use.
    private var longLine: CopyLongLine?
    private let longLinePieceSize: Int
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
        /// ``nextRow()``'s limit (at least 2, so the end marker `\.` is never a long line).
        var longLineLimit = Int.max
        /// The row just read went to ``longLine``.
        var isLong = false
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
        self.longLinePieceSize = 1 << 20
        cursor.initialize(to: Cursor())
    }

    /// A reader whose ``nextRow()`` streams a row longer than `longLineLimit` bytes to an unlinked
    /// temporary file in `$TMPDIR` instead of assembling it in memory (``CopyRow/long(_:)``).
    /// A limit below 2 counts as 2. `longLinePieceSize` (1 byte to 1 MiB) is the size of the
    /// pieces such a row is read back in. ``nextLine()`` still returns every row whole.
    public convenience init(data: EntryDataReader, longLineLimit: Int, longLinePieceSize: Int = 1 << 20) {
        self.init(data: data, pieceSize: longLinePieceSize)
        cursor.pointee.longLineLimit = max(longLineLimit, 2)
    }

    private init(data: EntryDataReader, pieceSize: Int) {
        self.data = data
        self.longLinePieceSize = pieceSize
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
        try readLine(longerThan: Int.max)
    }

    /// The next row, valid until the next call: in memory, or, when it is longer than the
    /// reader's `longLineLimit`, as a ``CopyLongLine`` (the same object every time, rewritten);
    /// nil after the `\.` end marker. Without a limit (``init(data:)``) every row is a line.
    /// - Throws: What ``nextLine()`` throws; `.io` when the temporary file cannot be written.
    public func nextRow() throws -> CopyRow? {
        guard let line = try readLine(longerThan: cursor.pointee.longLineLimit) else { return nil }
        if cursor.pointee.isLong {
            cursor.pointee.isLong = false
            return .long(longLine!)
        }
        return .line(line)
    }

    /// The next line; one longer than `limit` goes to ``longLine`` instead (then `isLong` is set and
    /// the buffer returned is empty).
    @inline(__always)
    private func readLine(longerThan limit: Int) throws -> UnsafeRawBufferPointer? {
        if finished { return nil }
        spillCount = 0
        var spilled = false
        var toFile = false
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
                // (one compare for a line inside a piece, the fast path; a line of a piece longer
                // than the limit happens only when tests set a limit of a few bytes)
                if spilled ? toFile || spillCount + len > limit : len > limit {
                    try streamToFile(UnsafeRawBufferPointer(start: base, count: len), started: toFile)
                    position += len + 1
                    cursor.pointee.isLong = true
                    cursor.pointee.lineNumber += 1
                    return UnsafeRawBufferPointer(start: nil, count: 0)
                }
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
            if toFile || spillCount + avail > limit {
                try streamToFile(UnsafeRawBufferPointer(start: base, count: avail), started: toFile)
                toFile = true
            } else {
                appendSpill(UnsafeRawBufferPointer(start: base, count: avail))
            }
            spilled = true
            position = piece.count
        }
    }

    /// Writes bytes of a long line to its file: after the bytes gathered in `spill` when the line
    /// has just outgrown the limit (`started` false).
    private func streamToFile(_ bytes: UnsafeRawBufferPointer, started: Bool) throws {
        if longLine == nil { longLine = CopyLongLine(pieceSize: longLinePieceSize, context: data.context) }
        let long = longLine!
        if !started {
            long.reset()
            try long.append(UnsafeRawBufferPointer(start: spill.baseAddress, count: spillCount))
            spillCount = 0
        }
        try long.append(bytes)
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
