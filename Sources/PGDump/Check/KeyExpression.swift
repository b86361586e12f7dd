/// How one index column's key is computed from a COPY row.
enum KeyTransform {
    /// The column itself (its COPY text, compared as bytes).
    case column
    /// An expression key, bound to the table's columns (see `BoundExpression`), with its result type.
    case expression(BoundExpression, SQLType)

    var isColumn: Bool { if case .column = self { return true } else { return false } }
}

/// Names as PostgreSQL prints them, and the locale facts key expressions depend on.
enum KeyExpression {
    /// An identifier as PostgreSQL's quote_identifier prints it (keywords not considered).
    static func quoteIdent(_ s: String) -> String {
        let plain =
            !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            && !(s.utf8.first! >= 48 && s.utf8.first! <= 57)
        return plain
            ? s : "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Whether a locale lowers `I` to dotless ı (Turkish, Azerbaijani), e.g. `tr_TR.UTF-8`, `az-x-icu`.
    static func isTurkicLocale(_ name: String) -> Bool {
        let n = name.lowercased()
        return ["tr", "az", "crh", "tt"].contains {
            n == $0 || n.hasPrefix($0 + "_") || n.hasPrefix($0 + "-") || n.hasPrefix($0 + ".")
        }
    }

    /// Whether a collation or locale name is C or POSIX (lower() then maps only ASCII A–Z).
    static func isCLocale(_ name: String) -> Bool {
        let n = name.lowercased()
        // exactly as lc_ctype_is_c(): C.UTF-8 is a real locale whose towlower() maps non-ASCII too
        return n == "c" || n == "posix" || n == "ucs_basic"
    }
}
