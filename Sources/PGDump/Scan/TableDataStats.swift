/// What reading one data entry found: exact rows and sizes, or why there is no exact answer.
public struct TableDataStats: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Read to the end marker: `rows` is exact.
        case ok
        /// The TOC lists the entry but the archive holds no data for it.
        case noData = "no-data"
        /// The data could not be read to its end; `rows` is nil, `error` says why.
        case damaged
        /// Data stored as INSERT statements (`pg_dump --inserts`); rows counted from the statements.
        case inserts
        /// Not read because an earlier error made the rest of a stream unreadable.
        case notRead = "not-read"
    }

    public var dumpId: Int32
    public var desc: String
    public var schema: String?
    public var name: String
    public var status: Status
    /// Exact row count (large objects: number of objects); nil unless complete.
    public var rows: UInt64?
    public var uncompressedBytes: UInt64?
    /// Bytes the data occupies in the archive (compressed payload, without framing).
    public var storedBytes: UInt64?
    public var error: String?

    init(entry: TOCEntry, status: Status) {
        dumpId = entry.dumpId
        desc = entry.desc
        schema = entry.namespace
        name = entry.tag ?? ""
        self.status = status
    }
}
