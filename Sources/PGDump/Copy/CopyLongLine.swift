/// A COPY row too long to hold in memory (PostgreSQL allows a value of 1 GB, so a row can be
/// gigabytes), as ``CopyLineReader/nextRow()`` hands it out: the reader writes it, as it
/// streams in, to an unlinked temporary file in `$TMPDIR`, and the caller reads it back in
/// pieces, as often as it needs (a CSV writer reads a field twice: once to learn whether it
/// needs quotes, once to write it). Memory stays one piece whatever the row's length.
///
/// Valid until the reader's next call, like a line from ``CopyLineReader/nextLine()``. The file
/// is unlinked as soon as it is created, so nothing is left behind when the process ends,
/// whatever ends it; its descriptor closes when the reader is released.
public final class CopyLongLine {
    /// The row's length in bytes (without its newline).
    public private(set) var count = 0
    /// Bytes per piece handed to the callers of ``read(_:_:)`` (at most 1 MiB).
    public let pieceSize: Int
    private var fd: Int32 = -1
    /// Where pieces are read back into; allocated on first use.
    private var readBuffer: UnsafeMutableRawBufferPointer?
    /// Where ``decodeField(_:_:)`` writes decoded bytes (a piece and one carried byte).
    private var decodeBuffer: UnsafeMutableRawBufferPointer?
    /// What the row belongs to, for error messages.
    private let context: String

    init(pieceSize: Int, context: String) {
        self.pieceSize = min(max(pieceSize, 1), 1 << 20)
        self.context = context
    }

    deinit {
        if fd >= 0 { Platform.close(fd) }
        readBuffer?.deallocate()
        decodeBuffer?.deallocate()
    }

    // MARK: Written by the reader

    /// Starts a new row (the file's space is reused).
    func reset() { count = 0 }

    /// Appends bytes of the row. (Not inlined: inlined into the reader, it crashed the Swift 6.3.1
    /// optimizer, and it runs once per piece of a long row, not per row.)
    @inline(never)
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        if fd < 0 {
            fd = Platform.unlinkedTemporaryFile(in: Platform.temporaryDirectory, prefix: "pgdmp-long-row")
            guard fd >= 0 else { throw ioError("cannot create a temporary file for a long row") }
        }
        var written = 0
        while written < bytes.count {
            let n = Platform.write(fd, start + written, count: bytes.count - written, at: UInt64(count + written))
            guard n > 0 else { throw ioError("cannot write a long row to its temporary file") }
            written += n
        }
        count += bytes.count
    }

    private func ioError(_ message: String) -> PGDumpError {
        let reason = Platform.lastErrorMessage  // before anything else can change errno
        return PGDumpError(
            .io, message + " in \(Platform.temporaryDirectory) (set TMPDIR to a roomier place): " + reason,
            context: context)
    }

    // MARK: Read by the caller

    /// Calls `body` with the bytes of `range` (offsets in the row), in order, in pieces of at
    /// most ``pieceSize`` bytes, each valid only during its call. Not reentrant: `body` must not
    /// read this row again.
    public func read(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the row")
        let buffer = readBuffer ?? .allocate(byteCount: pieceSize, alignment: 16)
        readBuffer = buffer
        var at = range.lowerBound
        while at < range.upperBound {
            let want = min(pieceSize, range.upperBound - at)
            let n = Platform.read(fd, into: buffer.baseAddress, count: want, at: UInt64(at))
            guard n > 0 else { throw ioError("cannot read a long row back from its temporary file") }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            at += n
        }
    }

    /// The bytes of `range`, for a field short enough to hold (a `--where` column, a key).
    public func bytes(_ range: Range<Int>) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        try read(range) { out.append(contentsOf: $0) }
        return out
    }

    /// The raw (still escaped) byte ranges of the row's first `keep` fields, replacing the contents
    /// of `ranges`; returns how many fields the row has (it may be more than it keeps, so a
    /// corrupt row of a billion tabs costs no memory).
    public func fieldRanges(into ranges: inout [Range<Int>], keepingAtMost keep: Int = .max) throws -> Int {
        ranges.removeAll(keepingCapacity: true)
        var splitter = CopyFieldSplitter()
        var fields = 0
        func found(_ field: Range<Int>) {
            if fields < keep { ranges.append(field) }
            fields += 1
        }
        try read(0..<count) { splitter.split($0, found) }
        splitter.finish(found)
        return fields
    }

    /// Whether the raw field at `range` is the NULL marker `\N`.
    public func isNull(_ range: Range<Int>) throws -> Bool {
        range.count == 2 ? try bytes(range) == [0x5C, 0x4E] : false
    }

    /// Decodes the raw field at `range` (from ``fieldRanges(into:keepingAtMost:)``) piece by
    /// piece, calling `body` with its decoded bytes in order (each piece valid only during its
    /// call; possibly empty); returns false, calling nothing, when the field is NULL.
    @discardableResult
    public func decodeField(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let out = decodeBuffer ?? .allocate(byteCount: pieceSize + 1, alignment: 16)
        decodeBuffer = out
        // (the decoder holds back the `N` of a leading `\N` until it knows: NULL passes nothing on)
        var decoder = CopyFieldDecoder()
        try read(range) { raw in
            let n = decoder.decode(raw, into: out.baseAddress!)
            if n > 0 { try body(UnsafeRawBufferPointer(rebasing: out[0..<n])) }
        }
        guard let n = decoder.finish(into: out.baseAddress!) else { return false }
        if n > 0 { try body(UnsafeRawBufferPointer(rebasing: out[0..<n])) }
        return true
    }
}
