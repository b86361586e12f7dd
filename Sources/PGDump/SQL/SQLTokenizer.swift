/// A token of the SQL pg_dump prints in TOC definitions.
package struct SQLToken: Equatable, Sendable {
    package enum Kind: Sendable { case word, quotedIdent, string, number, punct, op }
    package var kind: Kind
    /// Words as written; quoted identifiers unquoted (with `""` undoubled); strings without quotes.
    package var text: String

    /// Case-insensitive keyword test (never true for quoted identifiers).
    package func isKeyword(_ k: String) -> Bool { kind == .word && text.uppercased() == k }
    package func isPunct(_ p: String) -> Bool { kind == .punct && text == p }
    /// An identifier's name: quoted as-is, bare words folded to lower case as the server does.
    package var identifier: String { kind == .quotedIdent ? text : text.lowercased() }
    package var isIdentifier: Bool { kind == .word || kind == .quotedIdent }
    /// The token as SQL again: identifiers and strings re-quoted (embedded quotes doubled).
    package var sourceText: String {
        func quote(_ q: Character) -> String {
            String(q)
                + text.split(separator: q, omittingEmptySubsequences: false).joined(separator: String(q) + String(q))
                + String(q)
        }
        switch kind {
        case .quotedIdent: return quote("\"")
        case .string: return quote("'")
        default: return text
        }
    }
}

/// Splits SQL text into tokens: words, "quoted identifiers", 'strings' (also E'…'),
/// numbers, single-character punctuation `( ) , . ;` and operator runs. Comments are skipped.
package enum SQLTokenizer {
    package static func tokenize(_ sql: String) -> [SQLToken] {
        let s = Array(sql.unicodeScalars)
        var out: [SQLToken] = []
        var i = 0
        // In ASCII the Alphabetic property is exactly A-Z and a-z; every non-ASCII scalar starts a
        // word anyway (as PostgreSQL's scanner takes any high-bit byte), so the Unicode property
        // lookup, a seventh of `check` on a 190,000-entry TOC, is never needed.
        func isWordStart(_ c: Unicode.Scalar) -> Bool {
            let lower = c.value | 0x20
            return c == "_" || (lower >= 0x61 && lower <= 0x7A) || c.value >= 0x80
        }
        func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || ("0"..."9").contains(c) || c == "$" }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\n" || c == "\t" || c == "\r" {
                i += 1
                continue
            }
            if c == "-", i + 1 < s.count, s[i + 1] == "-" {
                while i < s.count && s[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < s.count, s[i + 1] == "*" {
                i += 2
                while i + 1 < s.count && !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i += 2
                continue
            }
            if c == "\"" {
                var t = String.UnicodeScalarView()
                i += 1
                while i < s.count {
                    if s[i] == "\"" {
                        if i + 1 < s.count && s[i + 1] == "\"" {
                            t.append("\"")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    t.append(s[i])
                    i += 1
                }
                out.append(SQLToken(kind: .quotedIdent, text: String(t)))
                continue
            }
            let escapeString = (c == "E" || c == "e") && i + 1 < s.count && s[i + 1] == "'"
            if c == "'" || escapeString {
                if escapeString { i += 1 }
                var t = String.UnicodeScalarView()
                i += 1
                while i < s.count {
                    if escapeString && s[i] == "\\" && i + 1 < s.count {
                        t.append(s[i + 1])
                        i += 2
                        continue
                    }
                    if s[i] == "'" {
                        if i + 1 < s.count && s[i + 1] == "'" {
                            t.append("'")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    t.append(s[i])
                    i += 1
                }
                out.append(SQLToken(kind: .string, text: String(t)))
                continue
            }
            if isWordStart(c) {
                var t = String.UnicodeScalarView()
                while i < s.count && isWordPart(s[i]) {
                    t.append(s[i])
                    i += 1
                }
                out.append(SQLToken(kind: .word, text: String(t)))
                continue
            }
            if ("0"..."9").contains(c) {
                var t = String.UnicodeScalarView()
                while i < s.count && (("0"..."9").contains(s[i]) || s[i] == ".") {
                    t.append(s[i])
                    i += 1
                }
                out.append(SQLToken(kind: .number, text: String(t)))
                continue
            }
            if "(),.;[]".unicodeScalars.contains(c) {
                out.append(SQLToken(kind: .punct, text: String(c)))
                i += 1
                continue
            }
            var t = String.UnicodeScalarView()
            while i < s.count && "+-*/<>=~!@#%^&|`?:".unicodeScalars.contains(s[i]) {
                t.append(s[i])
                i += 1
            }
            if t.isEmpty {
                t.append(c)
                i += 1
            }
            out.append(SQLToken(kind: .op, text: String(t)))
        }
        return out
    }
}

/// A cursor over tokens with the few helpers the DDL parsers need.
struct TokenCursor {
    let tokens: [SQLToken]
    var pos = 0
    init(_ sql: String) { tokens = SQLTokenizer.tokenize(sql) }

    var atEnd: Bool { pos >= tokens.count || tokens[pos].isPunct(";") }
    var peek: SQLToken? { pos < tokens.count ? tokens[pos] : nil }
    func peek(_ k: Int) -> SQLToken? { pos + k < tokens.count ? tokens[pos + k] : nil }

    mutating func next() -> SQLToken? {
        guard pos < tokens.count else { return nil }
        defer { pos += 1 }
        return tokens[pos]
    }
    /// Consumes the keywords if they all follow, else consumes nothing.
    mutating func accept(_ words: String...) -> Bool {
        for (k, w) in words.enumerated() {
            guard let t = peek(k), t.isKeyword(w) else { return false }
        }
        pos += words.count
        return true
    }
    mutating func acceptPunct(_ p: String) -> Bool {
        if peek?.isPunct(p) == true {
            pos += 1
            return true
        }
        return false
    }
    mutating func expect(_ words: String...) throws {
        for w in words {
            guard let t = next(), t.isKeyword(w) else { throw DDLParseError("expected \(w)") }
        }
    }
    mutating func expectPunct(_ p: String) throws {
        guard acceptPunct(p) else { throw DDLParseError("expected \(p)") }
    }
    mutating func identifier() throws -> String {
        guard let t = next(), t.isIdentifier else { throw DDLParseError("expected an identifier") }
        return t.identifier
    }
    /// `name` or `schema.name`.
    mutating func qualifiedName() throws -> QualifiedName {
        let first = try identifier()
        if acceptPunct(".") { return QualifiedName(schema: first, name: try identifier()) }
        return QualifiedName(schema: nil, name: first)
    }
    /// Tokens up to the matching `)` (the `(` already consumed), as source-like text.
    mutating func balancedText() throws -> String {
        var depth = 1
        var parts: [String] = []
        while let t = next() {
            if t.isPunct("(") { depth += 1 }
            if t.isPunct(")") {
                depth -= 1
                if depth == 0 { return parts.joined(separator: " ") }
            }
            parts.append(t.sourceText)
        }
        throw DDLParseError("unbalanced parentheses")
    }
    /// `( ident, ident … )`.
    mutating func identifierList() throws -> [String] {
        try expectPunct("(")
        var names: [String] = []
        repeat { names.append(try identifier()) } while acceptPunct(",")
        try expectPunct(")")
        return names
    }
}

package struct DDLParseError: Error, CustomStringConvertible {
    package var description: String
    init(_ d: String) { description = d }
}

/// A possibly schema-qualified object name, unquoted.
package struct QualifiedName: Hashable, Sendable, Codable, CustomStringConvertible {
    package var schema: String?
    package var name: String
    package init(schema: String?, name: String) {
        self.schema = schema
        self.name = name
    }
    package var description: String { schema.map { "\($0).\(name)" } ?? name }
}
