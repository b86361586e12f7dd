/// An opened pg_dump archive: its header and table of contents, read eagerly (they are
/// small), and a way to reach each entry's data bytes, read lazily and streaming.
///
/// Opening never reads the data area. pgdmp never opens an archive for writing.
public final class Archive {
    /// The path given by the user (`-` for standard input).
    public let path: String
    /// Which of pg_dump's three layouts this is (custom, directory or tar), detected from the content.
    public let format: ArchiveFormat
    /// The archive header: format version, compression, creation time, database and versions of
    /// the server and pg_dump that wrote it.
    public let header: ArchiveHeader
    /// Entries in TOC order (pg_dump's sorted order, which a serial restore follows).
    public let entries: [TOCEntry]
    /// Size of the archive file (custom, tar), or the total of all files (directory); nil for streams.
    public let size: UInt64?
    /// Offset just past the TOC: where the custom format's data blocks begin.
    public let tocEndOffset: UInt64
    /// The client encoding from the ENCODING entry (e.g. `UTF8`).
    public let encoding: String?
    /// From the STDSTRINGS entry.
    public let standardConformingStrings: Bool?

    let store: DataStore
    private let indexById: [Int32: Int]
    /// Custom format with offsets: bytes from each data block's start to the next block (or the
    /// end of the file), an upper bound of the block's size. Sizes reads and orders work.
    private let extentById: [Int32: UInt64]

    init(
        path: String, format: ArchiveFormat, header: ArchiveHeader, entries: [TOCEntry], size: UInt64?,
        tocEndOffset: UInt64, store: DataStore
    ) {
        self.path = path
        self.format = format
        self.header = header
        self.entries = entries
        self.size = size
        self.tocEndOffset = tocEndOffset
        self.store = store
        var index = [Int32: Int](minimumCapacity: entries.count)
        // Loops over the entries go by index: binding each entry would copy it (a retain and a
        // release of each of its strings), which was a third of `list`'s time on 190,000 entries.
        for i in entries.indices { index[entries[i].dumpId] = i }
        self.indexById = index
        var offsets: [(UInt64, Int32)] = []
        for i in entries.indices {
            if case .offset(let o) = entries[i].dataLocation { offsets.append((o, entries[i].dumpId)) }
        }
        offsets.sort { $0.0 < $1.0 }
        var extents = [Int32: UInt64](minimumCapacity: offsets.count)
        for (i, (o, id)) in offsets.enumerated() {
            let end = i + 1 < offsets.count ? offsets[i + 1].0 : (size ?? o)
            extents[id] = end &- o
        }
        self.extentById = extents
        self.encoding = entries.first { $0.desc == EntryDesc.encoding }.flatMap { Archive.quotedValue(in: $0.defn) }
        self.standardConformingStrings = entries.first { $0.desc == EntryDesc.stdStrings }
            .flatMap { Archive.quotedValue(in: $0.defn) }.map { $0 == "on" }
    }

    /// The entry with the given dump id, or nil when the TOC has none. Dependencies
    /// (``TOCEntry/dependencies``) are dump ids, so this is how to follow them.
    public func entry(dumpId: Int32) -> TOCEntry? {
        indexById[dumpId].map { entries[$0] }
    }

    /// Position of the entry with `dumpId` in `entries`.
    public func index(ofDumpId dumpId: Int32) -> Int? { indexById[dumpId] }

    /// Custom format with data offsets: the bytes from the entry's data block to the next block
    /// (or the end of the file), which bounds the block's stored size; nil otherwise.
    public func dataExtent(of dumpId: Int32) -> UInt64? { extentById[dumpId] }

    /// Whether every entry with data has a recorded position. Archives written through a pipe have none,
    /// so their data must be found by scanning forward.
    public var hasDataOffsets: Bool {
        switch format {
        case .custom: return !entries.contains { $0.dataLocation == .unknownOffset }
        case .directory, .tar: return true
        }
    }

    /// Opens `path` (`-` for standard input), detecting the format from the content: a custom-format
    /// file, a tar file or a directory archive. Reads the header and the whole TOC (small) and no
    /// data; the archive is never opened for writing.
    /// - Throws: ``PGDumpError`` of kind `.io` when the file cannot be opened or read,
    ///   `.notAnArchive` for anything that is not a pg_dump archive (plain SQL, a compressed file,
    ///   an empty file, a directory without `toc.dat`), `.truncated` when the file ends inside the
    ///   header or TOC, `.corrupt` when they are malformed, and `.unsupported` for an archive version
    ///   pgdmp does not read.
    public static func open(path: String) throws -> Archive {
        if path == "-" {
            let stdin = try FileByteSource.standardInput()
            // A pipe is read ahead on a second thread, so reading overlaps decoding.
            return try open(source: stdin.isSeekable ? stdin : ReadAheadSource(stdin))
        }
        if InputKind.isDirectory(path) {
            return try DirectoryStore.openArchive(path: path)
        }
        return try open(source: FileByteSource(path: path))
    }

    /// Opens an archive from any byte source (a file, a stream, bytes in memory).
    package static func open(source: ByteSource) throws -> Archive {
        let reader = ByteReader(source: source)
        let available = try reader.fill(512)
        let prefix = Array(try reader.peekBuffered().prefix(min(available, 512)))
        switch InputKind.detect(prefix: prefix) {
        case .custom:
            let header = try HeaderReader.read(reader, expectedFormat: .custom)
            let entries = try TOCReader.read(reader, header: header, format: .custom)
            return Archive(
                path: source.name, format: .custom, header: header, entries: entries, size: source.size,
                tocEndOffset: reader.offset, store: .custom(CustomStore(source: source, reader: reader)))
        case .tar:
            return try TarStore.openArchive(reader: reader)
        case .plainSQL:
            throw PGDumpError(
                .notAnArchive, "this is a plain-text SQL dump: restore it with psql",
                file: source.name, offset: 0, expected: "a custom, directory or tar archive",
                found: "SQL text")
        case .compressedFile(let kind):
            throw PGDumpError(
                .notAnArchive, "this is a \(kind)-compressed file, not a pg_dump archive: decompress it first",
                file: source.name, offset: 0, expected: "\"PGDMP\" or a tar header",
                found: HeaderReader.describe(Array(prefix.prefix(8))))
        case .unknown:
            if prefix.isEmpty {
                throw PGDumpError(
                    .notAnArchive, "file is empty", file: source.name, offset: 0,
                    expected: "a pg_dump archive", found: "0 bytes")
            }
            throw PGDumpError(
                .notAnArchive, "not a pg_dump archive", file: source.name, offset: 0,
                expected: "\"PGDMP\" (custom format), a tar header or a directory with toc.dat",
                found: HeaderReader.describe(Array(prefix.prefix(16))))
        case .directory:
            return try DirectoryStore.openArchive(path: source.name)
        }
    }

    /// The text between the first pair of single quotes in a `SET x = '…';` definition.
    static func quotedValue(in defn: String?) -> String? {
        guard let defn, let open = defn.firstIndex(of: "'") else { return nil }
        let rest = defn[defn.index(after: open)...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<close])
    }
}

/// An archive is shared by the threads of a scan: every stored property is a `let` set while
/// opening, file-backed stores read with `pread` (no shared position), and the standard-input
/// store is read by a single reader at a time (scans read a stream serially, in file order).
extension Archive: @unchecked Sendable {}
