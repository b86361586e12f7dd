/// Everything a restore of an archive (with a selection) would create, as `pgdmp compare`
/// checks it on the target: read from the TOC entries the selection keeps, in TOC order.
package struct ArchiveExpectation: Sendable {
    /// One object the restore creates.
    package struct Object: Sendable, Equatable {
        package var kind: CompareObjectKind
        /// The object's schema (nil for schemas, extensions, large objects).
        package var schema: String?
        /// The object's name: a table, an index, a function's `name(argument types)`, …
        package var name: String
        /// The table an index, constraint, trigger or column belongs to.
        package var table: QualifiedName?
        /// The archive entry it comes from.
        package var dumpId: Int32
        /// Only for what has one: the column type (`column`), the `setval` value as
        /// `value,is_called` (`sequence`), `validated`/`not validated` (`constraint`), `valid`
        /// (`index`), `populated`/`not populated` (`materialized view`).
        package var expected: String?
    }

    package var objects: [Object] = []
    /// Large object OIDs the restore creates (BLOB / BLOB METADATA entries).
    package var largeObjects: [UInt32] = []

    package init(archive: Archive, selection: RestoreSelection) {
        let entries = archive.entries
        let reqs = selection.requirements(for: entries)
        // Materialized views restored with their data (REFRESH) come out populated.
        var refreshed = Set<QualifiedName>()
        for (e, r) in zip(entries, reqs) where e.desc == EntryDesc.materializedViewData && r.contains(.schema) {
            refreshed.insert(QualifiedName(schema: e.namespace, name: e.tag ?? ""))
        }
        for (e, r) in zip(entries, reqs) {
            let creates = r.contains(.schema)
            let tag = e.tag ?? ""
            let defn = e.defn ?? ""
            func add(
                _ kind: CompareObjectKind, schema: String? = e.namespace, _ name: String,
                table: QualifiedName? = nil, expected: String? = nil
            ) {
                objects.append(
                    Object(
                        kind: kind, schema: schema, name: name, table: table, dumpId: e.dumpId,
                        expected: expected))
            }
            switch e.desc {
            case EntryDesc.schema where creates:
                add(.schema, schema: nil, tag)
            case EntryDesc.extension where creates:
                add(.extension, schema: nil, tag)
            case EntryDesc.type where creates, EntryDesc.domain where creates:
                add(.type, tag)
            case EntryDesc.function where creates, EntryDesc.procedure where creates, EntryDesc.aggregate where creates:
                add(.function, tag)
            case EntryDesc.table where creates, EntryDesc.foreignTable where creates:
                add(.table, tag)
                let table = QualifiedName(schema: e.namespace, name: tag)
                if let def = try? DDLParser.table(defn), !def.columns.isEmpty || Self.declaresNoColumns(defn) {
                    for col in def.columns {
                        // DDLParser writes a qualified type as `public. mood`.
                        add(
                            .column, "\(tag).\(col.name)", table: table,
                            expected: col.type.replacingAll(". ", with: "."))
                    }
                }
            case EntryDesc.view where creates:
                add(.view, tag)
            case EntryDesc.materializedView where creates:
                let populated = refreshed.contains(QualifiedName(schema: e.namespace, name: tag))
                add(.materializedView, tag, expected: populated ? "populated" : "not populated")
            case EntryDesc.sequence where creates:
                add(.sequence, tag)
            case EntryDesc.sequenceSet where r.contains(.data):
                if let v = Self.setval(defn) { add(.sequenceValue, tag, expected: v) }
            case EntryDesc.index where creates:
                if let def = try? DDLParser.index(defn) {
                    add(
                        .index, def.name,
                        table: QualifiedName(schema: def.table.schema ?? e.namespace, name: def.table.name),
                        expected: "valid")
                }
            case EntryDesc.constraint where creates, EntryDesc.fkConstraint where creates,
                EntryDesc.checkConstraint where creates:
                if let (table, name) = Self.constraintName(defn) {
                    add(
                        .constraint, name, table: QualifiedName(schema: table.schema ?? e.namespace, name: table.name),
                        expected: Self.endsNotValid(defn) ? "not validated" : "validated")
                }
            case EntryDesc.trigger where creates:
                if let (table, name) = Self.triggerName(defn) {
                    add(.trigger, name, table: QualifiedName(schema: table.schema ?? e.namespace, name: table.name))
                }
            case EntryDesc.blob, EntryDesc.blobMetadata:
                if r.contains(.data) || r.contains(.schema) { largeObjects += Self.loCreates(defn) }
            default:
                break
            }
        }
    }

    /// `CREATE TABLE t (\n);`: a table that really has no columns (as opposed to `OF type` or
    /// `PARTITION OF`, whose columns the statement does not list).
    static func declaresNoColumns(_ defn: String) -> Bool {
        var c = TokenCursor(defn)
        while let t = c.next() {
            if t.isPunct("(") { return c.peek?.isPunct(")") == true }
            if t.isKeyword("OF") { return false }
        }
        return false
    }

    /// `SELECT pg_catalog.setval('s', 42, true);` → `42,true`.
    static func setval(_ defn: String) -> String? {
        let tokens = SQLTokenizer.tokenize(defn)
        guard let i = tokens.firstIndex(where: { $0.isKeyword("SETVAL") }) else { return nil }
        let rest = tokens[(i + 1)...].filter {
            !$0.isPunct(",") && !$0.isPunct("(") && !$0.isPunct(")") && !$0.isPunct(";")
        }
        let args = Array(rest)
        guard args.count >= 3, args[0].kind == .string else { return nil }
        var value = args[1].text
        var index = 2
        if args[1].kind == .op && args[1].text == "-" && args.count >= 4 {
            value = "-" + args[2].text
            index = 3
        }
        return "\(value),\(args[index].text.lowercased() == "true" ? "true" : "false")"
    }

    /// `ALTER TABLE [ONLY] t ADD CONSTRAINT name …` → (t, name).
    static func constraintName(_ defn: String) -> (QualifiedName, String)? {
        var c = TokenCursor(defn)
        guard (try? c.expect("ALTER", "TABLE")) != nil else { return nil }
        _ = c.accept("ONLY")
        guard let table = try? c.qualifiedName(), c.accept("ADD", "CONSTRAINT"), let name = try? c.identifier() else {
            return nil
        }
        return (table, name)
    }

    /// `CREATE [CONSTRAINT] TRIGGER name … ON t …` → (t, name).
    static func triggerName(_ defn: String) -> (QualifiedName, String)? {
        var c = TokenCursor(defn)
        guard c.accept("CREATE") else { return nil }
        _ = c.accept("OR", "REPLACE")
        _ = c.accept("CONSTRAINT")
        guard c.accept("TRIGGER"), let name = try? c.identifier() else { return nil }
        while let t = c.next() {
            if t.isKeyword("ON") { return (try? c.qualifiedName()).map { ($0, name) } }
        }
        return nil
    }

    /// Whether the statement ends in `NOT VALID` (a constraint added without checking rows).
    static func endsNotValid(_ defn: String) -> Bool {
        let tokens = SQLTokenizer.tokenize(defn).filter { !$0.isPunct(";") }
        guard tokens.count >= 2 else { return false }
        return tokens[tokens.count - 2].isKeyword("NOT") && tokens[tokens.count - 1].isKeyword("VALID")
    }

    /// OIDs of `lo_create('OID')` calls (pg_dump writes one per large object).
    static func loCreates(_ defn: String) -> [UInt32] {
        let tokens = SQLTokenizer.tokenize(defn)
        var out: [UInt32] = []
        for (i, t) in tokens.enumerated() where t.isKeyword("LO_CREATE") {
            if let arg = tokens.dropFirst(i + 1).first(where: { $0.kind == .string || $0.kind == .number }),
                let oid = UInt32(arg.text)
            {
                out.append(oid)
            }
        }
        return out
    }
}

/// The kinds of object `pgdmp compare` checks.
public enum CompareObjectKind: String, Codable, Sendable {
    /// A schema.
    case schema
    /// An extension.
    case `extension`
    /// A type (enum, composite, domain, range).
    case type
    /// A function, procedure or aggregate.
    case function
    /// A table.
    case table
    /// A table's column and its type.
    case column
    /// A view.
    case view
    /// A materialized view and whether it is populated.
    case materializedView = "materialized view"
    /// A sequence.
    case sequence
    /// A sequence's value (`SEQUENCE SET`): `last_value,is_called`.
    case sequenceValue = "sequence value"
    /// An index and whether it is valid.
    case index
    /// A constraint and whether it is validated.
    case constraint
    /// A trigger.
    case trigger
    /// The archive's large objects, counted together.
    case largeObjects = "large objects"
}
