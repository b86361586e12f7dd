/// How an opened archive reaches entry data: the only format-specific part of reading.
/// Everything above it (decompression, COPY parsing, analysis) is shared by all formats.
enum DataStore {
    case custom(CustomStore)
    case directory(DirectoryStore)
    case tar(TarStore)
}

/// Custom format: data blocks follow the TOC in one file or stream.
final class CustomStore {
    let source: ByteSource
    /// The reader that read the TOC; for streams it is the only way forward.
    let sequentialReader: ByteReader
    /// Block positions learned while scanning an archive without offsets (dump id → offset of type byte).
    var scannedBlocks: [Int32: UInt64] = [:]
    /// How far scanning has got; the next scan resumes here.
    var scanPosition: UInt64?
    /// On a stream, the block handed out last; it is skipped to its end before the next block is read.
    var openStreamBlock: ChunkedStreamInput?
    var openStreamLargeObjects: LargeObjectIterator?

    init(source: ByteSource, reader: ByteReader) {
        self.source = source
        self.sequentialReader = reader
    }
}
