/// The key tuple sizes of one checked btree index over one table's data: how many rows
/// produce each MAXALIGNed tuple size, exactly as `index_form_tuple` would build them.
///
/// `pgdmp report` draws it against the target's limit, so a team sees whether one row
/// or a whole tail of the distribution is over the line. Collected by the check's own
/// scan when `CheckOptions.indexSizeHistograms` is set (the same sizing that finds the
/// oversized rows, applied to every row).
public struct IndexSizeHistogram: Codable, Sendable, Equatable {
    /// One tuple size and the rows that have it.
    public struct SizeCount: Codable, Sendable, Equatable {
        /// A MAXALIGNed index tuple size, in bytes.
        public var size: Int
        /// Rows whose key has that size.
        public var rows: UInt64
    }

    /// Index or constraint name.
    public var index: String
    /// The table whose data was sized (a partition for an index on a partitioned table).
    public var table: String
    /// The dump id of the entry that creates the index.
    public var dumpId: Int32
    /// The statement that creates the index.
    public var statement: String
    /// The target's btree limit the sizes are judged against (2704, or 2712 before PostgreSQL 12).
    public var limit: Int
    /// Every size that occurs, ascending. Rows whose key could not be sized exactly (lower()
    /// of non-ASCII text under a non-C collation) are not in it; `check` lists them as not checked.
    public var sizes: [SizeCount]

    /// Rows sized.
    public var rows: UInt64 { sizes.reduce(0) { $0 + $1.rows } }
    /// Rows over `limit`: the ones the CREATE INDEX fails on.
    public var rowsOverLimit: UInt64 { sizes.reduce(0) { $0 + ($1.size > limit ? $1.rows : 0) } }
    /// The largest size that occurs (0 when no row was sized).
    public var maxSize: Int { sizes.last?.size ?? 0 }

    /// A histogram from its parts (the check builds these; tests and writers may too).
    public init(index: String, table: String, dumpId: Int32, statement: String, limit: Int, sizes: [SizeCount]) {
        self.index = index
        self.table = table
        self.dumpId = dumpId
        self.statement = statement
        self.limit = limit
        self.sizes = sizes
    }

    /// One histogram per size-checked object, in check order (sizes: check id → size → rows).
    static func make(
        objects: [CheckedObject], sizeCheckIds: Set<Int>, sizes: [Int: [Int: UInt64]],
        limit: Int
    ) -> [IndexSizeHistogram] {
        objects.indices.filter(sizeCheckIds.contains).map { id in
            let o = objects[id]
            let counts = (sizes[id] ?? [:]).sorted { $0.key < $1.key }.map { SizeCount(size: $0.key, rows: $0.value) }
            return IndexSizeHistogram(
                index: o.name, table: o.table.description, dumpId: o.dumpId,
                statement: o.statement, limit: limit, sizes: counts)
        }
    }
}
