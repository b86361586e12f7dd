/// Reading `TargetModel` from a live server (`check -d CONNINFO`).
///
/// Every query reads only catalogs and runs inside the connection's one read-only snapshot.
/// Names in `objects` follow `TargetModel.objects`' convention, with types formatted as pg_dump
/// writes them (`format_type` under an empty `search_path`: `integer`, `public.mood`):
/// - `schema`, `language`, `access method`, `foreign data wrapper`, `server`, `event trigger`,
///   `publication`: the bare name;
/// - `type`, `function`, `relation`, `collation`, `operator`, `text search configuration`,
///   `text search dictionary`: `schema.name` (functions and operators without arguments, so
///   overloads share one entry; types include array types `_x` and the row types of tables);
/// - `cast`: `source->target`, e.g. `integer->bigint`, `public.mood->text`.
extension TargetModel {
    /// Reads every fact of the model from the server behind `connection`, so that ``RestorePredictor``
    /// predicts against the real target instead of a fresh cluster.
    /// - Throws: ``TargetError`` when a catalog query fails (see ``TargetConnection/query(_:_:)``).
    public static func read(from connection: TargetConnection) throws -> TargetModel {
        let c = connection
        let major = c.serverMajor
        let version = try c.query("SHOW server_version").first?.first ?? nil

        // The restoring role and whether it is a superuser.
        let me = try c.query("SELECT current_user, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")
        let restoringRole = me.first?[0] ?? ""
        let isSuperuser = me.first?[1] == "t"

        // Roles and their memberships, made transitive here.
        var roles: [String: RoleFacts] = [:]
        for r in try c.query(
            "SELECT rolname, rolsuper, rolcanlogin, rolcreatedb, rolcreaterole FROM pg_catalog.pg_roles")
        {
            guard let name = r[0] else { continue }
            roles[name] = RoleFacts(
                superuser: r[1] == "t", canLogin: r[2] == "t", createDB: r[3] == "t",
                createRole: r[4] == "t", memberOf: [])
        }
        var direct: [String: Set<String>] = [:]
        for r in try c.query(
            """
            SELECT m.rolname, g.rolname FROM pg_catalog.pg_auth_members a
            JOIN pg_catalog.pg_roles m ON m.oid = a.member JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
            """)
        {
            if let member = r[0], let group = r[1] { direct[member, default: []].insert(group) }
        }
        for name in roles.keys {
            var seen = Set<String>()
            var todo = Array(direct[name] ?? [])
            while let g = todo.popLast() {
                if seen.insert(g).inserted { todo += direct[g] ?? [] }
            }
            roles[name]?.memberOf = seen
        }

        // The database.
        let db =
            try c.query(
                """
                SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba), pg_catalog.pg_encoding_to_char(d.encoding),
                       d.datcollate, d.datctype
                FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
                """
            ).first ?? []
        let database = DatabaseFacts(
            name: db.count > 0 ? db[0] ?? "" : "", owner: db.count > 1 ? db[1] ?? "" : "",
            encoding: db.count > 2 ? db[2] ?? "" : "", collate: db.count > 3 ? db[3] ?? "" : "",
            ctype: db.count > 4 ? db[4] ?? "" : "")

        let settings = Set(try c.query("SELECT lower(name) FROM pg_catalog.pg_settings").compactMap { $0[0] })

        // Extensions: every installable version, and what is installed.
        var available: [String: AvailableExtension] = [:]
        for r in try c.query("SELECT name, default_version FROM pg_catalog.pg_available_extensions") {
            guard let name = r[0] else { continue }
            available[name] = AvailableExtension(
                defaultVersion: r[1] ?? "", versions: [], superuser: true,
                trusted: false, requires: [])
        }
        let trusted = major >= 13 ? "trusted" : "false"
        for r in try c.query(
            """
            SELECT name, version, superuser, \(trusted), pg_catalog.array_to_string(requires, ',')
            FROM pg_catalog.pg_available_extension_versions
            """)
        {
            guard let name = r[0], let v = r[1], var ext = available[name] else { continue }
            ext.versions.insert(v)
            if v == ext.defaultVersion {
                ext.superuser = r[2] == "t"
                ext.trusted = r[3] == "t"
                ext.requires = (r[4] ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
            }
            available[name] = ext
        }
        var installed: [String: String] = [:]
        for r in try c.query("SELECT extname, extversion FROM pg_catalog.pg_extension") {
            if let n = r[0] { installed[n] = r[1] ?? "" }
        }

        var model = TargetModel(
            source: "server", serverMajor: major, serverVersion: version, restoringRole: restoringRole,
            isSuperuser: isSuperuser, roles: roles, database: database, settings: settings,
            availableExtensions: available, installedExtensions: installed,
            libraries: try readLibraries(c), objects: try readObjects(c))
        // Owners of schemas and languages: an owner change to the current owner checks nothing.
        for r in try c.query(
            """
            SELECT 'schema', nspname, pg_catalog.pg_get_userbyid(nspowner) FROM pg_catalog.pg_namespace
            UNION ALL SELECT 'language', lanname, pg_catalog.pg_get_userbyid(lanowner) FROM pg_catalog.pg_language
            """)
        {
            if let kind = r[0], let name = r[1], let owner = r[2] { model.owners[kind, default: [:]][name] = owner }
        }
        return model
    }

    /// File names in `$libdir` without `.so`, when this role may list them (superusers, or roles
    /// granted `pg_ls_dir` and read access to `pg_config`); nil otherwise.
    static func readLibraries(_ c: TargetConnection) throws -> Set<String>? {
        let allowed =
            try c.query(
                """
                SELECT pg_catalog.has_function_privilege('pg_catalog.pg_ls_dir(text)', 'EXECUTE')
                   AND pg_catalog.has_table_privilege('pg_catalog.pg_config', 'SELECT')
                """
            ).first?.first ?? nil
        guard allowed == "t" else { return nil }
        let files = try c.query(
            """
            SELECT f FROM pg_catalog.pg_ls_dir((SELECT setting FROM pg_catalog.pg_config WHERE name = 'PKGLIBDIR')) AS f
            """
        ).compactMap { $0[0] }
        return Set(files.filter { $0.hasSuffix(".so") }.map { String($0.dropLast(3)) })
    }

    /// Every object of every `ObjectKind` present in the database, pg_catalog's included.
    static func readObjects(_ c: TargetConnection) throws -> [String: Set<String>] {
        let queries: [(ObjectKind, String)] = [
            (.schema, "SELECT nspname FROM pg_catalog.pg_namespace"),
            (
                .type,
                "SELECT n.nspname || '.' || t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
            ),
            (
                .function,
                "SELECT n.nspname || '.' || p.proname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            ),
            (
                .relation,
                "SELECT n.nspname || '.' || r.relname FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace"
            ),
            (.language, "SELECT lanname FROM pg_catalog.pg_language"),
            (.trustedLanguage, "SELECT lanname FROM pg_catalog.pg_language WHERE lanpltrusted"),
            (
                .collation,
                "SELECT n.nspname || '.' || o.collname FROM pg_catalog.pg_collation o JOIN pg_catalog.pg_namespace n ON n.oid = o.collnamespace"
            ),
            (.accessMethod, "SELECT amname FROM pg_catalog.pg_am"),
            (
                .textSearchConfiguration,
                "SELECT n.nspname || '.' || o.cfgname FROM pg_catalog.pg_ts_config o JOIN pg_catalog.pg_namespace n ON n.oid = o.cfgnamespace"
            ),
            (
                .textSearchDictionary,
                "SELECT n.nspname || '.' || o.dictname FROM pg_catalog.pg_ts_dict o JOIN pg_catalog.pg_namespace n ON n.oid = o.dictnamespace"
            ),
            (
                .operatorName,
                "SELECT n.nspname || '.' || o.oprname FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace"
            ),
            (
                .castName,
                "SELECT pg_catalog.format_type(castsource, NULL) || '->' || pg_catalog.format_type(casttarget, NULL) FROM pg_catalog.pg_cast"
            ),
            (.foreignDataWrapper, "SELECT fdwname FROM pg_catalog.pg_foreign_data_wrapper"),
            (.server, "SELECT srvname FROM pg_catalog.pg_foreign_server"),
            (.eventTrigger, "SELECT evtname FROM pg_catalog.pg_event_trigger"),
            (.publication, "SELECT pubname FROM pg_catalog.pg_publication"),
        ]
        var objects: [String: Set<String>] = [:]
        for (kind, sql) in queries {
            objects[kind.rawValue] = Set(try c.query(sql).compactMap { $0[0] })
        }
        return objects
    }
}
