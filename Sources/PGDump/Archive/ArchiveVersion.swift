/// The archive format version from the header (`1.14-0` for pg_dump 12–15, `1.16-0` for 17/18).
/// Fields appear or change meaning at specific versions, so readers gate on it.
public struct ArchiveVersion: Comparable, Hashable, Sendable, CustomStringConvertible, Codable {
    /// The first number (1 for every pg_dump archive).
    public var major: UInt8
    /// The second number: 14 for pg_dump 12–15, 15 for 16, 16 for 17 and 18.
    public var minor: UInt8
    /// The third number (0 in practice).
    public var revision: UInt8

    /// Creates a version, e.g. `ArchiveVersion(1, 14)` to compare an archive's
    /// ``ArchiveHeader/version`` against.
    public init(_ major: UInt8, _ minor: UInt8, _ revision: UInt8 = 0) {
        self.major = major
        self.minor = minor
        self.revision = revision
    }

    /// Orders by major, then minor, then revision.
    public static func < (a: ArchiveVersion, b: ArchiveVersion) -> Bool {
        (a.major, a.minor, a.revision) < (b.major, b.minor, b.revision)
    }

    /// `1.14-0`, as `pg_restore -l` prints it.
    public var description: String { "\(major).\(minor)-\(revision)" }

    /// The oldest version pgdmp reads (pg_dump 8.3).
    public static let oldestSupported = ArchiveVersion(1, 10)
    /// The newest version pgdmp reads (pg_dump 17 and 18).
    public static let newestSupported = ArchiveVersion(1, 16, 255)

    /// Whether `self` is at least `major.minor` (any revision).
    public func isAtLeast(_ major: UInt8, _ minor: UInt8) -> Bool {
        (self.major, self.minor) >= (major, minor)
    }
}
