/// Finds a table's data entry from what a user types: `name`, `schema.name`, or quoted
/// identifiers (`"My Schema"."My Table"`). Unquoted names match exactly first, then as
/// PostgreSQL would fold them (lower case). Ambiguity is an error that lists the choices.
public enum TableResolver {
    /// Splits `a.b`, `"a.b"."c"` into identifier parts, noting which were quoted.
    static func parts(_ text: String) -> [(String, Bool)] {
        var result: [(String, Bool)] = []
        var current = ""
        var quoted = false
        var inQuotes = false
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { current.append("\""); i += 1 } else { inQuotes = false }
                } else { current.append(c) }
            } else if c == "\"" {
                inQuotes = true
                quoted = true
            } else if c == "." {
                result.append((current, quoted))
                current = ""
                quoted = false
            } else {
                current.append(c)
            }
            i += 1
        }
        result.append((current, quoted))
        chars.removeAll()
        return result
    }

    /// The data entries (TABLE DATA) matching `name`.
    public static func candidates(_ name: String, in archive: Archive) -> [TOCEntry] {
        let data = archive.entries.filter { $0.desc == "TABLE DATA" }
        let p = parts(name)
        func matches(_ raw: String?, _ part: (String, Bool), folded: Bool) -> Bool {
            // Names from non-UTF-8 archives are typed as their Latin-1 reading.
            guard let raw else { return false }
            let value = ArchiveText.readable(raw)
            if part.1 || !folded { return value == part.0 }
            return value == part.0.lowercased()
        }
        for folded in [false, true] {
            var found: [TOCEntry] = []
            if p.count == 1 {
                found = data.filter { matches($0.tag, p[0], folded: folded) }
                if found.isEmpty && !p[0].1 {
                    // A dotted name typed without quotes may also be a table whose name contains a dot.
                    found = data.filter { ArchiveText.readable($0.tag ?? "") == (folded ? name.lowercased() : name) }
                }
            } else if p.count == 2 {
                found = data.filter { matches($0.namespace, p[0], folded: folded) && matches($0.tag, p[1], folded: folded) }
            }
            if p.count > 1 && found.isEmpty {
                found = data.filter { $0.tag == name || $0.qualifiedName == name }
            }
            if !found.isEmpty { return found }
        }
        return []
    }

    /// Exactly one data entry for `name`, or an error naming the candidates or similar tables.
    public static func resolve(_ name: String, in archive: Archive) throws -> TOCEntry {
        let found = candidates(name, in: archive)
        if found.count == 1 { return found[0] }
        if found.count > 1 {
            let list = found.map { quoteIfNeeded($0.namespace ?? "") + "." + quoteIfNeeded($0.tag ?? "") }
            throw PGDumpError(.usage, "table name \"\(name)\" is ambiguous; use one of: " + list.joined(separator: ", "),
                              file: archive.path)
        }
        let lowered = parts(name).last?.0.lowercased() ?? name.lowercased()
        let tables = archive.entries.filter { ["TABLE", "MATERIALIZED VIEW", "FOREIGN TABLE", "VIEW"].contains($0.desc) }
        if let t = tables.first(where: { ($0.tag ?? "").lowercased() == lowered }) {
            let reason: String
            // Partitions are attached by TABLE ATTACH entries that depend on the parent table.
            let partitions = archive.entries.filter { $0.desc == "TABLE ATTACH" && $0.dependencies.contains(t.dumpId) }
                .compactMap { $0.tag }
            if t.relkindCharacter == "p" || !partitions.isEmpty || (t.defn ?? "").contains("\nPARTITION BY ") {
                reason = "is a partitioned table; its rows are stored in its partitions" +
                    (partitions.isEmpty ? "" : ": " + partitions.joined(separator: ", "))
            } else if t.desc != "TABLE" {
                reason = "is a \(t.desc.lowercased()), which has no stored rows"
            } else {
                reason = "has no data in this archive (schema-only dump, or excluded from the dump)"
            }
            throw PGDumpError(.notFound, "\(t.qualifiedName) \(reason)", file: archive.path)
        }
        let similar = archive.entries.filter { $0.desc == "TABLE DATA" && (($0.tag ?? "").lowercased().contains(lowered) || lowered.contains(($0.tag ?? "").lowercased())) }
            .map { $0.qualifiedName }
        throw PGDumpError(.notFound, "no table named \"\(name)\" has data in this archive" +
                          (similar.isEmpty ? "" : "; similar: " + similar.joined(separator: ", ")), file: archive.path)
    }

    static func quoteIfNeeded(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
            && !(s.first!.isNumber)
        return plain ? s : "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
