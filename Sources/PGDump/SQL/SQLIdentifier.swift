/// Quoting of SQL identifiers the way pg_restore's `fmtId` does it: an identifier is written
/// bare only if it is a lower-case letter or underscore followed by lower-case letters,
/// digits and underscores, and is not a keyword other than an unreserved one.
/// Double quotes inside are doubled.
package enum SQLIdentifier {
    /// Quotes `name` as pg_restore `major` would (its keyword list decides).
    package static func quote(_ name: String, major: Int = 18) -> String {
        if isPlain(name) && !SQLKeywords.needsQuoting(name, major: major) { return name }
        var out = "\""
        for ch in name.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        out += "\""
        return out
    }

    /// `schema.name`, each part quoted; the schema is left out when NULL or empty.
    package static func qualified(_ schema: String?, _ name: String, major: Int = 18) -> String {
        if let schema, !schema.isEmpty { return quote(schema, major: major) + "." + quote(name, major: major) }
        return quote(name, major: major)
    }

    static func isPlain(_ name: String) -> Bool {
        var first = true
        for b in name.utf8 {
            let lower = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")
            let digit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            if !(lower || b == UInt8(ascii: "_") || (digit && !first)) { return false }
            first = false
        }
        return !first
    }
}

/// The keywords that are not "unreserved" in PostgreSQL's grammar, per major version.
/// Identifiers spelled like one of these must be quoted. (Facts taken from the keyword
/// list of each release; only the categories matter here.)
enum SQLKeywords {
    static func needsQuoting(_ word: String, major: Int) -> Bool {
        if base.contains(word) { return true }
        if major >= 16 && added16.contains(word) { return true }
        if major >= 17 && added17.contains(word) { return true }
        return false
    }

    /// Reserved, column-name and type/function-name keywords of PostgreSQL 15.
    static let base: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check",
        "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
        "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct",
        "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
        "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
        "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull",
        "join", "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp",
        "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
        "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
        "precision", "primary", "real", "references", "returning", "right", "row", "select", "session_user",
        "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then",
        "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using",
        "values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
        "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
        "xmlserialize", "xmltable",
    ]
    /// New in PostgreSQL 16.
    static let added16: Set<String> = ["json_array", "json_arrayagg", "json_object", "json_objectagg", "system_user"]
    /// New in PostgreSQL 17 (18 added none).
    static let added17: Set<String> = [
        "json", "json_exists", "json_query", "json_scalar", "json_serialize", "json_table", "json_value",
        "merge_action",
    ]
}
