/// Why a statement is predicted to fail: a stable code (`PredictedError.cause`) and the kind
/// of fix that avoids it.
public enum PredictionCause: String, Codable, Sendable, CaseIterable {
    /// An owner, grantee or `SET SESSION AUTHORIZATION` role that the target does not have.
    case missingRole = "missing-role"
    /// A setting pg_restore (or the archive) sends that the target major does not know.
    case unknownSetting = "unknown-setting"
    /// A schema that neither the archive nor the target provides.
    case missingSchema = "missing-schema"
    /// A table, view or sequence that neither the archive nor the target provides.
    case missingRelation = "missing-relation"
    /// A function the target does not have (e.g. `pg_restore_relation_stats` before 18).
    case missingFunction = "missing-function"
    /// A procedural language the target does not have.
    case missingLanguage = "missing-language"
    /// A C function whose shared library is not installed on the target.
    case missingLibrary = "missing-library"
    /// An extension the target cannot install.
    case missingExtension = "missing-extension"
    /// The object already exists in the target database.
    case alreadyExists = "already-exists"
    /// A statement that needs a superuser (or membership in a role) the restoring role lacks.
    case privilege = "insufficient-privilege"
    /// A function that reads a table by an unqualified name, run while pg_restore's search_path is empty.
    case emptySearchPath = "empty-search-path"
    /// The statement fails because an earlier statement it depends on failed.
    case knockOn = "knock-on"
    /// A btree index row over the target's size limit (the data check).
    case btreeSize = "btree-size"
    /// A unique index or constraint over duplicate keys (the data check).
    case duplicateKey = "duplicate-key"
    /// A foreign key with rows that reference nothing (the data check).
    case foreignKey = "foreign-key"
    /// A large object created twice (pre-1.12 archives that also carry BLOB entries).
    case largeObjectExists = "large-object-exists"
}
