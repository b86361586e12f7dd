/// A function pgdmp evaluates for an expression index key.
public enum KeyFunction: String, Sendable, Codable { case md5, lower }

/// How one index column's key is computed from a COPY column.
enum KeyTransform: Equatable {
    case column
    case md5
    /// `exact`: the collation is C/POSIX, so lower() maps only ASCII A–Z and every value is
    /// exact; otherwise only ASCII-only values are, and under a Turkic (or unknown) locale not
    /// even those holding `I`, which lowers to a two-byte dotless ı there.
    case lower(exact: Bool, turkic: Bool)
}

/// An index element that pgdmp can evaluate: a plain column, or `md5(col)` / `lower(col)`
/// as pg_dump prints them (`lower((email)::text)`, `md5("Href")`, `(md5(url))`).
public struct KeyExpression: Equatable, Sendable {
    public var column: String
    public var function: KeyFunction?
    /// A cast of the column inside the call (`text`, `character varying`), if any.
    public var cast: String?

    /// The key as PostgreSQL names it in "Key (…)=(…) is duplicated." (pg_get_indexdef_columns).
    public var keyName: String {
        guard let function else { return column }
        let col = KeyExpression.quoteIdent(column)
        return "\(function.rawValue)(\(cast.map { "\(col)::\($0)" } ?? col))"
    }

    public init(column: String, function: KeyFunction? = nil, cast: String? = nil) {
        self.column = column; self.function = function; self.cast = cast
    }

    /// nil for anything else (other functions, operators, several columns, constants).
    public init?(_ element: IndexElement) {
        switch element {
        case .column(let c): column = c; function = nil; cast = nil
        case .expression(let text):
            var t = SQLTokenizer.tokenize(text)[...]
            // outer parentheses
            while t.count >= 2, t.first!.isPunct("("), t.last!.isPunct(")"), Self.balanced(t.dropFirst().dropLast()) {
                t = t.dropFirst().dropLast()
            }
            guard t.count >= 4, t.first!.kind == .word, let f = KeyFunction(rawValue: t.first!.text.lowercased()),
                  t[t.startIndex + 1].isPunct("("), t.last!.isPunct(")") else { return nil }
            var arg = t.dropFirst(2).dropLast()
            // arg: col | (col) | (col)::type | col::type, possibly parenthesised as a whole
            while arg.count >= 2, arg.first!.isPunct("("), arg.last!.isPunct(")"), Self.balanced(arg.dropFirst().dropLast()),
                  !(arg.count == 3) {
                arg = arg.dropFirst().dropLast()
            }
            var castType: String?
            if let op = arg.firstIndex(where: { $0.kind == .op && $0.text == "::" }) {
                let typeTokens = arg[(op + 1)...]
                guard !typeTokens.isEmpty, typeTokens.allSatisfy({ $0.kind == .word }) else { return nil }
                castType = typeTokens.map { $0.text.lowercased() }.joined(separator: " ")
                arg = arg[..<op]
            }
            if arg.count == 3, arg.first!.isPunct("("), arg.last!.isPunct(")") { arg = arg.dropFirst().dropLast() }
            guard arg.count == 1, let c = arg.first, c.isIdentifier else { return nil }
            column = c.identifier; function = f; cast = castType
        }
    }

    private static func balanced(_ t: ArraySlice<SQLToken>) -> Bool {
        var depth = 0
        for x in t {
            if x.isPunct("(") { depth += 1 }
            if x.isPunct(")") { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    /// An identifier as PostgreSQL's quote_identifier prints it (keywords not considered).
    static func quoteIdent(_ s: String) -> String {
        let plain = !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            && !(s.utf8.first! >= 48 && s.utf8.first! <= 57)
        return plain ? s : "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Whether a locale lowers `I` to dotless ı (Turkish, Azerbaijani), e.g. `tr_TR.UTF-8`, `az-x-icu`.
    static func isTurkicLocale(_ name: String) -> Bool {
        let n = name.lowercased()
        return ["tr", "az", "crh", "tt"].contains { n == $0 || n.hasPrefix($0 + "_") || n.hasPrefix($0 + "-") || n.hasPrefix($0 + ".") }
    }

    /// Whether a collation or locale name is C or POSIX (lower() then maps only ASCII A–Z).
    static func isCLocale(_ name: String) -> Bool {
        let n = name.lowercased()
        // exactly as lc_ctype_is_c(): C.UTF-8 is a real locale whose towlower() maps non-ASCII too
        return n == "c" || n == "posix" || n == "ucs_basic"
    }
}

extension KeyTransform {
    /// The key value for a decoded COPY value; nil result = SQL NULL; throws NotExact when
    /// lower() of this value depends on the collation.
    struct NotExact: Error {}
    func apply(_ v: [UInt8]?) throws -> [UInt8]? {
        guard let v else { return nil }
        switch self {
        case .column: return v
        case .md5: return MD5.hex(v)
        case .lower(let exact, let turkic):
            if !exact && v.contains(where: { $0 >= 0x80 || (turkic && $0 == 0x49) }) { throw NotExact() }
            return v.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        }
    }
}
