/// The order in which a btree index build adds its keys, where pgdmp can reproduce it exactly.
///
/// `CREATE INDEX` sorts every key first and then fills the leaf pages in that order, so of the
/// rows over the size limit it names the first in key order, not the first in the data. To
/// predict that message byte for byte, ``precedes(_:_:)`` compares two decoded keys the way the
/// index sorts them: byte-wise for `bytea`, for text under the C or POSIX collation (or the
/// target's default collation when that is C, POSIX or C.UTF-8, which orders UTF-8 by code point)
/// and for the `text_pattern_ops`/`varchar_pattern_ops` classes; numerically for integers; with
/// each column's ASC/DESC and NULLS FIRST/LAST. Any other key (another collation, an expression,
/// another type) has no order here, and the prediction then names the first row in the data.
struct BtreeKeyOrder {
    enum Kind {
        case bytes
        case integer
    }
    struct Column {
        var kind: Kind
        var descending: Bool
        var nullsFirst: Bool
    }
    var columns: [Column]

    /// Collations that order text exactly as its UTF-8 bytes.
    static let bytewiseCollations: Set<String> = ["C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"]

    /// The order of an index whose key columns are `columns` (nil for an expression key) with
    /// their sort clauses `orders`, or nil when some column's order is not reproduced here.
    init?(
        columns: [ColumnDefinition?], orders: [IndexKeyOrder], targetCollation: String
    ) {
        var out: [Column] = []
        for (k, column) in columns.enumerated() {
            guard let column else { return nil }
            let order = k < orders.count ? orders[k] : IndexKeyOrder()
            let kind: Kind
            switch column.type {
            case "bytea":
                kind = .bytes
            case "bigint", "integer", "smallint":
                kind = .integer
            case "text", "character varying":
                let collation = order.collation ?? column.collation ?? targetCollation
                let patternOps = ["text_pattern_ops", "varchar_pattern_ops"].contains(order.opclass ?? "")
                guard patternOps || Self.bytewiseCollations.contains(collation) else { return nil }
                kind = .bytes
            default:
                return nil
            }
            out.append(Column(kind: kind, descending: order.descending, nullsFirst: order.nullsSortFirst))
        }
        self.columns = out
    }

    /// Whether key `a` sorts before key `b` (decoded column values, nil for NULL).
    func precedes(_ a: [[UInt8]?], _ b: [[UInt8]?]) -> Bool {
        for (k, column) in columns.enumerated() where k < a.count && k < b.count {
            let c = Self.compare(a[k], b[k], column)
            if c != 0 { return c < 0 }
        }
        return false
    }

    /// -1, 0 or 1 as `x` sorts before, with or after `y` in `column`.
    private static func compare(_ x: [UInt8]?, _ y: [UInt8]?, _ column: Column) -> Int {
        switch (x, y) {
        case (nil, nil): return 0
        case (nil, _): return column.nullsFirst ? -1 : 1
        case (_, nil): return column.nullsFirst ? 1 : -1
        case let (x?, y?):
            var c: Int
            switch column.kind {
            case .bytes:
                c = 0
                for (p, q) in zip(x, y) where p != q {
                    c = p < q ? -1 : 1
                    break
                }
                if c == 0 && x.count != y.count { c = x.count < y.count ? -1 : 1 }
            case .integer:
                let (p, q) = (
                    Int64(String(decoding: x, as: UTF8.self)) ?? 0, Int64(String(decoding: y, as: UTF8.self)) ?? 0
                )
                c = p == q ? 0 : (p < q ? -1 : 1)
            }
            return column.descending ? -c : c
        }
    }
}
