/// `pgdmp check`: predicts which post-data statements will fail when the archive is restored
/// (btree tuple size, duplicate keys, foreign-key orphans) and which rows make them fail.
public enum RestoreCheck {
    /// `progress` receives the stored bytes of table data read.
    public static func run(_ archive: Archive, options: CheckOptions = CheckOptions(),
                           progress: ProgressCounter? = nil) -> CheckReport {
        let limit = BtreeTupleSize.limit(targetVersion: options.targetVersion)
        var report = CheckReport(archive: archive.path, targetVersion: options.targetVersion, btreeLimit: limit,
                                 toastCompression: options.toastCompression)
        let catalog = CheckCatalog(archive)
        report.notChecked = catalog.notChecked
        var plans = [QualifiedName: TablePlan]()
        func plan(_ t: QualifiedName) -> TablePlan? {
            if let p = plans[t] { return p }
            guard let d = catalog.data[t] else { return nil }
            var p = TablePlan(entry: d.entry, table: t, columns: d.columns, rowKeyPositions: [], rowKeyNames: [])
            if let pk = catalog.primaryKey(t) {
                let pos = pk.compactMap { d.columns.firstIndex(of: $0) }
                if pos.count == pk.count { p.rowKeyPositions = pos; p.rowKeyNames = pk }
            }
            plans[t] = p
            return p
        }
        var objects: [CheckedObject] = []
        var isUniqueObject: [Bool] = []
        var sizeCheckIds = Set<Int>()

        // Indexes and PRIMARY KEY / UNIQUE constraints
        for (entry, idx) in catalog.indexes {
            let object = "\(entry.desc) \(idx.constraint ?? idx.name) on \(idx.table)"
            let statement = firstStatement(entry.defn ?? "")
            if idx.only || (catalog.data[idx.table] == nil && !(catalog.partitions[idx.table] ?? []).isEmpty) {
                continue   // a partitioned table's index: each partition's own index entry is checked
            }
            let targets = catalog.dataTables(idx.table)
            if targets.isEmpty {
                report.notChecked.append(NotChecked(object: object, reason: "the archive has no data for \(idx.table)"))
                continue
            }
            if idx.method != "btree" {
                report.notChecked.append(NotChecked(object: object,
                    reason: "\(idx.method) index: only btree size limits are modelled"))
            }
            if let pred = idx.predicate {
                report.notChecked.append(NotChecked(object: object,
                    reason: "partial index (WHERE \(pred)): the predicate is not evaluated"))
                continue
            }
            var exprs: [KeyExpression] = []
            var unsupported: IndexElement?
            for e in idx.keys + idx.include {
                if let x = KeyExpression(e) { exprs.append(x) } else { unsupported = unsupported ?? e }
            }
            if let e = unsupported {
                report.notChecked.append(NotChecked(object: object, reason: "expression key \(e.text) is not evaluated"))
                continue
            }
            let keyCount = idx.keys.count
            let allCols = exprs.map(\.column)
            for t in targets {
                guard var p = plan(t) else { continue }
                let positions = allCols.compactMap { p.columns.firstIndex(of: $0) }
                guard positions.count == allCols.count else {
                    report.notChecked.append(NotChecked(object: object,
                        reason: "a key column is not in the COPY data of \(t) (generated or dropped?)"))
                    continue
                }
                // md5()/lower() need a text (or, for md5, bytea) column; lower() is exact for every
                // value only under a C/POSIX collation.
                var transforms: [KeyTransform] = []
                var badExpr: String?
                for (i, x) in exprs.enumerated() {
                    guard let f = x.function else { transforms.append(.column); continue }
                    let col = catalog.columnType(t, x.column)?.1
                    let layout = col.flatMap { KeyLayout.of(type: $0.type) }
                    let castOK = x.cast.map { ["text", "character varying", "varchar"].contains($0) } ?? true
                    switch (f, layout) {
                    case (.md5, .text?) where castOK:
                        transforms.append(.md5)
                    case (.md5, .bytea?) where x.cast == nil:
                        transforms.append(.md5)
                        p.byteaPositions.insert(positions[i])
                    case (.lower, .text?) where castOK:
                        let collation = col?.collation ?? (catalog.databaseICU ? nil : catalog.databaseCType)
                        // An unknown (ICU default) locale might be Turkic: values with I are then not exact.
                        transforms.append(.lower(exact: collation.map(KeyExpression.isCLocale) ?? false,
                                                 turkic: collation.map(KeyExpression.isTurkicLocale) ?? true))
                    default:
                        badExpr = "\(x.keyName) of type \(col?.type ?? "unknown")"
                    }
                    if badExpr != nil { break }
                }
                if let badExpr {
                    report.notChecked.append(NotChecked(object: object, reason: "expression key \(badExpr) is not evaluated"))
                    continue
                }
                let id = objects.count
                objects.append(CheckedObject(name: idx.constraint ?? idx.name, table: t, statement: statement,
                                             dumpId: entry.dumpId, columns: Array(allCols.prefix(keyCount))))
                isUniqueObject.append(idx.unique)
                if idx.method == "btree" {
                    var specs: [KeyColumnSpec] = []
                    var unknown: String?
                    for (x, tr) in zip(exprs, transforms) {
                        let c = x.column
                        guard let (def, col) = catalog.columnType(t, c) else { unknown = "\(c) (no column type)"; break }
                        if tr != .column {
                            // An expression's index column has no heap settings: attcompression unset,
                            // so index_form_tuple uses default_toast_compression (format notes §8.3).
                            specs.append(KeyColumnSpec(layout: .text, compressible: true, compression: options.toastCompression))
                            continue
                        }
                        guard let layout = KeyLayout.of(type: col.type) else { unknown = "\(c) of type \(col.type)"; break }
                        let storage = def.storage[c]
                        let method = def.compression[c].flatMap(ToastCompression.init(rawValue:)) ?? options.toastCompression
                        specs.append(KeyColumnSpec(layout: layout, compressible: storage != "plain" && storage != "external",
                                                   compression: method))
                    }
                    if let unknown {
                        report.notChecked.append(NotChecked(object: object,
                            reason: "tuple size: cannot size column \(unknown) exactly"))
                    } else {
                        p.sizeChecks.append(SizeCheck(id: id, positions: positions, specs: specs, transforms: transforms))
                        sizeCheckIds.insert(id)
                        p.indexNames[id] = idx.name
                    }
                }
                if idx.unique {
                    p.uniqueChecks.append(UniqueCheck(id: id, positions: Array(positions.prefix(keyCount)),
                                                      nullsNotDistinct: idx.nullsNotDistinct,
                                                      transforms: Array(transforms.prefix(keyCount)),
                                                      keyNames: exprs.prefix(keyCount).map(\.keyName)))
                }
                plans[t] = p
            }
        }

        // Foreign keys
        var fks: [(TOCEntry, ForeignKeyDefinition, [String])] = []
        for (entry, fk) in catalog.foreignKeys {
            let object = "FK CONSTRAINT \(fk.name) on \(fk.table)"
            if fk.notValid { continue }   // NOT VALID: the restore does not check existing rows
            let refCols = fk.referencedColumns.isEmpty ? (catalog.primaryKey(fk.referencedTable) ?? []) : fk.referencedColumns
            let children = catalog.dataTables(fk.table), parents = catalog.dataTables(fk.referencedTable)
            if refCols.count != fk.columns.count {
                report.notChecked.append(NotChecked(object: object, reason: "referenced columns unknown")); continue
            }
            if fk.match == .partial {
                report.notChecked.append(NotChecked(object: object, reason: "MATCH PARTIAL is not implemented by PostgreSQL")); continue
            }
            if children.isEmpty { continue }   // no referencing rows: nothing can fail
            let id = fks.count
            var ok = true
            for (t, cols, referencing) in children.map({ ($0, fk.columns, true) }) + parents.map({ ($0, refCols, false) }) {
                guard var p = plan(t) else { continue }
                let pos = cols.compactMap { p.columns.firstIndex(of: $0) }
                if pos.count != cols.count { ok = false; continue }
                p.keyCollects.append(KeyCollect(fk: id, positions: pos, referencing: referencing, match: fk.match))
                plans[t] = p
            }
            if !ok {
                report.notChecked.append(NotChecked(object: object, reason: "a key column is not in the COPY data"))
            }
            fks.append((entry, fk, refCols))
        }

        // --values-over / --histogram
        if options.valuesOver != nil || options.histogram {
            for (t, d) in catalog.data {
                if !options.tables.isEmpty && !options.tables.contains(t.name) && !options.tables.contains(t.description) { continue }
                guard var p = plan(t) else { continue }
                p.valueColumns = d.columns.indices.filter { options.columns.isEmpty || options.columns.contains(d.columns[$0]) }
                plans[t] = p
            }
        }

        // Scan
        let selected = archive.entries.filter { e in plans.values.contains { $0.entry.dumpId == e.dumpId && !$0.isEmpty } }
        let byId = Dictionary(uniqueKeysWithValues: plans.values.map { ($0.entry.dumpId, $0) })
        let scan = DataScan(archive: archive, workers: options.workers)
        let results = scan.run(entries: selected, work: { block -> TableScanResult in
            guard case .stream(let entry, let data) = block, let p = byId[entry.dumpId] else { return TableScanResult() }
            data.progress = progress
            return TableScanner(plan: p, limit: limit, options: options).scan(data)
        }, missing: { e in
            var r = TableScanResult(); r.error = "\(e.label): no data stored in the archive"; return r
        }, failed: { e, err in
            var r = TableScanResult(); r.error = err.inContext(e.label).description; return r
        })

        // Merge
        var oversized = [Int: [OversizedRow]](), oversizedCount = [Int: Int]()
        var dups = [Int: [DuplicateKey]](), dupCount = [Int: Int]()
        var children = [Int: [ChildKeys]](), parents = [Int: ParentKeys]()
        var inexact = [Int: Int]()
        var tupleSizes = [Int: [Int: UInt64]]()
        for (entry, r) in zip(selected, results) {
            if let e = r.error { report.unreadable.append(e); continue }
            _ = entry
            for (id, rows) in r.oversized { oversized[id, default: []] += rows; oversizedCount[id, default: 0] += r.oversizedCount[id] ?? 0 }
            for (id, keys) in r.duplicates { dups[id, default: []] += keys; dupCount[id, default: 0] += r.duplicateCount[id] ?? 0 }
            for (id, c) in r.childKeys { children[id, default: []].append(c) }
            for (id, s) in r.parentKeys { parents[id, default: ParentKeys()].formUnion(s) }
            report.keySetBytes += r.keySetBytes
            for (id, n) in r.inexactRows { inexact[id, default: 0] += n }
            if let lv = r.largeValues { report.largeValues = (report.largeValues ?? []) + lv }
            if let h = r.histograms { report.histograms = (report.histograms ?? []) + h }
            for (id, sizes) in r.tupleSizes { tupleSizes[id, default: [:]].merge(sizes, uniquingKeysWith: +) }
        }
        if options.valuesOver != nil && report.largeValues == nil { report.largeValues = [] }

        for (id, o) in objects.enumerated() {
            if let n = inexact[id], n > 0 {
                report.notChecked.append(NotChecked(object: "\(o.name) on \(o.table)",
                    reason: "\(n) row(s) not checked (lower() of non-ASCII text depends on the collation)"))
            }
            if let rows = oversized[id], !rows.isEmpty {
                report.oversizedIndexRows.append(IndexSizeProblem(index: o.name, table: o.table.description,
                    statement: o.statement, dumpId: o.dumpId, rows: Array(rows.prefix(options.maxRowsPerProblem)),
                    rowCount: oversizedCount[id] ?? rows.count))
            }
            if let keys = dups[id], !keys.isEmpty, isUniqueObject[id] {
                report.duplicateKeys.append(DuplicateKeyProblem(index: o.name, table: o.table.description,
                    statement: o.statement, dumpId: o.dumpId, keys: Array(keys.prefix(options.maxRowsPerProblem)),
                    keyCount: dupCount[id] ?? keys.count))
            }
        }
        for (id, (entry, fk, refCols)) in fks.enumerated() {
            let parentSet = parents[id] ?? ParentKeys()
            var rows: [OrphanRow] = []
            var count = 0
            let cols = "(" + fk.columns.joined(separator: ", ") + ")"
            _ = refCols
            for c in children[id] ?? [] {
                for v in c.mixedNulls {
                    count += 1
                    if rows.count < options.maxRowsPerProblem {
                        rows.append(OrphanRow(row: v.row, key: "\(cols)=\(v.text)",
                                              message: "MATCH FULL does not allow mixing of null and nonnull key values."))
                    }
                }
                c.forEachKey(notIn: parentSet) { text, n, keyRows in
                    count += n
                    for r in keyRows where rows.count < options.maxRowsPerProblem {
                        rows.append(OrphanRow(row: r, key: "\(cols)=\(text)",
                            message: "Key \(cols)=\(text) is not present in table \"\(fk.referencedTable.name)\"."))
                    }
                }
            }
            if count > 0 {
                rows.sort { $0.row.line < $1.row.line }
                report.foreignKeyOrphans.append(ForeignKeyProblem(constraint: fk.name, table: fk.table.description,
                    referencedTable: fk.referencedTable.description, match: fk.match,
                    statement: firstStatement(entry.defn ?? ""), dumpId: entry.dumpId, rows: rows, rowCount: count))
            }
        }
        if options.indexSizeHistograms {
            report.indexSizeHistograms = IndexSizeHistogram.make(objects: objects, sizeCheckIds: sizeCheckIds,
                                                                 sizes: tupleSizes, limit: limit)
        }
        report.notes = CheckNotes.make(archive)
        return report
    }

    /// The defn's first statement, on one line.
    static func firstStatement(_ defn: String) -> String {
        let first = defn.split(separator: ";", maxSplits: 1).first.map(String.init) ?? defn
        return first.split(whereSeparator: { $0 == "\n" })
            .map { String($0.drop(while: { $0 == " " || $0 == "\t" })) }
            .joined(separator: " ") + ";"
    }
}
