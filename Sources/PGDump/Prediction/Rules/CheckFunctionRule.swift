/// A CHECK constraint that calls a function which reads another table by an unqualified name:
/// pg_dump's archives (1.13+) restore with an empty `search_path`, so the first row COPY loads
/// makes the function fail with "relation … does not exist" and the table's data is lost. The
/// foreign keys that point at that table then fail on the referencing rows.
extension RestoreSimulation {
    /// Whether the restore runs with an empty search_path (the SEARCHPATH entry of 1.13+).
    var searchPathIsEmpty: Bool {
        guard let sp = archive.entries.first(where: { $0.desc == EntryDesc.searchPath })?.defn else { return false }
        return sp.contains("set_config('search_path', '', false)")
    }

    /// The COPY failure of a table whose CHECK calls such a function, when it has rows.
    func checkFunctionFailure(_ cmd: RestoreCommand, _ data: TOCEntry) -> PredictedError? {
        guard searchPathIsEmpty,
            let table = creator[CreatedObject(kind: .relation, name: data.qualifiedName, display: "")],
            table.desc == EntryDesc.table, let defn = table.defn
        else { return nil }
        let tokens = SQLTokenizer.tokenize(defn)
        for i in tokens.indices where tokens[i].isKeyword("CHECK") {
            var j = i + 1
            var depth = 0
            while j < tokens.count {
                if tokens[j].isPunct("(") { depth += 1 }
                if tokens[j].isPunct(")") {
                    depth -= 1
                    if depth == 0 { break }
                }
                if j + 3 < tokens.count, tokens[j].isIdentifier, tokens[j + 1].isPunct("."), tokens[j + 2].isIdentifier,
                    tokens[j + 3].isPunct("("),
                    let fn = creator[
                        CreatedObject(
                            kind: .function, name: "\(tokens[j].identifier).\(tokens[j + 2].identifier)", display: "")],
                    let relation = Self.unqualifiedRelation(inBodyOf: fn.defn ?? ""),
                    RowProbe.anyRow(archive, data, positions: [], { _ in true }) == true
                {
                    return error(
                        cmd, "relation \"\(relation)\" does not exist", .emptySearchPath,
                        fix:
                            "qualify the table in \(fn.qualifiedName) (e.g. FROM \(fn.namespace ?? "public").\(relation)) or give it a search_path: ALTER FUNCTION \(fn.namespace ?? "public").\(fn.tag ?? "") SET search_path = \(fn.namespace ?? "public")"
                    )
                }
                j += 1
            }
        }
        return nil
    }

    /// The first table a SQL or PL/pgSQL function body reads without a schema (`FROM t`, `JOIN t`).
    static func unqualifiedRelation(inBodyOf defn: String) -> String? {
        let tokens = SQLTokenizer.tokenize(defn)
        guard let lang = tokens.lastIndex(where: { $0.isKeyword("LANGUAGE") }), lang + 1 < tokens.count,
            ["sql", "plpgsql"].contains(tokens[lang + 1].identifier),
            let asIndex = tokens.firstIndex(where: { $0.isKeyword("AS") }), asIndex + 1 < tokens.count
        else { return nil }
        let bodyText: String
        if tokens[asIndex + 1].kind == .string {
            bodyText = tokens[asIndex + 1].text
        } else if let start = defn.firstIndex(of: "$"), let body = dollarBody(defn[start...]) {
            bodyText = body
        } else {
            return nil
        }
        let body = SQLTokenizer.tokenize(bodyText)
        for k in body.indices.dropLast() where body[k].isKeyword("FROM") || body[k].isKeyword("JOIN") {
            let t = body[k + 1]
            guard t.isIdentifier, !(k + 2 < body.count && body[k + 2].isPunct(".")),
                !(k + 2 < body.count && body[k + 2].isPunct("("))
            else { continue }
            return t.identifier
        }
        return nil
    }

    private static func dollarBody(_ s: Substring) -> String? {
        guard let end = s.dropFirst().firstIndex(of: "$") else { return nil }
        let tag = s[s.startIndex...end]
        let rest = s[s.index(after: end)...]
        var i = rest.startIndex
        while i < rest.endIndex {
            if rest[i...].hasPrefix(tag) { return String(rest[..<i]) }
            i = rest.index(after: i)
        }
        return nil
    }

    /// A foreign key whose referenced table lost its data while the referencing table has rows
    /// with keys set.
    func lostParentFailure(_ cmd: RestoreCommand, _ e: TOCEntry) -> PredictedError? {
        guard e.desc == EntryDesc.fkConstraint, case .foreignKey(var fk)? = try? DDLParser.constraint(e.defn ?? "")
        else { return nil }
        if fk.table.schema == nil { fk.table.schema = e.namespace }
        if fk.referencedTable.schema == nil { fk.referencedTable.schema = e.namespace }
        guard let lost = failedLoads[fk.referencedTable.description], loadedTables.contains(fk.table.description),
            let child = archive.entries.first(where: {
                $0.desc == EntryDesc.tableData && $0.qualifiedName == fk.table.description
            }),
            let copy = child.copyStmt.flatMap(CopyStatement.init)
        else { return nil }
        let positions = fk.columns.compactMap { copy.columns.firstIndex(of: $0) }
        guard positions.count == fk.columns.count else { return nil }
        let full = fk.match == .full
        let hasKey = RowProbe.anyRow(archive, child, positions: positions) { fields in
            full ? fields.contains { !CopyText.isNull($0) } : fields.allSatisfy { !CopyText.isNull($0) }
        }
        guard hasKey == true else { return nil }
        return error(
            cmd, "insert or update on table \"\(fk.table.name)\" violates foreign key constraint \"\(fk.name)\"",
            .knockOn, causedBy: lost, fix: "fix the failure that left \(fk.referencedTable) empty")
    }
}
