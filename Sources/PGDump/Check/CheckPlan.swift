/// Options of `pgdmp check`.
///
/// The defaults check for a PostgreSQL 15 target with pglz TOAST compression, a C.UTF-8 ctype and
/// 256 MB of key memory.
public struct CheckOptions: Sendable {
    /// The PostgreSQL major version of the target server (`--target-version`).
    public var targetVersion = 15
    /// The method `index_form_tuple` uses for columns without an explicit COMPRESSION.
    public var toastCompression = ToastCompression.pglz
    /// `--values-over N`: also list values longer than N bytes (``CheckReport/largeValues``).
    public var valuesOver: Int?
    /// Limit --values-over and --histogram to these tables (name or schema.name) / columns.
    public var tables: [String] = []
    /// Limit --values-over and --histogram to these columns.
    public var columns: [String] = []
    /// `--histogram`: also report each column's length distribution (``CheckReport/histograms``).
    public var histogram = false
    /// Rows listed per failing statement (all are counted).
    public var maxRowsPerProblem = 1000
    /// Threads that scan tables at once.
    public var workers = DataScan.defaultWorkers
    /// LC_CTYPE of the target database: lower()/upper() in expression keys and predicates follow it
    /// (a column's own COLLATE wins). C.UTF-8 unless told.
    public var targetLocale = "C.UTF-8"
    /// Memory for the key logs of unique checks (`--memory`); beyond it they spill to sorted runs in `$TMPDIR`.
    public var memoryLimit = 256 << 20
    /// Rows longer than this many bytes are not held in memory: the scan streams them to a
    /// temporary file in `$TMPDIR` and copies out only the fields its checks read, so a 1 GB value
    /// costs no more memory than a short one. 8 MiB unless told.
    public var longRowLimit = 8 << 20
    /// What the fields read from one long row may hold together (16 MiB); a row needing more is
    /// counted under ``CheckReport/notChecked`` instead. Tests lower it.
    var longRowHeldBytes = 16 << 20
    /// Bits of the key fingerprints (64). Tests lower it to force collisions, which the second,
    /// exact pass must tell apart.
    var fingerprintBits = 64
    /// Hold every key in memory, as for an archive read from a pipe (tests compare both paths).
    var holdKeysInMemory = false
    /// Also size every row's key of every checked btree index, for `IndexSizeHistogram`s
    /// (`pgdmp report`); costs an exact sizing of each row instead of only the suspicious ones.
    public var indexSizeHistograms = false
    /// The defaults above.
    public init() {}

    /// `256MB`, `128MiB`, `1GB`, `64kB`, `1048576` (bytes; units are powers of 1024, case ignored).
    /// Parses a `--memory` value into bytes for ``memoryLimit``; nil when it is not a positive size.
    public static func memoryLimit(parsing text: String) -> Int? {
        let t = text.lowercased().filter { $0 != " " }
        let digits = t.prefix { $0.isNumber }
        guard let n = Int(digits), n > 0 else { return nil }
        let unit = t.dropFirst(digits.count)
        let shifts: [String: Int] = [
            "": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20,
            "g": 30, "gb": 30, "gib": 30, "t": 40, "tb": 40, "tib": 40,
        ]
        guard let shift = shifts[String(unit)], n <= Int.max >> shift else { return nil }
        return n << shift
    }
}

/// A btree size check of one index on one table's data.
struct SizeCheck {
    var id: Int
    var positions: [Int]
    var specs: [KeyColumnSpec]
    /// Per position: the column itself, or an expression.
    var transforms: [KeyTransform]
    /// A partial index's WHERE clause: rows for which it is not true are not in the index.
    var predicate: BoundExpression?
    /// The order the index build adds keys in, when reproducible (which oversized row it names).
    var keyOrder: BtreeKeyOrder?
}

/// A uniqueness check on one table's data.
struct UniqueCheck {
    var id: Int
    var positions: [Int]
    var nullsNotDistinct: Bool
    var transforms: [KeyTransform]
    /// Key names for "Key (…)=(…) is duplicated.": columns, or expressions as PostgreSQL prints them.
    var keyNames: [String]
    var predicate: BoundExpression?
}

/// Collecting keys for a foreign key: the referencing side (with rows) or the referenced side.
struct KeyCollect {
    var fk: Int
    var positions: [Int]
    var referencing: Bool
    var match: ForeignKeyMatch
    /// Referenced side: other foreign keys (ids) whose referenced key is this same set.
    var sharedWith: [Int] = []
}

/// Everything to do while reading one TABLE DATA entry.
struct TablePlan {
    var entry: TOCEntry
    var table: QualifiedName
    var columns: [String]
    var rowKeyPositions: [Int]
    var rowKeyNames: [String]
    var sizeChecks: [SizeCheck] = []
    var uniqueChecks: [UniqueCheck] = []
    var keyCollects: [KeyCollect] = []
    var valueColumns: [Int] = []
    /// Index or constraint name of each size check id, for messages.
    var indexNames: [Int: String] = [:]
    var isEmpty: Bool { sizeChecks.isEmpty && uniqueChecks.isEmpty && keyCollects.isEmpty && valueColumns.isEmpty }
}

/// A statement being checked (an index, a key constraint or a foreign key).
struct CheckedObject {
    var name: String
    var table: QualifiedName
    var statement: String
    var dumpId: Int32
    var columns: [String]
}

/// The TOC, read for checking: tables, their data, partitions, indexes and constraints.
struct CheckCatalog {
    var tables: [QualifiedName: TableDefinition] = [:]
    var data: [QualifiedName: (entry: TOCEntry, columns: [String])] = [:]
    var partitions: [QualifiedName: [QualifiedName]] = [:]
    var indexes: [(TOCEntry, IndexDefinition)] = []
    var foreignKeys: [(TOCEntry, ForeignKeyDefinition)] = []
    var primaryKeys: [QualifiedName: [String]] = [:]
    var notChecked: [NotChecked] = []
    /// The database's LC_CTYPE (or LOCALE) from its DATABASE entry; nil when the archive has none.
    var databaseCType: String?
    /// ICU default collation: lower() is never ASCII-only.
    var databaseICU = false

    init(_ archive: Archive) {
        for e in archive.entries {
            if e.desc == EntryDesc.database, let defn = e.defn {
                let toks = SQLTokenizer.tokenize(defn)
                var locale: String?
                var ctype: String?
                for i in toks.indices.dropLast(2) where toks[i + 1].kind == .op && toks[i + 1].text == "=" {
                    switch toks[i].text.uppercased() {
                    case "LOCALE": locale = toks[i + 2].text
                    case "LC_CTYPE": ctype = toks[i + 2].text
                    case "LOCALE_PROVIDER": if toks[i + 2].text.lowercased() == "icu" { databaseICU = true }
                    default: break
                    }
                }
                databaseCType = ctype ?? locale
            }
            let label = "\(e.desc) \(e.qualifiedName)"
            guard let defn = e.defn, !defn.isEmpty else {
                if e.desc == EntryDesc.tableData, let cs = e.copyStmt.flatMap(CopyStatement.init) {
                    data[QualifiedName(schema: e.namespace, name: e.tag ?? "")] = (e, cs.columns)
                }
                continue
            }
            do {
                switch e.desc {
                case EntryDesc.table:
                    var t = try DDLParser.table(defn)
                    if t.name.schema == nil { t.name.schema = e.namespace }
                    tables[t.name] = t
                case EntryDesc.tableAttach:
                    var (p, c) = try DDLParser.attachPartition(defn)
                    if p.schema == nil { p.schema = e.namespace }
                    if c.schema == nil { c.schema = e.namespace }
                    partitions[p, default: []].append(c)
                case EntryDesc.index:
                    var i = try DDLParser.index(defn)
                    if i.table.schema == nil { i.table.schema = e.namespace }
                    indexes.append((e, i))
                case EntryDesc.constraint, EntryDesc.fkConstraint:
                    switch try DDLParser.constraint(defn) {
                    case .key(var i):
                        if i.table.schema == nil { i.table.schema = e.namespace }
                        if i.primaryKey { primaryKeys[i.table] = i.keys.compactMap(\.columnName) }
                        indexes.append((e, i))
                    case .foreignKey(var f):
                        if f.table.schema == nil { f.table.schema = e.namespace }
                        if f.referencedTable.schema == nil { f.referencedTable.schema = e.namespace }
                        foreignKeys.append((e, f))
                    case .other(let name, let kind):
                        notChecked.append(
                            NotChecked(
                                object: "\(e.desc) \(name) on \(e.namespace ?? "")",
                                reason: "\(kind) constraints are not modelled"))
                    }
                default: break
                }
            } catch {
                if ["INDEX", "CONSTRAINT", "FK CONSTRAINT"].contains(e.desc) {
                    notChecked.append(NotChecked(object: label, reason: "could not parse its definition: \(error)"))
                }
            }
            if e.desc == EntryDesc.tableData, let cs = e.copyStmt.flatMap(CopyStatement.init) {
                data[QualifiedName(schema: e.namespace, name: e.tag ?? "")] = (e, cs.columns)
            }
        }
    }

    /// The table and all its partitions (recursively) that have data in the archive.
    func dataTables(_ t: QualifiedName) -> [QualifiedName] {
        var out: [QualifiedName] = []
        var seen = Set<QualifiedName>()
        func walk(_ x: QualifiedName) {
            guard seen.insert(x).inserted else { return }
            if data[x] != nil { out.append(x) }
            for c in partitions[x] ?? [] { walk(c) }
        }
        walk(t)
        return out
    }

    /// Primary-key columns of a table, or of the partitioned table it belongs to.
    func primaryKey(_ t: QualifiedName) -> [String]? {
        if let pk = primaryKeys[t] { return pk }
        for (p, children) in partitions where children.contains(t) { return primaryKey(p) }
        return nil
    }

    /// Type of a column: the table's own definition, else a partitioned ancestor's.
    func columnType(_ t: QualifiedName, _ column: String) -> (TableDefinition, ColumnDefinition)? {
        if let def = tables[t], let c = def.columns.first(where: { $0.name == column }) { return (def, c) }
        for (p, children) in partitions where children.contains(t) { return columnType(p, column) }
        return nil
    }
}
