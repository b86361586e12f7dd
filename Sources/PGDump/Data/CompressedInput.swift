/// The stored (still compressed) bytes of one data stream, delivered in pieces that
/// point straight into the read buffer: no copy between the file and the decompressor.
public protocol CompressedInput: AnyObject {
    /// The next piece, valid until the next call; nil once the stream's bytes are exhausted.
    func nextPiece() throws -> UnsafeRawBufferPointer?
    /// Absolute offset (in `fileName`) of the next byte `nextPiece` would return.
    var offset: UInt64 { get }
    /// Stored bytes delivered so far (excluding framing such as chunk lengths).
    var storedBytes: UInt64 { get }
    /// The file the bytes come from, for error messages.
    var fileName: String { get }
}

/// A custom-format chunked stream: `int length, bytes` repeated, ended by length 0.
/// Used for a data block's payload and for each large object inside a BLOBS block.
final class ChunkedStreamInput: CompressedInput {
    let reader: ByteReader
    private let decoder: PrimitiveDecoder
    private var remainingInChunk: UInt64 = 0
    private(set) var finished = false
    private(set) var storedBytes: UInt64 = 0
    var offset: UInt64 { reader.offset }
    var fileName: String { reader.name }

    init(reader: ByteReader, intSize: Int) {
        self.reader = reader
        self.decoder = PrimitiveDecoder(reader: reader, intSize: intSize, offSize: 8)
    }

    func nextPiece() throws -> UnsafeRawBufferPointer? {
        if finished { return nil }
        if remainingInChunk == 0 {
            let at = reader.offset
            let length = try decoder.readInt("data chunk length")
            if length == 0 {
                finished = true
                return nil
            }
            guard length > 0 else {
                throw PGDumpError(.corrupt, "invalid data chunk length", file: reader.name, offset: at,
                                  expected: "a chunk length of 0 or more", found: "\(length)")
            }
            if let size = reader.source.size, UInt64(length) > size - min(size, reader.offset) {
                throw PGDumpError(.truncated, "data chunk runs past the end of the file", file: reader.name,
                                  offset: at, expected: "\(length) bytes of chunk data",
                                  found: "\(size - min(size, reader.offset)) bytes left in the file")
            }
            remainingInChunk = UInt64(length)
        }
        let available = try reader.peekBuffered()
        if available.isEmpty {
            throw reader.truncated("data chunk", wanted: remainingInChunk, got: 0)
        }
        let n = Int(min(UInt64(available.count), remainingInChunk))
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
            _ = try nextPiece()
        }
    }
}

/// A byte range of a file read to its end or to a length limit (directory files, tar members).
final class RangeInput: CompressedInput {
    let reader: ByteReader
    private var remaining: UInt64?
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
        reader.consume(n)
        if remaining != nil { remaining! -= UInt64(n) }
        storedBytes += UInt64(n)
        return UnsafeRawBufferPointer(rebasing: available[0..<n])
    }
}
