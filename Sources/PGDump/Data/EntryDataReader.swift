/// The decompressed data of one entry (or one large object), pulled in pieces.
///
/// It checks what a restore would otherwise discover late: the compressed stream must
/// end exactly where the stored bytes end (no early end, no trailing bytes), and every
/// codec error is reported with the file, offset and entry.
public final class EntryDataReader {
    private let input: CompressedInput
    private let decompressor: Decompressor?
    /// Accept further streams after the first ends (gzip members, zstd/lz4 frames in standalone files).
    private let allowConcatenated: Bool
    private let output: UnsafeMutableRawBufferPointer
    private var pending = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Bytes of the current input piece already passed to the decompressor.
    private var pieceConsumed = 0
    private var inputDone = false
    private var streamFinished = false
    private var sawAnyInput = false
    /// Decompressed bytes returned so far: the entry's raw size once ``next()`` has returned nil.
    public private(set) var uncompressedBytes: UInt64 = 0
    /// What the entry is, for error messages.
    public let context: String
    /// Receives stored bytes as they are read (for a progress display).
    public var progress: ProgressCounter?
    private var reportedStored: UInt64 = 0
    /// Sees every decompressed piece as it is returned, so a second consumer can check the same
    /// bytes without decompressing them again (the report's check scan carries verify's content
    /// checks this way).
    package var observer: ((UnsafeRawBufferPointer) -> Void)?

    init(
        input: CompressedInput, decompressor: Decompressor?, context: String, allowConcatenated: Bool = false,
        outputSize: Int = 256 << 10
    ) {
        self.input = input
        self.decompressor = decompressor
        self.context = context
        self.allowConcatenated = allowConcatenated
        self.output = .allocate(byteCount: decompressor == nil ? 0 : outputSize, alignment: 64)
    }

    deinit { output.deallocate() }

    /// Stored bytes read so far (compressed size once the stream is done).
    public var storedBytes: UInt64 { input.storedBytes }

    /// Where reading the stored bytes has got to (once the data is done, in a custom-format file,
    /// the end of the entry's block).
    package var inputOffset: UInt64 { input.offset }

    private func fail(_ message: String, _ kind: PGDumpError.Kind, at offset: UInt64) -> PGDumpError {
        PGDumpError(kind, message, file: input.fileName, offset: offset, context: context)
    }

    /// The next piece of decompressed bytes, valid until the next call; nil at the end of the data.
    /// Pieces end anywhere (inside a row, inside a multi-byte character): a reader of rows should
    /// use ``CopyLineReader``.
    /// - Throws: ``PGDumpError`` naming the file, offset and entry: `.io` when a read fails,
    ///   `.truncated` when the stored data ends before its compressed stream does, `.corrupt` when the
    ///   compressed bytes are invalid or followed by unexpected bytes.
    public func next() throws -> UnsafeRawBufferPointer? {
        try next(into: output)
    }

    /// Like `next()`, but decompresses into the caller's `buffer` (its first bytes), so a consumer
    /// that keeps the bytes (`cat`'s output ring) need not copy them. Uncompressed data is still
    /// returned where it was read, valid until the next call. `buffer` must not be empty.
    /// - Throws: The same ``PGDumpError``s as ``next()``.
    public func next(into buffer: UnsafeMutableRawBufferPointer) throws -> UnsafeRawBufferPointer? {
        precondition(buffer.count > 0 || decompressor == nil, "next(into:) needs room to decompress into")
        if let progress, input.storedBytes > reportedStored {
            progress.add(input.storedBytes - reportedStored)
            reportedStored = input.storedBytes
        }
        do {
            let piece = try nextUnchecked(into: buffer)
            if let piece, let observer { observer(piece) }
            return piece
        } catch let e as PGDumpError {
            throw e.inContext(context)
        }
    }

    private func nextUnchecked(into output: UnsafeMutableRawBufferPointer) throws -> UnsafeRawBufferPointer? {
        guard let decompressor else {
            guard let piece = try input.nextPiece() else { return nil }
            uncompressedBytes += UInt64(piece.count)
            return piece
        }
        while true {
            if pending.isEmpty && !inputDone {
                if let piece = try input.nextPiece() {
                    pending = piece
                    pieceConsumed = 0
                    sawAnyInput = true
                } else {
                    inputDone = true
                }
            }
            if streamFinished {
                if pending.isEmpty && inputDone { return nil }
                if pending.isEmpty { continue }
                guard allowConcatenated else {
                    throw fail(
                        "\(pending.count) unexpected bytes after the end of the compressed stream",
                        .corrupt, at: pendingOffset)
                }
                try decompressor.reset()
                streamFinished = false
            }
            if inputDone && pending.isEmpty {
                // Flush what the decoder still holds; if it cannot finish, the stream was cut short.
                let step = try decode(decompressor, into: output, at: input.offset)
                if step.finished { streamFinished = true }
                if step.produced > 0 { return emit(step.produced, from: output) }
                if streamFinished { return nil }
                throw fail(
                    sawAnyInput
                        ? "compressed data ends before the end of its stream (\(decompressor.name))"
                        : "no compressed data where a \(decompressor.name) stream was expected",
                    .truncated, at: input.offset)
            }
            let step = try decode(
                decompressor, into: output,
                offsetOfStepByte: { input.fileOffset(ofPieceByte: pieceConsumed + $0) })
            pending = UnsafeRawBufferPointer(rebasing: pending[step.consumed...])
            pieceConsumed += step.consumed
            if step.finished { streamFinished = true }
            if step.produced > 0 { return emit(step.produced, from: output) }
            if step.consumed == 0 && !step.finished {
                throw fail("the \(decompressor.name) decoder made no progress", .corrupt, at: pendingOffset)
            }
        }
    }

    /// File offset of the next input byte the decompressor will see.
    private var pendingOffset: UInt64 { input.fileOffset(ofPieceByte: pieceConsumed) }

    private func decode(
        _ d: Decompressor, into output: UnsafeMutableRawBufferPointer,
        at offset: @autoclosure () -> UInt64
    ) throws -> DecompressStep {
        try decode(d, into: output, offsetOfStepByte: { _ in offset() })
    }

    /// `offset(k)`: the file offset of input byte `k` of this step, for the error of a failing step.
    private func decode(
        _ d: Decompressor, into output: UnsafeMutableRawBufferPointer,
        offsetOfStepByte offset: (Int) -> UInt64
    ) throws -> DecompressStep {
        do {
            return try d.step(input: pending, output: output)
        } catch let f as DecompressionFailure {
            throw fail(f.message, .corrupt, at: offset(f.consumed))
        }
    }

    private func emit(_ n: Int, from output: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        uncompressedBytes += UInt64(n)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[0..<n])
    }

    /// Reads to the end, discarding the bytes (still checking the stream): how to learn an entry's
    /// raw size (``uncompressedBytes``) or check that its data decodes, without keeping it.
    /// - Throws: The same ``PGDumpError``s as ``next()``.
    public func drain() throws {
        while try next() != nil {}
    }
}
