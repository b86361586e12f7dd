/// Keys of the referencing side of one foreign key, from one table: each distinct key
/// with how many rows carry it and the first few of them.
struct ChildKeys {
    struct Rows { var text: String; var count: Int; var rows: [RowRef] }
    var keys: [[UInt8]: Rows] = [:]
    /// MATCH FULL rows with some but not all key columns NULL.
    var mixedNulls: [(row: RowRef, text: String)] = []
}

/// What one table's scan found.
struct TableScanResult {
    var oversized: [Int: [OversizedRow]] = [:]
    var oversizedCount: [Int: Int] = [:]
    var duplicates: [Int: [DuplicateKey]] = [:]
    var duplicateCount: [Int: Int] = [:]
    var childKeys: [Int: ChildKeys] = [:]
    var parentKeys: [Int: Set<[UInt8]>] = [:]
    var largeValues: [LargeValue]?
    var histograms: [ColumnHistogram]?
    var keySetBytes = 0
    /// Check id → rows skipped because lower() of a non-ASCII value depends on the collation.
    var inexactRows: [Int: Int] = [:]
    var error: String?
}

/// Reads one TABLE DATA entry's COPY rows once and runs every check planned for it.
struct TableScanner {
    let plan: TablePlan
    let limit: Int
    let options: CheckOptions
    /// Rough per-entry overhead of a Swift hashed collection element plus its array header.
    static let keyOverhead = 48

    func scan(_ data: EntryDataReader) -> TableScanResult {
        var r = TableScanResult()
        let reader = CopyLineReader(data: data)
        var ranges: [Range<Int>] = []
        var seen = [Int: [[UInt8]: UInt64]]()      // unique id -> key -> first line
        var firstRows = [Int: [[UInt8]: RowRef]]()
        var hist = [Int: (nulls: UInt64, max: Int, buckets: [UInt64])]()
        let tableName = plan.table.description
        if options.valuesOver != nil { r.largeValues = [] }
        do {
            while let line = try reader.nextLine() {
                CopyText.fieldRanges(line, into: &ranges)
                let lineNo = reader.lineNumber
                func field(_ i: Int) -> UnsafeRawBufferPointer {
                    i < ranges.count ? UnsafeRawBufferPointer(rebasing: line[ranges[i]]) : UnsafeRawBufferPointer(start: nil, count: 0)
                }
                func rowRef() -> RowRef {
                    guard !plan.rowKeyPositions.isEmpty else { return RowRef(key: nil, line: lineNo) }
                    let vals = plan.rowKeyPositions.map { Self.display(field($0)) }
                    if vals.count == 1 { return RowRef(key: "\(plan.rowKeyNames[0])=\(vals[0])", line: lineNo) }
                    return RowRef(key: "(\(plan.rowKeyNames.joined(separator: ", ")))=(\(vals.joined(separator: ", ")))",
                                  line: lineNo)
                }
                // btree tuple size
                for check in plan.sizeChecks {
                    var lengths: [Int?] = []
                    for (p, tr) in zip(check.positions, check.transforms) {
                        let n = field(p).count
                        // towlower() may lengthen a UTF-8 character by half (2 → 3 bytes) outside C
                        if CopyText.isNull(field(p)) { lengths.append(nil) } else {
                            var lengthens = false
                            if case .lower(false, _) = tr { lengthens = true }
                            lengths.append(tr == .md5 ? 32 : lengthens ? n + n / 2 + 1 : n)
                        }
                    }
                    if BtreeTupleSize.upperBound(rawLengths: lengths, specs: check.specs) <= limit { continue }
                    var values: [[UInt8]?] = []
                    var inexact = false
                    for (p, (spec, tr)) in zip(check.positions, zip(check.specs, check.transforms)) {
                        guard var v = CopyText.decode(field(p)) else { values.append(nil); continue }
                        if tr == .column && spec.layout == .bytea || tr == .md5 && plan.byteaPositions.contains(p) {
                            v = ByteaText.decode(v) ?? v
                        }
                        do { values.append(try tr.apply(v)) } catch { inexact = true; break }
                    }
                    if inexact { r.inexactRows[check.id, default: 0] += 1; continue }
                    let size = BtreeTupleSize.size(values, specs: check.specs)
                    guard size > limit else { continue }
                    r.oversizedCount[check.id, default: 0] += 1
                    if (r.oversized[check.id]?.count ?? 0) < options.maxRowsPerProblem {
                        let message = limit == 2704
                            ? "index row size \(size) exceeds btree version 4 maximum 2704 for index \"\(name(check.id))\""
                            : "index row size \(size) exceeds maximum 2712 for index \"\(name(check.id))\""
                        r.oversized[check.id, default: []].append(OversizedRow(row: rowRef(), tupleSize: size,
                            valueLengths: values.map { $0?.count }, acceptedByPG11: size <= 2712, message: message))
                    }
                }
                // unique keys
                for check in plan.uniqueChecks {
                    var anyNull = false
                    var key: [UInt8]
                    var exprValues: [[UInt8]?]?
                    if check.transforms.allSatisfy({ $0 == .column }) {
                        key = Self.key(check.positions.map(field), anyNull: &anyNull)
                    } else {
                        var vals: [[UInt8]?] = []
                        var inexact = false
                        for (p, tr) in zip(check.positions, check.transforms) {
                            guard var v = CopyText.decode(field(p)) else { vals.append(nil); continue }
                            if tr == .md5 && plan.byteaPositions.contains(p) { v = ByteaText.decode(v) ?? v }
                            do { vals.append(try tr.apply(v)) } catch { inexact = true; break }
                        }
                        if inexact { r.inexactRows[check.id, default: 0] += 1; continue }
                        key = Self.key(values: vals, anyNull: &anyNull)
                        exprValues = vals
                    }
                    if anyNull && !check.nullsNotDistinct { continue }
                    if let first = seen[check.id]?[key] {
                        r.duplicateCount[check.id, default: 0] += 1
                        if (r.duplicates[check.id]?.count ?? 0) < options.maxRowsPerProblem {
                            let shown = exprValues.map { $0.map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "null" } }
                                ?? check.positions.map { Self.display(field($0)) }
                            let text = "(" + shown.joined(separator: ", ") + ")"
                            let cols = "(" + check.keyNames.joined(separator: ", ") + ")"
                            let firstRow = firstRows[check.id]?[key] ?? RowRef(key: nil, line: first)
                            r.duplicates[check.id, default: []].append(DuplicateKey(key: "\(cols)=\(text)",
                                rows: [firstRow, rowRef()], message: "Key \(cols)=\(text) is duplicated."))
                        }
                    } else {
                        seen[check.id, default: [:]][key] = lineNo
                        firstRows[check.id, default: [:]][key] = rowRef()
                        r.keySetBytes += key.count + Self.keyOverhead * 2
                    }
                }
                // foreign keys
                for kc in plan.keyCollects {
                    var anyNull = false
                    let fields = kc.positions.map(field)
                    let key = Self.key(fields, anyNull: &anyNull)
                    if kc.referencing {
                        if anyNull {
                            if kc.match == .full && !fields.allSatisfy(CopyText.isNull) {
                                let text = "(" + fields.map(Self.display).joined(separator: ", ") + ")"
                                r.childKeys[kc.fk, default: ChildKeys()].mixedNulls.append((rowRef(), text))
                            }
                            continue
                        }
                        if r.childKeys[kc.fk]?.keys[key] != nil {
                            r.childKeys[kc.fk]!.keys[key]!.count += 1
                            if r.childKeys[kc.fk]!.keys[key]!.rows.count < 3 { r.childKeys[kc.fk]!.keys[key]!.rows.append(rowRef()) }
                        } else {
                            let text = "(" + fields.map(Self.display).joined(separator: ", ") + ")"
                            r.childKeys[kc.fk, default: ChildKeys()].keys[key] = ChildKeys.Rows(text: text, count: 1, rows: [rowRef()])
                            r.keySetBytes += key.count + text.utf8.count + Self.keyOverhead * 3
                        }
                    } else if !anyNull {
                        if r.parentKeys[kc.fk, default: []].insert(key).inserted { r.keySetBytes += key.count + Self.keyOverhead }
                    }
                }
                // long values and histograms
                for c in plan.valueColumns {
                    let len = CopyText.decodedLength(field(c))
                    if let n = options.valuesOver, let len, len > n {
                        r.largeValues!.append(LargeValue(table: tableName, column: plan.columns[c], row: rowRef(), length: len))
                    }
                    if options.histogram {
                        var h = hist[c] ?? (0, 0, Array(repeating: 0, count: 64))
                        if let len {
                            h.max = max(h.max, len)
                            h.buckets[len == 0 ? 0 : (Int.bitWidth - len.leadingZeroBitCount)] += 1
                        } else { h.nulls += 1 }
                        hist[c] = h
                    }
                }
            }
        } catch let e as PGDumpError {
            r.error = e.inContext(plan.entry.label).description
        } catch {
            r.error = "\(plan.entry.label): \(error)"
        }
        if options.histogram {
            r.histograms = plan.valueColumns.compactMap { c in
                guard let h = hist[c] else { return nil }
                let buckets = h.buckets.enumerated().filter { $0.element > 0 }.map { i, n in
                    ColumnHistogram.Bucket(from: i == 0 ? 0 : 1 << (i - 1), to: i == 0 ? 0 : (1 << i) - 1, count: n)
                }
                return ColumnHistogram(table: tableName, column: plan.columns[c], nulls: h.nulls, maxLength: h.max, buckets: buckets)
            }
        }
        return r
    }

    private func name(_ id: Int) -> String { indexNames[id] ?? "?" }
    var indexNames: [Int: String] { plan.indexNames }

    /// A key made of raw COPY fields: length-prefixed, NULL as a marker.
    static func key(_ fields: [UnsafeRawBufferPointer], anyNull: inout Bool) -> [UInt8] {
        var k: [UInt8] = []
        k.reserveCapacity(fields.reduce(0) { $0 + $1.count + 5 })
        for f in fields {
            if CopyText.isNull(f) { anyNull = true; k.append(0xFF); continue }
            var n = UInt32(f.count)
            withUnsafeBytes(of: &n) { k.append(contentsOf: $0) }
            k.append(contentsOf: f)
        }
        return k
    }

    /// A key made of computed values (md5()/lower() keys), in the same layout as `key(_:anyNull:)`.
    static func key(values: [[UInt8]?], anyNull: inout Bool) -> [UInt8] {
        var k: [UInt8] = []
        for v in values {
            guard let v else { anyNull = true; k.append(0xFF); continue }
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
