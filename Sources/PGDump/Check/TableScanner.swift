/// A row's primary-key value as raw COPY data, turned into display text only when a problem is reported.
enum RawRowKey {
    case none
    /// A single key column whose COPY text is a canonical decimal integer.
    case int(Int64)
    /// Each field as a UInt32 length (0xFFFFFFFF for NULL) and its raw COPY bytes.
    case bytes([UInt8])
}

/// A row: its COPY line and its primary-key value, not yet formatted.
struct RawRow {
    var line: UInt64
    var key: RawRowKey

    func rowRef(names: [String]) -> RowRef {
        let vals: [String]
        switch key {
        case .none: return RowRef(key: nil, line: line)
        case .int(let v): vals = [String(v)]
        case .bytes(let b): vals = RawRow.fields(b)
        }
        if vals.count == 1 && names.count == 1 { return RowRef(key: "\(names[0])=\(vals[0])", line: line) }
        return RowRef(key: "(\(names.joined(separator: ", ")))=(\(vals.joined(separator: ", ")))", line: line)
    }

    /// Display values of a length-prefixed key (`.bytes` row keys, foreign-key child keys).
    static func fields(_ b: [UInt8]) -> [String] {
        var out: [String] = []
        var i = 0
        b.withUnsafeBytes { p in
            while i + 4 <= p.count {
                let n = p.loadUnaligned(fromByteOffset: i, as: UInt32.self)
                i += 4
                if n == .max {
                    out.append("null")
                    continue
                }
                out.append(TableScanner.display(UnsafeRawBufferPointer(rebasing: p[i..<i + Int(n)])))
                i += Int(n)
            }
        }
        return out
    }
}

/// A key as the scan computes it for one row.
enum ScanKey {
    case int(Int64)
    case bytes([UInt8])
}

/// Keys of the referencing side of one foreign key, from one table: each distinct key
/// with how many rows carry it and the first few of them.
struct ChildKeys {
    struct Rows {
        var count: Int
        var first: RawRow
        /// The second and third rows with the key.
        var more: [RawRow] = []
    }
    var keys = KeyStore<Rows>()
    /// `.logged` scans: the canonical integer keys, as sorted runs in bounded memory; the rows of
    /// those missing from the referenced table are gathered in a second, targeted pass.
    var intRuns: [IntKeyRuns] = []

    /// MATCH FULL rows with some but not all key columns NULL.
    var mixedNulls: [(row: RowRef, text: String)] = []
    /// Primary-key column names of the table, to print rows.
    var rowKeyNames: [String] = []

    /// Counts one more referencing row with `key`, keeping its first three rows; true when the
    /// key is new (so the caller can account for its memory).
    @inline(__always) @discardableResult
    static func count<K: Hashable>(_ key: K, in rows: inout [K: Rows], row: () -> RawRow) -> Bool {
        if let i = rows.index(forKey: key) {
            rows.values[i].count += 1
            if rows.values[i].more.count < 2 { rows.values[i].more.append(row()) }
            return false
        }
        rows[key] = Rows(count: 1, first: row())
        return true
    }

    /// Each distinct key as PostgreSQL prints it (`(v1, v2)`), with its row count and first rows.
    func forEachKey(notIn parent: ParentKeys, _ body: (_ text: String, _ count: Int, _ rows: [RowRef]) -> Void) {
        func rows(_ r: Rows) -> [RowRef] { ([r.first] + r.more).map { $0.rowRef(names: rowKeyNames) } }
        for (k, r) in keys.ints where !parent.ints.contains(k) { body("(\(k))", r.count, rows(r)) }
        for (k, r) in keys.bytes where !parent.bytes.contains(k) {
            body("(" + RawRow.fields(k).joined(separator: ", ") + ")", r.count, rows(r))
        }
    }
}

/// Keys of the referenced side of one foreign key.
struct ParentKeys {
    var ints = Set<Int64>()
    var bytes = Set<[UInt8]>()
    /// `.logged` scans: the canonical integer keys, as sorted runs in bounded memory.
    var intRuns: [IntKeyRuns] = []
    mutating func formUnion(_ o: ParentKeys) {
        ints.formUnion(o.ints)
        bytes.formUnion(o.bytes)
        intRuns += o.intRuns
    }
}

/// What one table's scan found.
struct TableScanResult {
    var oversized: [Int: [OversizedRow]] = [:]
    var oversizedCount: [Int: Int] = [:]
    /// Size check id → the oversized row first in the index's key order (the one the index build
    /// names), when that order is reproducible; with its key.
    var firstOversized: [Int: (key: [[UInt8]?], row: OversizedRow)] = [:]
    var duplicates: [Int: [DuplicateKey]] = [:]
    var duplicateCount: [Int: Int] = [:]
    var childKeys: [Int: ChildKeys] = [:]
    var parentKeys: [Int: ParentKeys] = [:]
    var largeValues: [LargeValue]?
    var histograms: [ColumnHistogram]?
    var keySetBytes = 0
    /// Check id → rows skipped because lower() of a non-ASCII value depends on the collation.
    var inexactRows: [Int: Int] = [:]
    /// With `CheckOptions.indexSizeHistograms`: size check id → MAXALIGNed tuple size → rows.
    var tupleSizes: [Int: [Int: UInt64]] = [:]
    var error: String?
    /// `.logged` scans: unique check (position in the plan) → lines whose key (or fingerprint) repeats,
    /// ascending, to confirm in a `.confirm` scan.
    var candidates: [Int: [UInt64]] = [:]
    /// Bytes of sorted runs written to `$TMPDIR`.
    var spilledBytes = 0
    /// What this table's scan could not check (rows whose checked values are too long to hold).
    var notChecked: [NotChecked] = []
}

/// Reads one TABLE DATA entry's COPY rows once and runs every check planned for it.
struct TableScanner {
    let plan: TablePlan
    let limit: Int
    let options: CheckOptions

    /// How unique keys are checked.
    enum Mode {
        /// Every key held in memory, duplicates found as the rows go by (an archive read once, from a pipe).
        case exact
        /// Each key logged as (integer or fingerprint, line) in bounded memory, spilled to sorted
        /// runs; repeated ones become candidates, except integer primary keys, reported at once.
        case logged
        /// Second pass: only the candidate lines of each unique check, checked exactly as `.exact`
        /// does (a fingerprint collision of different keys is not a duplicate), and the rows of the
        /// referencing keys (by key collect) found missing from the referenced table. No other checks.
        case confirm([Int: [UInt64]], orphans: [Int: Set<Int64>])
    }
    var mode = Mode.exact
    /// Tables scanned at the same time, which share the key buffers' part of --memory.
    var concurrentScans = 1
    /// What finished foreign-key key sets of the whole check may keep in memory (`.logged`).
    var retainBudget: IntKeyRuns.RetainBudget?
    /// Rough per-entry overhead of a Swift hashed collection element plus its array header.
    static let keyOverhead = 48

    /// Bytes held by the hash table of a Swift Set/Dictionary of `capacity` with `entry`-byte elements
    /// (buckets at most 3/4 full, plus the occupancy bitmap).
    static func tableBytes(capacity: Int, entry: Int) -> Int {
        capacity == 0 ? 0 : capacity * 4 / 3 * entry + capacity / 6
    }

    func scan(_ data: EntryDataReader) -> TableScanResult {
        var r = TableScanResult()
        var logged = false
        var confirming = false
        var orphanKeys: [Int: Set<Int64>] = [:]
        var candidates: [[UInt64]] = Array(repeating: [], count: plan.uniqueChecks.count)
        var cursors = [Int](repeating: 0, count: plan.uniqueChecks.count)
        switch mode {
        case .exact: break
        case .logged: logged = true
        case .confirm(let c, let o):
            confirming = true
            for (ci, lines) in c { candidates[ci] = lines }
            orphanKeys = o
        }
        let fullScan = !confirming
        // Key buffers share three quarters of --memory (the rest is for decoding and the process
        // itself), half for unique checks and half for foreign keys, split among the tables read at once.
        let keyBudget = options.memoryLimit * 3 / 8 / max(1, concurrentScans)
        // Canonical integer keys of each key collect, both sides (`.logged`), in sorted runs.
        let intRuns: [IntKeyRuns?] = plan.keyCollects.map { _ in
            logged
                ? IntKeyRuns(maxRecords: keyBudget / max(1, plan.keyCollects.count) / 8, budget: retainBudget) : nil
        }
        // Logs of each unique check: canonical integer keys (exact) and fingerprints of the others.
        let perLog = keyBudget / 2 / max(1, plan.uniqueChecks.count) / MemoryLayout<KeyRunLog.Record>.stride
        var intLogs = logged ? (0..<plan.uniqueChecks.count).map { _ in KeyRunLog(maxRecords: perLog) } : []
        var hashLogs = logged ? (0..<plan.uniqueChecks.count).map { _ in KeyRunLog(maxRecords: perLog) } : []
        defer {
            for i in intLogs.indices {
                intLogs[i].close()
                hashLogs[i].close()
            }
        }
        let fingerprintBits = options.fingerprintBits
        let reader = CopyLineReader(data: data, longLineLimit: options.longRowLimit)
        var ranges: [Range<Int>] = []
        // Per unique check (by position in plan.uniqueChecks): key -> first line, and the first row's
        // primary key when the check is not on the primary key itself.
        var uniqueKeys = [KeyStore<UInt64>](repeating: KeyStore(), count: plan.uniqueChecks.count)
        // Integer keys of each unique check, and the deferred ones (below). Plain memory: an array of
        // structs would check its uniqueness on every row.
        let uniqueInts = UnsafeMutablePointer<Int64LineTable>.allocate(capacity: max(1, plan.uniqueChecks.count))
        let deferredKeys = UnsafeMutablePointer<KeyLineLog>.allocate(capacity: max(1, plan.uniqueChecks.count))
        for ci in plan.uniqueChecks.indices {
            (uniqueInts + ci).initialize(to: Int64LineTable())
            (deferredKeys + ci).initialize(to: KeyLineLog())
        }
        defer {
            for ci in plan.uniqueChecks.indices {
                uniqueInts[ci].deallocate()
                deferredKeys[ci].deallocate()
            }
            uniqueInts.deallocate()
            deferredKeys.deallocate()
        }
        var uniqueFirstRowKeys = [[UInt64: RawRowKey]](repeating: [:], count: plan.uniqueChecks.count)
        let rowKeyPositions = plan.rowKeyPositions
        let uniqueIsRowKey = plan.uniqueChecks.map {
            rowKeyPositions.isEmpty || ($0.positions == rowKeyPositions && $0.transforms.allSatisfy(\.isColumn))
        }
        let uniqueIsColumns = plan.uniqueChecks.map { $0.transforms.allSatisfy(\.isColumn) }
        let uniquePredicates = plan.uniqueChecks.map(\.predicate)
        let uniqueCount = plan.uniqueChecks.count
        let keyCollectCount = plan.keyCollects.count
        // The column of a single-column check on the column itself, else -1.
        let uniqueSingle = plan.uniqueChecks.indices.map { i in
            uniqueIsColumns[i] && plan.uniqueChecks[i].positions.count == 1 ? plan.uniqueChecks[i].positions[0] : -1
        }
        // A single-column check on the primary key (or of a table without one) holding integers: keys
        // and lines are appended here and sorted after the scan (duplicates found then). Appending
        // reads no memory out of order, where a hash table misses the cache on nearly every row.
        let uniqueDeferred = uniqueSingle.indices.map { uniqueSingle[$0] >= 0 && uniqueIsRowKey[$0] }
        let keyCollectSingle = plan.keyCollects.map { $0.positions.count == 1 ? $0.positions[0] : -1 }
        let keyCollectReferencing = plan.keyCollects.map(\.referencing)
        // Per key collect (by position in plan.keyCollects).
        var children = [ChildKeys](repeating: ChildKeys(rowKeyNames: plan.rowKeyNames), count: plan.keyCollects.count)
        var parents = [ParentKeys](repeating: ParentKeys(), count: plan.keyCollects.count)
        // Size checks whose every key column is fixed-width and within the limit cannot fail.
        let sizing = options.indexSizeHistograms
        let sizeChecks = plan.sizeChecks.filter { check in
            if sizing { return true }
            var total = 16
            for (spec, tr) in zip(check.specs, check.transforms) {
                guard tr.isColumn, check.predicate == nil, case .fixed(let len, _) = spec.layout else { return true }
                total += len + 7
            }
            return BtreeTupleSize.align(total, 8) > limit
        }
        // Index size histograms: keys of fixed-width columns only have one size without NULLs (counted
        // here), the others are counted per size.
        let fixedSizes = sizeChecks.map { sizing ? BtreeTupleSize.fixedSize($0) : nil }
        let rowChecks = RowChecks(sizeChecks: sizeChecks, uniqueChecks: plan.uniqueChecks, sizing: sizing)
        // The foreign keys' run sets, read without a retain and release per row (the array keeps them).
        let intRunRefs = intRuns.map { $0.map(Unmanaged.passUnretained) }
        var fixedRows = [UInt64](repeating: 0, count: sizeChecks.count)
        var sizeCounts = [[Int: UInt64]](repeating: [:], count: sizeChecks.count)
        var hist = [(nulls: UInt64, max: Int, buckets: [UInt64])](
            repeating: (0, 0, Array(repeating: 0, count: 64)),
            count: plan.valueColumns.count)
        // Fields past the last one any check reads are not split.
        var lastField = -1
        for p in rowKeyPositions { lastField = max(lastField, p) }
        for c in sizeChecks { for p in c.positions { lastField = max(lastField, p) } }
        for c in plan.uniqueChecks { for p in c.positions { lastField = max(lastField, p) } }
        for c in plan.keyCollects { for p in c.positions { lastField = max(lastField, p) } }
        for p in plan.valueColumns { lastField = max(lastField, p) }
        // and the columns expression keys and predicates read
        for c in plan.sizeChecks {
            for tr in c.transforms { if case .expression(let x, _) = tr { lastField = max(lastField, x.lastPosition) } }
            lastField = max(lastField, c.predicate?.lastPosition ?? -1)
        }
        for c in plan.uniqueChecks {
            for tr in c.transforms { if case .expression(let x, _) = tr { lastField = max(lastField, x.lastPosition) } }
            lastField = max(lastField, c.predicate?.lastPosition ?? -1)
        }
        var expressionLastField = -1
        for c in plan.sizeChecks {
            for tr in c.transforms {
                if case .expression(let x, _) = tr { expressionLastField = max(expressionLastField, x.lastPosition) }
            }
            expressionLastField = max(expressionLastField, c.predicate?.lastPosition ?? -1)
        }
        for c in plan.uniqueChecks {
            for tr in c.transforms {
                if case .expression(let x, _) = tr { expressionLastField = max(expressionLastField, x.lastPosition) }
            }
            expressionLastField = max(expressionLastField, c.predicate?.lastPosition ?? -1)
        }
        // Rows too long to hold: the fields the checks read, copied out of the reader's file.
        var needed = Set(rowKeyPositions)
        for c in sizeChecks { needed.formUnion(c.positions) }
        for c in plan.uniqueChecks { needed.formUnion(c.positions) }
        for c in plan.keyCollects { needed.formUnion(c.positions) }
        // (expressions and predicates: every column up to the last one they read)
        for p in 0...max(0, lastField) where p <= expressionLastField { needed.insert(p) }
        var longRow = LongRowFields(
            needed: needed, lastField: lastField, valueColumns: plan.valueColumns, holdLimit: options.longRowHeldBytes)
        defer { longRow.deallocate() }
        var rowsNotHeld = 0
        let tableName = plan.table.description
        var rowsRead = 0
        var lastNotExactLine: [Int: UInt64] = [:]
        if options.valuesOver != nil { r.largeValues = [] }
        do {
            while let row = try reader.nextRow() {
                let line: UnsafeRawBufferPointer
                var isLong = false
                switch row {
                case .line(let l):
                    line = l
                    CopyText.fieldRanges(line, into: &ranges, upTo: lastField)
                case .long(let long):
                    try longRow.load(long)
                    line = longRow.bytes
                    ranges = longRow.ranges
                    isLong = true
                }
                let lineNo = reader.lineNumber
                rowsRead += 1
                if isLong && !longRow.allHeld {
                    rowsNotHeld += 1
                    continue
                }
                // An immutable copy: `ranges` itself, captured below, would be checked for exclusive access on every use.
                let fieldRanges = ranges
                func field(_ i: Int) -> UnsafeRawBufferPointer {
                    i < fieldRanges.count
                        ? UnsafeRawBufferPointer(rebasing: line[fieldRanges[i]])
                        : UnsafeRawBufferPointer(start: nil, count: 0)
                }
                func rawRowKey() -> RawRowKey {
                    if rowKeyPositions.isEmpty { return .none }
                    if rowKeyPositions.count == 1, let v = Self.canonicalInt(field(rowKeyPositions[0])) {
                        return .int(v)
                    }
                    var k: [UInt8] = []
                    for p in rowKeyPositions {
                        let f = field(p)
                        if CopyText.isNull(f) {
                            k.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                            continue
                        }
                        var n = UInt32(f.count)
                        withUnsafeBytes(of: &n) { k.append(contentsOf: $0) }
                        k.append(contentsOf: f)
                    }
                    return .bytes(k)
                }
                func rawRow() -> RawRow { RawRow(line: lineNo, key: rawRowKey()) }
                func rowRef() -> RowRef { rawRow().rowRef(names: plan.rowKeyNames) }
                // A row counts once per index, though its size and uniqueness checks both skip it.
                func notExact(_ id: Int) {
                    if lastNotExactLine[id] != lineNo {
                        lastNotExactLine[id] = lineNo
                        r.inexactRows[id, default: 0] += 1
                    }
                }
                // btree tuple size: rows whose bound is within the limit cannot fail; the others (and
                // every row when sizes are counted) are measured exactly
                func measureSize(_ ci: Int) {
                    let check = sizeChecks[ci]
                    if sizing, fixedSizes[ci] != nil, !check.positions.contains(where: { CopyText.isNull(field($0)) }) {
                        fixedRows[ci] += 1
                        return
                    }
                    var bound = 16
                    for (p, (spec, tr)) in zip(check.positions, zip(check.specs, check.transforms)) {
                        // an expression's value is computed below
                        guard tr.isColumn else {
                            bound = Int.max / 2
                            break
                        }
                        let f = field(p)
                        if CopyText.isNull(f) { continue }
                        let l = f.count
                        switch spec.layout {
                        case .fixed(let len, _): bound += len + 7
                        case .text: bound += l + 4 + 3
                        case .bytea: bound += l / 2 + 4 + 3  // COPY hex is at least twice the bytes
                        }
                    }
                    if !sizing && BtreeTupleSize.align(bound, 8) <= limit { return }
                    if sizing, let size = BtreeTupleSize.uncompressedSize(check, field), size <= limit {
                        sizeCounts[ci][size, default: 0] += 1
                        return
                    }
                    var values: [[UInt8]?] = []
                    var inexact = false
                    for (p, (spec, tr)) in zip(check.positions, zip(check.specs, check.transforms)) {
                        guard case .expression(let x, _) = tr else {
                            guard var v = CopyText.decode(field(p)) else {
                                values.append(nil)
                                continue
                            }
                            if spec.layout == .bytea { v = ByteaText.decode(v) ?? v }
                            values.append(v)
                            continue
                        }
                        do { values.append(try x.evaluate(field)?.outputBytes) } catch {
                            inexact = true
                            break
                        }
                    }
                    if inexact {
                        notExact(check.id)
                        return
                    }
                    let size = BtreeTupleSize.size(values, specs: check.specs)
                    if sizing { sizeCounts[ci][size, default: 0] += 1 }
                    guard size > limit else { return }
                    r.oversizedCount[check.id, default: 0] += 1
                    let keeps = (r.oversized[check.id]?.count ?? 0) < options.maxRowsPerProblem
                    let first =
                        check.keyOrder.map { order in
                            r.firstOversized[check.id].map { order.precedes(values, $0.key) } ?? true
                        } ?? false
                    guard keeps || first else { return }
                    let message =
                        limit == 2704
                        ? "index row size \(size) exceeds btree version 4 maximum 2704 for index \"\(name(check.id))\""
                        : "index row size \(size) exceeds maximum 2712 for index \"\(name(check.id))\""
                    let row = OversizedRow(
                        row: rowRef(), tupleSize: size,
                        valueLengths: values.map { $0?.count }, acceptedByPG11: size <= 2712, message: message)
                    if keeps { r.oversized[check.id, default: []].append(row) }
                    if first { r.firstOversized[check.id] = (values, row) }
                }
                for ci in 0..<sizeChecks.count where fullScan {
                    let size = rowChecks.sizes[ci]
                    switch size.filter {
                    case .all: break
                    case .columnIsNull(let p, let negated):
                        if CopyText.isNull(field(p)) == negated { continue }  // the predicate is false
                    case .general:
                        switch Self.includes(sizeChecks[ci].predicate!, field) {
                        case .excluded: continue
                        case .notExact:
                            notExact(sizeChecks[ci].id)
                            continue
                        case .included: break
                        }
                    }
                    if size.boundable && BtreeTupleSize.align(rowChecks.sizeBound(size, field), 8) <= limit { continue }
                    measureSize(ci)
                }
                // unique keys
                func duplicate(_ ci: Int, first: UInt64, exprValues: [[UInt8]?]?) {
                    let check = plan.uniqueChecks[ci]
                    r.duplicateCount[check.id, default: 0] += 1
                    guard (r.duplicates[check.id]?.count ?? 0) < options.maxRowsPerProblem else { return }
                    let shown =
                        exprValues.map { $0.map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "null" } }
                        ?? check.positions.map { Self.display(field($0)) }
                    let text = "(" + shown.joined(separator: ", ") + ")"
                    let cols = "(" + check.keyNames.joined(separator: ", ") + ")"
                    let current = rawRow()
                    // The check on the primary key itself: the first row has this row's key.
                    let firstRow = RawRow(
                        line: first,
                        key: uniqueIsRowKey[ci]
                            ? current.key
                            : uniqueFirstRowKeys[ci][first] ?? .none)
                    r.duplicates[check.id, default: []].append(
                        DuplicateKey(
                            key: "\(cols)=\(text)",
                            rows: [firstRow.rowRef(names: plan.rowKeyNames), current.rowRef(names: plan.rowKeyNames)],
                            message: "Key \(cols)=\(text) is duplicated."))
                }
                func firstRowKey(_ ci: Int) {
                    let k = rawRowKey()
                    if case .bytes(let b) = k { r.keySetBytes += b.count + Self.keyOverhead }
                    uniqueFirstRowKeys[ci][lineNo] = k
                }
                for ci in 0..<uniqueCount {
                    if confirming {
                        let lines = candidates[ci]
                        var c = cursors[ci]
                        while c < lines.count && lines[c] < lineNo { c += 1 }
                        cursors[ci] = c
                        guard c < lines.count && lines[c] == lineNo else { continue }
                    }
                    let unique = rowChecks.uniques[ci]
                    switch unique.filter {
                    case .all: break
                    case .columnIsNull(let p, let negated):
                        if CopyText.isNull(field(p)) == negated { continue }  // the predicate is false
                    case .general:
                        switch Self.includes(uniquePredicates[ci]!, field) {
                        case .excluded: continue
                        case .notExact:
                            notExact(plan.uniqueChecks[ci].id)
                            continue
                        case .included: break
                        }
                    }
                    // fast path: one column holding a canonical integer
                    let fp = uniqueSingle[ci]
                    if fp >= 0, let k = Self.canonicalInt(field(fp)) {
                        if logged {
                            try intLogs[ci].append(UInt64(bitPattern: k), line: lineNo)
                            continue
                        }
                        if uniqueDeferred[ci] && !confirming {
                            deferredKeys[ci].append(k, line: lineNo)
                            continue
                        }
                        if let first = uniqueInts[ci].insert(k, line: lineNo) {
                            duplicate(ci, first: first, exprValues: nil)
                        } else if !uniqueIsRowKey[ci] {
                            firstRowKey(ci)
                        }
                        continue
                    }
                    var anyNull = false
                    if logged && uniqueIsColumns[ci] {
                        // no key bytes built: the fingerprint of the fields themselves
                        var f = KeyFingerprint.start
                        for i in unique.positions {
                            let v = field(rowChecks.uniquePositions[i])
                            if CopyText.isNull(v) {
                                anyNull = true
                                f = KeyFingerprint.combine(f, 0xFF)
                            } else {
                                f = KeyFingerprint.combine(f, KeyFingerprint.of(v))
                            }
                        }
                        if anyNull && !unique.nullsNotDistinct { continue }
                        try hashLogs[ci].append(KeyFingerprint.masked(f, bits: fingerprintBits), line: lineNo)
                        continue
                    }
                    let check = plan.uniqueChecks[ci]
                    let key: ScanKey
                    var exprValues: [[UInt8]?]?
                    if uniqueIsColumns[ci] {
                        key = Self.scanKey(check.positions, field, anyNull: &anyNull)
                    } else {
                        var vals: [[UInt8]?] = []
                        var inexact = false
                        for (p, tr) in zip(check.positions, check.transforms) {
                            guard case .expression(let x, _) = tr else {
                                vals.append(CopyText.decode(field(p)))
                                continue
                            }
                            do { vals.append(try x.evaluate(field)?.outputBytes) } catch {
                                inexact = true
                                break
                            }
                        }
                        if inexact {
                            notExact(check.id)
                            continue
                        }
                        key = .bytes(Self.key(values: vals, anyNull: &anyNull))
                        exprValues = vals
                    }
                    if anyNull && !check.nullsNotDistinct { continue }
                    if logged {
                        switch key {
                        case .int(let k): try intLogs[ci].append(UInt64(bitPattern: k), line: lineNo)
                        case .bytes(let k):
                            let f = k.withUnsafeBytes { KeyFingerprint.of($0, bits: fingerprintBits) }
                            try hashLogs[ci].append(f, line: lineNo)
                        }
                        continue
                    }
                    let first: UInt64?
                    switch key {
                    case .int(let k):
                        first = uniqueInts[ci].insert(k, line: lineNo)
                    case .bytes(let k):
                        first = uniqueKeys[ci].bytes.updateValue(lineNo, forKey: k)
                        if let first {
                            uniqueKeys[ci].bytes[k] = first
                        } else {
                            r.keySetBytes += k.count + Self.keyOverhead
                        }
                    }
                    if let first {
                        duplicate(ci, first: first, exprValues: exprValues)
                    } else if !uniqueIsRowKey[ci] {
                        firstRowKey(ci)
                    }
                }
                if confirming {
                    if orphanKeys.isEmpty {
                        // every candidate seen: the rest of the table cannot add anything
                        if (0..<uniqueCount).allSatisfy({
                            cursors[$0] >= candidates[$0].count || candidates[$0].last! < lineNo
                        }) {
                            break
                        }
                        continue
                    }
                    for (ci, keys) in orphanKeys {
                        if let k = Self.canonicalInt(field(keyCollectSingle[ci])), keys.contains(k) {
                            ChildKeys.count(k, in: &children[ci].keys.ints, row: rawRow)
                        }
                    }
                    continue
                }
                // foreign keys
                for ci in 0..<keyCollectCount {
                    let fp = keyCollectSingle[ci]
                    if fp >= 0, let k = Self.canonicalInt(field(fp)) {
                        if let runs = intRunRefs[ci] {
                            try runs._withUnsafeGuaranteedRef { try $0.append(k) }
                        } else if keyCollectReferencing[ci] {
                            ChildKeys.count(k, in: &children[ci].keys.ints, row: rawRow)
                        } else {
                            parents[ci].ints.insert(k)
                        }
                        continue
                    }
                    // a one-column key that is NULL references nothing and is not referenced
                    if fp >= 0 && CopyText.isNull(field(fp)) { continue }
                    let kc = plan.keyCollects[ci]
                    var anyNull = false
                    let key = Self.scanKey(kc.positions, field, anyNull: &anyNull)
                    if kc.referencing {
                        if anyNull {
                            if kc.match == .full && !kc.positions.allSatisfy({ CopyText.isNull(field($0)) }) {
                                let text =
                                    "(" + kc.positions.map { Self.display(field($0)) }.joined(separator: ", ") + ")"
                                children[ci].mixedNulls.append((rowRef(), text))
                            }
                            continue
                        }
                        switch key {
                        case .int(let k):
                            ChildKeys.count(k, in: &children[ci].keys.ints, row: rawRow)
                        case .bytes(let k):
                            if ChildKeys.count(k, in: &children[ci].keys.bytes, row: rawRow) {
                                r.keySetBytes += k.count + Self.keyOverhead * 2
                            }
                        }
                    } else if !anyNull {
                        switch key {
                        case .int(let k): parents[ci].ints.insert(k)
                        case .bytes(let k):
                            if parents[ci].bytes.insert(k).inserted { r.keySetBytes += k.count + Self.keyOverhead }
                        }
                    }
                }
                // long values and histograms
                for (vi, c) in plan.valueColumns.enumerated() {
                    let len = isLong ? longRow.valueLengths[vi] : CopyText.decodedLength(field(c))
                    if let n = options.valuesOver, let len, len > n {
                        r.largeValues!.append(
                            LargeValue(table: tableName, column: plan.columns[c], row: rowRef(), length: len))
                    }
                    if options.histogram {
                        if let len {
                            hist[vi].max = max(hist[vi].max, len)
                            hist[vi].buckets[len == 0 ? 0 : (Int.bitWidth - len.leadingZeroBitCount)] += 1
                        } else {
                            hist[vi].nulls += 1
                        }
                    }
                }
            }
            for ci in 0..<uniqueCount where uniqueDeferred[ci] && !logged && !confirming {
                r.keySetBytes += deferredKeys[ci].count * MemoryLayout<(Int64, UInt64)>.stride
                duplicates(ci, sorting: deferredKeys[ci].buffer, into: &r)
            }
            for runs in intRuns.compactMap({ $0 }) {
                try runs.finish()
                r.keySetBytes += runs.memoryBytes + runs.retainedBytes
                r.spilledBytes += runs.spilledBytes
            }
            for ci in 0..<uniqueCount where logged {
                r.keySetBytes += intLogs[ci].memoryBytes + hashLogs[ci].memoryBytes
                r.spilledBytes += intLogs[ci].spilledBytes + hashLogs[ci].spilledBytes
                var lines: [UInt64] = []
                try hashLogs[ci].forEachRepeatedKey { _, l in lines += l }
                var intRepeats: [(key: Int64, lines: [UInt64])] = []
                try intLogs[ci].forEachRepeatedKey { k, l in intRepeats.append((Int64(bitPattern: k), l)) }
                if lines.isEmpty && uniqueSingle[ci] >= 0 && uniqueIsRowKey[ci] {
                    // integer keys that are the row key: the key says everything a message needs
                    var found: [(line: UInt64, first: UInt64, key: Int64)] = []
                    for g in intRepeats { for l in g.lines.dropFirst() { found.append((l, g.lines[0], g.key)) } }
                    report(ci, found: found, into: &r)
                } else {
                    for g in intRepeats { lines += g.lines }
                    if !lines.isEmpty { r.candidates[ci] = lines.sorted() }
                }
            }
            if rowsNotHeld > 0 {
                r.notChecked.append(
                    NotChecked(
                        object: plan.entry.label,
                        reason:
                            "\(rowsNotHeld) row(s) not checked: their indexed, unique or foreign-key columns hold more than \(options.longRowHeldBytes) bytes together, more than the check holds in memory"
                    ))
            }
        } catch let e as PGDumpError {
            r.error = e.inContext(plan.entry.label).description
        } catch {
            r.error = "\(plan.entry.label): \(error)"
        }
        // Memory of the hash tables themselves (byte keys' contents were counted as they were added).
        let rawRowStride = MemoryLayout<RawRow>.stride
        let rowsStride = MemoryLayout<ChildKeys.Rows>.stride
        for (ci, s) in uniqueKeys.enumerated() {
            r.keySetBytes +=
                uniqueInts[ci].bytes
                + Self.tableBytes(capacity: s.bytes.capacity, entry: MemoryLayout<[UInt8]>.stride + 8)
                + Self.tableBytes(capacity: uniqueFirstRowKeys[ci].capacity, entry: 8 + MemoryLayout<RawRowKey>.stride)
        }
        for (ci, kc) in plan.keyCollects.enumerated() {
            if kc.referencing {
                if let runs = intRuns[ci] { children[ci].intRuns = [runs] }
                let c = children[ci].keys
                var more = 0
                // (2 rows and the array header: the capacity malloc gives varies from run to run)
                for v in c.ints.values where !v.more.isEmpty { more += 2 * rawRowStride + 32 }
                for v in c.bytes.values where !v.more.isEmpty { more += 2 * rawRowStride + 32 }
                r.keySetBytes +=
                    more + Self.tableBytes(capacity: c.ints.capacity, entry: 8 + rowsStride)
                    + Self.tableBytes(capacity: c.bytes.capacity, entry: MemoryLayout<[UInt8]>.stride + rowsStride)
                if var existing = r.childKeys[kc.fk] {
                    existing.intRuns += children[ci].intRuns
                    for (k, v) in children[ci].keys.ints { existing.keys.ints[k] = v }
                    for (k, v) in children[ci].keys.bytes { existing.keys.bytes[k] = v }
                    existing.mixedNulls += children[ci].mixedNulls
                    r.childKeys[kc.fk] = existing
                } else {
                    r.childKeys[kc.fk] = children[ci]
                }
            } else {
                if let runs = intRuns[ci] { parents[ci].intRuns = [runs] }
                r.keySetBytes +=
                    Self.tableBytes(capacity: parents[ci].ints.capacity, entry: 8)
                    + Self.tableBytes(capacity: parents[ci].bytes.capacity, entry: MemoryLayout<[UInt8]>.stride)
                for id in [kc.fk] + kc.sharedWith {
                    if r.parentKeys[id] == nil {
                        r.parentKeys[id] = parents[ci]
                    } else {
                        r.parentKeys[id]!.formUnion(parents[ci])
                    }
                }
            }
        }
        for (ci, check) in sizeChecks.enumerated() where sizing {
            var counts = sizeCounts[ci]
            if let size = fixedSizes[ci], fixedRows[ci] > 0 { counts[size, default: 0] += fixedRows[ci] }
            r.tupleSizes[check.id] = counts
        }
        if options.histogram {
            r.histograms = plan.valueColumns.enumerated().compactMap { vi, c in
                guard rowsRead > 0 else { return nil }
                let h = hist[vi]
                let buckets = h.buckets.enumerated().filter { $0.element > 0 }.map { i, n in
                    ColumnHistogram.Bucket(from: i == 0 ? 0 : 1 << (i - 1), to: i == 0 ? 0 : (1 << i) - 1, count: n)
                }
                return ColumnHistogram(
                    table: tableName, column: plan.columns[c], nulls: h.nulls, maxLength: h.max, buckets: buckets)
            }
        }
        return r
    }

    enum Inclusion { case included, excluded, notExact }

    /// Whether a row is in a partial index: its predicate is true (false and NULL leave it out).
    @inline(__always)
    static func includes(_ predicate: BoundExpression, _ field: (Int) -> UnsafeRawBufferPointer) -> Inclusion {
        do { return try predicate.evaluate(field) == .bool(true) ? .included : .excluded } catch { return .notExact }
    }

    /// Duplicates of a deferred unique check (single integer column, the row key itself), reported as
    /// the scan would have: each repeat with the key's first row, in line order, the first
    /// `maxRowsPerProblem` listed (merged with those of the same check's other keys), all counted.
    private func duplicates(
        _ ci: Int, sorting keys: UnsafeMutableBufferPointer<(key: Int64, line: UInt64)>,
        into r: inout TableScanResult
    ) {
        var keys = keys
        keys.sort { $0.key != $1.key ? $0.key < $1.key : $0.line < $1.line }
        var found: [(line: UInt64, first: UInt64, key: Int64)] = []
        var i = 0
        while i < keys.count {
            var j = i + 1
            while j < keys.count && keys[j].key == keys[i].key {
                found.append((keys[j].line, keys[i].line, keys[i].key))
                j += 1
            }
            i = j
        }
        report(ci, found: found, into: &r)
    }

    /// Reports repeats of an integer row key: each with the key's first line.
    private func report(_ ci: Int, found: [(line: UInt64, first: UInt64, key: Int64)], into r: inout TableScanResult) {
        var found = found
        guard !found.isEmpty else { return }
        let check = plan.uniqueChecks[ci]
        r.duplicateCount[check.id, default: 0] += found.count
        found.sort { $0.line < $1.line }
        let cols = "(" + check.keyNames.joined(separator: ", ") + ")"
        var list = r.duplicates[check.id] ?? []
        for d in found.prefix(options.maxRowsPerProblem) {
            let text = "(\(d.key))"
            let rowKey: RawRowKey = plan.rowKeyPositions.isEmpty ? .none : .int(d.key)
            list.append(
                DuplicateKey(
                    key: "\(cols)=\(text)",
                    rows: [
                        RawRow(line: d.first, key: rowKey).rowRef(names: plan.rowKeyNames),
                        RawRow(line: d.line, key: rowKey).rowRef(names: plan.rowKeyNames),
                    ],
                    message: "Key \(cols)=\(text) is duplicated."))
        }
        list.sort { $0.rows[1].line < $1.rows[1].line }
        r.duplicates[check.id] = Array(list.prefix(options.maxRowsPerProblem))
    }

    private func name(_ id: Int) -> String { indexNames[id] ?? "?" }
    var indexNames: [Int: String] { plan.indexNames }

    /// The value of a COPY field that is a canonical decimal integer (`-?[1-9][0-9]*|0`) fitting Int64.
    @inline(__always)
    static func canonicalInt(_ f: UnsafeRawBufferPointer) -> Int64? {
        let n = f.count
        guard n > 0, n <= 20, let p = f.baseAddress else { return nil }
        var i = 0
        let negative = p.load(as: UInt8.self) == UInt8(ascii: "-")
        if negative {
            i = 1
            guard n > 1 else { return nil }
        }
        let d0 = p.load(fromByteOffset: i, as: UInt8.self)
        if d0 == UInt8(ascii: "0") { return n == 1 ? 0 : nil }  // "0" only: not "-0" or "01"
        guard d0 >= UInt8(ascii: "1") && d0 <= UInt8(ascii: "9") else { return nil }
        var mag: UInt64 = 0
        if n - i <= 18 {
            // At most 18 digits cannot overflow: eight digits at a time (bigint ids have 15-19).
            while n - i >= 8 {
                var x = p.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian &- 0x3030_3030_3030_3030
                // Every byte a digit: none above 9, none wrapped below 0 (either sets a byte's top bit).
                guard (x | (x &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 == 0 else { return nil }
                x = ((x & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8  // pairs of digits
                x = ((x & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16  // groups of four
                x = ((x & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32  // all eight
                mag = mag &* 100_000_000 &+ x
                i += 8
            }
            while i < n {
                let d = p.load(fromByteOffset: i, as: UInt8.self) &- UInt8(ascii: "0")
                guard d <= 9 else { return nil }
                mag = mag &* 10 &+ UInt64(d)
                i += 1
            }
        } else {
            while i < n {
                let d = p.load(fromByteOffset: i, as: UInt8.self) &- UInt8(ascii: "0")
                guard d <= 9 else { return nil }
                let (m, o1) = mag.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                if o1 || o2 { return nil }
                mag = s
                i += 1
            }
        }
        if negative {
            guard mag <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- mag)
        }
        guard mag <= UInt64(Int64.max) else { return nil }
        return Int64(mag)
    }

    /// A key of raw COPY fields: a single canonical integer as `.int`, else the bytes of `key(_:anyNull:)`.
    @inline(__always)
    static func scanKey(_ positions: [Int], _ field: (Int) -> UnsafeRawBufferPointer, anyNull: inout Bool) -> ScanKey {
        if positions.count == 1 {
            let f = field(positions[0])
            if let v = canonicalInt(f) { return .int(v) }
            if CopyText.isNull(f) {
                anyNull = true
                return .bytes([0xFF])
            }
        }
        var k: [UInt8] = []
        var size = 0
        for p in positions { size += field(p).count + 4 }
        k.reserveCapacity(size)
        for p in positions {
            let f = field(p)
            if CopyText.isNull(f) {
                anyNull = true
                k.append(0xFF)
                continue
            }
            var n = UInt32(f.count)
            withUnsafeBytes(of: &n) { k.append(contentsOf: $0) }
            k.append(contentsOf: f)
        }
        return .bytes(k)
    }

    /// A key made of computed values (md5()/lower() keys), in the layout of `scanKey`'s byte keys.
    static func key(values: [[UInt8]?], anyNull: inout Bool) -> [UInt8] {
        var k: [UInt8] = []
        for v in values {
            guard let v else {
                anyNull = true
                k.append(0xFF)
                continue
            }
            var n = UInt32(v.count)
            withUnsafeBytes(of: &n) { k.append(contentsOf: $0) }
            k.append(contentsOf: v)
        }
        return k
    }

    /// A field for messages, as PostgreSQL prints key values (`null` for NULL).
    static func display(_ f: UnsafeRawBufferPointer) -> String {
        guard let v = CopyText.decode(f) else { return "null" }
        return String(decoding: v, as: UTF8.self)
    }
}
