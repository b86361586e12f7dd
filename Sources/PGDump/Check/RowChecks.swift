/// What the row loop of ``TableScanner`` reads for each check, built once per table in plain
/// values: column positions as one flat array with a range per check, a partial index's common
/// predicate `col IS [NOT] NULL` as a position, and the parts of the cheap tuple-size bound. The
/// loop reads these instead of the check structs: a copy of a check per row retained and released
/// its arrays and expression boxes (about a tenth of `check`'s time on the bench archive).
/// Whatever these do not cover (other predicates, expression keys, histograms) goes the general
/// way, through the check itself.
struct RowChecks {
    /// A check's predicate as the loop tests it.
    enum Filter {
        /// No predicate: every row.
        case all
        /// `col IS NULL` (`negated`: `IS NOT NULL`), decided on the raw field.
        case columnIsNull(Int, negated: Bool)
        /// Anything else: `BoundExpression.evaluate`.
        case general

        init(_ predicate: BoundExpression?) {
            guard let predicate else {
                self = .all
                return
            }
            if case .isNull(let x, let negated) = predicate, case .column(let p, _) = x {
                self = .columnIsNull(p, negated: negated)
            } else {
                self = .general
            }
        }
    }

    /// One size check: when `boundable`, an upper bound of the tuple size is `16` plus, per
    /// non-NULL key column, its fixed length or its COPY text's length (half of it for bytea)
    /// plus 7; a bound within the limit means the row cannot fail.
    struct Size {
        var filter: Filter
        var boundable: Bool
        var columns: Range<Int>
    }

    /// A key column of a size check's bound.
    struct SizeColumn {
        enum Kind {
            case fixed(Int)
            case text, bytea
        }
        var position: Int
        var kind: Kind
    }

    /// One unique check: its predicate and its columns (when every key part is a column).
    struct Unique {
        var filter: Filter
        var positions: Range<Int>
        var nullsNotDistinct: Bool
    }

    var sizes: [Size] = []
    var sizeColumns: [SizeColumn] = []
    var uniques: [Unique] = []
    /// Positions of the unique checks' columns, in `uniques[i].positions`.
    var uniquePositions: [Int] = []

    /// `sizing`: index size histograms are wanted (every row takes the general way).
    init(sizeChecks: [SizeCheck], uniqueChecks: [UniqueCheck], sizing: Bool) {
        for check in sizeChecks {
            let start = sizeColumns.count
            var boundable = !sizing
            for (p, (spec, tr)) in zip(check.positions, zip(check.specs, check.transforms)) {
                guard tr.isColumn else {
                    boundable = false
                    break
                }
                let kind: SizeColumn.Kind
                switch spec.layout {
                case .fixed(let len, _): kind = .fixed(len)
                case .text: kind = .text
                case .bytea: kind = .bytea
                }
                sizeColumns.append(SizeColumn(position: p, kind: kind))
            }
            if !boundable { sizeColumns.removeLast(sizeColumns.count - start) }
            sizes.append(
                Size(filter: Filter(check.predicate), boundable: boundable, columns: start..<sizeColumns.count))
        }
        for check in uniqueChecks {
            let start = uniquePositions.count
            uniquePositions += check.positions
            uniques.append(
                Unique(
                    filter: Filter(check.predicate), positions: start..<uniquePositions.count,
                    nullsNotDistinct: check.nullsNotDistinct))
        }
    }

    /// The size bound of a `boundable` check for one row.
    @inline(__always)
    func sizeBound(_ size: Size, _ field: (Int) -> UnsafeRawBufferPointer) -> Int {
        var bound = 16
        for i in size.columns {
            let c = sizeColumns[i]
            let f = field(c.position)
            if CopyText.isNull(f) { continue }
            switch c.kind {
            case .fixed(let len): bound += len + 7
            case .text: bound += f.count + 4 + 3
            case .bytea: bound += f.count / 2 + 4 + 3  // COPY hex is at least twice the bytes
            }
        }
        return bound
    }
}
