/// How the data blocks (and, in the directory format, data files) are compressed.
///
/// Archives before 1.15 store only a zlib level (0 = none, anything else = gzip);
/// 1.15+ store the algorithm and no level. We keep both so `pg_restore -l`'s header
/// line can be reproduced for each version.
public enum CompressionAlgorithm: String, Sendable, Codable, CaseIterable {
    case none, gzip, lz4, zstd
}

public struct ArchiveCompression: Equatable, Sendable {
    public var algorithm: CompressionAlgorithm
    /// The level stored in pre-1.15 archives (`-1` is zlib's default); nil for 1.15+.
    public var level: Int?

    public init(algorithm: CompressionAlgorithm, level: Int?) {
        self.algorithm = algorithm
        self.level = level
    }
}
