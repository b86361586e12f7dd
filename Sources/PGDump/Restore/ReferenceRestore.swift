/// Which `pg_restore` pgdmp imitates for an archive, and the few places where the
/// output of the supported majors differs.
///
/// The rule: PostgreSQL 15's pg_restore for archives up to 1.14 (pg_dump 12–15), and the
/// pg_restore of the writing major for 1.15 (16) and 1.16 (17 or 18, told apart by the
/// header's pg_dump version). Back-patched fixes (for example the `\restrict` lines of
/// August 2025) are in all four.
public struct ReferenceRestore: Sendable, Equatable, CustomStringConvertible {
    /// The PostgreSQL major version of the imitated pg_restore: 15, 16, 17 or 18.
    public var major: Int

    /// The pg_restore of PostgreSQL `major` (15, 16, 17 or 18), e.g. to reproduce another
    /// version's output than the archive's own.
    public init(major: Int) { self.major = major }

    /// The pg_restore pgdmp imitates for `archive`, by the rule above.
    public init(archive: Archive) {
        let v = archive.header.version
        if !v.isAtLeast(1, 15) {
            major = 15
        } else if !v.isAtLeast(1, 16) {
            major = 16
        } else {
            // 1.16 is written by 17 and 18 (and 19). The dump version string starts with the major.
            let digits = (archive.header.pgDumpVersion ?? "").prefix { $0.isASCII && $0.isNumber }
            major = min(max(Int(digits) ?? 18, 17), 18)
        }
    }

    /// `pg_restore 15`, for messages.
    public var description: String { "pg_restore \(major)" }

    /// `SET transaction_timeout = 0;` in the fixed session settings (17+).
    var setsTransactionTimeout: Bool { major >= 17 }
    /// pg_restore 15 writes `ALTER TABLE` for views, sequences and materialized views when
    /// restoring ownership; 16+ name the real object type.
    var ownerCommandsUseAlterTable: Bool { major <= 15 }
    /// A partitioned table's access method is set with `ALTER TABLE … SET ACCESS METHOD`
    /// after creating it, instead of `SET default_table_access_method` (17+).
    var setsPartitionedTableAccessMethod: Bool { major >= 17 }
    /// pg_restore 15 only warns about an entry type it cannot write an owner command for; 16+ stop.
    var unknownOwnerTypeIsFatal: Bool { major >= 16 }
}
