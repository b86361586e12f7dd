/// What reading one data entry found: exact rows and sizes, or why there is no exact answer.
public struct TableDataStats: Codable, Sendable {
    /// Whether the entry was read to its end, and if not why; its raw value is the JSON word.
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

    /// The data entry's dump id.
    public var dumpId: Int32
    /// The entry's kind: `TABLE DATA`, or `BLOBS` for large objects.
    public var desc: String
    /// The table's schema; nil when the entry has none.
    public var schema: String?
    /// The table's name (the entry's tag).
    public var name: String
    /// Whether the counts are exact.
    public var status: Status
    /// Exact row count (large objects: number of objects); nil unless complete.
    public var rows: UInt64?
    /// Decompressed size of the data (what COPY would receive); nil unless read to the end.
    public var uncompressedBytes: UInt64?
    /// Bytes the data occupies in the archive (compressed payload, without framing).
    public var storedBytes: UInt64?
    /// Why the entry has no exact count (the error's description); nil when it has one.
    public var error: String?

    init(entry: TOCEntry, status: Status) {
        dumpId = entry.dumpId
        desc = entry.desc
        schema = entry.namespace
        name = entry.tag ?? ""
        self.status = status
    }
}
