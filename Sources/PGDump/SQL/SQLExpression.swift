/// An index key expression or partial-index predicate as pg_dump prints it
/// (`lower((username)::text)`, `COALESCE(lower((domain)::text), ''::text)`,
/// `(uri IS NOT NULL)`, `((status)::text = ANY ((ARRAY['a'::character varying])::text[]))`),
/// parsed into the few node kinds `check` can evaluate. Anything else fails to parse, and the
/// index is then listed as not checked.
package indirect enum SQLExpression: Equatable, Sendable {
    case column(String)
    /// A string literal, before any cast gives it a type.
    case string(String)
    /// A numeric literal as written (`42`, `10.5`).
    case number(String)
    case boolean(Bool)
    case null
    /// `expr::type` (type name normalised: `character varying`, `timestamp without time zone`, `text[]`).
    case cast(SQLExpression, String)
    /// A function call; the name is lower-cased (`lower`, `coalesce`, `nullif`, `left`).
    case call(String, [SQLExpression])
    /// A binary operator: `||`, `=`, `<>`, `<`, `<=`, `>`, `>=`.
    case binary(String, SQLExpression, SQLExpression)
    case and([SQLExpression])
    case or([SQLExpression])
    case not(SQLExpression)
    /// `x IS [NOT] NULL`.
    case isNull(SQLExpression, negated: Bool)
    /// `x IS [NOT] TRUE|FALSE`.
    case isBool(SQLExpression, value: Bool, negated: Bool)
    /// `x = ANY (ARRAY[…])` / `x IN (…)` (`all` false), `x <> ALL (ARRAY[…])` / `x NOT IN (…)` (`all` true).
    case anyOf(SQLExpression, op: String, [SQLExpression], all: Bool)
    case array([SQLExpression])

    /// Parses the text of an index element or predicate; nil for anything outside the node kinds above.
    package static func parse(_ text: String) -> SQLExpression? {
        var p = ExpressionParser(tokens: SQLTokenizer.tokenize(text))
        guard let e = try? p.expression(), p.pos == p.tokens.count else { return nil }
        return e
    }

    /// COPY columns the expression reads.
    package var columns: [String] {
        var out: [String] = []
        func walk(_ e: SQLExpression) {
            switch e {
            case .column(let c): if !out.contains(c) { out.append(c) }
            case .string, .number, .boolean, .null: break
            case .cast(let x, _), .not(let x), .isNull(let x, _), .isBool(let x, _, _): walk(x)
            case .call(_, let args), .and(let args), .or(let args), .array(let args): args.forEach(walk)
            case .binary(_, let a, let b):
                walk(a)
                walk(b)
            case .anyOf(let x, _, let list, _):
                walk(x)
                list.forEach(walk)
            }
        }
        walk(self)
        return out
    }

    /// The key as PostgreSQL names it in "Key (…)=(…) is duplicated.": pg_get_indexdef_columns with
    /// pretty printing (ruleutils.c): redundant parentheses dropped, and an index column that is not
    /// a bare function call (a cast, an operator) wrapped in parentheses.
    package var keyName: String {
        if case .column(let c) = self { return KeyExpression.quoteIdent(c) }
        return looksLikeFunction ? pretty(parent: nil) : "(" + pretty(parent: nil) + ")"
    }

    /// ruleutils.c looks_like_function: function calls, COALESCE, NULLIF.
    private var looksLikeFunction: Bool { if case .call = self { return true } else { return false } }

    private enum Parent { case function, cast, op }

    /// ruleutils.c isSimpleNode in pretty mode, for the node kinds here.
    private func isSimple(parent: Parent?) -> Bool {
        switch self {
        case .column, .string, .number, .boolean, .null, .call, .array: return true
        case .cast(let x, _): return x.isSimple(parent: .cast)
        default: return parent == .function
        }
    }

    private func child(_ e: SQLExpression, _ parent: Parent) -> String {
        e.isSimple(parent: parent) ? e.pretty(parent: parent) : "(" + e.pretty(parent: parent) + ")"
    }

    private func pretty(parent: Parent?) -> String {
        switch self {
        case .column(let c): return KeyExpression.quoteIdent(c)
        case .string(let s):
            return "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .number(let n): return n
        case .boolean(let b): return b ? "true" : "false"
        case .null: return "NULL"
        case .cast(let x, let t): return child(x, .cast) + "::" + t
        case .call(let f, let args):
            let name =
                ["coalesce": "COALESCE", "nullif": "NULLIF"][f]
                ?? (["left", "right", "substring"].contains(f) ? "\"\(f)\"" : f)
            return name + "(" + args.map { $0.pretty(parent: .function) }.joined(separator: ", ") + ")"
        case .binary(let op, let a, let b): return child(a, .op) + " " + op + " " + child(b, .op)
        case .and(let xs): return xs.map { child($0, .op) }.joined(separator: " AND ")
        case .or(let xs): return xs.map { child($0, .op) }.joined(separator: " OR ")
        case .not(let x): return "NOT " + child(x, .op)
        case .isNull(let x, let n): return child(x, .op) + (n ? " IS NOT NULL" : " IS NULL")
        case .isBool(let x, let v, let n): return child(x, .op) + " IS " + (n ? "NOT " : "") + (v ? "TRUE" : "FALSE")
        case .anyOf(let x, let op, let list, let all):
            return child(x, .op) + " \(op) " + (all ? "ALL" : "ANY") + " (ARRAY["
                + list.map { $0.pretty(parent: .function) }.joined(separator: ", ") + "])"
        case .array(let xs): return "ARRAY[" + xs.map { $0.pretty(parent: .function) }.joined(separator: ", ") + "]"
        }
    }
}

/// Recursive descent over the tokens of one expression, with PostgreSQL's precedence:
/// OR < AND < NOT < IS < comparison < `||` < `::`.
private struct ExpressionParser {
    struct Failure: Error {}
    let tokens: [SQLToken]
    var pos = 0

    var peek: SQLToken? { pos < tokens.count ? tokens[pos] : nil }
    func peek(_ k: Int) -> SQLToken? { pos + k < tokens.count ? tokens[pos + k] : nil }
    mutating func keyword(_ k: String) -> Bool {
        if peek?.isKeyword(k) == true {
            pos += 1
            return true
        }
        return false
    }
    mutating func punct(_ p: String) -> Bool {
        if peek?.isPunct(p) == true {
            pos += 1
            return true
        }
        return false
    }
    mutating func expectPunct(_ p: String) throws { guard punct(p) else { throw Failure() } }

    mutating func expression() throws -> SQLExpression {
        var xs = [try conjunction()]
        while keyword("OR") { xs.append(try conjunction()) }
        return xs.count == 1 ? xs[0] : .or(xs)
    }

    mutating func conjunction() throws -> SQLExpression {
        var xs = [try negation()]
        while keyword("AND") { xs.append(try negation()) }
        return xs.count == 1 ? xs[0] : .and(xs)
    }

    mutating func negation() throws -> SQLExpression {
        if keyword("NOT") { return .not(try negation()) }
        return try isTest()
    }

    mutating func isTest() throws -> SQLExpression {
        var x = try comparison()
        while peek?.isKeyword("IS") == true {
            pos += 1
            let negated = keyword("NOT")
            if keyword("NULL") {
                x = .isNull(x, negated: negated)
            } else if keyword("TRUE") {
                x = .isBool(x, value: true, negated: negated)
            } else if keyword("FALSE") {
                x = .isBool(x, value: false, negated: negated)
            } else {
                throw Failure()
            }
        }
        if peek?.isKeyword("NOTNULL") == true {
            pos += 1
            x = .isNull(x, negated: true)
        }
        if peek?.isKeyword("ISNULL") == true {
            pos += 1
            x = .isNull(x, negated: false)
        }
        return x
    }

    static let comparisons: Set<String> = ["=", "<>", "!=", "<", "<=", ">", ">="]

    mutating func comparison() throws -> SQLExpression {
        let a = try concatenation()
        // [NOT] IN (…)
        if peek?.isKeyword("IN") == true || (peek?.isKeyword("NOT") == true && peek(1)?.isKeyword("IN") == true) {
            let negated = keyword("NOT")
            pos += 1
            try expectPunct("(")
            var list = [try expression()]
            while punct(",") { list.append(try expression()) }
            try expectPunct(")")
            return .anyOf(a, op: negated ? "<>" : "=", list, all: negated)
        }
        guard let t = peek, t.kind == .op, Self.comparisons.contains(t.text) else { return a }
        pos += 1
        let op = t.text == "!=" ? "<>" : t.text
        if peek?.isKeyword("ANY") == true || peek?.isKeyword("ALL") == true {
            let all = peek!.isKeyword("ALL")
            pos += 1
            try expectPunct("(")
            let arr = try expression()
            try expectPunct(")")
            guard let list = Self.arrayElements(arr) else { throw Failure() }
            return .anyOf(a, op: op, list, all: all)
        }
        return .binary(op, a, try concatenation())
    }

    /// The elements of `ARRAY[…]`, possibly cast as a whole (`(ARRAY[…])::text[]`: each element gets the cast).
    static func arrayElements(_ e: SQLExpression) -> [SQLExpression]? {
        switch e {
        case .array(let xs): return xs
        case .cast(let inner, let t) where t.hasSuffix("[]"):
            return arrayElements(inner).map { $0.map { .cast($0, String(t.dropLast(2))) } }
        default: return nil
        }
    }

    mutating func concatenation() throws -> SQLExpression {
        var x = try castable()
        while let t = peek, t.kind == .op, t.text == "||" {
            pos += 1
            x = .binary("||", x, try castable())
        }
        return x
    }

    mutating func castable() throws -> SQLExpression {
        var x = try primary()
        while let t = peek, t.kind == .op, t.text == "::" {
            pos += 1
            x = .cast(x, try typeName())
        }
        return x
    }

    static let notTypeWords: Set<String> = [
        "AND", "OR", "IS", "NOT", "IN", "ISNULL", "NOTNULL", "COLLATE", "ASC", "DESC", "NULLS",
    ]

    /// `text`, `character varying(255)`, `timestamp(3) without time zone`, `text[]`, `public.mytype`.
    mutating func typeName() throws -> String {
        var words: [String] = []
        var modifier = ""
        while let t = peek {
            if t.isIdentifier && !(t.kind == .word && Self.notTypeWords.contains(t.text.uppercased())) {
                words.append(t.identifier)
                pos += 1
                if punct(".") {
                    words[words.count - 1] += "."
                    continue
                }
            } else if t.isPunct("("), !words.isEmpty, modifier.isEmpty {
                pos += 1
                var parts: [String] = []
                while let u = peek, !u.isPunct(")") {
                    parts.append(u.text)
                    pos += 1
                }
                try expectPunct(")")
                modifier = "(" + parts.joined() + ")"
                words[words.count - 1] += modifier
            } else {
                break
            }
        }
        guard !words.isEmpty else { throw Failure() }
        var name = words.joined(separator: " ").replacingDotSpace()
        while peek?.isPunct("[") == true && peek(1)?.isPunct("]") == true {
            pos += 2
            name += "[]"
        }
        return name
    }

    mutating func primary() throws -> SQLExpression {
        guard let t = peek else { throw Failure() }
        switch t.kind {
        case .punct where t.text == "(":
            pos += 1
            let x = try expression()
            try expectPunct(")")
            return x
        case .string:
            pos += 1
            return .string(t.text)
        case .number:
            pos += 1
            return .number(t.text)
        case .op where t.text == "-":
            // a negative number as pg_dump never prints it, but a user might: `- 1`
            pos += 1
            guard let n = peek, n.kind == .number else { throw Failure() }
            pos += 1
            return .number("-" + n.text)
        case .word, .quotedIdent:
            let isWord = t.kind == .word
            if isWord && t.isKeyword("TRUE") {
                pos += 1
                return .boolean(true)
            }
            if isWord && t.isKeyword("FALSE") {
                pos += 1
                return .boolean(false)
            }
            if isWord && t.isKeyword("NULL") {
                pos += 1
                return .null
            }
            if isWord && t.isKeyword("ARRAY"), peek(1)?.isPunct("[") == true {
                pos += 2
                var xs: [SQLExpression] = []
                if !punct("]") {
                    repeat { xs.append(try expression()) } while punct(",")
                    try expectPunct("]")
                }
                return .array(xs)
            }
            if peek(1)?.isPunct("(") == true {
                pos += 2
                // quoted names (`"left"`) are the same functions; schema-qualified names are not handled
                let name = t.kind == .quotedIdent ? t.text.lowercased() : t.text.lowercased()
                var args: [SQLExpression] = []
                if !punct(")") {
                    repeat { args.append(try expression()) } while punct(",")
                    try expectPunct(")")
                }
                return .call(name, args)
            }
            if isWord && ExpressionParser.notTypeWords.contains(t.text.uppercased()) { throw Failure() }
            pos += 1
            if peek?.isPunct(".") == true { throw Failure() }  // qualified column or function: not handled
            return .column(t.identifier)
        default:
            throw Failure()
        }
    }
}

private extension String {
    /// `public. mytype` → `public.mytype` (type words are joined with spaces).
    func replacingDotSpace() -> String {
        split(separator: " ", omittingEmptySubsequences: false).reduce(into: "") { out, w in
            if out.isEmpty || out.hasSuffix(".") { out += w } else { out += " " + w }
        }
    }
}
