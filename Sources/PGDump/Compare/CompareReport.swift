import Dispatch

/// `pgdmp compare ARCHIVE -d CONNINFO`: did everything the archive would restore arrive?
///
/// Per table, the archive's exact row count (read from its data, as `pgdmp rows`), the
/// database's exact `count(*)` (all tables in one snapshot) and the planner's estimate
/// (`reltuples`, which is what monitoring dashboards show and what misled the incident); then
/// every object the restore creates and whether the target has it, and has it as the archive
/// says (column types, index validity, constraint validation, sequence values, materialized
/// view population). Only what the selection restores is compared, so a partial restore
/// (`-n`, `-t`, `-L`) is compared with what was asked for.
///
/// Encodable as the JSON `pgdmp compare --json` prints.
public struct CompareReport: Codable, Sendable {
    /// The outcome for one table or object; its raw value is the JSON word.
    public enum Status: String, Codable, Sendable {
        /// The target has it as the archive says.
        case equal
        /// The target does not have it.
        case missing
        /// The target has it, but not as the archive says (other rows, type, validity, value).
        case different
        /// Could not be compared (the archive's count is not exact, or the role may not read it).
        case unknown
    }

    /// One table's rows on both sides.
    public struct TableRows: Codable, Sendable {
        /// The table's schema.
        public var schema: String?
        /// The table's name.
        public var name: String
        /// The dump id of its TABLE DATA entry.
        public var dumpId: Int32
        /// Exact rows in the archive; nil if its data could not be read to the end.
        public var archiveRows: UInt64?
        /// Exact `count(*)` on the target; nil if the table is missing or not readable.
        public var targetRows: UInt64?
        /// `pg_class.reltuples`: an estimate; nil when the table was never vacuumed or analyzed.
        public var estimatedRows: Int64?
        /// Whether the target's count equals the archive's.
        public var status: Status
        /// Why the status is what it is, when that needs saying (e.g. the role may not read the table).
        public var note: String?
    }

    /// One object the archive creates.
    public struct ObjectResult: Codable, Sendable {
        /// What sort of object it is.
        public var kind: CompareObjectKind
        /// `schema.name`; `schema.table.column` for columns; `schema.table name` for
        /// constraints and triggers; the index name qualified by its schema.
        public var name: String
        /// The dump id of the entry that creates it; nil for objects made by another entry (columns).
        public var dumpId: Int32?
        /// Whether the target has it as the archive says.
        public var status: Status
        /// What the archive says (a type, `valid`, a sequence value); nil when presence is all that is compared.
        public var expected: String?
        /// What the target has, in the same words; nil when it is missing.
        public var found: String?
    }

    /// The archive's path as given to ``Archive/open(path:)``.
    public var archive: String
    /// Where the target is (database, user, host or socket, port), without any password.
    public var target: String
    /// The target's `server_version`.
    public var serverVersion: String?
    /// Every table whose data the selection restores, in TOC order.
    public var tables: [TableRows]
    /// Every object the selection restores, in TOC order.
    public var objects: [ObjectResult]
    /// Large objects: how many the archive creates and how many of those the target has.
    public var largeObjects: LargeObjects?
    /// Tables and objects that are `missing` or `different`.
    public var differences: Int
    /// Tables or objects that could not be compared (`unknown`).
    public var notCompared: Int
    /// Whether everything compared is `equal` (no differences, nothing left uncompared).
    public var equal: Bool
    /// The one-line answer `pgdmp compare` prints last.
    public var verdict: String

    /// The archive's large objects on the target.
    public struct LargeObjects: Codable, Sendable {
        /// Large objects the archive creates.
        public var archive: Int
        /// How many of those the target has.
        public var present: Int
        /// The target's count of all large objects (it may hold others).
        public var targetTotal: Int
        /// Up to 20 missing OIDs.
        public var missingSample: [UInt32]
        /// `equal` when all are present.
        public var status: Status
    }

    /// Compares `archive` (restricted by `selection`) with the database behind `connection`.
    /// `workers` connections count rows in parallel, sharing the first one's snapshot.
    /// The archive's own counts are read meanwhile, on `archiveWorkers` threads.
    /// - Throws: ``TargetError`` when the target cannot be read (a sibling connection refused, a
    ///   catalog query failing, a statement timeout, the server going away).
    public static func make(
        archive: Archive, selection: RestoreSelection, connection: TargetConnection,
        workers: Int = 1, archiveWorkers: Int = DataScan.defaultWorkers
    ) throws -> CompareReport {
        // The archive's exact counts are read on other threads while the target is queried.
        let group = DispatchGroup()
        nonisolated(unsafe) var archiveRows: RowCountReport?
        DispatchQueue.global().async(group: group) {
            archiveRows = RowCountReport.make(archive, selection: selection, workers: archiveWorkers)
        }
        defer { group.wait() }
        if let encoding = archive.encoding, encoding.uppercased() != connection.clientEncoding.uppercased() {
            try connection.setClientEncoding(encoding)
        }
        let expectation = ArchiveExpectation(archive: archive, selection: selection)
        let version = try connection.query("SHOW server_version").first?.first ?? nil
        let catalog = try TargetCatalog.read(connection)

        var objects = compareObjects(expectation, catalog)
        // Sequence values.
        let seqNames = expectation.objects.filter { $0.kind == .sequenceValue }
            .map { QualifiedName(schema: $0.schema, name: $0.name) }
            .filter { catalog.relations[$0]?.kind == "S" && catalog.relations[$0]?.canSelect != false }
        let values = try TargetCatalog.sequenceValues(connection, seqNames)
        for i in objects.indices where objects[i].kind == .sequenceValue {
            let obj = expectation.objects.first { $0.dumpId == objects[i].dumpId }!
            let key = QualifiedName(schema: obj.schema, name: obj.name)
            if catalog.relations[key]?.kind != "S" {
                objects[i].status = .missing
            } else if let v = values[key] {
                objects[i].found = v
                objects[i].status = v == objects[i].expected ? .equal : .different
            } else {
                objects[i].status = .unknown
                objects[i].found = "not readable by this role"
            }
        }
        var largeObjects: LargeObjects?
        if !expectation.largeObjects.isEmpty {
            let lo = try TargetCatalog.largeObjects(connection, expected: expectation.largeObjects)
            largeObjects = LargeObjects(
                archive: expectation.largeObjects.count,
                present: expectation.largeObjects.count - lo.missing.count,
                targetTotal: lo.total, missingSample: Array(lo.missing.prefix(20)),
                status: lo.missing.isEmpty ? .equal : .missing)
        }

        // Rows: every table the archive loads, counted on the target.
        group.wait()
        let rowReport = archiveRows!
        var tables: [TableRows] = []
        var toCount: [(index: Int, name: QualifiedName)] = []
        for s in rowReport.tables where s.desc == EntryDesc.tableData {
            let key = QualifiedName(schema: s.schema, name: s.name)
            var row = TableRows(
                schema: s.schema, name: s.name, dumpId: s.dumpId,
                archiveRows: s.status == .ok || s.status == .inserts ? s.rows : nil,
                targetRows: nil, estimatedRows: nil, status: .unknown)
            if row.archiveRows == nil { row.note = s.error ?? "archive data \(s.status.rawValue)" }
            if let rel = catalog.relations[key], ["r", "p", "f"].contains(rel.kind) {
                row.estimatedRows = rel.estimate >= 0 ? rel.estimate : nil
                if rel.canSelect {
                    toCount.append((tables.count, key))
                } else {
                    row.note = "no SELECT privilege on the table"
                }
            } else {
                row.status = .missing
            }
            tables.append(row)
        }
        let counts = try countRows(toCount.map(\.name), connection: connection, workers: workers)
        for (i, item) in toCount.enumerated() {
            tables[item.index].targetRows = counts[i]
            if let a = tables[item.index].archiveRows {
                tables[item.index].status = a == counts[i] ? .equal : .different
            }
        }

        var report = CompareReport(
            archive: archive.path, target: connection.location, serverVersion: version,
            tables: tables, objects: objects, largeObjects: largeObjects,
            differences: 0, notCompared: 0, equal: true, verdict: "")
        report.summarize()
        return report
    }

    mutating func summarize() {
        let statuses = tables.map(\.status) + objects.map(\.status) + (largeObjects.map { [$0.status] } ?? [])
        differences = statuses.filter { $0 == .missing || $0 == .different }.count
        notCompared = statuses.filter { $0 == .unknown }.count
        equal = differences == 0 && notCompared == 0
        let rows = tables.compactMap(\.targetRows).reduce(0, +)
        let checked =
            "\(tables.count) tables (\(rows) rows), \(objects.count) objects"
            + (largeObjects.map { ", \($0.archive) large objects" } ?? "")
        if equal {
            verdict = "EQUAL: the target has everything the archive restores: \(checked)"
        } else if differences == 0 {
            verdict = "INCOMPLETE: no differences found, but \(notCompared) could not be compared; checked \(checked)"
        } else {
            let missing = statuses.filter { $0 == .missing }.count
            let different = statuses.filter { $0 == .different }.count
            verdict =
                "DIFFERENT: \(missing) missing, \(different) different"
                + (notCompared > 0 ? ", \(notCompared) not compared" : "") + "; checked \(checked)"
        }
    }

    /// Presence and attributes of every expected object (sequence values are filled in later).
    static func compareObjects(_ e: ArchiveExpectation, _ t: TargetCatalog) -> [ObjectResult] {
        var out: [ObjectResult] = []
        out.reserveCapacity(e.objects.count)
        var columnsSeen: [QualifiedName: Set<String>] = [:]
        for o in e.objects {
            let q = QualifiedName(schema: o.schema, name: o.name)
            var r = ObjectResult(
                kind: o.kind, name: q.description, dumpId: o.dumpId, status: .missing,
                expected: o.expected, found: nil)
            func present(_ yes: Bool) { r.status = yes ? .equal : .missing }
            func attribute(_ found: String?) {
                guard let found else {
                    r.status = .missing
                    return
                }
                r.found = found
                r.status = found == o.expected ? .equal : .different
            }
            switch o.kind {
            case .schema: present(t.schemas.contains(o.name))
            case .extension:
                if let v = t.extensions[o.name] {
                    r.status = .equal
                    r.found = v
                } else {
                    r.status = .missing
                }
            case .type: present(t.types.contains(q))
            case .function:
                present(
                    t.functions.contains(QualifiedName(schema: o.schema, name: TargetCatalog.unquotedSignature(o.name)))
                )
            case .table:
                if let rel = t.relations[q] {
                    let isTable = ["r", "p", "f"].contains(rel.kind)
                    r.status = isTable ? .equal : .different
                    if !isTable {
                        r.expected = "table"
                        r.found = Self.relkindName(rel.kind)
                    }
                }
            case .view:
                if let rel = t.relations[q] {
                    r.status = rel.kind == "v" ? .equal : .different
                    if rel.kind != "v" {
                        r.expected = "view"
                        r.found = Self.relkindName(rel.kind)
                    }
                }
            case .sequence:
                if let rel = t.relations[q] {
                    r.status = rel.kind == "S" ? .equal : .different
                    if rel.kind != "S" {
                        r.expected = "sequence"
                        r.found = Self.relkindName(rel.kind)
                    }
                }
            case .materializedView:
                if let rel = t.relations[q], rel.kind == "m" {
                    attribute(rel.populated ? "populated" : "not populated")
                } else if let rel = t.relations[q] {
                    r.status = .different
                    r.expected = "materialized view"
                    r.found = Self.relkindName(rel.kind)
                }
            case .column:
                let table = o.table!
                r.name = "\(table).\(o.name.dropFirst(table.name.count + 1))"
                let colName = String(o.name.dropFirst(table.name.count + 1))
                columnsSeen[table, default: []].insert(colName)
                if let col = t.columns[table]?.first(where: { $0.name == colName }) { attribute(col.type) }
            case .sequenceValue:
                r.status = .unknown
            case .index:
                let key = QualifiedName(schema: o.table?.schema ?? o.schema, name: o.name)
                r.name = key.description
                if let valid = t.indexes[key] { attribute(valid ? "valid" : "invalid") }
            case .constraint:
                let table = o.table!
                r.name = "\(table) \(o.name)"
                if let c = t.constraints[.init(table: table, name: o.name)] {
                    attribute(c.validated ? "validated" : "not validated")
                }
            case .trigger:
                let table = o.table!
                r.name = "\(table) \(o.name)"
                present(t.triggers.contains(.init(table: table, name: o.name)))
            case .largeObjects:
                break
            }
            out.append(r)
        }
        // Columns the target's tables have locally that the archive does not declare.
        for (table, seen) in columnsSeen.sorted(by: { $0.key.description < $1.key.description }) {
            for col in t.columns[table] ?? [] where col.local && !seen.contains(col.name) {
                out.append(
                    ObjectResult(
                        kind: .column, name: "\(table).\(col.name)", dumpId: nil, status: .different,
                        expected: "absent (the archive does not create it)", found: col.type))
            }
        }
        return out
    }

    static func relkindName(_ k: Character) -> String {
        switch k {
        case "r": return "table"
        case "p": return "partitioned table"
        case "f": return "foreign table"
        case "v": return "view"
        case "m": return "materialized view"
        case "S": return "sequence"
        case "i", "I": return "index"
        default: return "relkind \(k)"
        }
    }

    /// Exact `count(*)` of each table, on `workers` sessions sharing `connection`'s snapshot.
    static func countRows(_ tables: [QualifiedName], connection: TargetConnection, workers: Int) throws -> [UInt64] {
        guard !tables.isEmpty else { return [] }
        func countSQL(_ t: QualifiedName) -> String {
            "SELECT count(*) FROM ONLY \(SQLIdentifier.qualified(t.schema, t.name))"
        }
        func parse(_ rows: [[String?]]) -> UInt64 { UInt64((rows.first?.first ?? nil) ?? "") ?? 0 }
        let n = min(max(1, workers), tables.count)
        if n == 1 {
            return try tables.map { parse(try connection.query(countSQL($0))) }
        }
        let snapshot = try connection.exportSnapshot()
        var sessions = [connection]
        for _ in 1..<n { sessions.append(try connection.sibling(snapshot: snapshot)) }
        defer { for s in sessions.dropFirst() { s.close() } }
        let results = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: tables.count)
        results.initialize(repeating: 0)
        defer { results.deallocate() }
        let lock = NSLockLite()
        nonisolated(unsafe) var next = 0
        nonisolated(unsafe) var firstError: Error?
        nonisolated(unsafe) let shared = results
        // One thread per session (not Dispatch's pool, which runs only as many as there are
        // cores: the work here is waiting on the server, which may have more).
        let done = CountingSemaphore(0)
        for w in 0..<n {
            let session = sessions[w]
            startThread {
                defer { done.signal() }
                while true {
                    lock.lock()
                    let i = next
                    next += 1
                    let stop = firstError != nil
                    lock.unlock()
                    guard i < tables.count, !stop else { return }
                    do {
                        shared[i] = parse(try session.query(countSQL(tables[i])))
                    } catch {
                        lock.lock()
                        if firstError == nil { firstError = error }
                        lock.unlock()
                        return
                    }
                }
            }
        }
        for _ in 0..<n { done.wait() }
        if let firstError { throw firstError }
        return Array(results)
    }
}
