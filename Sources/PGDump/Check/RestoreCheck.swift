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
        run(archive, options: options, progress: progress, verdicts: nil)
    }

    /// ``run(_:options:progress:)``, also carrying verify's content checks on every table it reads
    /// and recording the clean ones in `verdicts` (the report's one reading of the data).
    package static func run(
        _ archive: Archive, options: CheckOptions, progress: ProgressCounter?, verdicts: ContentVerdicts?
    ) -> CheckReport {
        let limit = BtreeTupleSize.limit(targetVersion: options.targetVersion)
        var report = CheckReport(
            archive: archive.path, targetVersion: options.targetVersion, btreeLimit: limit,
            toastCompression: options.toastCompression)
        let catalog = CheckCatalog(archive)
        let planner = CheckPlanner(catalog: catalog, options: options)
        report.notChecked = catalog.notChecked + planner.notChecked
        let scanned = scanTables(
            archive, plans: planner.plans, limit: limit, options: options, progress: progress, verdicts: verdicts)
        report.memoryLimit = options.memoryLimit
        merge(scanned, planner: planner, limit: limit, options: options, into: &report)
        report.notes = CheckNotes.make(archive)
        report.peakResidentBytes = Platform.peakResidentBytes
        return report
    }

    /// What the scan of every planned table found: per entry (in archive order) its result, and
    /// each foreign key's referenced keys.
    struct ScannedTables {
        var entries: [TOCEntry]
        var results: [TableScanResult]
        var parents: [Int: ParentKeys]
    }

    /// Reads every planned table once (on all cores, largest first) and, for the keys that repeat
    /// or are missing from their referenced table, a second time to confirm them exactly. With
    /// `verdicts`, the first reading of each table (when entries are opened by their TOC offsets)
    /// also runs verify's content checks and records the tables found whole.
    static func scanTables(
        _ archive: Archive, plans: [QualifiedName: TablePlan], limit: Int, options: CheckOptions,
        progress: ProgressCounter?, verdicts: ContentVerdicts? = nil
    ) -> ScannedTables {
        // Entries in archive order; one set of planned dump ids (a linear pass, not a search per entry).
        let planned = Set(plans.values.lazy.filter { !$0.isEmpty }.map(\.entry.dumpId))
        let selected = archive.entries.filter { planned.contains($0.dumpId) }
        let byId = Dictionary(uniqueKeysWithValues: plans.values.map { ($0.entry.dumpId, $0) })
        let scan = DataScan(archive: archive, workers: options.workers)
        // An archive that can be opened again keeps fingerprints in bounded memory and confirms the
        // repeated ones in a second pass over just those tables; one read once (a pipe) holds keys.
        let mode: TableScanner.Mode = scan.isRandomAccess && !options.holdKeysInMemory ? .logged : .exact
        // Finished foreign-key key sets stay in memory up to an eighth of --memory, the rest on disk.
        let retainBudget = IntKeyRuns.RetainBudget(bytes: options.memoryLimit / 8)
        /// One pass over `entries`: each table read by a scanner in the mode `modeOf` gives its dump id.
        func pass(
            _ entries: [TOCEntry], progress: ProgressCounter?, verdicts: ContentVerdicts? = nil,
            mode modeOf: @escaping (Int32) -> TableScanner.Mode?
        ) -> [TableScanResult] {
            scan.run(
                entries: entries,
                work: { block -> TableScanResult in
                    guard case .stream(let entry, let data) = block, let p = byId[entry.dumpId],
                        let mode = modeOf(entry.dumpId)
                    else { return TableScanResult() }
                    data.progress = progress
                    let witness = verdicts?.witness(entry, data)
                    var scanner = TableScanner(plan: p, limit: limit, options: options)
                    scanner.mode = mode
                    scanner.retainBudget = retainBudget
                    scanner.concurrentScans = min(options.workers, entries.count)
                    let result = scanner.scan(data)
                    witness?.finish(consumerFailed: result.error != nil)
                    return result
                },
                missing: { e in TableScanResult(error: "\(e.label): no data stored in the archive") },
                failed: { e, err in TableScanResult(error: err.inContext(e.label).description) })
        }
        var results = pass(selected, progress: progress, verdicts: scan.isRandomAccess ? verdicts : nil) { _ in mode }
        // The referenced keys of each foreign key (sets shared, not copied).
        var parents = [Int: ParentKeys]()
        for r in results where r.error == nil {
            for (id, s) in r.parentKeys {
                if parents[id] == nil { parents[id] = s } else { parents[id]!.formUnion(s) }
            }
        }
        // Referencing integer keys missing from the referenced table, by entry and key collect.
        var orphanKeys = [Int32: [Int: Set<Int64>]]()
        for (i, entry) in selected.enumerated() where results[i].error == nil {
            guard let p = byId[entry.dumpId] else { continue }
            for (ci, kc) in p.keyCollects.enumerated() where kc.referencing {
                guard let c = results[i].childKeys[kc.fk], !c.intRuns.isEmpty else { continue }
                do {
                    let missing = try IntKeyRuns.missing(
                        c.intRuns, from: parents[kc.fk]?.intRuns ?? [], orIn: parents[kc.fk]?.ints ?? [])
                    if !missing.isEmpty { orphanKeys[entry.dumpId, default: [:]][ci] = missing }
                } catch let e as PGDumpError {
                    results[i].error = e.inContext(entry.label).description
                } catch {
                    results[i].error = "\(entry.label): \(error)"
                }
            }
        }
        let toConfirm = selected.indices.filter {
            results[$0].error == nil && (!results[$0].candidates.isEmpty || orphanKeys[selected[$0].dumpId] != nil)
        }
        if !toConfirm.isEmpty {
            let candidates = Dictionary(
                uniqueKeysWithValues: toConfirm.map { (selected[$0].dumpId, results[$0].candidates) })
            let confirmed = pass(toConfirm.map { selected[$0] }, progress: nil) { [orphanKeys] id in
                candidates[id].map { .confirm($0, orphans: orphanKeys[id] ?? [:]) }
            }
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
        return ScannedTables(entries: selected, results: results, parents: parents)
    }

    /// Gathers the scan's findings into the report: one problem per failing statement, with its
    /// rows (up to ``CheckOptions/maxRowsPerProblem``) and their count.
    static func merge(
        _ scanned: ScannedTables, planner: CheckPlanner, limit: Int, options: CheckOptions,
        into report: inout CheckReport
    ) {
        let (results, parents, objects) = (scanned.results, scanned.parents, planner.objects)
        for r in results { report.spilledBytes += r.spilledBytes }
        var oversized = [Int: [OversizedRow]]()
        var oversizedCount = [Int: Int]()
        // Size check id → the row its build names, and how many tables (partitions) have oversized rows.
        var reported = [Int: OversizedRow]()
        var oversizedTables = [Int: Int]()
        var dups = [Int: [DuplicateKey]]()
        var dupCount = [Int: Int]()
        var children = [Int: [ChildKeys]]()
        var inexact = [Int: Int]()
        var tupleSizes = [Int: [Int: UInt64]]()
        for r in results {
            if let e = r.error {
                report.unreadable.append(e)
                continue
            }
            for (id, rows) in r.oversized {
                oversized[id, default: []] += rows
                oversizedCount[id, default: 0] += r.oversizedCount[id] ?? 0
                oversizedTables[id, default: 0] += 1
                if let first = r.firstOversized[id] { reported[id] = first.row }
            }
            for (id, keys) in r.duplicates {
                dups[id, default: []] += keys
                dupCount[id, default: 0] += r.duplicateCount[id] ?? 0
            }
            for (id, c) in r.childKeys { children[id, default: []].append(c) }
            report.keySetBytes += r.keySetBytes
            report.notChecked += r.notChecked
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
                            + (planner.caseMappings[id].map {
                                " (case mapping of non-ASCII text under LC_CTYPE \($0), which this machine does not have; or a cast or comparison the server could reject)"
                            }
                                ?? " (a cast or comparison the server could reject, or a value such as infinity)")))
            }
            if let rows = oversized[id], !rows.isEmpty {
                report.oversizedIndexRows.append(
                    IndexSizeProblem(
                        index: o.name, table: o.table.description,
                        statement: o.statement, dumpId: o.dumpId, rows: Array(rows.prefix(options.maxRowsPerProblem)),
                        rowCount: oversizedCount[id] ?? rows.count,
                        // Partitions build their indexes one by one: which is first is not modelled.
                        reportedRow: oversizedTables[id] == 1 ? reported[id] : nil))
            }
            if let keys = dups[id], !keys.isEmpty, planner.isUniqueObject[id] {
                report.duplicateKeys.append(
                    DuplicateKeyProblem(
                        index: o.name, table: o.table.description,
                        statement: o.statement, dumpId: o.dumpId, keys: Array(keys.prefix(options.maxRowsPerProblem)),
                        keyCount: dupCount[id] ?? keys.count,
                        caseMappingLocale: planner.caseMappings[id]))
            }
        }
        for (id, (entry, fk, _)) in planner.foreignKeys.enumerated() {
            let parentSet = parents[id] ?? ParentKeys()
            var rows: [OrphanRow] = []
            var count = 0
            let cols = "(" + fk.columns.joined(separator: ", ") + ")"
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
                objects: objects, sizeCheckIds: planner.sizeCheckIds,
                sizes: tupleSizes, limit: limit)
        }
    }

    /// The defn's first statement, on one line.
    static func firstStatement(_ defn: String) -> String {
        let first = defn.split(separator: ";", maxSplits: 1).first.map(String.init) ?? defn
        return first.split(whereSeparator: { $0 == "\n" })
            .map { String($0.drop(while: { $0 == " " || $0 == "\t" })) }
            .joined(separator: " ") + ";"
    }
}
