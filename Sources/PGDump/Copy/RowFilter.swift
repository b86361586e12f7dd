/// `cat TABLE --where 'COLUMN = VALUE'`: finding rows without a server. Conditions are
/// compared on the decoded value of a COPY field (escapes undone, `\N` is NULL), as text, or
/// as numbers when both sides are numbers; several conditions are combined with AND.
///
/// SQL's rules where they apply: a comparison with NULL is never true (use `IS NULL`);
/// `LIKE` takes `%` (any run) and `_` (one character), `\` escapes them. Text order is byte
/// order (PostgreSQL's "C" collation), which can differ from the database's collation.
package struct RowCondition: Sendable, Equatable {
    package enum Operator: String, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case isNull = "IS NULL"
        case isNotNull = "IS NOT NULL"
        case like = "LIKE"
        case notLike = "NOT LIKE"
    }

    package var column: String
    /// Whether the column was written in double quotes (then it is matched exactly, not folded).
    package var columnQuoted: Bool
    package var op: Operator
    /// The value compared with; nil for IS [NOT] NULL.
    package var value: String?

    package init(column: String, columnQuoted: Bool = false, op: Operator, value: String?) {
        self.column = column
        self.columnQuoted = columnQuoted
        self.op = op
        self.value = value
    }

    /// Parses `COLUMN OP VALUE`: COLUMN bare or "quoted"; OP one of = <> != < <= > >= LIKE,
    /// NOT LIKE, IS NULL, IS NOT NULL (keywords in any case); VALUE 'quoted' ('' is a quote) or bare.
    package init(parsing text: String) throws {
        var rest = Substring(text).drop { $0 == " " }
        var column = ""
        var quoted = false
        if rest.first == "\"" {
            quoted = true
            rest = rest.dropFirst()
            while true {
                guard let c = rest.first else { throw Self.error(text, "an unterminated quoted column name") }
                rest = rest.dropFirst()
                if c == "\"" {
                    if rest.first == "\"" {
                        column.append("\"")
                        rest = rest.dropFirst()
                    } else {
                        break
                    }
                } else {
                    column.append(c)
                }
            }
        } else {
            while let c = rest.first, !" =<>!".contains(c) {
                column.append(c)
                rest = rest.dropFirst()
            }
        }
        guard !column.isEmpty else { throw Self.error(text, "a column name first") }
        rest = rest.drop { $0 == " " }
        let upper = rest.uppercased()
        let keywordOps: [(String, Operator)] = [
            ("IS NOT NULL", .isNotNull), ("IS NULL", .isNull),
            ("NOT LIKE ", .notLike), ("LIKE ", .like),
        ]
        let symbolOps: [(String, Operator)] = [
            ("<>", .notEqual), ("!=", .notEqual), ("<=", .lessOrEqual),
            (">=", .greaterOrEqual), ("=", .equal), ("<", .less), (">", .greater),
        ]
        var found: (String, Operator)?
        for (word, op) in keywordOps where upper.hasPrefix(word) || (word.hasSuffix(" ") && upper == word.dropLast()) {
            found = (word, op)
            break
        }
        if found == nil { found = symbolOps.first { upper.hasPrefix($0.0) } }
        guard let (word, op) = found else {
            throw Self.error(
                text, "an operator after the column: =, <>, <, <=, >, >=, LIKE, NOT LIKE, IS NULL or IS NOT NULL")
        }
        rest = rest.dropFirst(min(word.count, rest.count)).drop { $0 == " " }
        var value: String?
        if op == .isNull || op == .isNotNull {
            guard rest.allSatisfy({ $0 == " " }) else { throw Self.error(text, "nothing after \(op.rawValue)") }
        } else if rest.first == "'" {
            var v = ""
            rest = rest.dropFirst()
            while true {
                guard let c = rest.first else { throw Self.error(text, "an unterminated quoted value") }
                rest = rest.dropFirst()
                if c == "'" {
                    if rest.first == "'" {
                        v.append("'")
                        rest = rest.dropFirst()
                    } else {
                        break
                    }
                } else {
                    v.append(c)
                }
            }
            guard rest.allSatisfy({ $0 == " " }) else { throw Self.error(text, "nothing after the quoted value") }
            value = v
        } else {
            var v = String(rest)
            while v.hasSuffix(" ") { v.removeLast() }
            guard !v.isEmpty else { throw Self.error(text, "a value after \(op.rawValue) (quote it: 'text')") }
            value = v
        }
        self.init(column: column, columnQuoted: quoted, op: op, value: value)
    }

    static func error(_ text: String, _ expected: String) -> PGDumpError {
        PGDumpError(.usage, "cannot read the condition \"\(text)\": expected \(expected)")
    }
}

/// Conditions bound to a COPY statement's columns, tested against each row's fields.
package struct RowFilter {
    struct Bound {
        let field: Int
        let condition: RowCondition
        let value: [UInt8]
        let number: Double?
        let pattern: [Unicode.Scalar]
    }
    let bound: [Bound]
    private var scratch: [UInt8] = []

    /// Binds each condition's column to its position in `columns` (exact name first, then
    /// folded to lower case unless quoted); an unknown column is an error listing the columns.
    package init(_ conditions: [RowCondition], columns: [String], table: String) throws {
        bound = try conditions.map { c in
            let readable = columns.map(ArchiveText.readable)
            guard
                let i = readable.firstIndex(of: c.column)
                    ?? (c.columnQuoted ? nil : readable.firstIndex(of: c.column.lowercased()))
            else {
                throw PGDumpError(
                    .usage, "no column \"\(c.column)\" in \(table); columns: \(readable.joined(separator: ", "))")
            }
            let v = c.value ?? ""
            return Bound(
                field: i, condition: c, value: Array(v.utf8), number: RowFilter.number(Array(v.utf8)),
                pattern: Array(v.unicodeScalars))
        }
    }

    /// The fields (0-based) the conditions read: the only ones `matches` looks at.
    package var fields: [Int] { bound.map(\.field) }

    /// Whether the row whose fields are at `ranges` of `line` meets every condition.
    package mutating func matches(_ line: UnsafeRawBufferPointer, fields ranges: [Range<Int>]) -> Bool {
        for b in bound {
            scratch.removeAll(keepingCapacity: true)
            let raw = UnsafeRawBufferPointer(rebasing: line[ranges[b.field]])
            let isNull = !CopyText.decode(raw, appendingTo: &scratch)
            switch b.condition.op {
            case .isNull: if !isNull { return false }
            case .isNotNull: if isNull { return false }
            case .like, .notLike:
                if isNull { return false }
                let text = Array(String(decoding: scratch, as: UTF8.self).unicodeScalars)
                if RowFilter.like(text[...], b.pattern[...]) != (b.condition.op == .like) { return false }
            default:
                if isNull { return false }
                let order = RowFilter.compare(scratch, b.value, rightNumber: b.number)
                let ok: Bool
                switch b.condition.op {
                case .equal: ok = order == 0
                case .notEqual: ok = order != 0
                case .less: ok = order < 0
                case .lessOrEqual: ok = order <= 0
                case .greater: ok = order > 0
                default: ok = order >= 0
                }
                if !ok { return false }
            }
        }
        return true
    }

    /// -1, 0, 1: as numbers when both are numbers (`10 > 9`, `1.0 = 1`), else byte order.
    static func compare(_ a: [UInt8], _ b: [UInt8], rightNumber: Double?) -> Int {
        if let y = rightNumber, let x = number(a) {
            // Integers beyond 2^53 lose precision as Double: compare those exactly.
            if let i = integer(a), let j = integer(b) { return i < j ? -1 : i > j ? 1 : 0 }
            return x < y ? -1 : x > y ? 1 : 0
        }
        if a == b { return 0 }
        return a.lexicographicallyPrecedes(b) ? -1 : 1
    }

    /// A decimal number as PostgreSQL prints numeric, integer and float values; nil otherwise.
    static func number(_ bytes: [UInt8]) -> Double? {
        guard !bytes.isEmpty, bytes.count < 64,
            bytes.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2B || $0 == 0x2E || $0 == 0x65 || $0 == 0x45
            }),
            bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    static func integer(_ bytes: [UInt8]) -> Int64? {
        guard !bytes.isEmpty, bytes.count < 21 else { return nil }
        return Int64(String(decoding: bytes, as: UTF8.self))
    }

    /// SQL LIKE: `%` any run, `_` one character, `\` takes the next character literally.
    static func like(_ s: ArraySlice<Unicode.Scalar>, _ p: ArraySlice<Unicode.Scalar>) -> Bool {
        var s = s
        var p = p
        while let c = p.first {
            if c == "%" {
                p = p.dropFirst()
                while p.first == "%" { p = p.dropFirst() }
                if p.isEmpty { return true }
                var rest = s
                while true {
                    if like(rest, p) { return true }
                    if rest.isEmpty { return false }
                    rest = rest.dropFirst()
                }
            }
            guard let d = s.first else { return false }
            if c == "_" {
                // any one character
            } else if c == "\\", p.count > 1 {
                p = p.dropFirst()
                if p.first != d { return false }
            } else if c != d {
                return false
            }
            p = p.dropFirst()
            s = s.dropFirst()
        }
        return s.isEmpty
    }
}
