/// What `pgdmp info` reports: everything about an archive that can be known from its
/// header and TOC alone, without reading any data.
public struct ArchiveSummary: Codable, Sendable {
    public var path: String
    public var format: ArchiveFormat
    public var archiveVersion: String
    public var compression: CompressionAlgorithm
    /// The stored zlib level for archives before 1.15 (-1 means zlib's default).
    public var compressionLevel: Int?
    public var databaseName: String?
    /// Creation time as pg_restore shows it (the dumping machine's clock read in this machine's time zone).
    public var createdAt: String
    public var createdAtISO8601: String?
    public var serverVersion: String?
    public var pgDumpVersion: String?
    public var encoding: String?
    public var intSize: Int
    public var offSize: Int
    public var entryCount: Int
    public var entriesBySection: [String: Int]
    public var entriesByType: [String: Int]
    public var dataEntries: Int
    /// False when the archive was written through a pipe: data must then be found by scanning.
    public var hasDataOffsets: Bool
    public var fileSize: UInt64?
    public var tocBytes: UInt64

    /// JSON keys: the path is `archive`, as in every other command's JSON (docs/json.md).
    enum CodingKeys: String, CodingKey {
        case path = "archive", format, archiveVersion, compression, compressionLevel, databaseName, createdAt,
             createdAtISO8601, serverVersion, pgDumpVersion, encoding, intSize, offSize, entryCount,
             entriesBySection, entriesByType, dataEntries, hasDataOffsets, fileSize, tocBytes
    }

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
