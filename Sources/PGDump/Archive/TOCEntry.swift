/// Which part of a restore an entry belongs to (`--section`).
public enum Section: Int, Sendable, Codable, CustomStringConvertible {
    /// Neither (comments, ACLs and settings follow the object they belong to).
    case none = 1
    /// Objects created before the data is loaded: schemas, types, tables, functions.
    case preData = 2
    /// Table data and large objects.
    case data = 3
    /// Objects created after the data: indexes, constraints, triggers, rules.
    case postData = 4

    /// The name `pg_restore --section` takes: `pre-data`, `data`, `post-data` (or `none`).
    public var description: String {
        switch self {
        case .none: return "none"
        case .preData: return "pre-data"
        case .data: return "data"
        case .postData: return "post-data"
        }
    }

    /// What pg_restore assumes for archives older than 1.11, which store no section.
    static func derived(fromDesc desc: String) -> Section {
        switch desc {
        case EntryDesc.comment, EntryDesc.acl, EntryDesc.aclLanguage: return .none
        case EntryDesc.tableData, EntryDesc.blobs, EntryDesc.blobComments: return .data
        case EntryDesc.constraint, EntryDesc.checkConstraint, EntryDesc.fkConstraint, EntryDesc.index, EntryDesc.rule,
            EntryDesc.trigger:
            return .postData
        default: return .preData
        }
    }
}

/// Where an entry's data bytes are, as the TOC records it.
public enum DataLocation: Equatable, Sendable {
    /// The entry has no data block.
    case none
    /// Custom format: the entry has a block, but the archive was written to a pipe so its offset is unknown.
    case unknownOffset
    /// Custom format: the block's type byte is at this absolute offset.
    case offset(UInt64)
    /// Directory and tar formats: the data file name as stored (without compression suffix).
    case file(String)
}

/// One table-of-contents entry: an object to create, data to load, or a setting to apply.
/// Every field is kept as stored, including NULL versus empty strings, because
/// `pg_restore` treats the two differently.
public struct TOCEntry: Sendable, Identifiable {
    /// The dump id, for `Identifiable`: entries are listed and compared by it.
    public var id: Int32 { dumpId }
    /// The entry's dump id: unique within the archive, the number `pg_restore -l` prints first
    /// and `-L` lists refer to, and what ``dependencies`` point at.
    public var dumpId: Int32
    /// pg_dump had a data-dumping routine for this entry (TABLE DATA, BLOBS).
    public var hadDumper: Bool
    /// The OID of the system catalog the object lives in (`pg_class`, `pg_proc`, …), as stored.
    public var tableOID: UInt32
    /// The object's OID in the dumped database, as stored (0 for entries with none).
    public var oid: UInt32
    /// The object's name as pg_restore prints it (`users`, `users_pkey`, `FUNCTION f(integer)`);
    /// nil when the archive stores NULL.
    public var tag: String?
    /// The kind of entry as pg_dump names it: `TABLE`, `TABLE DATA`, `INDEX`, `FK CONSTRAINT`,
    /// `ACL`, `COMMENT`, `BLOBS`, …
    public var desc: String
    /// Which restore section the entry belongs to (pre-data, data, post-data).
    public var section: Section
    /// The SQL that creates the object (`CREATE TABLE …`), as stored; nil or empty for data entries.
    public var defn: String?
    /// The SQL that drops the object (`pg_restore --clean`), as stored.
    public var dropStmt: String?
    /// For TABLE DATA in COPY mode, the `COPY … FROM stdin;` statement naming the columns the data
    /// rows hold, in order; nil for INSERT-mode data and every other entry.
    public var copyStmt: String?
    /// The schema the object is in; nil or empty for objects outside any schema.
    public var namespace: String?
    /// The tablespace the object is created in; nil or empty for the default.
    public var tablespace: String?
    /// The table access method (`heap`, …) recorded for tables and materialized views (1.14+).
    public var tableAccessMethod: String?
    /// A `pg_class.relkind` character code (1.16+), e.g. `r`, `p`, `v`; nil if absent or 0.
    public var relkind: Int32?
    /// The role that owns the object, as `pg_restore` sets it with `ALTER … OWNER TO`.
    public var owner: String?
    /// The stored withOids flag (1.9+); `true` tables cannot be restored by PostgreSQL 12+.
    public var withOids: Bool
    /// The dump ids of the entries this one depends on, as pg_dump recorded them (the graph a
    /// parallel restore follows).
    public var dependencies: [Int32]
    /// Where the entry's data bytes are: an offset in a custom file, a file name in a directory or
    /// tar archive, or none.
    public var dataLocation: DataLocation
    /// Offset of this entry's first byte in the TOC.
    public var tocOffset: UInt64

    /// `schema.tag`, or just the tag when the entry has no schema.
    public var qualifiedName: String {
        if let ns = namespace, !ns.isEmpty { return "\(ns).\(tag ?? "")" }
        return tag ?? ""
    }

    /// A short human label for messages: `TABLE DATA public.users (dump id 3401)`.
    public var label: String { "\(desc) \(qualifiedName) (dump id \(dumpId))" }

    /// Whether the archive stores a data block or file for this entry.
    public var hasData: Bool { dataLocation != .none }

    /// The relkind as a one-character string (`r`, `p`, …).
    public var relkindCharacter: String? {
        guard let r = relkind, r > 0, r < 128, let scalar = Unicode.Scalar(UInt32(r)) else { return nil }
        return String(Character(scalar))
    }
}
