/// The value types `check` evaluates expressions over. A column of any other type can only be
/// tested with IS [NOT] NULL.
enum SQLType: Hashable, Sendable {
    case text, int, numeric, bool, date, timestamp, bytea
    case other(String)

    /// The type of a column as pg_dump prints it in CREATE TABLE.
    static func of(column type: String) -> SQLType {
        let t = type.lowercased()
        switch t.split(separator: ".").last.map(String.init) ?? t {
        case "text", "character varying", "varchar", "name": return .text
        case "smallint", "integer", "bigint", "int2", "int4", "int8", "int": return .int
        case "numeric", "decimal": return .numeric
        case "boolean", "bool": return .bool
        case "date": return .date
        case "timestamp without time zone", "timestamp": return .timestamp
        case "bytea": return .bytea
        default: return .other(type)
        }
    }
}

/// A value during evaluation; SQL NULL is `nil` of `SQLValue?`.
enum SQLValue: Equatable {
    case text([UInt8])
    case int(Int64)
    /// Decimal text as COPY prints it (`-12.50`).
    case numeric([UInt8])
    case bool(Bool)
    /// ISO `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` (DateStyle ISO, which pg_dump sets), compared as bytes.
    case time([UInt8])
    case bytes([UInt8])

    /// The value as PostgreSQL's output function prints it (for key bytes and messages).
    var outputBytes: [UInt8] {
        switch self {
        case .text(let b), .numeric(let b), .time(let b): return b
        case .int(let v): return Array(String(v).utf8)
        case .bool(let b): return [b ? UInt8(ascii: "t") : UInt8(ascii: "f")]
        case .bytes(let b): return Array(("\\x" + b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()).utf8)
        }
    }
}

/// Why an expression or predicate is not evaluated (at plan time: listed under "Not checked").
struct NotEvaluable: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A row whose value cannot be computed exactly here (non-ASCII case mapping under a locale this
/// machine does not have, a cast that would fail, an `infinity` timestamp in a comparison): the row
/// is counted as not checked for that index.
struct RowNotExact: Error {}

/// `lower()`/`upper()` as the target's LC_CTYPE does them (PostgreSQL 15, libc provider,
/// UTF8 database): ASCII-only under C/POSIX, else towlower_l/towupper_l on each character.
final class CaseMapping: @unchecked Sendable {
    /// The locale (or collation) name the mapping follows, for messages.
    let name: String
    let isC: Bool
    let turkic: Bool
    /// The locale loaded on this machine (same glibc tables as a target with that locale), nil when
    /// it is not installed here: then only values whose mapping does not depend on it are exact.
    private let locale: Platform.CaseLocale?

    init(_ name: String) {
        self.name = name
        isC = KeyExpression.isCLocale(name)
        turkic = KeyExpression.isTurkicLocale(name)
        if isC || name.lowercased().hasSuffix("-x-icu") || name.lowercased().hasPrefix("und") {
            locale = nil
        } else {
            locale = Platform.CaseLocale(named: name)
        }
    }

    func map(_ v: [UInt8], upper: Bool) throws -> [UInt8] {
        let ascii = !v.contains { $0 >= 0x80 }
        let asciiExact = isC || (ascii && !turkic)
        if asciiExact {
            return upper
                ? v.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
                : v.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        }
        guard let locale else { throw RowNotExact() }
        var out: [UInt8] = []
        out.reserveCapacity(v.count)
        var it = v.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s):
                guard let mapped = locale.map(s.value, upper: upper), let r = Unicode.Scalar(mapped) else {
                    throw RowNotExact()
                }
                out.append(contentsOf: UTF8.encode(r)!)
            case .emptyInput: break loop
            case .error: throw RowNotExact()
            }
        }
        return out
    }

    /// A comparison of text by `<`/`>` is byte order under C, POSIX and C.UTF-8 (glibc sorts
    /// C.UTF-8 by code point, which is UTF-8 byte order); under other collations it is not evaluated.
    static func ordersByBytes(_ name: String) -> Bool {
        let n = name.lowercased()
        return KeyExpression.isCLocale(n) || n == "c.utf-8" || n == "c.utf8"
    }
}

/// What binding needs to know about a column of the table being scanned.
struct ColumnBinding {
    var position: Int
    var type: SQLType
    /// Its COLLATE clause, if any.
    var collation: String?
}

/// An expression bound to one table's COPY columns, ready to evaluate per row.
indirect enum BoundExpression {
    case column(Int, SQLType)
    case constant(SQLValue?)
    case caseMap(BoundExpression, CaseMapping, upper: Bool)
    case md5(BoundExpression)
    case trim(BoundExpression, chars: BoundExpression?, left: Bool, right: Bool)
    case substr(BoundExpression, BoundExpression, BoundExpression?)
    case leftRight(BoundExpression, BoundExpression, left: Bool)
    case length(BoundExpression, octets: Bool)
    case reverse(BoundExpression)
    case coalesce([BoundExpression])
    case nullif(BoundExpression, BoundExpression)
    case concat(BoundExpression, BoundExpression)
    /// A cast to text (varchar(n) truncates to n characters).
    case toText(BoundExpression, maxChars: Int?)
    case compare(String, BoundExpression, BoundExpression, bytesOrder: Bool)
    case and([BoundExpression])
    case or([BoundExpression])
    case not(BoundExpression)
    case isNull(BoundExpression, negated: Bool)
    case isBool(BoundExpression, value: Bool, negated: Bool)
    case anyOf(BoundExpression, String, [BoundExpression], all: Bool, bytesOrder: Bool)

    /// The last COPY column it reads (-1 for none): the scan splits rows only that far.
    var lastPosition: Int {
        switch self {
        case .column(let p, _): return p
        case .constant: return -1
        case .caseMap(let x, _, _), .md5(let x), .length(let x, _), .reverse(let x), .toText(let x, _), .not(let x),
            .isNull(let x, _), .isBool(let x, _, _):
            return x.lastPosition
        case .trim(let x, let c, _, _): return max(x.lastPosition, c?.lastPosition ?? -1)
        case .substr(let a, let b, let c): return max(a.lastPosition, b.lastPosition, c?.lastPosition ?? -1)
        case .leftRight(let a, let b, _), .nullif(let a, let b), .concat(let a, let b), .compare(_, let a, let b, _):
            return max(a.lastPosition, b.lastPosition)
        case .coalesce(let xs), .and(let xs), .or(let xs): return xs.map(\.lastPosition).max() ?? -1
        case .anyOf(let x, _, let xs, _, _): return max(x.lastPosition, xs.map(\.lastPosition).max() ?? -1)
        }
    }

    /// Whether this needs locale data (so the finding says which locale was followed).
    var caseMapping: CaseMapping? {
        switch self {
        case .caseMap(_, let m, _): return m
        case .column, .constant: return nil
        case .md5(let x), .length(let x, _), .reverse(let x), .toText(let x, _), .not(let x),
            .isNull(let x, _), .isBool(let x, _, _):
            return x.caseMapping
        case .trim(let x, let c, _, _): return x.caseMapping ?? c?.caseMapping
        case .substr(let a, let b, let c): return a.caseMapping ?? b.caseMapping ?? c?.caseMapping
        case .leftRight(let a, let b, _), .nullif(let a, let b), .concat(let a, let b), .compare(_, let a, let b, _):
            return a.caseMapping ?? b.caseMapping
        case .coalesce(let xs), .and(let xs), .or(let xs): return xs.lazy.compactMap(\.caseMapping).first
        case .anyOf(let x, _, let xs, _, _): return x.caseMapping ?? xs.lazy.compactMap(\.caseMapping).first
        }
    }
}

/// Binds parsed expressions to a table: types every node, folds constants, and rejects what
/// cannot be evaluated exactly (with the reason, for "Not checked").
struct ExpressionBinder {
    var columns: (String) -> ColumnBinding?
    /// The target database's LC_CTYPE (`--target-locale`), for expressions on columns without COLLATE.
    var targetLocale: String
    private var mappings: [String: CaseMapping] = [:]

    init(columns: @escaping (String) -> ColumnBinding?, targetLocale: String) {
        self.columns = columns
        self.targetLocale = targetLocale
    }

    mutating func mapping(_ name: String) -> CaseMapping {
        if let m = mappings[name] { return m }
        let m = CaseMapping(name)
        mappings[name] = m
        return m
    }

    /// The collation an expression's text carries: its first column's COLLATE, else the target's.
    func collation(of e: SQLExpression) -> String {
        for c in e.columns { if let b = columns(c), let coll = b.collation { return coll } }
        return targetLocale
    }

    static let textTypes: Set<String> = ["text", "character varying", "varchar"]
    static func isTextType(_ t: String) -> Bool {
        textTypes.contains(t) || t.hasPrefix("character varying(") || t.hasPrefix("varchar(")
    }

    mutating func bind(_ e: SQLExpression) throws -> (BoundExpression, SQLType?) {
        switch e {
        case .column(let c):
            guard let b = columns(c) else { throw NotEvaluable("column \(c) is not in the COPY data") }
            return (.column(b.position, b.type), b.type)
        case .string(let s): return (.constant(.text(Array(s.utf8))), .text)
        case .number(let n):
            if !n.contains("."), let v = Int64(n) { return (.constant(.int(v)), .int) }
            guard Numeric.isPlain(Array(n.utf8)) else { throw NotEvaluable("number \(n)") }
            return (.constant(.numeric(Array(n.utf8))), .numeric)
        case .boolean(let b): return (.constant(.bool(b)), .bool)
        case .null: return (.constant(nil), nil)
        case .cast(let x, let t): return try bindCast(x, t)
        case .call(let f, let args): return try bindCall(f, args)
        case .binary("||", let a, let b):
            let (ba, ta) = try bind(a)
            let (bb, tb) = try bind(b)
            return (.concat(try asText(ba, ta, "||"), try asText(bb, tb, "||")), .text)
        case .binary(let op, let a, let b):
            let (ba, bb, ordered) = try bindComparable(a, b, op)
            return (.compare(op, ba, bb, bytesOrder: ordered), .bool)
        case .and(let xs): return (.and(try xs.map { try bindBool($0) }), .bool)
        case .or(let xs): return (.or(try xs.map { try bindBool($0) }), .bool)
        case .not(let x): return (.not(try bindBool(x)), .bool)
        case .isNull(let x, let n):
            if case .column(let c) = x, let b = columns(c) {
                return (.isNull(.column(b.position, .other("any")), negated: n), .bool)
            }
            return (.isNull(try bind(x).0, negated: n), .bool)
        case .isBool(let x, let v, let n): return (.isBool(try bindBool(x), value: v, negated: n), .bool)
        case .anyOf(let x, let op, let list, let all):
            var bound: [BoundExpression] = []
            var left: BoundExpression?
            var ordered = false
            for item in list {
                let (bx, bi, o) = try bindComparable(x, item, op)
                left = bx
                bound.append(bi)
                ordered = ordered || o
            }
            guard let left else { throw NotEvaluable("empty list") }
            return (.anyOf(left, op, bound, all: all, bytesOrder: ordered), .bool)
        case .array: throw NotEvaluable("array value")
        }
    }

    mutating func bindBool(_ e: SQLExpression) throws -> BoundExpression {
        let (b, t) = try bind(e)
        guard t == .bool || t == nil else { throw NotEvaluable("\(e.keyName) is not boolean") }
        return b
    }

    /// Both sides of a comparison, coerced to one type; `ordered` when text is compared by byte order.
    private mutating func bindComparable(_ a: SQLExpression, _ b: SQLExpression, _ op: String) throws
        -> (BoundExpression, BoundExpression, Bool)
    {
        guard ExpressionParserOps.comparisons.contains(op) else { throw NotEvaluable("operator \(op)") }
        var (ba, ta) = try bind(a)
        var (bb, tb) = try bind(b)
        // an untyped literal takes the other side's type
        if case .string(let s) = b, let ta { (bb, tb) = try bindCast(.string(s), Self.name(of: ta)) }
        if case .string(let s) = a, let tb { (ba, ta) = try bindCast(.string(s), Self.name(of: tb)) }
        guard let ta, let tb else { return (ba, bb, false) }  // comparison with NULL: always NULL
        let numeric: Set<SQLType> = [.int, .numeric]
        if ta != tb && !(numeric.contains(ta) && numeric.contains(tb)) {
            throw NotEvaluable("comparison of \(Self.name(of: ta)) with \(Self.name(of: tb))")
        }
        var ordered = false
        if ta == .text && op != "=" && op != "<>" {
            let coll = collation(of: a.columns.isEmpty ? b : a)
            guard CaseMapping.ordersByBytes(coll) else {
                throw NotEvaluable("text ordering under collation \(coll)")
            }
            ordered = true
        }
        if case .other(let t) = ta { throw NotEvaluable("comparison of type \(t)") }
        if ta == .bytea { throw NotEvaluable("comparison of bytea") }
        return (ba, bb, ordered)
    }

    static func name(of t: SQLType) -> String {
        switch t {
        case .text: return "text"
        case .int: return "bigint"
        case .numeric: return "numeric"
        case .bool: return "boolean"
        case .date: return "date"
        case .timestamp: return "timestamp without time zone"
        case .bytea: return "bytea"
        case .other(let n): return n
        }
    }

    private mutating func asText(_ b: BoundExpression, _ t: SQLType?, _ what: String) throws -> BoundExpression {
        switch t {
        case .text?, nil: return b
        case .int?, .numeric?: return .toText(b, maxChars: nil)
        default: throw NotEvaluable("\(what) of \(t.map(Self.name(of:)) ?? "unknown")")
        }
    }

    private mutating func bindCast(_ x: SQLExpression, _ type: String) throws -> (BoundExpression, SQLType?) {
        let t = type.lowercased()
        if case .string(let s) = x {
            // a typed literal, folded now
            let v = Array(s.utf8)
            if Self.isTextType(t) { return (.constant(.text(v)), .text) }
            switch SQLType.of(column: t) {
            case .int:
                guard let n = Int64(s) else { throw NotEvaluable("constant '\(s)'::\(t)") }
                return (.constant(.int(n)), .int)
            case .numeric:
                guard Numeric.isPlain(v) else { throw NotEvaluable("constant '\(s)'::\(t)") }
                return (.constant(.numeric(v)), .numeric)
            case .bool:
                switch s.lowercased() {
                case "t", "true", "yes", "on", "1": return (.constant(.bool(true)), .bool)
                case "f", "false", "no", "off", "0": return (.constant(.bool(false)), .bool)
                default: throw NotEvaluable("constant '\(s)'::\(t)")
                }
            case .date:
                guard ISOTime.isDate(v) else { throw NotEvaluable("constant '\(s)'::\(t)") }
                return (.constant(.time(v)), .date)
            case .timestamp:
                guard ISOTime.isTimestamp(v) else { throw NotEvaluable("constant '\(s)'::\(t)") }
                return (.constant(.time(v)), .timestamp)
            default: throw NotEvaluable("constant of type \(t)")
            }
        }
        let (b, from) = try bind(x)
        if Self.isTextType(t) {
            var maxChars: Int?
            if let open = t.firstIndex(of: "("), let n = Int(t[t.index(after: open)...].dropLast()) { maxChars = n }
            switch from {
            case .text?, nil: return (maxChars == nil ? b : .toText(b, maxChars: maxChars), .text)
            case .int?, .numeric?: return (.toText(b, maxChars: maxChars), .text)
            default: throw NotEvaluable("cast of \(from.map(Self.name(of:)) ?? "") to \(t)")
            }
        }
        let to = SQLType.of(column: t)
        if to == from || from == nil { return (b, to) }
        if t == "bigint" && from == .int { return (b, .int) }
        if to == .numeric && from == .int { return (.toText(b, maxChars: nil), .numeric) }
        throw NotEvaluable("cast of \(from.map(Self.name(of:)) ?? "") to \(t)")
    }

    private mutating func bindCall(_ f: String, _ args: [SQLExpression]) throws -> (BoundExpression, SQLType?) {
        func text(_ i: Int) throws -> BoundExpression {
            let (b, t) = try bind(args[i])
            guard t == .text || t == nil else { throw NotEvaluable("\(f)() of \(t.map(Self.name(of:)) ?? "")") }
            return b
        }
        func int(_ i: Int) throws -> BoundExpression {
            let (b, t) = try bind(args[i])
            guard t == .int || t == nil else {
                throw NotEvaluable("\(f)() with a \(t.map(Self.name(of:)) ?? "") argument")
            }
            return b
        }
        func arity(_ r: ClosedRange<Int>) throws {
            guard r.contains(args.count) else { throw NotEvaluable("\(f)() with \(args.count) argument(s)") }
        }
        switch f {
        case "lower", "upper":
            try arity(1...1)
            return (.caseMap(try text(0), mapping(collation(of: args[0])), upper: f == "upper"), .text)
        case "md5":
            try arity(1...1)
            let (b, t) = try bind(args[0])
            guard t == .text || t == .bytea || t == nil else {
                throw NotEvaluable("md5() of \(t.map(Self.name(of:)) ?? "")")
            }
            return (.md5(b), .text)
        case "btrim", "ltrim", "rtrim":
            try arity(1...2)
            return (
                .trim(try text(0), chars: args.count == 2 ? try text(1) : nil, left: f != "rtrim", right: f != "ltrim"),
                .text
            )
        case "substr", "substring":
            try arity(2...3)
            return (.substr(try text(0), try int(1), args.count == 3 ? try int(2) : nil), .text)
        case "left", "right":
            try arity(2...2)
            return (.leftRight(try text(0), try int(1), left: f == "left"), .text)
        case "length", "char_length", "character_length", "octet_length":
            try arity(1...1)
            return (.length(try text(0), octets: f == "octet_length"), .int)
        case "reverse":
            try arity(1...1)
            return (.reverse(try text(0)), .text)
        case "coalesce":
            try arity(1...100)
            var bound: [BoundExpression] = []
            var type: SQLType?
            for a in args {
                let (b, t) = try bind(a)
                if let t {
                    if let type, type != t { throw NotEvaluable("COALESCE of mixed types") }
                    type = t
                }
                bound.append(b)
            }
            return (.coalesce(bound), type)
        case "nullif":
            try arity(2...2)
            let (a, ta) = try bind(args[0])
            let (b, tb) = try bind(args[1])
            if let ta, let tb, ta != tb { throw NotEvaluable("NULLIF of mixed types") }
            if case .other(let n)? = ta { throw NotEvaluable("NULLIF of \(n)") }
            return (.nullif(a, b), ta ?? tb)
        default:
            throw NotEvaluable("function \(f)()")
        }
    }
}

enum ExpressionParserOps {
    static let comparisons: Set<String> = ["=", "<>", "<", "<=", ">", ">="]
}

extension BoundExpression {
    /// Evaluates for one row; `field(i)` is the raw COPY text of column `i`.
    func evaluate(_ field: (Int) -> UnsafeRawBufferPointer) throws -> SQLValue? {
        switch self {
        case .column(let p, let type):
            guard let v = CopyText.decode(field(p)) else { return nil }
            switch type {
            case .text: return .text(v)
            case .int:
                guard let n = Int64(String(decoding: v, as: UTF8.self)) else { throw RowNotExact() }
                return .int(n)
            case .numeric:
                guard Numeric.isPlain(v) else { throw RowNotExact() }  // NaN, Infinity
                return .numeric(v)
            case .bool: return .bool(v == [UInt8(ascii: "t")])
            case .date:
                guard ISOTime.isDate(v) else { throw RowNotExact() }
                return .time(v)
            case .timestamp:
                guard ISOTime.isTimestamp(v) else { throw RowNotExact() }
                return .time(v)
            case .bytea: return .bytes(ByteaText.decode(v) ?? v)
            case .other: return .text(v)  // only ever tested for NULL
            }
        case .constant(let v): return v
        case .caseMap(let x, let m, let upper):
            guard case .text(let v)? = try x.evaluate(field) else { return nil }
            return .text(try m.map(v, upper: upper))
        case .md5(let x):
            switch try x.evaluate(field) {
            case .text(let v)?, .bytes(let v)?: return .text(MD5.hex(v))
            default: return nil
            }
        case .trim(let x, let charsExpr, let l, let r):
            guard case .text(let v)? = try x.evaluate(field) else { return nil }
            var set: [[UInt8]] = [[0x20]]
            if let charsExpr {
                guard case .text(let c)? = try charsExpr.evaluate(field) else { return nil }
                set = UTF8Text.characters(c).map { Array(c[$0]) }
            }
            var chars = UTF8Text.characters(v)
            if l { while let f = chars.first, set.contains(where: { $0.elementsEqual(v[f]) }) { chars.removeFirst() } }
            if r { while let f = chars.last, set.contains(where: { $0.elementsEqual(v[f]) }) { chars.removeLast() } }
            return .text(UTF8Text.join(v, chars[...]))
        case .substr(let x, let s, let n):
            guard case .text(let v)? = try x.evaluate(field), case .int(let start)? = try s.evaluate(field) else {
                return nil
            }
            let chars = UTF8Text.characters(v)
            var count: Int64?
            if let n {
                guard case .int(let c)? = try n.evaluate(field) else { return nil }
                guard c >= 0 else { throw RowNotExact() }  // the server raises an error
                count = c
            }
            let from = max(start, 1)
            let end = count.map { start &+ $0 } ?? Int64(chars.count) + 1
            if end <= from || from > Int64(chars.count) { return .text([]) }
            let lo = Int(from - 1)
            let hi = Int(min(end - 1, Int64(chars.count)))
            return .text(UTF8Text.join(v, chars[lo..<hi]))
        case .leftRight(let x, let nExpr, let left):
            guard case .text(let v)? = try x.evaluate(field), case .int(let n)? = try nExpr.evaluate(field) else {
                return nil
            }
            let chars = UTF8Text.characters(v)
            let c = Int64(chars.count)
            let keep = n >= 0 ? min(n, c) : max(c + n, 0)
            return .text(UTF8Text.join(v, left ? chars[..<Int(keep)] : chars[Int(c - keep)...]))
        case .length(let x, let octets):
            guard case .text(let v)? = try x.evaluate(field) else { return nil }
            return .int(Int64(octets ? v.count : UTF8Text.characters(v).count))
        case .reverse(let x):
            guard case .text(let v)? = try x.evaluate(field) else { return nil }
            return .text(UTF8Text.join(v, UTF8Text.characters(v).reversed()[...]))
        case .coalesce(let xs):
            for x in xs { if let v = try x.evaluate(field) { return v } }
            return nil
        case .nullif(let a, let b):
            guard let va = try a.evaluate(field) else { return nil }
            guard let vb = try b.evaluate(field) else { return va }
            return try SQLValue.compare(va, vb, bytesOrder: false) == 0 ? nil : va
        case .concat(let a, let b):
            guard case .text(let x)? = try a.evaluate(field), case .text(let y)? = try b.evaluate(field) else {
                return nil
            }
            return .text(x + y)
        case .toText(let x, let maxChars):
            guard let v = try x.evaluate(field) else { return nil }
            var t = v.outputBytes
            if let maxChars {
                let chars = UTF8Text.characters(t)
                if chars.count > maxChars { t = UTF8Text.join(t, chars[..<maxChars]) }
            }
            return .text(t)
        case .compare(let op, let a, let b, let ordered):
            guard let va = try a.evaluate(field), let vb = try b.evaluate(field) else { return nil }
            return .bool(Self.holds(op, try SQLValue.compare(va, vb, bytesOrder: ordered)))
        case .and(let xs):
            var sawNull = false
            for x in xs {
                switch try x.evaluate(field) {
                case .bool(false)?: return .bool(false)
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : .bool(true)
        case .or(let xs):
            var sawNull = false
            for x in xs {
                switch try x.evaluate(field) {
                case .bool(true)?: return .bool(true)
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : .bool(false)
        case .not(let x):
            guard case .bool(let b)? = try x.evaluate(field) else { return nil }
            return .bool(!b)
        case .isNull(let x, let negated):
            if case .column(let p, _) = x { return .bool(CopyText.isNull(field(p)) != negated) }
            return .bool((try x.evaluate(field) == nil) != negated)
        case .isBool(let x, let value, let negated):
            let v = try x.evaluate(field)
            return .bool((v == .bool(value)) != negated)
        case .anyOf(let x, let op, let list, let all, let ordered):
            guard let vx = try x.evaluate(field) else { return nil }
            var sawNull = false
            for item in list {
                guard let vi = try item.evaluate(field) else {
                    sawNull = true
                    continue
                }
                let r = Self.holds(op, try SQLValue.compare(vx, vi, bytesOrder: ordered))
                if all && !r { return .bool(false) }
                if !all && r { return .bool(true) }
            }
            return sawNull ? nil : .bool(all)
        }
    }

    private static func holds(_ op: String, _ c: Int) -> Bool {
        switch op {
        case "=": return c == 0
        case "<>": return c != 0
        case "<": return c < 0
        case "<=": return c <= 0
        case ">": return c > 0
        default: return c >= 0
        }
    }
}

extension SQLValue {
    /// -1, 0, 1. Text equality is byte equality (deterministic collations); text order only when
    /// `bytesOrder` (the binder refuses other collations).
    static func compare(_ a: SQLValue, _ b: SQLValue, bytesOrder: Bool) throws -> Int {
        switch (a, b) {
        case (.text(let x), .text(let y)), (.time(let x), .time(let y)), (.bytes(let x), .bytes(let y)):
            if x == y { return 0 }
            return x.lexicographicallyPrecedes(y) ? -1 : 1
        case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.int, .numeric), (.numeric, .int), (.numeric, .numeric):
            return Numeric.compare(a.outputBytes, b.outputBytes)
        default: throw RowNotExact()
        }
    }
}

/// Plain decimal text (`-12.50`, `3`), compared by value.
enum Numeric {
    static func isPlain(_ v: [UInt8]) -> Bool {
        var i = 0
        var digits = 0
        var dots = 0
        if i < v.count && (v[i] == UInt8(ascii: "-") || v[i] == UInt8(ascii: "+")) { i += 1 }
        while i < v.count {
            if v[i] == UInt8(ascii: ".") {
                dots += 1
            } else if v[i] >= 48 && v[i] <= 57 {
                digits += 1
            } else {
                return false
            }
            i += 1
        }
        return digits > 0 && dots <= 1
    }

    /// (negative, integer digits without leading zeros, fraction digits without trailing zeros).
    private static func parts(_ v: [UInt8]) -> (Bool, ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var s = v[...]
        var neg = false
        if s.first == UInt8(ascii: "-") {
            neg = true
            s = s.dropFirst()
        } else if s.first == UInt8(ascii: "+") {
            s = s.dropFirst()
        }
        let dot = s.firstIndex(of: UInt8(ascii: "."))
        var int = dot.map { s[..<$0] } ?? s
        var frac = dot.map { s[(s.index(after: $0))...] } ?? []
        while int.first == UInt8(ascii: "0") { int = int.dropFirst() }
        while frac.last == UInt8(ascii: "0") { frac = frac.dropLast() }
        if int.isEmpty && frac.isEmpty { neg = false }
        return (neg, int, frac)
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let (na, ia, fa) = parts(a)
        let (nb, ib, fb) = parts(b)
        if na != nb { return na ? -1 : 1 }
        var c: Int
        if ia.count != ib.count {
            c = ia.count < ib.count ? -1 : 1
        } else if ia != ib {
            c = ia.lexicographicallyPrecedes(ib) ? -1 : 1
        } else if fa == fb {
            c = 0
        } else {
            c = fa.lexicographicallyPrecedes(fb) ? -1 : 1
        }
        return na ? -c : c
    }
}

/// ISO dates and timestamps as COPY prints them under DateStyle ISO (AD, 4-digit years):
/// byte order is time order.
enum ISOTime {
    private static func digits(_ v: [UInt8], _ r: Range<Int>) -> Bool { r.allSatisfy { v[$0] >= 48 && v[$0] <= 57 } }
    static func isDate(_ v: [UInt8]) -> Bool {
        v.count == 10 && digits(v, 0..<4) && v[4] == 45 && digits(v, 5..<7) && v[7] == 45 && digits(v, 8..<10)
    }
    static func isTimestamp(_ v: [UInt8]) -> Bool {
        guard v.count >= 19, isDate(Array(v[0..<10])), v[10] == 32, digits(v, 11..<13), v[13] == 58,
            digits(v, 14..<16), v[16] == 58, digits(v, 17..<19)
        else { return false }
        if v.count == 19 { return true }
        return v[19] == 46 && v.count > 20 && v.count <= 26 && digits(v, 20..<v.count)
    }
}

/// Character boundaries of UTF-8 text (the database encoding is UTF8).
enum UTF8Text {
    static func characters(_ v: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for i in 1..<(v.count + 1) where i == v.count || v[i] & 0xC0 != 0x80 {
            out.append(start..<i)
            start = i
        }
        return v.isEmpty ? [] : out
    }
    static func join(_ v: [UInt8], _ chars: ArraySlice<Range<Int>>) -> [UInt8] {
        var out: [UInt8] = []
        for r in chars { out.append(contentsOf: v[r]) }
        return out
    }
}
