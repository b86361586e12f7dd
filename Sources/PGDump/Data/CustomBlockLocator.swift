/// Finds and frames data blocks in the custom format: `type byte, dump id` and then a
/// chunked stream (BLK_DATA) or a list of large objects (BLK_BLOBS). With offsets it
/// seeks straight to a block; without (pipe-written archives, standard input) it scans
/// forward block by block as pg_restore does.
struct CustomBlockLocator {
    static let blockData: UInt8 = 1
    static let blockBlobs: UInt8 = 3

    struct BlockHeader {
        var type: UInt8
        var dumpId: Int32
        var offset: UInt64
    }

    let archive: Archive
    let store: CustomStore

    var intSize: Int { archive.header.intSize }

    /// Reads a block header; nil at a clean end of file.
    func readHeader(_ reader: ByteReader) throws -> BlockHeader? {
        let at = reader.offset
        if try reader.isAtEnd() { return nil }
        let type = try reader.readByte("data block type")
        guard type == Self.blockData || type == Self.blockBlobs else {
            throw PGDumpError(
                .corrupt, "unrecognized data block type", file: reader.name, offset: at,
                expected: "1 (data) or 3 (large objects)", found: "\(type)")
        }
        let d = PrimitiveDecoder(reader: reader, intSize: intSize, offSize: 8)
        let id = try d.readInt32("dump id of the data block")
        return BlockHeader(type: type, dumpId: id, offset: at)
    }

    /// Skips a block's payload (after its header), checking its framing.
    func skipPayload(_ header: BlockHeader, _ reader: ByteReader) throws {
        if header.type == Self.blockData {
            try ChunkedStreamInput(reader: reader, intSize: intSize).drain()
        } else {
            let d = PrimitiveDecoder(reader: reader, intSize: intSize, offSize: 8)
            while try d.readInt("large object OID") != 0 {
                try ChunkedStreamInput(reader: reader, intSize: intSize).drain()
            }
        }
    }

    /// Buffer (and so first read) for a block of at most `extent` bytes: a 30,000-table archive
    /// has thousands of blocks of a few hundred bytes, and a 1 MiB read for each read the file
    /// hundreds of times over.
    static func readSize(_ extent: UInt64?) -> Int {
        guard let extent else { return 1 << 20 }
        return Int(min(max(extent, 64), 1 << 20))
    }

    /// A reader positioned just after the header of `entry`'s block.
    func positionedReader(for entry: TOCEntry) throws -> (ByteReader, BlockHeader) {
        let source = store.source
        if case .offset(let o) = entry.dataLocation, source.isSeekable {
            if let size = source.size, o >= size {
                throw PGDumpError(
                    .truncated, "data offset points past the end of the file", file: source.name,
                    offset: o, expected: "a data block for \(entry.label)",
                    found: "a file of \(size) bytes")
            }
            let reader = ByteReader(
                source: source, startingAt: o, bufferSize: Self.readSize(archive.dataExtent(of: entry.dumpId)))
            guard let h = try readHeader(reader) else {
                throw PGDumpError(
                    .truncated, "no data block where the TOC says it is", file: source.name, offset: o,
                    expected: "a data block for \(entry.label)", found: "end of file")
            }
            try check(h, belongsTo: entry, file: source.name)
            return (reader, h)
        }
        return try scan(for: entry)
    }

    /// On a stream, skips whatever is left of the block handed out last.
    func finishOpenStreamBlock() throws {
        if let open = store.openStreamBlock {
            try open.drain()
            store.openStreamBlock = nil
        }
        if let los = store.openStreamLargeObjects {
            try los.drain()
            store.openStreamLargeObjects = nil
        }
    }

    private func check(_ h: BlockHeader, belongsTo entry: TOCEntry, file: String) throws {
        guard h.dumpId == entry.dumpId else {
            throw PGDumpError(
                .corrupt, "found unexpected block ID (\(h.dumpId)) when reading data -- expected \(entry.dumpId)",
                file: file, offset: h.offset, expected: "block for \(entry.label)",
                found: "block for dump id \(h.dumpId)")
        }
    }

    /// Scans forward from where the last scan stopped, remembering the blocks it passes.
    private func scan(for entry: TOCEntry) throws -> (ByteReader, BlockHeader) {
        let source = store.source
        if source.isSeekable, let known = store.scannedBlocks[entry.dumpId] {
            let reader = ByteReader(source: source, startingAt: known)
            let h = try readHeader(reader)!
            return (reader, h)
        }
        let reader: ByteReader
        if source.isSeekable {
            reader = ByteReader(source: source, startingAt: store.scanPosition ?? archive.tocEndOffset)
        } else {
            reader = store.sequentialReader
            try finishOpenStreamBlock()
            if store.scannedBlocks[entry.dumpId] != nil {
                throw PGDumpError(
                    .usage,
                    "could not find block ID \(entry.dumpId) in archive: it was already passed in a stream that cannot be read twice",
                    file: source.name, offset: reader.offset)
            }
        }
        while true {
            guard let h = try readHeader(reader) else {
                store.scanPosition = reader.offset
                throw PGDumpError(
                    .notFound, "could not find block ID \(entry.dumpId) in archive -- possibly corrupt archive",
                    file: source.name, offset: reader.offset, expected: "a data block for \(entry.label)",
                    found: "end of file")
            }
            store.scannedBlocks[h.dumpId] = h.offset
            if h.dumpId == entry.dumpId {
                return (reader, h)
            }
            try skipPayload(h, reader)
            store.scanPosition = reader.offset
        }
    }
}
