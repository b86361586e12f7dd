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
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        current.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
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
        matching(name, in: archive.entries.filter { $0.desc == EntryDesc.tableData })
    }

    /// The entries among `entries` whose schema and name match `name` in the one syntax every
    /// command takes: `name`, `schema.name`, quoted identifiers; unquoted parts match exactly
    /// first, then folded to lower case as PostgreSQL folds them.
    public static func matching(_ name: String, in entries: [TOCEntry]) -> [TOCEntry] {
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
                found = entries.filter { matches($0.tag, p[0], folded: folded) }
                if found.isEmpty && !p[0].1 {
                    // A dotted name typed without quotes may also be a table whose name contains a dot.
                    found = entries.filter { ArchiveText.readable($0.tag ?? "") == (folded ? name.lowercased() : name) }
                }
            } else if p.count == 2 {
                found = entries.filter {
                    matches($0.namespace, p[0], folded: folded) && matches($0.tag, p[1], folded: folded)
                }
            }
            if p.count > 1 && found.isEmpty {
                found = entries.filter { $0.tag == name || $0.qualifiedName == name }
            }
            if !found.isEmpty { return found }
        }
        return []
    }

    /// The entry types pg_restore's `-t` selects.
    public static let relationTypes: Set<String> = [
        "TABLE", "TABLE DATA", "VIEW", "FOREIGN TABLE", "MATERIALIZED VIEW",
        "MATERIALIZED VIEW DATA", "SEQUENCE", "SEQUENCE SET",
    ]

    /// Turns typed `-t` names into `selection`'s table filter. A name that is some entry's exact
    /// tag keeps pg_restore's meaning (that tag in every schema), so `list -t` prints what
    /// `pg_restore -l -t` prints; any other name is read in the one syntax (`schema.name`, quoted,
    /// folded) and narrows to its schema. A name that matches nothing is an error listing near names.
    /// - Throws: ``PGDumpError`` of kind `.notFound` for a name that matches no table, naming similar ones.
    public static func applyTableNames(_ typed: [String], to selection: inout RestoreSelection, in archive: Archive)
        throws
    {
        guard !typed.isEmpty else { return }
        let relations = archive.entries.filter { relationTypes.contains($0.desc) }
        var tags: [String] = []
        var schemas: [String: Set<String>] = [:]
        var unrestricted = Set<String>()
        for name in typed {
            if relations.contains(where: { $0.tag == name }) {
                tags.append(name)
                unrestricted.insert(name)
                continue
            }
            let found = matching(name, in: relations)
            guard !found.isEmpty else { throw noMatch(name, in: archive) }
            let qualified = parts(name).count > 1
            for e in found {
                guard let tag = e.tag else { continue }
                tags.append(tag)
                if qualified { schemas[tag, default: []].insert(e.namespace ?? "") } else { unrestricted.insert(tag) }
            }
        }
        for tag in unrestricted { schemas[tag] = nil }
        selection.tableNames = Array(Set(tags)).sorted()
        selection.tableSchemas = schemas
    }

    /// "no table named …; similar: …" with the archive's nearest relation names.
    public static func noMatch(_ name: String, in archive: Archive) -> PGDumpError {
        let relations = archive.entries.filter {
            relationTypes.contains($0.desc) && $0.desc != EntryDesc.tableData && $0.desc != EntryDesc.sequenceSet
        }
        let lowered = parts(name).last?.0 ?? name
        let byTag = Dictionary(grouping: relations, by: { ArchiveText.readable($0.tag ?? "") })
        let near = NearNames.near(lowered, in: Array(byTag.keys).sorted())
        let similar = near.flatMap { tag in
            byTag[tag]!.map { quoteIfNeeded(ArchiveText.readable($0.namespace ?? "")) + "." + quoteIfNeeded(tag) }
        }
        var unique: [String] = []
        for s in similar where !unique.contains(s) { unique.append(s) }
        return PGDumpError(
            .notFound,
            "no table named \"\(name)\" in this archive"
                + (unique.isEmpty ? "" : "; similar: " + unique.prefix(8).joined(separator: ", ")), file: archive.path)
    }

    /// Exactly one data entry for `name`, or an error naming the candidates or similar tables:
    /// how to find the TABLE DATA entry of a table a user typed (`users`, `app.users`, `"My Table"`).
    /// - Throws: ``PGDumpError`` of kind `.usage` when the name is ambiguous (several schemas have
    ///   it), `.notFound` when no table has it or the table has no data in the archive.
    public static func resolve(_ name: String, in archive: Archive) throws -> TOCEntry {
        let found = candidates(name, in: archive)
        if found.count == 1 { return found[0] }
        if found.count > 1 {
            let list = found.map { quoteIfNeeded($0.namespace ?? "") + "." + quoteIfNeeded($0.tag ?? "") }
            throw PGDumpError(
                .usage, "table name \"\(name)\" is ambiguous; use one of: " + list.joined(separator: ", "),
                file: archive.path)
        }
        let lowered = parts(name).last?.0.lowercased() ?? name.lowercased()
        let tables = archive.entries.filter {
            ["TABLE", "MATERIALIZED VIEW", "FOREIGN TABLE", "VIEW"].contains($0.desc)
        }
        if let t = tables.first(where: { ($0.tag ?? "").lowercased() == lowered }) {
            let reason: String
            // Partitions are attached by TABLE ATTACH entries that depend on the parent table.
            let partitions = archive.entries.filter {
                $0.desc == EntryDesc.tableAttach && $0.dependencies.contains(t.dumpId)
            }
            .compactMap { $0.tag }
            if t.relkindCharacter == "p" || !partitions.isEmpty || (t.defn ?? "").contains("\nPARTITION BY ") {
                reason =
                    "is a partitioned table; its rows are stored in its partitions"
                    + (partitions.isEmpty ? "" : ": " + partitions.joined(separator: ", "))
            } else if t.desc != EntryDesc.table {
                reason = "is a \(t.desc.lowercased()), which has no stored rows"
            } else {
                reason = "has no data in this archive (schema-only dump, or excluded from the dump)"
            }
            throw PGDumpError(.notFound, "\(t.qualifiedName) \(reason)", file: archive.path)
        }
        let dataEntries = archive.entries.filter { $0.desc == EntryDesc.tableData }
        let nearTags = Set(NearNames.near(lowered, in: dataEntries.map { ArchiveText.readable($0.tag ?? "") }))
        let similar = dataEntries.filter { nearTags.contains(ArchiveText.readable($0.tag ?? "")) }.map {
            $0.qualifiedName
        }
        throw PGDumpError(
            .notFound,
            "no table named \"\(name)\" has data in this archive"
                + (similar.isEmpty ? "" : "; similar: " + similar.joined(separator: ", ")), file: archive.path)
    }

    static func quoteIfNeeded(_ s: String) -> String {
        let plain =
            !s.isEmpty
            && s.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
            && !(s.first!.isNumber)
        return plain
            ? s : "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
