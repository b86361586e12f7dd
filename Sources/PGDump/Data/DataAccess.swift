/// Reaching entry data, the same way for every format: the format-specific stores only
/// find the stored bytes; decompression and everything above it are shared.
extension Archive {
    /// The decompressed data of a single-stream entry (TABLE DATA, BLOB COMMENTS), read in pieces:
    /// the way to look at one table's rows without restoring it. Wrap the reader in a
    /// ``CopyLineReader`` to get COPY rows one at a time, and decode their fields with ``CopyText``.
    ///
    /// Nothing is read ahead of the caller: the data is decompressed as ``EntryDataReader/next()``
    /// is called, so memory stays flat whatever the table's size.
    /// - Parameters:
    ///   - entry: An entry of this archive whose ``TOCEntry/hasData`` is true.
    ///   - backend: The inflate implementation for gzip-compressed data (ISA-L by default).
    /// - Throws: ``PGDumpError`` of kind `.notFound` when the entry has no data in this archive,
    ///   `.usage` when it is a BLOBS entry (large objects are not one stream), `.io` when the file
    ///   cannot be read, and `.truncated` or `.corrupt` when the data block is cut or damaged.
    public func openData(_ entry: TOCEntry, backend: InflateBackend = .default) throws -> EntryDataReader {
        guard entry.hasData else {
            throw PGDumpError(.notFound, "entry has no data in this archive", file: path, context: entry.label)
        }
        if entry.desc == EntryDesc.blobs {
            throw PGDumpError(
                .usage, "entry holds large objects; read them with openLargeObjects", file: path,
                context: entry.label)
        }
        switch store {
        case .custom(let custom):
            let locator = CustomBlockLocator(archive: self, store: custom)
            let (reader, header) = try locator.positionedReader(for: entry)
            guard header.type == CustomBlockLocator.blockData else {
                throw PGDumpError(
                    .corrupt, "data block has the wrong type", file: reader.name, offset: header.offset,
                    expected: "type 1 (data) for \(entry.label)", found: "type \(header.type)")
            }
            return try customStream(reader: reader, entry: entry, backend: backend, custom: custom)
        case .directory(let dir):
            guard case .file(let name) = entry.dataLocation else { fatalError("directory entries have file names") }
            return try dir.openFile(name, context: entry.label, backend: backend)
        case .tar(let tar):
            guard case .file(let name) = entry.dataLocation else { fatalError("tar entries have file names") }
            return try tar.openMember(name, context: entry.label)
        }
    }

    private func customStream(
        reader: ByteReader, entry: TOCEntry, backend: InflateBackend,
        custom: CustomStore
    ) throws -> EntryDataReader {
        let input = ChunkedStreamInput(
            reader: reader, intSize: header.intSize,
            coalesce: header.compression.algorithm != .none,
            storedBound: dataExtent(of: entry.dumpId))
        if !custom.source.isSeekable || reader === custom.sequentialReader { custom.openStreamBlock = input }
        return EntryDataReader(
            input: input,
            decompressor: try Decompressors.make(
                header.compression.algorithm, wrapper: .zlib,
                backend: backend),
            context: entry.label)
    }

    /// The large objects of a BLOBS entry.
    package func openLargeObjects(_ entry: TOCEntry, backend: InflateBackend = .default) throws -> LargeObjectIterator {
        guard entry.desc == EntryDesc.blobs, entry.hasData else {
            throw PGDumpError(.usage, "entry does not hold large objects", file: path, context: entry.label)
        }
        switch store {
        case .custom(let custom):
            let locator = CustomBlockLocator(archive: self, store: custom)
            let (reader, header) = try locator.positionedReader(for: entry)
            guard header.type == CustomBlockLocator.blockBlobs else {
                throw PGDumpError(
                    .corrupt, "data block has the wrong type", file: reader.name, offset: header.offset,
                    expected: "type 3 (large objects) for \(entry.label)", found: "type \(header.type)")
            }
            let los = customLargeObjects(reader: reader, entry: entry, backend: backend)
            if !custom.source.isSeekable { custom.openStreamLargeObjects = los }
            return los
        case .directory(let dir):
            let tocName = header.version.isAtLeast(1, 16) ? "blobs_\(entry.dumpId).toc" : "blobs.toc"
            return try dir.largeObjects(tocName: tocName, context: entry.label, backend: backend)
        case .tar(let tar):
            let tocName = header.version.isAtLeast(1, 16) ? "blobs_\(entry.dumpId).toc" : "blobs.toc"
            return try tar.largeObjects(tocName: tocName, context: entry.label)
        }
    }

    private func customLargeObjects(reader: ByteReader, entry: TOCEntry, backend: InflateBackend) -> LargeObjectIterator
    {
        let d = PrimitiveDecoder(reader: reader, intSize: header.intSize, offSize: 8)
        let algorithm = header.compression.algorithm
        return LargeObjectIterator {
            let at = reader.offset
            let raw = try d.readInt("large object OID")
            if raw == 0 { return nil }
            guard raw >= Int64(Int32.min) && raw <= Int64(UInt32.max) else {
                throw PGDumpError(
                    .corrupt, "invalid large object OID", file: reader.name, offset: at,
                    expected: "an OID", found: "\(raw)", context: entry.label)
            }
            let oid = UInt32(truncatingIfNeeded: raw)
            let input = ChunkedStreamInput(reader: reader, intSize: self.header.intSize)
            let data = EntryDataReader(
                input: input,
                decompressor: try Decompressors.make(algorithm, wrapper: .zlib, backend: backend),
                context: "large object \(oid) of \(entry.label)")
            return (oid, data)
        }
    }

    /// Visits every stored data block in the order the bytes lie in the archive, reading the
    /// archive once from front to back: the way to work on standard input and pipe-written
    /// archives. Blocks the body leaves unfinished are skipped. Directory and tar archives are
    /// visited in TOC order.
    package func forEachDataBlock(backend: InflateBackend = .default, _ body: (DataBlock) throws -> Void) throws {
        switch store {
        case .custom(let custom):
            let locator = CustomBlockLocator(archive: self, store: custom)
            let reader: ByteReader
            if custom.source.isSeekable {
                reader = ByteReader(source: custom.source, startingAt: tocEndOffset)
            } else {
                reader = custom.sequentialReader
                try locator.finishOpenStreamBlock()
                guard reader.offset == tocEndOffset else {
                    throw PGDumpError(
                        .usage, "the data of this stream was already read", file: path, offset: reader.offset)
                }
            }
            while let h = try locator.readHeader(reader) {
                guard let entry = entry(dumpId: h.dumpId) else {
                    throw PGDumpError(
                        .corrupt, "data block for a dump id that is not in the TOC", file: reader.name,
                        offset: h.offset, expected: "a dump id listed in the TOC", found: "\(h.dumpId)")
                }
                custom.scannedBlocks[h.dumpId] = h.offset
                if h.type == CustomBlockLocator.blockData {
                    let input = ChunkedStreamInput(
                        reader: reader, intSize: header.intSize,
                        coalesce: header.compression.algorithm != .none)
                    let data = EntryDataReader(
                        input: input,
                        decompressor: try Decompressors.make(
                            header.compression.algorithm,
                            wrapper: .zlib, backend: backend),
                        context: entry.label)
                    try body(.stream(entry, data))
                    try input.drain()
                } else {
                    let los = customLargeObjects(reader: reader, entry: entry, backend: backend)
                    try body(.largeObjects(entry, los))
                    try los.drain()
                }
            }
            custom.scanPosition = reader.offset
        case .directory, .tar:
            for entry in entries where entry.hasData {
                if entry.desc == EntryDesc.blobs {
                    let los = try openLargeObjects(entry, backend: backend)
                    try body(.largeObjects(entry, los))
                    try los.drain()
                } else {
                    let data = try openData(entry, backend: backend)
                    try body(.stream(entry, data))
                }
            }
        }
    }
}
