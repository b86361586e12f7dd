/// `pgdmp check`: predicts which post-data statements will fail when the archive is restored
/// (btree tuple size, duplicate keys, foreign-key orphans) and which rows make them fail.
public enum RestoreCheck {
    /// Reads every table's data once and predicts the post-data statements that will fail on the
    /// target, with the rows that make them fail: the question to answer before a restore that
    /// takes hours fails at its end.
    ///
    /// Does not throw: data that cannot be read is listed in ``CheckReport/unreadable`` (and makes
    /// ``CheckReport/exitCode`` 2); objects it cannot judge are in ``CheckReport/notChecked``.
    /// - Parameters:
    ///   - archive: An opened archive.
    ///   - options: The target and what to look for.
    ///   - progress: Receives the stored bytes of table data read.
    public static func run(
        _ archive: Archive, options: CheckOptions = CheckOptions(),
        progress: ProgressCounter? = nil
    ) -> CheckReport {
        let limit = BtreeTupleSize.limit(targetVersion: options.targetVersion)
        var report = CheckReport(
            archive: archive.path, targetVersion: options.targetVersion, btreeLimit: limit,
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
                if pos.count == pk.count {
                    p.rowKeyPositions = pos
                    p.rowKeyNames = pk
                }
            }
            plans[t] = p
            return p
        }
        var objects: [CheckedObject] = []
        var isUniqueObject: [Bool] = []
        // Check id → the LC_CTYPE its lower()/upper() followed.
        var caseMappings: [Int: String] = [:]
        var sizeCheckIds = Set<Int>()

        // Indexes and PRIMARY KEY / UNIQUE constraints
        for (entry, idx) in catalog.indexes {
            let object = "\(entry.desc) \(idx.constraint ?? idx.name) on \(idx.table)"
            let statement = firstStatement(entry.defn ?? "")
            if idx.only || (catalog.data[idx.table] == nil && !(catalog.partitions[idx.table] ?? []).isEmpty) {
                continue  // a partitioned table's index: each partition's own index entry is checked
            }
            let targets = catalog.dataTables(idx.table)
            // No data: the index is built on an empty table and cannot fail.
            if targets.isEmpty { continue }
            if idx.method != "btree" {
                report.notChecked.append(
                    NotChecked(
                        object: object,
                        reason: "\(idx.method) index: only btree size limits are modelled"))
            }
            var predicate: SQLExpression?
            if let pred = idx.predicate {
                guard let parsed = SQLExpression.parse(pred) else {
                    report.notChecked.append(
                        NotChecked(
                            object: object,
                            reason: "partial index (WHERE \(pred)): the predicate is not one pgdmp evaluates"))
                    continue
                }
                predicate = parsed
            }
            var exprs: [SQLExpression] = []
            var unsupported: IndexElement?
            for e in idx.keys + idx.include {
                switch e {
                case .column(let c): exprs.append(.column(c))
                case .expression(let text):
                    if let x = SQLExpression.parse(text) { exprs.append(x) } else { unsupported = unsupported ?? e }
                }
            }
            if let e = unsupported {
                report.notChecked.append(
                    NotChecked(object: object, reason: "expression key \(e.text) is not evaluated"))
                continue
            }
            let keyCount = idx.keys.count
            for t in targets {
                guard var p = plan(t) else { continue }
                var binder = ExpressionBinder(
                    columns: { name in
                        guard let pos = p.columns.firstIndex(of: name) else { return nil }
                        let col = catalog.columnType(t, name)?.1
                        return ColumnBinding(
                            position: pos, type: col.map { SQLType.of(column: $0.type) } ?? .other("unknown"),
                            collation: col?.collation)
                    }, targetLocale: options.targetLocale)
                var positions: [Int] = []
                var transforms: [KeyTransform] = []
                var notEvaluated: String?
                for x in exprs {
                    if case .column(let c) = x {
                        guard let pos = p.columns.firstIndex(of: c) else {
                            notEvaluated = "a key column is not in the COPY data of \(t) (generated or dropped?)"
                            break
                        }
                        positions.append(pos)
                        transforms.append(.column)
                        continue
                    }
                    do {
                        let (b, type) = try binder.bind(x)
                        guard let type, [.text, .int, .bool].contains(type) else {
                            throw NotEvaluable("its type \(type.map(ExpressionBinder.name(of:)) ?? "unknown")")
                        }
                        positions.append(x.columns.first.flatMap { p.columns.firstIndex(of: $0) } ?? 0)
                        transforms.append(.expression(b, type))
                    } catch {
                        notEvaluated = "expression key \(x.keyName) is not evaluated: \(error)"
                        break
                    }
                }
                var boundPredicate: BoundExpression?
                if notEvaluated == nil, let predicate {
                    do { boundPredicate = try binder.bindBool(predicate) } catch {
                        notEvaluated =
                            "partial index (WHERE \(idx.predicate ?? "")): the predicate is not evaluated: \(error)"
                    }
                }
                if let notEvaluated {
                    report.notChecked.append(NotChecked(object: object, reason: notEvaluated))
                    continue
                }
                let id = objects.count
                let keyNames = exprs.prefix(keyCount).map(\.keyName)
                objects.append(
                    CheckedObject(
                        name: idx.constraint ?? idx.name, table: t, statement: statement,
                        dumpId: entry.dumpId, columns: keyNames))
                isUniqueObject.append(idx.unique)
                let mapping =
                    (transforms.compactMap { tr -> CaseMapping? in
                        if case .expression(let b, _) = tr { return b.caseMapping } else { return nil }
                    } + [boundPredicate?.caseMapping].compactMap { $0 }).first
                if let mapping { caseMappings[id] = mapping.name }
                if idx.method == "btree" {
                    var specs: [KeyColumnSpec] = []
                    var unknown: String?
                    for (x, tr) in zip(exprs, transforms) {
                        if case .expression(_, let type) = tr {
                            // An expression's index column has no heap settings: attcompression unset,
                            // so index_form_tuple uses default_toast_compression (format notes §8.3).
                            switch type {
                            case .text:
                                specs.append(
                                    KeyColumnSpec(
                                        layout: .text, compressible: true, compression: options.toastCompression))
                            case .bool: specs.append(KeyColumnSpec(layout: .fixed(length: 1, align: 1)))
                            default:
                                // length() is int4; other integer results could be int8
                                guard case .call(let f, _) = x, f.hasSuffix("length") else {
                                    unknown = "\(x.keyName) (integer width)"
                                    break
                                }
                                specs.append(KeyColumnSpec(layout: .fixed(length: 4, align: 4)))
                            }
                            if unknown != nil { break }
                            continue
                        }
                        guard case .column(let c) = x, let (def, col) = catalog.columnType(t, c) else {
                            unknown = "\(x.keyName) (no column type)"
                            break
                        }
                        guard let layout = KeyLayout.of(type: col.type) else {
                            unknown = "\(c) of type \(col.type)"
                            break
                        }
                        let storage = def.storage[c]
                        let method =
                            def.compression[c].flatMap(ToastCompression.init(rawValue:)) ?? options.toastCompression
                        specs.append(
                            KeyColumnSpec(
                                layout: layout, compressible: storage != "plain" && storage != "external",
                                compression: method))
                    }
                    if let unknown {
                        report.notChecked.append(
                            NotChecked(
                                object: object,
                                reason: "tuple size: cannot size column \(unknown) exactly"))
                    } else {
                        p.sizeChecks.append(
                            SizeCheck(
                                id: id, positions: positions, specs: specs, transforms: transforms,
                                predicate: boundPredicate))
                        sizeCheckIds.insert(id)
                        p.indexNames[id] = idx.name
                    }
                }
                if idx.unique {
                    p.uniqueChecks.append(
                        UniqueCheck(
                            id: id, positions: Array(positions.prefix(keyCount)),
                            nullsNotDistinct: idx.nullsNotDistinct,
                            transforms: Array(transforms.prefix(keyCount)),
                            keyNames: keyNames, predicate: boundPredicate))
                }
                plans[t] = p
            }
        }

        // Foreign keys
        var fks: [(TOCEntry, ForeignKeyDefinition, [String])] = []
        for (entry, fk) in catalog.foreignKeys {
            let object = "FK CONSTRAINT \(fk.name) on \(fk.table)"
            if fk.notValid { continue }  // NOT VALID: the restore does not check existing rows
            let refCols =
                fk.referencedColumns.isEmpty ? (catalog.primaryKey(fk.referencedTable) ?? []) : fk.referencedColumns
            let children = catalog.dataTables(fk.table)
            let parents = catalog.dataTables(fk.referencedTable)
            if refCols.count != fk.columns.count {
                report.notChecked.append(NotChecked(object: object, reason: "referenced columns unknown"))
                continue
            }
            if fk.match == .partial {
                report.notChecked.append(
                    NotChecked(object: object, reason: "MATCH PARTIAL is not implemented by PostgreSQL"))
                continue
            }
            if children.isEmpty { continue }  // no referencing rows: nothing can fail
            let id = fks.count
            var ok = true
            for (t, cols, referencing) in children.map({ ($0, fk.columns, true) })
                + parents.map({ ($0, refCols, false) })
            {
                guard var p = plan(t) else { continue }
                let pos = cols.compactMap { p.columns.firstIndex(of: $0) }
                if pos.count != cols.count {
                    ok = false
                    continue
                }
                // Several foreign keys referencing the same key of a table share one key set
                // (statuses.id is referenced by five in Mastodon's schema).
                if !referencing, let j = p.keyCollects.firstIndex(where: { !$0.referencing && $0.positions == pos }) {
                    p.keyCollects[j].sharedWith.append(id)
                } else {
                    p.keyCollects.append(KeyCollect(fk: id, positions: pos, referencing: referencing, match: fk.match))
                }
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
                if !options.tables.isEmpty && !options.tables.contains(t.name)
                    && !options.tables.contains(t.description)
                {
                    continue
                }
                guard var p = plan(t) else { continue }
                p.valueColumns = d.columns.indices.filter {
                    options.columns.isEmpty || options.columns.contains(d.columns[$0])
                }
                plans[t] = p
            }
        }

        // Scan
        // Entries in archive order; one set of planned dump ids (a linear pass, not a search per entry).
        let planned = Set(plans.values.lazy.filter { !$0.isEmpty }.map(\.entry.dumpId))
        let selected = archive.entries.filter { planned.contains($0.dumpId) }
        let byId = Dictionary(uniqueKeysWithValues: plans.values.map { ($0.entry.dumpId, $0) })
        let scan = DataScan(archive: archive, workers: options.workers)
        // An archive that can be opened again keeps fingerprints in bounded memory and confirms the
        // repeated ones in a second pass over just those tables; one read once (a pipe) holds keys.
        let mode: TableScanner.Mode = scan.isRandomAccess && !options.holdKeysInMemory ? .logged : .exact
        var results = scan.run(
            entries: selected,
            work: { block -> TableScanResult in
                guard case .stream(let entry, let data) = block, let p = byId[entry.dumpId] else {
                    return TableScanResult()
                }
                data.progress = progress
                var scanner = TableScanner(plan: p, limit: limit, options: options)
                scanner.mode = mode
                return scanner.scan(data)
            },
            missing: { e in
                var r = TableScanResult()
                r.error = "\(e.label): no data stored in the archive"
                return r
            },
            failed: { e, err in
                var r = TableScanResult()
                r.error = err.inContext(e.label).description
                return r
            })
        report.memoryLimit = options.memoryLimit
        for r in results { report.spilledBytes += r.spilledBytes }
        // The referenced keys of each foreign key (sets shared, not copied).
        var parents = [Int: ParentKeys]()
        for r in results where r.error == nil {
            for (id, s) in r.parentKeys {
                if parents[id] == nil { parents[id] = s } else { parents[id]!.formUnion(s) }
            }
        }
        // Referencing integer keys missing from the referenced table, by entry and key collect.
        var orphanKeys = [Int32: [Int: Set<Int64>]]()
        for (entry, r) in zip(selected, results) where r.error == nil {
            guard let p = byId[entry.dumpId] else { continue }
            for (ci, kc) in p.keyCollects.enumerated() where kc.referencing {
                guard let c = r.childKeys[kc.fk], !c.distinctInts.isEmpty else { continue }
                let parentInts = parents[kc.fk]?.ints ?? []
                let missing = c.distinctInts.filter { !parentInts.contains($0) }
                if !missing.isEmpty { orphanKeys[entry.dumpId, default: [:]][ci] = Set(missing) }
            }
        }
        let toConfirm = selected.indices.filter {
            results[$0].error == nil && (!results[$0].candidates.isEmpty || orphanKeys[selected[$0].dumpId] != nil)
        }
        if !toConfirm.isEmpty {
            let candidates = Dictionary(
                uniqueKeysWithValues: toConfirm.map { (selected[$0].dumpId, results[$0].candidates) })
            let confirmed = scan.run(
                entries: toConfirm.map { selected[$0] },
                work: { block -> TableScanResult in
                    guard case .stream(let entry, let data) = block, let p = byId[entry.dumpId],
                        let c = candidates[entry.dumpId]
                    else { return TableScanResult() }
                    var scanner = TableScanner(plan: p, limit: limit, options: options)
                    scanner.mode = .confirm(c, orphans: orphanKeys[entry.dumpId] ?? [:])
                    return scanner.scan(data)
                },
                missing: { e in
                    var r = TableScanResult()
                    r.error = "\(e.label): no data stored in the archive"
                    return r
                },
                failed: { e, err in
                    var r = TableScanResult()
                    r.error = err.inContext(e.label).description
                    return r
                })
            for (i, c) in zip(toConfirm, confirmed) {
                if let e = c.error {
                    results[i].error = e
                    continue
                }
                for (id, keys) in c.duplicates { results[i].duplicates[id, default: []] += keys }
                for (id, n) in c.duplicateCount { results[i].duplicateCount[id, default: 0] += n }
                for (id, ck) in c.childKeys {
                    for (k, v) in ck.keys.ints { results[i].childKeys[id]?.keys.ints[k] = v }
                }
                results[i].keySetBytes += c.keySetBytes
            }
        }

        // Merge
        var oversized = [Int: [OversizedRow]]()
        var oversizedCount = [Int: Int]()
        var dups = [Int: [DuplicateKey]]()
        var dupCount = [Int: Int]()
        var children = [Int: [ChildKeys]]()
        var inexact = [Int: Int]()
        var tupleSizes = [Int: [Int: UInt64]]()
        for (entry, r) in zip(selected, results) {
            if let e = r.error {
                report.unreadable.append(e)
                continue
            }
            _ = entry
            for (id, rows) in r.oversized {
                oversized[id, default: []] += rows
                oversizedCount[id, default: 0] += r.oversizedCount[id] ?? 0
            }
            for (id, keys) in r.duplicates {
                dups[id, default: []] += keys
                dupCount[id, default: 0] += r.duplicateCount[id] ?? 0
            }
            for (id, c) in r.childKeys { children[id, default: []].append(c) }
            report.keySetBytes += r.keySetBytes
            for (id, n) in r.inexactRows { inexact[id, default: 0] += n }
            if let lv = r.largeValues { report.largeValues = (report.largeValues ?? []) + lv }
            if let h = r.histograms { report.histograms = (report.histograms ?? []) + h }
            for (id, sizes) in r.tupleSizes { tupleSizes[id, default: [:]].merge(sizes, uniquingKeysWith: +) }
        }
        if options.valuesOver != nil && report.largeValues == nil { report.largeValues = [] }

        for (id, o) in objects.enumerated() {
            if let n = inexact[id], n > 0 {
                report.notChecked.append(
                    NotChecked(
                        object: "\(o.name) on \(o.table)",
                        reason: "\(n) row(s) not checked: a key or predicate value could not be computed exactly here"
                            + (caseMappings[id].map {
                                " (case mapping of non-ASCII text under LC_CTYPE \($0), which this machine does not have; or a cast or comparison the server could reject)"
                            }
                                ?? " (a cast or comparison the server could reject, or a value such as infinity)")))
            }
            if let rows = oversized[id], !rows.isEmpty {
                report.oversizedIndexRows.append(
                    IndexSizeProblem(
                        index: o.name, table: o.table.description,
                        statement: o.statement, dumpId: o.dumpId, rows: Array(rows.prefix(options.maxRowsPerProblem)),
                        rowCount: oversizedCount[id] ?? rows.count))
            }
            if let keys = dups[id], !keys.isEmpty, isUniqueObject[id] {
                report.duplicateKeys.append(
                    DuplicateKeyProblem(
                        index: o.name, table: o.table.description,
                        statement: o.statement, dumpId: o.dumpId, keys: Array(keys.prefix(options.maxRowsPerProblem)),
                        keyCount: dupCount[id] ?? keys.count,
                        caseMappingLocale: caseMappings[id]))
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
                        rows.append(
                            OrphanRow(
                                row: v.row, key: "\(cols)=\(v.text)",
                                message: "MATCH FULL does not allow mixing of null and nonnull key values."))
                    }
                }
                c.forEachKey(notIn: parentSet) { text, n, keyRows in
                    count += n
                    for r in keyRows where rows.count < options.maxRowsPerProblem {
                        rows.append(
                            OrphanRow(
                                row: r, key: "\(cols)=\(text)",
                                message: "Key \(cols)=\(text) is not present in table \"\(fk.referencedTable.name)\"."))
                    }
                }
            }
            if count > 0 {
                rows.sort { $0.row.line < $1.row.line }
                report.foreignKeyOrphans.append(
                    ForeignKeyProblem(
                        constraint: fk.name, table: fk.table.description,
                        referencedTable: fk.referencedTable.description, match: fk.match,
                        statement: firstStatement(entry.defn ?? ""), dumpId: entry.dumpId, rows: rows, rowCount: count))
            }
        }
        if options.indexSizeHistograms {
            report.indexSizeHistograms = IndexSizeHistogram.make(
                objects: objects, sizeCheckIds: sizeCheckIds,
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
