/// Small readings of the statements pg_restore sends, enough for the prediction rules.
enum StatementText {
    /// Splits a definition into its statements at top-level semicolons (outside quotes,
    /// dollar quotes and parentheses), each trimmed, without the semicolon.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        let scalars = Array(sql.unicodeScalars)
        var i = 0
        var depth = 0
        var dollarTag: String?
        func flush() {
            let t = current.trimmingWhitespace()
            if !t.isEmpty { out.append(t) }
            current = ""
        }
        while i < scalars.count {
            let c = scalars[i]
            if let tag = dollarTag {
                if c == "$",
                    String(String.UnicodeScalarView(scalars[i..<min(scalars.count, i + tag.unicodeScalars.count)]))
                        == tag
                {
                    current += tag
                    i += tag.unicodeScalars.count
                    dollarTag = nil
                    continue
                }
                current.unicodeScalars.append(c)
                i += 1
                continue
            }
            switch c {
            case "'", "\"":
                current.unicodeScalars.append(c)
                i += 1
                while i < scalars.count {
                    current.unicodeScalars.append(scalars[i])
                    if scalars[i] == c {
                        if i + 1 < scalars.count && scalars[i + 1] == c {
                            current.unicodeScalars.append(c)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    i += 1
                }
                continue
            case "$":
                var j = i + 1
                while j < scalars.count,
                    scalars[j] == "_" || scalars[j].properties.isAlphabetic || ("0"..."9").contains(scalars[j])
                { j += 1 }
                if j < scalars.count, scalars[j] == "$",
                    !(i > 0 && (scalars[i - 1].properties.isAlphabetic || ("0"..."9").contains(scalars[i - 1])))
                {
                    let tag = String(String.UnicodeScalarView(scalars[i...j]))
                    dollarTag = tag
                    current += tag
                    i = j + 1
                    continue
                }
            case "(": depth += 1
            case ")": depth -= 1
            case ";" where depth <= 0:
                flush()
                i += 1
                continue
            case "-" where i + 1 < scalars.count && scalars[i + 1] == "-":
                while i < scalars.count && scalars[i] != "\n" { i += 1 }
                continue
            default: break
            }
            current.unicodeScalars.append(c)
            i += 1
        }
        flush()
        return out
    }

    /// Qualified names (`a.b`) in the statement's tokens, in order.
    static func qualifiedNames(_ tokens: [SQLToken]) -> [(schema: String, name: String)] {
        var out: [(String, String)] = []
        var i = 0
        while i + 2 < tokens.count {
            if tokens[i].isIdentifier, tokens[i + 1].isPunct("."), tokens[i + 2].isIdentifier {
                out.append((tokens[i].identifier, tokens[i + 2].identifier))
                i += 3
                continue
            }
            i += 1
        }
        return out
    }

    /// The role names of a grantee list: `TO a, b` / `FROM a` up to `WITH`, `GRANTED`, `CASCADE`, `RESTRICT`.
    static func roleList(_ tokens: ArraySlice<SQLToken>) -> [String] {
        var roles: [String] = []
        for t in tokens {
            if t.isKeyword("WITH") || t.isKeyword("GRANTED") || t.isKeyword("CASCADE") || t.isKeyword("RESTRICT") {
                break
            }
            if t.isPunct(",") { continue }
            if t.isKeyword("GROUP") { continue }
            if t.isIdentifier { roles.append(t.identifier) }
        }
        return roles
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let ws: Set<Character> = [" ", "\n", "\t", "\r"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s = s.dropFirst() }
        while let l = s.last, ws.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
