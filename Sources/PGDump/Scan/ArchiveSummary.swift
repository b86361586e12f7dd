/// What `pgdmp info` reports: everything about an archive that can be known from its
/// header and TOC alone, without reading any data. Cheap (no data is read) and encodable as the
/// JSON `pgdmp info --json` prints.
public struct ArchiveSummary: Codable, Sendable {
    /// The archive's path as given to ``Archive/open(path:)`` (`archive` in JSON).
    public var path: String
    /// Custom, directory or tar.
    public var format: ArchiveFormat
    /// The archive format version as `major.minor.revision` (e.g. `1.14.0`).
    public var archiveVersion: String
    /// The algorithm the data is compressed with.
    public var compression: CompressionAlgorithm
    /// The stored zlib level for archives before 1.15 (-1 means zlib's default).
    public var compressionLevel: Int?
    /// The dumped database's name, as stored.
    public var databaseName: String?
    /// Creation time as pg_restore shows it (the dumping machine's clock read in this machine's time zone).
    public var createdAt: String
    /// The same instant in ISO 8601 with this machine's offset; nil when it cannot be converted.
    public var createdAtISO8601: String?
    /// The version string of the dumped server.
    public var serverVersion: String?
    /// The version string of the pg_dump that wrote the archive.
    public var pgDumpVersion: String?
    /// The client encoding from the ENCODING entry (e.g. `UTF8`).
    public var encoding: String?
    /// Bytes in a stored int, from the header.
    public var intSize: Int
    /// Bytes in a stored data offset, from the header.
    public var offSize: Int
    /// Entries in the TOC.
    public var entryCount: Int
    /// Entries per section (`pre-data`, `data`, `post-data`, `none`).
    public var entriesBySection: [String: Int]
    /// Entries per kind (`TABLE`, `INDEX`, …).
    public var entriesByType: [String: Int]
    /// Entries with stored data (a block or a data file).
    public var dataEntries: Int
    /// False when the archive was written through a pipe: data must then be found by scanning.
    public var hasDataOffsets: Bool
    /// The archive's size in bytes (a directory's: all its files); nil for standard input.
    public var fileSize: UInt64?
    /// Bytes the TOC occupies after the header.
    public var tocBytes: UInt64

    /// JSON keys: the path is `archive`, as in every other command's JSON (docs/json.md).
    enum CodingKeys: String, CodingKey {
        case path = "archive"
        case format, archiveVersion, compression, compressionLevel, databaseName, createdAt,
            createdAtISO8601, serverVersion, pgDumpVersion, encoding, intSize, offSize, entryCount,
            entriesBySection, entriesByType, dataEntries, hasDataOffsets, fileSize, tocBytes
    }

    /// Summarizes an opened archive from what opening it read (no data is read, nothing throws).
    public init(_ a: Archive) {
        path = a.path
        format = a.format
        archiveVersion = "\(a.header.version.major).\(a.header.version.minor).\(a.header.version.revision)"
        compression = a.header.compression.algorithm
        compressionLevel = a.header.compression.level
        databaseName = a.header.databaseName
        createdAt = a.header.creationTime.listingStamp
        createdAtISO8601 = a.header.creationTime.iso8601
        serverVersion = a.header.serverVersion
        pgDumpVersion = a.header.pgDumpVersion
        encoding = a.encoding
        intSize = a.header.intSize
        offSize = a.header.offSize
        entryCount = a.entries.count
        var bySection: [String: Int] = [:]
        var byType: [String: Int] = [:]
        for e in a.entries {
            bySection[e.section.description, default: 0] += 1
            byType[e.desc, default: 0] += 1
        }
        entriesBySection = bySection
        entriesByType = byType
        dataEntries = a.entries.filter { $0.hasData }.count
        hasDataOffsets = a.hasDataOffsets
        fileSize = a.size
        tocBytes = a.tocEndOffset - a.header.endOffset
    }
}
