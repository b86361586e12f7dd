/// The first phase of `check`: turns the archive's indexes, key constraints, foreign keys and the
/// value options into one ``TablePlan`` per TABLE DATA entry, so that each table is then read once
/// for every check that concerns it. What cannot be judged is collected in ``notChecked`` (in TOC
/// order: indexes first, then foreign keys), never silently dropped.
struct CheckPlanner {
    let catalog: CheckCatalog
    let options: CheckOptions
    /// One plan per table that has data and something to check.
    private(set) var plans: [QualifiedName: TablePlan] = [:]
    /// Every index or key constraint planned, by check id (its position).
    private(set) var objects: [CheckedObject] = []
    /// Per check id: whether the index is unique (a non-unique one is only sized).
    private(set) var isUniqueObject: [Bool] = []
    /// Check id → the LC_CTYPE its lower()/upper() followed.
    private(set) var caseMappings: [Int: String] = [:]
    /// Check ids that have a btree size check.
    private(set) var sizeCheckIds = Set<Int>()
    /// The foreign keys checked, by foreign-key id (their position), with their referenced columns.
    private(set) var foreignKeys: [(entry: TOCEntry, fk: ForeignKeyDefinition, referencedColumns: [String])] = []
    /// Objects the plan cannot judge, with the reason.
    private(set) var notChecked: [NotChecked] = []

    /// Plans every check for `catalog` under `options`.
    init(catalog: CheckCatalog, options: CheckOptions) {
        self.catalog = catalog
        self.options = options
        planIndexes()
        planForeignKeys()
        planValueColumns()
    }

    /// The plan of table `t`, made on first use (with its primary key to name rows); nil when the
    /// table has no data in the archive.
    private mutating func plan(_ t: QualifiedName) -> TablePlan? {
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

    // MARK: Indexes and PRIMARY KEY / UNIQUE constraints

    private mutating func planIndexes() {
        for (entry, idx) in catalog.indexes {
            let object = "\(entry.desc) \(idx.constraint ?? idx.name) on \(idx.table)"
            if idx.only || (catalog.data[idx.table] == nil && !(catalog.partitions[idx.table] ?? []).isEmpty) {
                continue  // a partitioned table's index: each partition's own index entry is checked
            }
            let targets = catalog.dataTables(idx.table)
            // No data: the index is built on an empty table and cannot fail.
            if targets.isEmpty { continue }
            if idx.method != "btree" {
                notChecked.append(
                    NotChecked(object: object, reason: "\(idx.method) index: only btree size limits are modelled"))
            }
            var predicate: SQLExpression?
            if let pred = idx.predicate {
                guard let parsed = SQLExpression.parse(pred) else {
                    notChecked.append(
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
                notChecked.append(NotChecked(object: object, reason: "expression key \(e.text) is not evaluated"))
                continue
            }
            for t in targets {
                planIndex(entry: entry, idx, object: object, keys: exprs, predicate: predicate, on: t)
            }
        }
    }

    /// Plans one index on one table that holds its rows (a partition's, or the table's own).
    private mutating func planIndex(
        entry: TOCEntry, _ idx: IndexDefinition, object: String, keys exprs: [SQLExpression],
        predicate: SQLExpression?, on t: QualifiedName
    ) {
        guard var p = plan(t) else { return }
        let keyCount = idx.keys.count
        var binder = ExpressionBinder(
            columns: { [catalog, columns = p.columns] name in
                guard let pos = columns.firstIndex(of: name) else { return nil }
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
                notEvaluated = "partial index (WHERE \(idx.predicate ?? "")): the predicate is not evaluated: \(error)"
            }
        }
        if let notEvaluated {
            notChecked.append(NotChecked(object: object, reason: notEvaluated))
            return
        }
        let id = objects.count
        let keyNames = exprs.prefix(keyCount).map(\.keyName)
        objects.append(
            CheckedObject(
                name: idx.constraint ?? idx.name, table: t, statement: RestoreCheck.firstStatement(entry.defn ?? ""),
                dumpId: entry.dumpId, columns: keyNames))
        isUniqueObject.append(idx.unique)
        let mapping =
            (transforms.compactMap { tr -> CaseMapping? in
                if case .expression(let b, _) = tr { return b.caseMapping } else { return nil }
            } + [boundPredicate?.caseMapping].compactMap { $0 }).first
        if let mapping { caseMappings[id] = mapping.name }
        if idx.method == "btree" {
            switch keySpecs(keys: exprs, transforms: transforms, on: t) {
            case .failure(let unknown):
                notChecked.append(
                    NotChecked(object: object, reason: "tuple size: cannot size column \(unknown.what) exactly"))
            case .success(let specs):
                p.sizeChecks.append(
                    SizeCheck(
                        id: id, positions: positions, specs: specs, transforms: transforms,
                        predicate: boundPredicate,
                        keyOrder: BtreeKeyOrder(
                            columns: exprs.prefix(keyCount).map { x -> ColumnDefinition? in
                                guard case .column(let c) = x else { return nil }
                                return catalog.columnType(t, c)?.1
                            },
                            orders: idx.keyOrders, targetCollation: options.targetLocale)))
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

    /// A key column the btree sizing cannot size exactly (what to name in "Not checked").
    struct UnsizedColumn: Error {
        var what: String
    }

    /// How each key column of a btree index is stored in an index tuple, for exact sizing.
    private func keySpecs(
        keys exprs: [SQLExpression], transforms: [KeyTransform], on t: QualifiedName
    ) -> Result<[KeyColumnSpec], UnsizedColumn> {
        var specs: [KeyColumnSpec] = []
        for (x, tr) in zip(exprs, transforms) {
            if case .expression(_, let type) = tr {
                // An expression's index column has no heap settings: attcompression unset,
                // so index_form_tuple uses default_toast_compression (format notes §8.3).
                switch type {
                case .text:
                    specs.append(
                        KeyColumnSpec(layout: .text, compressible: true, compression: options.toastCompression))
                case .bool: specs.append(KeyColumnSpec(layout: .fixed(length: 1, align: 1)))
                default:
                    // length() is int4; other integer results could be int8
                    guard case .call(let f, _) = x, f.hasSuffix("length") else {
                        return .failure(UnsizedColumn(what: "\(x.keyName) (integer width)"))
                    }
                    specs.append(KeyColumnSpec(layout: .fixed(length: 4, align: 4)))
                }
                continue
            }
            guard case .column(let c) = x, let (def, col) = catalog.columnType(t, c) else {
                return .failure(UnsizedColumn(what: "\(x.keyName) (no column type)"))
            }
            guard let layout = KeyLayout.of(type: col.type) else {
                return .failure(UnsizedColumn(what: "\(c) of type \(col.type)"))
            }
            let storage = def.storage[c]
            let method = def.compression[c].flatMap(ToastCompression.init(rawValue:)) ?? options.toastCompression
            specs.append(
                KeyColumnSpec(
                    layout: layout, compressible: storage != "plain" && storage != "external", compression: method))
        }
        return .success(specs)
    }

    // MARK: Foreign keys

    private mutating func planForeignKeys() {
        for (entry, fk) in catalog.foreignKeys {
            let object = "FK CONSTRAINT \(fk.name) on \(fk.table)"
            if fk.notValid { continue }  // NOT VALID: the restore does not check existing rows
            let refCols =
                fk.referencedColumns.isEmpty ? (catalog.primaryKey(fk.referencedTable) ?? []) : fk.referencedColumns
            let children = catalog.dataTables(fk.table)
            let parents = catalog.dataTables(fk.referencedTable)
            if refCols.count != fk.columns.count {
                notChecked.append(NotChecked(object: object, reason: "referenced columns unknown"))
                continue
            }
            if fk.match == .partial {
                notChecked.append(NotChecked(object: object, reason: "MATCH PARTIAL is not implemented by PostgreSQL"))
                continue
            }
            if children.isEmpty { continue }  // no referencing rows: nothing can fail
            let id = foreignKeys.count
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
                notChecked.append(NotChecked(object: object, reason: "a key column is not in the COPY data"))
            }
            foreignKeys.append((entry, fk, refCols))
        }
    }

    // MARK: --values-over / --histogram

    private mutating func planValueColumns() {
        guard options.valuesOver != nil || options.histogram else { return }
        for (t, d) in catalog.data {
            if !options.tables.isEmpty && !options.tables.contains(t.name) && !options.tables.contains(t.description) {
                continue
            }
            guard var p = plan(t) else { continue }
            p.valueColumns = d.columns.indices.filter {
                options.columns.isEmpty || options.columns.contains(d.columns[$0])
            }
            plans[t] = p
        }
    }
}
