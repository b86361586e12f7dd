/// Which part of a restore an entry belongs to (`--section`).
public enum Section: Int, Sendable, Codable, CustomStringConvertible {
    case none = 1, preData = 2, data = 3, postData = 4

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
        case "COMMENT", "ACL", "ACL LANGUAGE": return .none
        case "TABLE DATA", "BLOBS", "BLOB COMMENTS": return .data
        case "CONSTRAINT", "CHECK CONSTRAINT", "FK CONSTRAINT", "INDEX", "RULE", "TRIGGER": return .postData
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
    public var id: Int32 { dumpId }
    public var dumpId: Int32
    /// pg_dump had a data-dumping routine for this entry (TABLE DATA, BLOBS).
    public var hadDumper: Bool
    public var tableOID: UInt32
    public var oid: UInt32
    public var tag: String?
    public var desc: String
    public var section: Section
    public var defn: String?
    public var dropStmt: String?
    public var copyStmt: String?
    public var namespace: String?
    public var tablespace: String?
    public var tableAccessMethod: String?
    /// A `pg_class.relkind` character code (1.16+), e.g. `r`, `p`, `v`; nil if absent or 0.
    public var relkind: Int32?
    public var owner: String?
    /// The stored withOids flag (1.9+); `true` tables cannot be restored by PostgreSQL 12+.
    public var withOids: Bool
    public var dependencies: [Int32]
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
