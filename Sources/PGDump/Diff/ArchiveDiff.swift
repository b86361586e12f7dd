/// `pgdmp diff A B`: what changed between two archives, without restoring either.
/// Entries are matched by type, schema and name (the k-th occurrence of a key in A with the
/// k-th in B); table data by schema and table name, compared by exact row count and size.
public struct ArchiveDiff: Codable, Sendable {
    public struct EntryRef: Codable, Sendable, Hashable {
        public var desc: String
        public var schema: String?
        public var name: String
    }

    public struct Change: Codable, Sendable {
        public var entry: EntryRef
        /// Which fields differ: `definition`, `owner`, `columns`.
        public var fields: [String]
        public var before: [String: String]
        public var after: [String: String]
    }

    public struct TableRows: Codable, Sendable {
        public var desc: String
        public var schema: String?
        public var name: String
        /// nil when the table is not in that archive (or its data could not be read).
        public var rowsA: UInt64?
        public var rowsB: UInt64?
        public var rowsDifference: Int64?
        public var bytesA: UInt64?
        public var bytesB: UInt64?
        public var bytesDifference: Int64?
        public var storedA: UInt64?
        public var storedB: UInt64?
        public var changed: Bool
    }

    public var archiveA: String
    public var archiveB: String
    public var onlyInA: [EntryRef]
    public var onlyInB: [EntryRef]
    public var changed: [Change]
    /// Every data entry of either archive (empty with `schemaOnly`).
    public var tables: [TableRows]
    /// Errors met reading data (a damaged archive): the row comparison is then incomplete.
    public var dataErrors: [String]

    public var isEqual: Bool {
        onlyInA.isEmpty && onlyInB.isEmpty && changed.isEmpty && !tables.contains { $0.changed } && dataErrors.isEmpty
    }

    public static func make(_ a: Archive, _ b: Archive, schemaOnly: Bool = false,
                            workers: Int = DataScan.defaultWorkers) -> ArchiveDiff {
        var diff = ArchiveDiff(archiveA: a.path, archiveB: b.path, onlyInA: [], onlyInB: [], changed: [], tables: [],
                               dataErrors: [])
        func key(_ e: TOCEntry) -> EntryRef { EntryRef(desc: e.desc, schema: e.namespace, name: e.tag ?? "") }
        var bByKey: [EntryRef: [TOCEntry]] = [:]
        for e in b.entries { bByKey[key(e), default: []].append(e) }
        var used: [EntryRef: Int] = [:]
        for e in a.entries {
            let k = key(e)
            let n = used[k, default: 0]
            guard let list = bByKey[k], n < list.count else { diff.onlyInA.append(k); continue }
            used[k] = n + 1
            if let c = compare(e, list[n], k) { diff.changed.append(c) }
        }
        for (k, list) in bByKey where list.count > used[k, default: 0] {
            for _ in used[k, default: 0]..<list.count { diff.onlyInB.append(k) }
        }
        // Keep B-only entries in B's TOC order.
        var positionInB: [EntryRef: Int] = [:]
        for (i, e) in b.entries.enumerated() where positionInB[key(e)] == nil { positionInB[key(e)] = i }
        diff.onlyInB.sort { (positionInB[$0] ?? 0) < (positionInB[$1] ?? 0) }
        if !schemaOnly { diff.tables = tableRows(a, b, workers: workers, errors: &diff.dataErrors) }
        return diff
    }

    private static func compare(_ x: TOCEntry, _ y: TOCEntry, _ k: EntryRef) -> Change? {
        var c = Change(entry: k, fields: [], before: [:], after: [:])
        if x.defn != y.defn {
            c.fields.append("definition")
            c.before["definition"] = x.defn ?? ""
            c.after["definition"] = y.defn ?? ""
        }
        if x.owner != y.owner {
            c.fields.append("owner")
            c.before["owner"] = x.owner ?? ""
            c.after["owner"] = y.owner ?? ""
        }
        if x.desc == "TABLE DATA" {
            let cx = x.copyStmt.flatMap(CopyStatement.init)?.columns
            let cy = y.copyStmt.flatMap(CopyStatement.init)?.columns
            if cx != cy {
                c.fields.append("columns")
                c.before["columns"] = cx?.joined(separator: ", ") ?? ""
                c.after["columns"] = cy?.joined(separator: ", ") ?? ""
            }
        }
        return c.fields.isEmpty ? nil : c
    }

    private static func tableRows(_ a: Archive, _ b: Archive, workers: Int, errors: inout [String]) -> [TableRows] {
        let ra = RowCountReport.make(a, workers: workers)
        let rb = RowCountReport.make(b, workers: workers)
        for t in ra.tables + rb.tables where t.status == .damaged || t.status == .notRead {
            errors.append(t.error ?? "\(t.desc) \(t.name): \(t.status.rawValue)")
        }
        struct K: Hashable { var desc: String; var schema: String?; var name: String }
        var rows: [K: TableRows] = [:]
        var order: [K] = []
        func slot(_ t: TableDataStats) -> K {
            let k = K(desc: t.desc, schema: t.schema, name: t.name)
            if rows[k] == nil {
                rows[k] = TableRows(desc: t.desc, schema: t.schema, name: t.name, changed: false)
                order.append(k)
            }
            return k
        }
        for t in ra.tables {
            let k = slot(t)
            rows[k]!.rowsA = t.rows
            rows[k]!.bytesA = t.uncompressedBytes
            rows[k]!.storedA = t.storedBytes
        }
        for t in rb.tables {
            let k = slot(t)
            rows[k]!.rowsB = t.rows
            rows[k]!.bytesB = t.uncompressedBytes
            rows[k]!.storedB = t.storedBytes
        }
        return order.map { k in
            var r = rows[k]!
            r.rowsDifference = Int64(r.rowsB ?? 0) - Int64(r.rowsA ?? 0)
            r.bytesDifference = Int64(r.bytesB ?? 0) - Int64(r.bytesA ?? 0)
            r.changed = r.rowsA != r.rowsB || r.bytesA != r.bytesB
            return r
        }
    }
}
