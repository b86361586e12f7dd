/// What the target database holds of the kinds `pgdmp compare` checks, read from its catalogs
/// in the session's one snapshot. Names are unquoted; types are formatted as pg_dump writes them
/// (`format_type` under the session's empty `search_path`).
struct TargetCatalog {
    struct Relation {
        var kind: Character
        var estimate: Int64
        var populated: Bool
        var canSelect: Bool
    }
    struct Column {
        var name: String
        var type: String
        var local: Bool
    }
    struct Constraint {
        var type: String
        var validated: Bool
    }

    var schemas = Set<String>()
    var relations: [QualifiedName: Relation] = [:]
    var columns: [QualifiedName: [Column]] = [:]
    /// Index (schema-qualified index name) → valid.
    var indexes: [QualifiedName: Bool] = [:]
    /// (table, constraint name) → facts.
    var constraints: [TableMember: Constraint] = [:]
    var triggers = Set<TableMember>()
    /// `schema.name(argument types)`.
    var functions = Set<QualifiedName>()
    var types = Set<QualifiedName>()
    var extensions: [String: String] = [:]

    struct TableMember: Hashable {
        var table: QualifiedName
        var name: String
    }

    static let userSchemas =
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"

    static func read(_ c: TargetConnection) throws -> TargetCatalog {
        var t = TargetCatalog()
        for r in try c.query("SELECT nspname FROM pg_catalog.pg_namespace") { if let n = r[0] { t.schemas.insert(n) } }
        for r in try c.query(
            """
            SELECT n.nspname, c.relname, c.relkind, c.reltuples::pg_catalog.int8, c.relispopulated,
                   c.relkind NOT IN ('r', 'p', 'm', 'f', 'v') OR pg_catalog.has_table_privilege(c.oid, 'SELECT')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'i', 'I') AND \(userSchemas)
            """)
        {
            guard let s = r[0], let n = r[1], let k = r[2]?.first else { continue }
            t.relations[QualifiedName(schema: s, name: n)] =
                Relation(kind: k, estimate: Int64(r[3] ?? "") ?? -1, populated: r[4] == "t", canSelect: r[5] == "t")
        }
        for r in try c.query(
            """
            SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attislocal
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND \(userSchemas)
            ORDER BY a.attrelid, a.attnum
            """)
        {
            guard let s = r[0], let n = r[1], let a = r[2] else { continue }
            t.columns[QualifiedName(schema: s, name: n), default: []]
                .append(Column(name: a, type: Self.normalizedType(r[3] ?? ""), local: r[4] == "t"))
        }
        for r in try c.query(
            """
            SELECT n.nspname, c.relname, i.indisvalid AND i.indisready
            FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE \(userSchemas)
            """)
        {
            guard let s = r[0], let n = r[1] else { continue }
            t.indexes[QualifiedName(schema: s, name: n)] = r[2] == "t"
        }
        for r in try c.query(
            """
            SELECT n.nspname, c.relname, co.conname, co.contype, co.convalidated
            FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE \(userSchemas)
            """)
        {
            guard let s = r[0], let n = r[1], let name = r[2] else { continue }
            t.constraints[TableMember(table: QualifiedName(schema: s, name: n), name: name)] =
                Constraint(type: r[3] ?? "", validated: r[4] == "t")
        }
        for r in try c.query(
            """
            SELECT n.nspname, c.relname, tg.tgname
            FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE NOT tg.tgisinternal AND \(userSchemas)
            """)
        {
            guard let s = r[0], let n = r[1], let name = r[2] else { continue }
            t.triggers.insert(TableMember(table: QualifiedName(schema: s, name: n), name: name))
        }
        // pg_dump tags functions `name(type, type)`, the input argument types as format_type prints them.
        for r in try c.query(
            """
            SELECT n.nspname, p.proname || '(' || pg_catalog.array_to_string(ARRAY(
                       SELECT pg_catalog.format_type(a.t, NULL)
                       FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a(t, o) ORDER BY a.o),
                   ', ') || ')'
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE \(userSchemas)
            """)
        {
            guard let s = r[0], let sig = r[1] else { continue }
            t.functions.insert(QualifiedName(schema: s, name: unquotedSignature(sig)))
        }
        for r in try c.query(
            """
            SELECT n.nspname, ty.typname FROM pg_catalog.pg_type ty
            JOIN pg_catalog.pg_namespace n ON n.oid = ty.typnamespace WHERE \(userSchemas)
            """)
        {
            guard let s = r[0], let n = r[1] else { continue }
            t.types.insert(QualifiedName(schema: s, name: n))
        }
        for r in try c.query("SELECT extname, extversion FROM pg_catalog.pg_extension") {
            if let n = r[0] { t.extensions[n] = r[1] ?? "" }
        }
        return t
    }

    /// A function signature `name(type, type)` with double quotes removed from the argument
    /// types: `pg_dump --quote-all-identifiers` tags `f("text", integer)` where the server's
    /// `format_type` says `f(text, integer)`.
    static func unquotedSignature(_ sig: String) -> String {
        guard let open = sig.firstIndex(of: "(") else { return sig }
        return String(sig[...open]) + sig[sig.index(after: open)...].filter { $0 != "\"" }
    }

    /// A type as `DDLParser` normalises the archive's: modifiers (`(100)`) and double quotes
    /// removed, single spaces. `character varying(100)` → `character varying`,
    /// `public."Mood"` → `public.Mood`, `timestamp(3) with time zone` → `timestamp with time zone`.
    static func normalizedType(_ formatted: String) -> String {
        var out = ""
        var depth = 0
        var inQuotes = false
        for ch in formatted {
            if ch == "\"" {
                inQuotes.toggle()
                continue
            }
            if !inQuotes && ch == "(" {
                depth += 1
                continue
            }
            if !inQuotes && ch == ")" {
                depth -= 1
                continue
            }
            if depth == 0 { out.append(ch) }
        }
        return out.split(separator: " ").joined(separator: " ")
    }

    /// `last_value,is_called` of each sequence the role may read, in one query.
    static func sequenceValues(_ c: TargetConnection, _ names: [QualifiedName]) throws -> [QualifiedName: String] {
        var out: [QualifiedName: String] = [:]
        var start = 0
        while start < names.count {
            let chunk = Array(names[start..<min(start + 200, names.count)])
            start += chunk.count
            let sql = chunk.enumerated().map { i, n in
                "SELECT \(i), last_value::pg_catalog.text, is_called FROM \(SQLIdentifier.qualified(n.schema, n.name))"
            }.joined(separator: " UNION ALL ")
            for r in try c.query(sql) {
                guard let i = Int(r[0] ?? ""), let v = r[1] else { continue }
                out[chunk[i]] = "\(v),\(r[2] == "t" ? "true" : "false")"
            }
        }
        return out
    }

    /// The large objects of `expected` that the target lacks, and how many it has in all.
    static func largeObjects(_ c: TargetConnection, expected: [UInt32]) throws -> (missing: [UInt32], total: Int) {
        let counted = try c.query("SELECT count(*) FROM pg_catalog.pg_largeobject_metadata").first?.first ?? nil
        let total = Int(counted ?? "") ?? 0
        guard !expected.isEmpty else { return ([], total) }
        let list = "{" + expected.map(String.init).joined(separator: ",") + "}"
        let missing = try c.query(
            """
            SELECT o FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS o
            WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_largeobject_metadata m WHERE m.oid = o) ORDER BY 1
            """, [list]
        ).compactMap { UInt32($0[0] ?? "") }
        return (missing, total)
    }
}
