/// The stored (still compressed) bytes of one data stream, delivered in pieces that
/// point straight into the read buffer: no copy between the file and the decompressor.
package protocol CompressedInput: AnyObject {
    /// The next piece, valid until the next call; nil once the stream's bytes are exhausted.
    func nextPiece() throws -> UnsafeRawBufferPointer?
    /// Absolute offset (in `fileName`) of the next byte `nextPiece` would return.
    var offset: UInt64 { get }
    /// Stored bytes delivered so far (excluding framing such as chunk lengths).
    var storedBytes: UInt64 { get }
    /// The file the bytes come from, for error messages.
    var fileName: String { get }
    /// Absolute offset (in `fileName`) of byte `k` of the piece `nextPiece` returned last
    /// (`k` may equal its count). Pieces can gather bytes that are not adjacent in the file.
    func fileOffset(ofPieceByte k: Int) -> UInt64
}

/// A custom-format chunked stream: `int length, bytes` repeated, ended by length 0.
/// Used for a data block's payload and for each large object inside a BLOBS block.
///
/// pg_dump writes compressed data in chunks of about 4 kB. Handed to a decompressor one by
/// one, every call would end in the middle of a deflate block, on the decoder's slow careful
/// path; with `coalesce`, consecutive chunks are gathered into pieces of up to 256 kB instead
/// (a copy of the compressed bytes only, ~6% less CPU for a whole inflate). Chunks that are
/// large already are handed out without a copy.
final class ChunkedStreamInput: CompressedInput {
    let reader: ByteReader
    private let decoder: PrimitiveDecoder
    private var remainingInChunk: UInt64 = 0
    private(set) var finished = false
    private(set) var storedBytes: UInt64 = 0
    var offset: UInt64 { reader.offset }
    var fileName: String { reader.name }
    private let staging: UnsafeMutableRawBufferPointer?
    /// Where the parts of the last piece came from: (byte in the piece, file offset), ascending.
    private var segments: [(Int, UInt64)] = []
    /// An error met while gathering a piece, thrown once the bytes before it were handed out.
    private var deferredError: Error?

    static let coalescedPieceSize = 256 << 10

    /// `storedBound`: an upper bound of the stored bytes (the block's extent), to size the staging
    /// buffer of a small block to the block.
    init(reader: ByteReader, intSize: Int, coalesce: Bool = false, storedBound: UInt64? = nil) {
        self.reader = reader
        self.decoder = PrimitiveDecoder(reader: reader, intSize: intSize, offSize: 8)
        let size =
            storedBound.map { Int(min(max($0, 4096), UInt64(Self.coalescedPieceSize))) } ?? Self.coalescedPieceSize
        self.staging = coalesce ? .allocate(byteCount: size, alignment: 64) : nil
    }

    deinit { staging?.deallocate() }

    func fileOffset(ofPieceByte k: Int) -> UInt64 {
        let k = max(0, k)
        guard var (pos, off) = segments.first else { return reader.offset }
        for s in segments.dropFirst() where s.0 <= k { (pos, off) = s }
        return off + UInt64(k - pos)
    }

    func nextPiece() throws -> UnsafeRawBufferPointer? {
        if let e = deferredError {
            deferredError = nil
            throw e
        }
        segments.removeAll(keepingCapacity: true)
        guard let staging else {
            let piece = try nextChunkPart(limit: Int.max)
            if let piece { segments.append((0, reader.offset - UInt64(piece.count))) }
            return piece
        }
        var n = 0
        while n < staging.count {
            let part: UnsafeRawBufferPointer?
            do {
                part = try nextChunkPart(limit: staging.count - n)
            } catch {
                if n == 0 { throw error }
                deferredError = error
                break
            }
            guard let part else { break }
            let at = reader.offset - UInt64(part.count)
            if n == 0 && part.count >= staging.count / 4 {
                segments.append((0, at))
                return part  // large enough already: no copy
            }
            segments.append((n, at))
            (staging.baseAddress! + n).copyMemory(from: part.baseAddress!, byteCount: part.count)
            n += part.count
        }
        return n == 0 ? nil : UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(staging)[0..<n])
    }

    /// Up to `limit` bytes of the current chunk (reading the next chunk's length first when
    /// the current one is used up), pointing into the reader's buffer; nil at the end marker.
    private func nextChunkPart(limit: Int) throws -> UnsafeRawBufferPointer? {
        if finished { return nil }
        if remainingInChunk == 0 {
            let at = reader.offset
            let length = try decoder.readInt("data chunk length")
            if length == 0 {
                finished = true
                return nil
            }
            guard length > 0 else {
                throw PGDumpError(
                    .corrupt, "invalid data chunk length", file: reader.name, offset: at,
                    expected: "a chunk length of 0 or more", found: "\(length)")
            }
            if let size = reader.source.size, UInt64(length) > size - min(size, reader.offset) {
                throw PGDumpError(
                    .truncated, "data chunk runs past the end of the file", file: reader.name,
                    offset: at, expected: "\(length) bytes of chunk data",
                    found: "\(size - min(size, reader.offset)) bytes left in the file")
            }
            remainingInChunk = UInt64(length)
        }
        let available = try reader.peekBuffered()
        if available.isEmpty {
            throw reader.truncated("data chunk", wanted: remainingInChunk, got: 0)
        }
        let n = Int(min(UInt64(min(available.count, limit)), remainingInChunk))
        reader.consume(n)
        remainingInChunk -= UInt64(n)
        storedBytes += UInt64(n)
        return UnsafeRawBufferPointer(rebasing: available[0..<n])
    }

    /// Reads and discards the rest of the stream, checking its framing.
    func drain() throws {
        while !finished {
            if remainingInChunk > 0 {
                try reader.skip(remainingInChunk, "data chunk")
                storedBytes += remainingInChunk
                remainingInChunk = 0
            }
            _ = try nextChunkPart(limit: Int.max)
        }
    }
}

/// A byte range of a file read to its end or to a length limit (directory files, tar members).
final class RangeInput: CompressedInput {
    let reader: ByteReader
    private var remaining: UInt64?
    private var pieceStart: UInt64 = 0
    private(set) var storedBytes: UInt64 = 0
    var offset: UInt64 { reader.offset }
    var fileName: String { reader.name }

    /// `length` nil: read to end of file.
    init(reader: ByteReader, length: UInt64?) {
        self.reader = reader
        self.remaining = length
    }

    func nextPiece() throws -> UnsafeRawBufferPointer? {
        if remaining == 0 { return nil }
        let available = try reader.peekBuffered()
        if available.isEmpty {
            if let r = remaining { throw reader.truncated("tar member data", wanted: r, got: 0) }
            return nil
        }
        let n = remaining.map { Int(min(UInt64(available.count), $0)) } ?? available.count
        pieceStart = reader.offset
        reader.consume(n)
        if remaining != nil { remaining! -= UInt64(n) }
        storedBytes += UInt64(n)
        return UnsafeRawBufferPointer(rebasing: available[0..<n])
    }

    func fileOffset(ofPieceByte k: Int) -> UInt64 { pieceStart + UInt64(max(0, k)) }
}
