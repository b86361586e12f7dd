/// The SQL script `pg_restore -s -f -` prints for an archive, byte for byte, with the same
/// selection (`-t`, `-n`, `-N`, `--section`, `-L`, `-C`, `-x`, `--no-comments`, `-O`).
///
/// It walks the entries in serial restore order (`RestoreOrder`) and prints each the way
/// pg_restore's `_printTocEntry` does: session settings when the schema, tablespace or table
/// access method changes, a `-- Name: …` comment, the stored definition (or the commands
/// pg_restore builds itself for large-object metadata and grouped large-object ACLs), and an
/// `ALTER … OWNER TO` command. The output follows the pg_restore that `ReferenceRestore`
/// picks for the archive.
///
/// Entries that need no table data (sequence `setval`s, large-object metadata, statistics)
/// can also be printed by clearing `selection.schemaOnly`; entries whose data sits in a data
/// block (TABLE DATA, BLOBS) cannot, and make `render()` throw.
public struct SchemaScript {
    /// The archive whose schema is printed.
    public var archive: Archive
    /// pg_restore's selection; `schemaOnly` is what `-s` sets.
    public var selection: RestoreSelection
    /// A `-L` file, if any.
    public var list: RestoreListFile?
    /// The key of the `\restrict` / `\unrestrict` lines (psql's guard against meta-commands).
    public var restrictKey: String
    /// `-O`: no ownership commands.
    public var noOwner: Bool
    /// Which pg_restore's output to reproduce.
    public var reference: ReferenceRestore

    /// A script of `archive`'s schema; see the properties for the parameters. `reference` defaults
    /// to the pg_restore ``ReferenceRestore/init(archive:)`` picks.
    public init(
        archive: Archive, selection: RestoreSelection = SchemaScript.schemaOnlySelection(),
        list: RestoreListFile? = nil, restrictKey: String = SchemaScript.randomRestrictKey(),
        noOwner: Bool = false, reference: ReferenceRestore? = nil
    ) {
        self.archive = archive
        self.selection = selection
        self.list = list
        self.restrictKey = restrictKey
        self.noOwner = noOwner
        self.reference = reference ?? ReferenceRestore(archive: archive)
    }

    /// What `pg_restore -s` selects: schema only, and (pg_restore 18) no statistics.
    public static func schemaOnlySelection(_ base: RestoreSelection = RestoreSelection()) -> RestoreSelection {
        var s = base
        s.schemaOnly = true
        s.dataOnly = false
        s.includeStatistics = false
        return s
    }

    /// A random key like pg_restore's: 63 letters and digits.
    public static func randomRestrictKey() -> String {
        let chars = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<63).map { _ in chars[Int(rng.next(upperBound: UInt64(chars.count)))] })
    }

    /// Whether psql accepts `key` for `\restrict`: one or more ASCII letters and digits.
    public static func isValidRestrictKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The whole script. Warnings pg_restore would print on stderr are returned separately.
    /// - Throws: ``PGDumpError`` of kind `.usage` for an invalid ``restrictKey``, `.unsupported` when
    ///   the selection includes entries whose data is in a data block (TABLE DATA, BLOBS), which a
    ///   script cannot hold, or an entry pg_restore cannot print either, and `.corrupt` when a grouped
    ///   large-object ACL names an entry the archive does not have.
    public func render() throws -> (sql: String, warnings: [String]) {
        guard Self.isValidRestrictKey(restrictKey) else {
            throw PGDumpError(.usage, "invalid restrict key \"\(restrictKey)\" (letters and digits only)")
        }
        var printer = Printer(archive: archive, reference: reference, restrictKey: restrictKey, noOwner: noOwner)
        let order = RestoreOrder(archive: archive, selection: selection, list: list)
        printer.start()
        for step in order.steps {
            var definitionPrinted = false
            if step.runsDefinition {
                try printer.entry(step.entry, prefix: "")
                definitionPrinted = true
                if step.entry.desc == EntryDesc.database || step.entry.desc == EntryDesc.databaseProperties {
                    printer.reconnect(to: step.entry.tag ?? "")
                }
            }
            if step.loadsData {
                if step.entry.hadDumper {
                    throw PGDumpError(
                        .unsupported, "a schema script cannot include table data or large object contents",
                        file: archive.path, context: step.entry.label)
                }
                if !definitionPrinted { try printer.entry(step.entry, prefix: "") }
            }
            if step.restoresStatistics {
                try printer.entry(step.entry, prefix: "Statistics for ")
            }
        }
        printer.finish()
        return (printer.out, printer.warnings)
    }

    /// The commands a serial pg_restore sends to the server for this selection, in order, one
    /// per `PQexec` (pg_restore executes each `ahprintf` of a definition, owner command or
    /// setting as one query). Entries whose data is in a data block (TABLE DATA, BLOBS) appear
    /// as one `.dataLoad` command: the COPY statement, or their definition for INSERT-mode
    /// and large-object data. This is what restore prediction judges.
    func commands() -> [RestoreCommand] {
        var printer = Printer(archive: archive, reference: reference, restrictKey: restrictKey, noOwner: noOwner)
        printer.recording = true
        let order = RestoreOrder(archive: archive, selection: selection, list: list)
        printer.current = nil
        printer.fixedSettings()
        for step in order.steps {
            var definitionPrinted = false
            if step.runsDefinition {
                try? printer.entry(step.entry, prefix: "")
                definitionPrinted = true
                if step.entry.desc == EntryDesc.database || step.entry.desc == EntryDesc.databaseProperties {
                    printer.current = nil
                    printer.currentSchema = nil
                    printer.currentTablespace = nil
                    printer.currentTableAM = nil
                    printer.fixedSettings()
                }
            }
            if step.loadsData {
                if step.entry.hadDumper {
                    printer.dataLoad(step.entry)
                } else if !definitionPrinted {
                    try? printer.entry(step.entry, prefix: "")
                }
            }
            if step.restoresStatistics {
                try? printer.entry(step.entry, prefix: "Statistics for ")
            }
        }
        return printer.commands
    }

    /// The text output of `_printTocEntry` and friends, with the session state they track.
    private struct Printer {
        let archive: Archive
        let reference: ReferenceRestore
        let restrictKey: String
        let noOwner: Bool
        let encoding: String
        let standardConformingStrings: Bool
        /// The SEARCHPATH entry's command (1.13+); when present, pg_restore never sets search_path itself.
        let searchPath: String?
        var out = ""
        var warnings: [String] = []
        var currentSchema: String?
        var currentTablespace: String?
        var currentTableAM: String?
        /// With `recording`, every command sent to the server is also kept in `commands`,
        /// attributed to `current` (nil: the session set-up).
        var recording = false
        var current: TOCEntry?
        var commands: [RestoreCommand] = []

        /// Prints one command and, when recording, keeps it.
        mutating func emit(_ sql: String, _ kind: RestoreCommand.Kind) {
            out += sql
            guard recording else { return }
            var text = Substring(sql)
            while let last = text.last, last == "\n" { text = text.dropLast() }
            if text.isEmpty { return }
            commands.append(RestoreCommand(entry: current, kind: kind, text: String(text)))
        }

        /// A data entry's load: its COPY statement, or (INSERT mode, large objects) its kind alone.
        mutating func dataLoad(_ e: TOCEntry) {
            let partitioned = e.relkindCharacter == "p" && reference.setsPartitionedTableAccessMethod
            current = e
            selectSchema(e.namespace)
            selectTablespace(e.tablespace)
            if !partitioned { selectTableAccessMethod(e.tableAccessMethod) }
            var copy = Substring(e.copyStmt ?? "")
            while let last = copy.last, last == "\n" { copy = copy.dropLast() }
            commands.append(RestoreCommand(entry: e, kind: .dataLoad, text: String(copy)))
        }

        init(archive: Archive, reference: ReferenceRestore, restrictKey: String, noOwner: Bool) {
            self.archive = archive
            self.reference = reference
            self.restrictKey = restrictKey
            self.noOwner = noOwner
            // pg_restore applies these entries while reading the TOC; the last one wins.
            var encoding = EncodingName.defaultName
            var std = false
            var searchPath: String?
            for e in archive.entries {
                switch e.desc {
                case EntryDesc.encoding:
                    if let v = Archive.quotedValue(in: e.defn) { encoding = EncodingName.canonical(v) ?? v }
                case EntryDesc.stdStrings:
                    if let defn = e.defn, let q = defn.firstIndex(of: "'") { std = defn[q...].hasPrefix("'on'") }
                case EntryDesc.searchPath:
                    searchPath = e.defn
                default: break
                }
            }
            self.encoding = encoding
            self.standardConformingStrings = std
            self.searchPath = searchPath
        }

        func id(_ s: String) -> String { SQLIdentifier.quote(s, major: reference.major) }

        mutating func start() {
            out += "--\n-- PostgreSQL database dump\n--\n\n"
            out += "\\restrict \(restrictKey)\n\n"
            if let v = archive.header.serverVersion { out += "-- Dumped from database version \(v)\n" }
            if let v = archive.header.pgDumpVersion { out += "-- Dumped by pg_dump version \(v)\n" }
            out += "\n"
            fixedSettings()
        }

        mutating func finish() {
            out += "--\n-- PostgreSQL database dump complete\n--\n\n"
            out += "\\unrestrict \(restrictKey)\n\n"
        }

        /// `_doSetFixedOutputState`.
        mutating func fixedSettings() {
            emit("SET statement_timeout = 0;\n", .session)
            emit("SET lock_timeout = 0;\n", .session)
            emit("SET idle_in_transaction_session_timeout = 0;\n", .session)
            if reference.setsTransactionTimeout { emit("SET transaction_timeout = 0;\n", .session) }
            emit("SET client_encoding = '\(encoding)';\n", .session)
            emit("SET standard_conforming_strings = \(standardConformingStrings ? "on" : "off");\n", .session)
            if let searchPath { emit(searchPath, .session) }
            emit("SET check_function_bodies = false;\n", .session)
            emit("SET xmloption = content;\n", .session)
            emit("SET client_min_messages = warning;\n", .session)
            if !standardConformingStrings { emit("SET escape_string_warning = off;\n", .session) }
            emit("SET row_security = off;\n", .session)
            out += "\n"
        }

        /// `_reconnectToDB` in script mode: leave restricted mode for `\connect`, forget the session state.
        mutating func reconnect(to dbname: String) {
            out += "\\unrestrict \(restrictKey)\n"
            out += PsqlConnect.command(dbname, major: reference.major)
            out += "\\restrict \(restrictKey)\n\n"
            currentSchema = nil
            currentTablespace = nil
            currentTableAM = nil
            fixedSettings()
        }

        mutating func selectSchema(_ schema: String?) {
            guard searchPath == nil, let schema, !schema.isEmpty, schema != currentSchema else { return }
            emit("SET search_path = \(id(schema))" + (schema == "pg_catalog" ? "" : ", pg_catalog") + ";\n\n", .setting)
            currentSchema = schema
        }

        mutating func selectTablespace(_ tablespace: String?) {
            guard let tablespace, tablespace != currentTablespace else { return }
            emit("SET default_tablespace = " + (tablespace.isEmpty ? "''" : id(tablespace)) + ";\n\n", .setting)
            currentTablespace = tablespace
        }

        mutating func selectTableAccessMethod(_ am: String?) {
            guard let am, am != currentTableAM else { return }
            emit("SET default_table_access_method = \(id(am));\n\n", .setting)
            currentTableAM = am
        }

        /// `_printTocEntry`.
        mutating func entry(_ e: TOCEntry, prefix: String) throws {
            current = e
            let partitioned = e.relkindCharacter == "p" && reference.setsPartitionedTableAccessMethod
            selectSchema(e.namespace)
            selectTablespace(e.tablespace)
            if !partitioned { selectTableAccessMethod(e.tableAccessMethod) }

            out += "--\n"
            out += "-- \(prefix)Name: \(TOCListing.sanitize(e.tag)); Type: \(e.desc); "
            out += "Schema: \(e.namespace.map { TOCListing.sanitize($0) } ?? "-"); "
            out += "Owner: \((noOwner ? nil : e.owner).map { TOCListing.sanitize($0) } ?? "-")"
            if let ts = e.tablespace, !ts.isEmpty { out += "; Tablespace: \(TOCListing.sanitize(ts))" }
            out += "\n--\n\n"

            let defn = e.defn ?? ""
            if noOwner && e.desc == EntryDesc.schema && !defn.hasPrefix("--") {
                emit("CREATE SCHEMA \(id(e.tag ?? ""));\n\n\n", .definition)
            } else if e.desc == EntryDesc.blobMetadata {
                perLargeObject(e, before: "SELECT pg_catalog.lo_create('", after: "')", kind: .definition)
            } else if e.desc == EntryDesc.acl && (e.tag ?? "").hasPrefix("LARGE OBJECTS") {
                try groupedLargeObjectACL(e)
            } else if !defn.isEmpty {
                emit(defn + "\n\n", prefix.isEmpty ? .definition : .statistics)
            }

            if !noOwner, let owner = e.owner, !owner.isEmpty, let drop = e.dropStmt, !drop.isEmpty {
                if e.desc == EntryDesc.blobMetadata {
                    perLargeObject(e, before: "ALTER LARGE OBJECT ", after: " OWNER TO \(id(owner))", kind: .owner)
                } else {
                    switch OwnerCommand.describe(e, reference: reference) {
                    case .alter(let what) where !what.isEmpty:
                        emit("ALTER \(what) OWNER TO \(id(owner));\n\n", .owner)
                    case .alter, .none:
                        break
                    case .unknownType:
                        let message = "don't know how to set owner for object type \"\(e.desc)\""
                        if reference.unknownOwnerTypeIsFatal {
                            throw PGDumpError(.unsupported, message, file: archive.path, context: e.label)
                        }
                        warnings.append(message)
                    }
                }
            }

            if partitioned, let am = e.tableAccessMethod {
                emit(
                    "ALTER TABLE \(SQLIdentifier.qualified(e.namespace, e.tag ?? "", major: reference.major)) "
                        + "SET ACCESS METHOD \(id(am));\n\n", .definition)
            }
        }

        /// `IssueCommandPerBlob`: one command per OID line of a BLOB METADATA entry, then a blank line.
        mutating func perLargeObject(
            _ metadata: TOCEntry, before: String, after: String,
            kind: RestoreCommand.Kind = .definition
        ) {
            var rest = Substring(metadata.defn ?? "")
            while let nl = rest.firstIndex(of: "\n") {
                emit(before + rest[..<nl] + after + ";\n", kind)
                rest = rest[rest.index(after: nl)...]
            }
            out += "\n"
        }

        /// `IssueACLPerBlob`: a `LARGE OBJECTS a..b` ACL holds the GRANT/REVOKE commands for
        /// its first large object; each command is repeated for every OID of the group's
        /// BLOB METADATA entry (the ACL's first dependency).
        mutating func groupedLargeObjectACL(_ e: TOCEntry) throws {
            guard let first = e.dependencies.first, let metadata = archive.entry(dumpId: first) else {
                throw PGDumpError(
                    .corrupt, "could not find entry for ID \(e.dependencies.first ?? 0)",
                    file: archive.path, context: e.label)
            }
            let text = Array((e.defn ?? "").utf8)
            let marker = Array("LARGE OBJECT ".utf8)
            var i = 0
            var start = 0
            var firstHalf: String?
            var secondStart: Int?
            var inQuotes = false
            func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
            while i < text.count {
                if text[i] == UInt8(ascii: "\"") { inQuotes.toggle() }
                if inQuotes {
                    i += 1
                    continue
                }
                if text[i...].starts(with: marker) {
                    i += marker.count
                    firstHalf = String(decoding: text[start..<i], as: UTF8.self)
                    i += 1  // the OID's first digit
                    while i < text.count, text[i] >= 48, text[i] <= 57 { i += 1 }
                    secondStart = i
                } else if text[i] == UInt8(ascii: ";") {
                    let second = secondStart.map { String(decoding: text[$0..<i], as: UTF8.self) } ?? ""
                    perLargeObject(metadata, before: firstHalf ?? "", after: second)
                    i += 1
                    while i < text.count, isSpace(text[i]) { i += 1 }
                    start = i
                    firstHalf = nil
                    secondStart = nil
                } else {
                    i += 1
                }
            }
        }
    }
}

/// psql's `\connect` line for a database name (`appendPsqlMetaConnect`).
enum PsqlConnect {
    static func command(_ dbname: String, major: Int) -> String {
        if dbname.utf8.allSatisfy(isConnStrPlain) {
            return "\\connect \(SQLIdentifier.quote(dbname, major: major))\n"
        }
        var value = "'"
        for ch in dbname.unicodeScalars {
            if ch == "'" || ch == "\\" { value += "\\" }
            value.unicodeScalars.append(ch)
        }
        value += "'"
        let connstr = "dbname=" + value
        return "\\encoding SQL_ASCII\n\\connect -reuse-previous=on \(SQLIdentifier.quote(connstr, major: major))\n"
    }

    private static func isConnStrPlain(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b == 46
    }
}
