/// An entry's definition: privileges, `setval`, and `CREATE …` statements, judged in the
/// order the server checks them: the schema it creates in, objects it needs, whether the
/// object is already there, and what the target lacks (extensions, languages, C libraries).
extension RestoreSimulation {
    func definitionFailure(_ cmd: RestoreCommand) -> PredictedError? {
        guard let e = cmd.entry else { return settingFailure(cmd) }
        switch e.desc {
        case EntryDesc.acl, EntryDesc.defaultACL, EntryDesc.aclLanguage:
            return privilegeFailure(cmd)
        case EntryDesc.sequenceSet:
            return setvalFailure(cmd)
        case EntryDesc.blob, EntryDesc.blobMetadata:
            return nil
        default: break
        }
        let tokens = SQLTokenizer.tokenize(cmd.text)
        let creates = CreatedObject.of(e)
        if !creates.isEmpty, let ns = e.namespace, !ns.isEmpty, !exists(.schema, ns) {
            let cause = causeOf(schema: ns)
            let inArchive = creator[CreatedObject(kind: .schema, name: ns, display: ns)] != nil
            return error(
                cmd, "schema \"\(ns)\" does not exist", inArchive ? .knockOn : .missingSchema, causedBy: cause,
                fix: inArchive
                    ? nil : "CREATE SCHEMA \(SQLIdentifier.quote(ns)); (or restore the entries that create it)")
        }
        if let m = referencedObjectMissing(e, cmd, tokens) { return m }
        if let f = alreadyExistsFailure(cmd, e, tokens) { return f }
        // CreateFunction looks up the language before the argument types.
        if ["FUNCTION", "PROCEDURE"].contains(e.desc), let f = functionBodyFailure(cmd, tokens) { return f }
        if let f = extensionKnockOn(cmd, e, tokens) { return f }
        if e.desc == EntryDesc.extension, let f = extensionFailure(cmd, e, tokens) { return f }
        if let f = dataFaultFailure(cmd, e) { return f }
        // A statement that runs a function now (not a CREATE, whose bodies run later if at all).
        if tokens.first?.isKeyword("SELECT") == true { return functionCallFailure(cmd) }
        return nil
    }

    /// `CREATE SCHEMA x` (pg_dump before 11 wrote `public`), `CREATE EXTENSION x` without
    /// IF NOT EXISTS, `CREATE [PROCEDURAL] LANGUAGE x` without OR REPLACE, and relations and
    /// types the target database already holds.
    func alreadyExistsFailure(_ cmd: RestoreCommand, _ e: TOCEntry, _ tokens: [SQLToken]) -> PredictedError? {
        // An identity column's sequence is created by ALTER TABLE … ADD GENERATED … (SEQUENCE NAME s).
        let identity =
            e.desc == EntryDesc.sequence && tokens.first?.isKeyword("ALTER") == true
            && tokens.contains { $0.isKeyword("GENERATED") }
        guard tokens.count > 2, tokens[0].isKeyword("CREATE") || identity else { return nil }
        if tokens.contains(where: { $0.isKeyword("EXISTS") }) && tokens.contains(where: { $0.isKeyword("NOT") }) {
            return nil
        }
        if tokens[1].isKeyword("OR") { return nil }
        let tag = e.tag ?? ""
        let fix =
            "the object is already in the target database: leave this entry out (pgdmp list --exclude) or restore into an empty database"
        let relationDescs: Set<String> = ["TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "FOREIGN TABLE", "INDEX"]
        if e.desc == EntryDesc.schema, exists(.schema, tag) {
            return error(cmd, "schema \"\(tag)\" already exists", .alreadyExists, fix: fix)
        }
        if e.desc == EntryDesc.extension, model.installedExtensions[tag] != nil {
            return error(cmd, "extension \"\(tag)\" already exists", .alreadyExists, fix: fix)
        }
        if e.desc == EntryDesc.proceduralLanguage {
            // Without HANDLER, CREATE LANGUAGE of a language that has an extension creates the extension.
            let handler = tokens.contains { $0.isKeyword("HANDLER") }
            if !handler, model.availableExtensions[tag] != nil {
                if model.installedExtensions[tag] != nil {
                    return error(cmd, "extension \"\(tag)\" already exists", .alreadyExists, fix: fix)
                }
            } else if exists(.language, tag) {
                return error(cmd, "language \"\(tag)\" already exists", .alreadyExists, fix: fix)
            }
        }
        if relationDescs.contains(e.desc), exists(.relation, e.qualifiedName) {
            return error(cmd, "relation \"\(tag)\" already exists", .alreadyExists, fix: fix)
        }
        if e.desc == EntryDesc.type || e.desc == EntryDesc.domain, exists(.type, e.qualifiedName) {
            return error(cmd, "type \"\(tag)\" already exists", .alreadyExists, fix: fix)
        }
        return nil
    }

    /// `CREATE EXTENSION`: the target must ship it.
    func extensionFailure(_ cmd: RestoreCommand, _ e: TOCEntry, _ tokens: [SQLToken]) -> PredictedError? {
        let name = e.tag ?? ""
        if model.installedExtensions[name] != nil { return nil }
        guard let ext = model.availableExtensions[name] else {
            // Every supported major says so since the 2025 minor releases (15.14, 16.10, 17.6, 18.0).
            return error(
                cmd, "extension \"\(name)\" is not available", .missingExtension,
                fix:
                    "install the \(name) extension's package on the target server (or leave it out: pgdmp list --exclude \"EXTENSION:\(name)\")"
            )
        }
        if !isSuperuser, ext.superuser, !ext.trusted {
            return error(
                cmd, "permission denied to create extension \"\(name)\"", .privilege,
                fix:
                    "create the extension as a superuser before the restore: CREATE EXTENSION \(SQLIdentifier.quote(name));"
            )
        }
        return nil
    }

    /// `CREATE FUNCTION … LANGUAGE x AS …`: the language must exist; a C function's library
    /// must be in `$libdir` (the server loads it even with check_function_bodies off).
    func functionBodyFailure(_ cmd: RestoreCommand, _ tokens: [SQLToken]) -> PredictedError? {
        guard let li = tokens.lastIndex(where: { $0.isKeyword("LANGUAGE") }), li + 1 < tokens.count else { return nil }
        let language = tokens[li + 1].kind == .string ? tokens[li + 1].text : tokens[li + 1].identifier
        if !exists(.language, language) {
            let l = CreatedObject(kind: .language, name: language, display: language)
            if let cause = unavailable[l] {
                return error(cmd, "language \"\(language)\" does not exist", .knockOn, causedBy: cause)
            }
            return error(
                cmd, "language \"\(language)\" does not exist", .missingLanguage,
                fix:
                    "install the language on the target (CREATE EXTENSION \(language);) or leave out the functions that use it"
            )
        }
        if !isSuperuser, !model.has(.trustedLanguage, language), created[.language]?.contains(language) != true {
            return error(
                cmd, "permission denied for language \(language)", .privilege,
                fix: "only a superuser can create \(language) functions: restore them as a superuser, or leave them out"
            )
        }
        guard language == "c", let libraries = model.libraries,
            let asIndex = tokens.firstIndex(where: { $0.isKeyword("AS") }), asIndex + 1 < tokens.count,
            tokens[asIndex + 1].kind == .string
        else { return nil }
        let file = tokens[asIndex + 1].text
        var base = Substring(file)
        if base.hasPrefix("$libdir/") { base = base.dropFirst("$libdir/".count) }
        if base.hasSuffix(".so") { base = base.dropLast(3) }
        if base.contains("/") || libraries.contains(String(base)) { return nil }
        // PostgreSQL 18 names the library without its `$libdir/` prefix.
        let shown =
            model.serverMajor >= 18 && file.hasPrefix("$libdir/") ? String(file.dropFirst("$libdir/".count)) : file
        return error(
            cmd, "could not access file \"\(shown)\": No such file or directory", .missingLibrary,
            fix: "install the package that provides \(base).so on the target, or leave out the functions that need it")
    }

    /// `SELECT pg_catalog.setval('schema.seq', …)`: the regclass literal must name an existing
    /// sequence. PostgreSQL 15 reports a missing schema first; 16 and later report the relation.
    func setvalFailure(_ cmd: RestoreCommand) -> PredictedError? {
        let tokens = SQLTokenizer.tokenize(cmd.text)
        guard let lit = tokens.first(where: { $0.kind == .string }) else { return nil }
        let parts = SQLTokenizer.tokenize(lit.text).filter(\.isIdentifier).map(\.identifier)
        guard parts.count == 2 else { return nil }
        let name = "\(parts[0]).\(parts[1])"
        if exists(.relation, name) { return nil }
        let cause = unavailable[CreatedObject(kind: .relation, name: name, display: name)] ?? nil
        let kind: PredictionCause = cause == nil ? .missingRelation : .knockOn
        if !exists(.schema, parts[0]) && model.serverMajor <= 15 {
            return error(
                cmd, "schema \"\(parts[0])\" does not exist", kind, causedBy: causeOf(schema: parts[0]) ?? cause)
        }
        return error(cmd, "relation \"\(name)\" does not exist", kind, causedBy: cause)
    }
}
