/// How the restore being predicted is run: which pg_restore, as whom, with which of
/// pg_restore's flags. Every option that changes what fails is here, with pg_restore's meaning.
public struct RestorePredictionOptions: Sendable {
    /// The PostgreSQL major of the target server.
    public var targetMajor = 15
    /// The pg_restore major that runs the restore; nil: the target's own if it can read the
    /// archive, else the oldest that can (`PgRestoreChoice`).
    public var pgRestoreMajor: Int?
    /// The role pg_restore connects as (`-U`); `postgres`, the bootstrap superuser, by default.
    public var targetUser = "postgres"
    /// Whether `targetUser` is a superuser (`--no-superuser` clears it, as on managed services).
    public var superuser = true
    /// Roles that exist on the target besides those of a fresh cluster (`--role-exists`).
    public var rolesThatExist: [String] = []
    /// `-O` / `--no-owner`: no `ALTER … OWNER TO`.
    public var noOwner = false
    /// `-x` / `--no-acl`: no GRANT/REVOKE entries.
    public var noPrivileges = false
    /// `-e` / `--exit-on-error`, or `-1` / `--single-transaction`: the restore stops at the first error.
    public var exitOnError = false
    /// `-1` / `--single-transaction`: one transaction, so the first error also rolls back everything before it.
    public var singleTransaction = false
    /// `--role=NAME`: `SET ROLE` after connecting.
    public var role: String?
    /// `-n`, `-t`, `-a`, `-s`, `--section`, …
    public var selection = RestoreSelection()
    /// `-L FILE`.
    public var list: RestoreListFile?

    /// A plain `pg_restore` as `postgres` into a PostgreSQL 15 server.
    public init() {}
}

/// Which pg_restore major can read an archive, and which one a restore into a target uses.
public enum PgRestoreChoice {
    /// The newest archive minor version (1.x) each pg_restore major reads (K_VERS_MAX).
    static func newestMinor(_ major: Int) -> UInt8 {
        switch major {
        case ...15: return 14
        case 16: return 15
        default: return 16
        }
    }

    /// Whether pg_restore `major` can read archive `version`.
    public static func canRead(major: Int, version: ArchiveVersion) -> Bool {
        version.major == 1 && version.minor <= newestMinor(major)
    }

    /// The target's own pg_restore when it can read the archive, else the oldest that can.
    public static func forTarget(_ target: Int, version: ArchiveVersion) -> Int {
        if canRead(major: target, version: version) { return target }
        return (target...18).first { canRead(major: $0, version: version) } ?? 18
    }
}
