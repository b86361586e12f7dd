/// How the data blocks (and, in the directory format, data files) are compressed.
///
/// Archives before 1.15 store only a zlib level (0 = none, anything else = gzip);
/// 1.15+ store the algorithm and no level. We keep both so `pg_restore -l`'s header
/// line can be reproduced for each version.
public enum CompressionAlgorithm: String, Sendable, Codable, CaseIterable {
    /// Data stored as written.
    case none
    /// zlib (`-Z gzip` or a pre-1.15 level of 1–9).
    case gzip
    /// LZ4 frames (pg_dump 16+).
    case lz4
    /// Zstandard frames (pg_dump 16+).
    case zstd
}

/// The compression recorded in an archive's header: the algorithm and, for archives older than
/// 1.15, the zlib level. Read it to tell a user why a table's stored size differs from its raw size
/// or which decompressor an archive needs.
public struct ArchiveCompression: Equatable, Sendable {
    /// The algorithm every data block or data file is compressed with.
    public var algorithm: CompressionAlgorithm
    /// The level stored in pre-1.15 archives (`-1` is zlib's default); nil for 1.15+.
    public var level: Int?

    /// Creates a compression description (the archive reader makes these; tests and callers
    /// comparing headers may too).
    public init(algorithm: CompressionAlgorithm, level: Int?) {
        self.algorithm = algorithm
        self.level = level
    }
}
