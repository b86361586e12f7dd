/// The `desc` strings pg_dump writes in a TOC entry (`TOCEntry.desc`), as named constants:
/// code compares an entry's kind against these names instead of repeating string literals.
public enum EntryDesc {
    /// `"ACL"`: Privileges on an object (GRANT/REVOKE).
    public static let acl = "ACL"
    /// `"ACL LANGUAGE"`: an entry of this kind, as pg_dump names it.
    public static let aclLanguage = "ACL LANGUAGE"
    /// `"AGGREGATE"`: An aggregate.
    public static let aggregate = "AGGREGATE"
    /// `"BLOB"`: One large object's creation (`lo_create`).
    public static let blob = "BLOB"
    /// `"BLOB COMMENTS"`: an entry of this kind, as pg_dump names it.
    public static let blobComments = "BLOB COMMENTS"
    /// `"BLOB METADATA"`: Large objects' metadata in groups (pg_dump 17 and later).
    public static let blobMetadata = "BLOB METADATA"
    /// `"BLOBS"`: The large objects' data (one entry for all of them before PostgreSQL 17).
    public static let blobs = "BLOBS"
    /// `"CHECK CONSTRAINT"`: an entry of this kind, as pg_dump names it.
    public static let checkConstraint = "CHECK CONSTRAINT"
    /// `"COLLATION"`: an entry of this kind, as pg_dump names it.
    public static let collation = "COLLATION"
    /// `"COMMENT"`: A comment on an object.
    public static let comment = "COMMENT"
    /// `"CONSTRAINT"`: A primary-key, unique or exclusion constraint (`ALTER TABLE … ADD CONSTRAINT`).
    public static let constraint = "CONSTRAINT"
    /// `"DATABASE"`: The database itself (with `--create`).
    public static let database = "DATABASE"
    /// `"DATABASE PROPERTIES"`: an entry of this kind, as pg_dump names it.
    public static let databaseProperties = "DATABASE PROPERTIES"
    /// `"DEFAULT ACL"`: Default privileges (`ALTER DEFAULT PRIVILEGES`).
    public static let defaultACL = "DEFAULT ACL"
    /// `"DOMAIN"`: A domain.
    public static let domain = "DOMAIN"
    /// `"ENCODING"`: The client encoding the archive was written in.
    public static let encoding = "ENCODING"
    /// `"EVENT TRIGGER"`: an entry of this kind, as pg_dump names it.
    public static let eventTrigger = "EVENT TRIGGER"
    /// `"EXTENDED STATISTICS DATA"`: an entry of this kind, as pg_dump names it.
    public static let extendedStatisticsData = "EXTENDED STATISTICS DATA"
    /// `"EXTENSION"`: An extension (`CREATE EXTENSION`).
    public static let `extension` = "EXTENSION"
    /// `"FK CONSTRAINT"`: A foreign-key constraint.
    public static let fkConstraint = "FK CONSTRAINT"
    /// `"FOREIGN DATA WRAPPER"`: an entry of this kind, as pg_dump names it.
    public static let foreignDataWrapper = "FOREIGN DATA WRAPPER"
    /// `"FOREIGN TABLE"`: an entry of this kind, as pg_dump names it.
    public static let foreignTable = "FOREIGN TABLE"
    /// `"FUNCTION"`: A function.
    public static let function = "FUNCTION"
    /// `"INDEX"`: An index (`CREATE INDEX`).
    public static let index = "INDEX"
    /// `"LARGE OBJECTS"`: an entry of this kind, as pg_dump names it.
    public static let largeObjects = "LARGE OBJECTS"
    /// `"MATERIALIZED VIEW"`: A materialized view's definition.
    public static let materializedView = "MATERIALIZED VIEW"
    /// `"MATERIALIZED VIEW DATA"`: A materialized view's refresh (`REFRESH MATERIALIZED VIEW`).
    public static let materializedViewData = "MATERIALIZED VIEW DATA"
    /// `"PROCEDURAL LANGUAGE"`: an entry of this kind, as pg_dump names it.
    public static let proceduralLanguage = "PROCEDURAL LANGUAGE"
    /// `"PROCEDURE"`: A procedure.
    public static let procedure = "PROCEDURE"
    /// `"PUBLICATION"`: an entry of this kind, as pg_dump names it.
    public static let publication = "PUBLICATION"
    /// `"RULE"`: A rewrite rule.
    public static let rule = "RULE"
    /// `"SCHEMA"`: A schema.
    public static let schema = "SCHEMA"
    /// `"SEARCHPATH"`: The `search_path` pg_dump set.
    public static let searchPath = "SEARCHPATH"
    /// `"SECURITY LABEL"`: an entry of this kind, as pg_dump names it.
    public static let securityLabel = "SECURITY LABEL"
    /// `"SEQUENCE"`: A sequence's definition.
    public static let sequence = "SEQUENCE"
    /// `"SEQUENCE SET"`: A sequence's current value (`setval`).
    public static let sequenceSet = "SEQUENCE SET"
    /// `"SERVER"`: an entry of this kind, as pg_dump names it.
    public static let server = "SERVER"
    /// `"STATISTICS DATA"`: an entry of this kind, as pg_dump names it.
    public static let statisticsData = "STATISTICS DATA"
    /// `"STDSTRINGS"`: The `standard_conforming_strings` setting the archive was written with.
    public static let stdStrings = "STDSTRINGS"
    /// `"TABLE"`: A table's definition (`CREATE TABLE`).
    public static let table = "TABLE"
    /// `"TABLE ATTACH"`: an entry of this kind, as pg_dump names it.
    public static let tableAttach = "TABLE ATTACH"
    /// `"TABLE DATA"`: A table's rows (a COPY or INSERT data block).
    public static let tableData = "TABLE DATA"
    /// `"TEXT SEARCH CONFIGURATION"`: an entry of this kind, as pg_dump names it.
    public static let textSearchConfiguration = "TEXT SEARCH CONFIGURATION"
    /// `"TEXT SEARCH DICTIONARY"`: an entry of this kind, as pg_dump names it.
    public static let textSearchDictionary = "TEXT SEARCH DICTIONARY"
    /// `"TRIGGER"`: A trigger.
    public static let trigger = "TRIGGER"
    /// `"TYPE"`: A type.
    public static let `type` = "TYPE"
    /// `"VIEW"`: A view.
    public static let view = "VIEW"
}
