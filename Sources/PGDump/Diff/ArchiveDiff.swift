/// `pgdmp diff A B`: what changed between two archives, without restoring either.
/// Entries are matched by type, schema and name (the k-th occurrence of a key in A with the
/// k-th in B); table data by schema and table name, compared by exact row count and size.
///
/// Use it to see what a new dump changes against last night's before replacing it, or to confirm
/// two dumps of one database agree. Encodable as the JSON `pgdmp diff --json` prints.
public struct ArchiveDiff: Codable, Sendable {
    /// An entry by its matching key: type, schema and name.
    public struct EntryRef: Codable, Sendable, Hashable {
        /// The entry's kind (`TABLE`, `INDEX`, …).
        public var desc: String
        /// Its schema; nil when it has none.
        public var schema: String?
        /// Its name (the entry's tag).
        public var name: String
    }

    /// An entry in both archives whose stored fields differ.
    public struct Change: Codable, Sendable {
        /// The entry.
        public var entry: EntryRef
        /// Which fields differ: `definition`, `owner`, `columns`.
        public var fields: [String]
        /// Each differing field's value in A.
        public var before: [String: String]
        /// Each differing field's value in B.
        public var after: [String: String]
    }

    /// One data entry's exact rows and sizes in both archives.
    public struct TableRows: Codable, Sendable {
        /// The data entry's kind (`TABLE DATA`, `BLOBS`).
        public var desc: String
        /// The table's schema.
        public var schema: String?
        /// The table's name.
        public var name: String
        /// nil when the table is not in that archive (or its data could not be read).
        public var rowsA: UInt64?
        /// Rows in B; nil when the table is not in B or its data could not be read.
        public var rowsB: UInt64?
        /// `rowsB - rowsA`, a side without rows counting as 0.
        public var rowsDifference: Int64?
        /// Decompressed data bytes in A.
        public var bytesA: UInt64?
        /// Decompressed data bytes in B.
        public var bytesB: UInt64?
        /// `bytesB - bytesA`, a side without data counting as 0.
        public var bytesDifference: Int64?
        /// Stored (compressed) bytes in A.
        public var storedA: UInt64?
        /// Stored (compressed) bytes in B.
        public var storedB: UInt64?
        /// Whether the rows or bytes differ, or the table is in one archive only.
        public var changed: Bool
    }

    /// Path of the first archive.
    public var archiveA: String
    /// Path of the second archive.
    public var archiveB: String
    /// Entries of A with no match in B, in A's TOC order.
    public var onlyInA: [EntryRef]
    /// Entries of B with no match in A, in B's TOC order.
    public var onlyInB: [EntryRef]
    /// Matched entries whose definition, owner or columns differ.
    public var changed: [Change]
    /// Every data entry of either archive (empty with `schemaOnly`).
    public var tables: [TableRows]
    /// Errors met reading data (a damaged archive): the row comparison is then incomplete.
    public var dataErrors: [String]

    /// Whether nothing differs and all data was read: the two archives would restore the same
    /// objects and the same row counts.
    public var isEqual: Bool {
        onlyInA.isEmpty && onlyInB.isEmpty && changed.isEmpty && !tables.contains { $0.changed } && dataErrors.isEmpty
    }

    /// Compares two opened archives: entries by type, schema and name, and (unless `schemaOnly`)
    /// every table's exact rows and bytes, reading both archives' data on `workers` threads.
    /// Does not throw: data that cannot be read is listed in ``dataErrors``.
    public static func make(
        _ a: Archive, _ b: Archive, schemaOnly: Bool = false,
        workers: Int = DataScan.defaultWorkers
    ) -> ArchiveDiff {
        var diff = ArchiveDiff(
            archiveA: a.path, archiveB: b.path, onlyInA: [], onlyInB: [], changed: [], tables: [],
            dataErrors: [])
        func key(_ e: TOCEntry) -> EntryRef { EntryRef(desc: e.desc, schema: e.namespace, name: e.tag ?? "") }
        var bByKey: [EntryRef: [TOCEntry]] = [:]
        for e in b.entries { bByKey[key(e), default: []].append(e) }
        var used: [EntryRef: Int] = [:]
        for e in a.entries {
            let k = key(e)
            let n = used[k, default: 0]
            guard let list = bByKey[k], n < list.count else {
                diff.onlyInA.append(k)
                continue
            }
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
        if x.desc == EntryDesc.tableData {
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
        struct K: Hashable {
            var desc: String
            var schema: String?
            var name: String
        }
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
