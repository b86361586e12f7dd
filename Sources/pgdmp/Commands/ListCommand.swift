#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ArgumentParser
import PGDump

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the TOC exactly as pg_restore -l does (usable as a pg_restore -L file).",
        discussion: """
            With --exclude, --exclude-data, -a/--data-only or --defer the output is a ready \
            pg_restore -L file: excluded entries stay in it, commented out with a leading ';', \
            and deferred entries are moved to the end. Warnings (an excluded entry that others \
            need, a deferred entry needed earlier) go to standard error.

            Example, restoring everything but one index:
              pgdmp list dump.pgc --exclude INDEX:public.url_idx > restore.list
              pg_restore -L restore.list -d mydb dump.pgc
            """)

    @OptionGroup var input: ArchiveArgument
    @OptionGroup var filters: SelectionOptions
    @Option(name: .customLong("type"), help: "Only entries of this type, e.g. INDEX or \"TABLE DATA\". Repeatable.")
    var types: [String] = []
    @Flag(name: [.short, .long], help: "As pg_restore -l -v: every entry, with dependencies.") var verbose = false
    @Flag(help: "Every field of every listed entry as JSON.") var json = false
    @Option(
        name: .customLong("exclude"),
        help: ArgumentHelp(
            "Comment out this entry: a dump id or TYPE:NAME, e.g. INDEX:public.users_email_idx. Repeatable.",
            valueName: "TYPE:NAME"))
    var exclude: [String] = []
    @Option(
        name: .customLong("exclude-data"),
        help: ArgumentHelp(
            "Comment out this table's TABLE DATA entry (schema.table or table). Repeatable.", valueName: "TABLE"))
    var excludeData: [String] = []
    @Flag(
        name: [.customShort("a"), .customLong("data-only")],
        help: "Comment out everything that is not data (what pg_restore -a leaves out).")
    var dataOnly = false
    /// The spelling before `-a/--data-only`, kept so old scripts work.
    @Flag(name: .customLong("only-data"), help: .hidden) var onlyDataAlias = false
    var onlyData: Bool { dataOnly || onlyDataAlias }
    @OptionGroup var output: OutputFileOption
    @Option(
        name: .customLong("defer"),
        help: ArgumentHelp(
            "Move this entry to the end of the list, so it runs last in its pass. Repeatable.", valueName: "TYPE:NAME"))
    var deferred: [String] = []

    @Option(
        name: [.customShort("L"), .customLong("use-list")],
        help: "Only the entries of this pg_restore -L file, in its order (as pg_restore -l -L).")
    var useList: String?

    var writesRestoreList: Bool { !exclude.isEmpty || !excludeData.isEmpty || onlyData || !deferred.isEmpty }

    func validate() throws {
        if writesRestoreList && verbose {
            throw ValidationError(
                "--verbose cannot be combined with --exclude, --exclude-data, -a/--data-only or --defer")
        }
        if writesRestoreList && useList != nil {
            throw ValidationError("-L cannot be combined with --exclude, --exclude-data, -a/--data-only or --defer")
        }
        if writesRestoreList && !types.isEmpty {
            throw ValidationError("--type cannot be combined with --exclude, --exclude-data, -a/--data-only or --defer")
        }
    }

    func run() throws {
        try runReporting {
            let archive = try input.open()
            try output.redirect(protecting: [input.archive] + (useList.map { [$0] } ?? []))
            if writesRestoreList { return try writeRestoreList(archive) }
            let list = try useList.map { try readRestoreList($0, archive: archive) }
            let listing = TOCListing(
                archive: archive, selection: try filters.selection(in: archive), verbose: verbose,
                types: Set(types), list: list)
            if json {
                try ListJSON.write(archive: archive.path, entries: listing.selectedEntries())
            } else {
                Output.writeArchiveBytes(listing.render())
            }
            return 0
        }
    }
}

extension ListCommand {
    func writeRestoreList(_ archive: Archive) throws -> Int32 {
        var writer = RestoreListWriter(archive: archive, selection: try filters.selection(in: archive))
        writer.exclude = try exclude.map(EntryReference.init)
        writer.excludeData = excludeData
        writer.onlyData = onlyData
        writer.deferred = try deferred.map(EntryReference.init)
        let result = try writer.write()
        for w in result.warnings { Output.error("warning: \(w)") }
        if json {
            try Output.json(RestoreListJSON(archive: archive.path, result))
        } else {
            Output.writeArchiveBytes(result.text)
        }
        return 0
    }
}

/// `pgdmp list --exclude … --json`: the list as data.
struct RestoreListJSON: Encodable {
    struct Item: Encodable {
        var dumpId: Int32
        var desc: String
        var schema: String?
        var name: String?
    }
    struct WarningJSON: Encodable {
        var kind: String
        var dumpId: Int32
        var related: [Int32]
        var message: String
    }
    var listed: [Item]
    var excluded: [Item]
    var deferred: [Item]
    var warnings: [WarningJSON]
    var list: String
    var archive: String

    init(archive: String, _ r: RestoreListWriter.Result) {
        self.archive = archive
        func item(_ e: TOCEntry) -> Item { Item(dumpId: e.dumpId, desc: e.desc, schema: e.namespace, name: e.tag) }
        listed = r.listed.map(item)
        excluded = r.excluded.map(item)
        deferred = r.deferred.map(item)
        warnings = r.warnings.map {
            WarningJSON(
                kind: $0.kind.rawValue, dumpId: $0.entry.dumpId, related: $0.related.map(\.dumpId),
                message: $0.description)
        }
        list = r.text
    }
}

/// `pgdmp list --json`: `{"archive", "entries", "formatVersion"}`, written in batches of entries.
enum ListJSON {
    /// The same bytes as encoding the whole document at once (pretty-printed, keys sorted), but
    /// entries are encoded 2,000 at a time and each batch is written out before the next: a TOC
    /// of 190,000 entries is never held as one JSON document (and its copies) in memory.
    static func write(archive: String, entries: [TOCEntry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Output.write(
            "{\n  \"archive\" : " + String(decoding: try encoder.encode(archive), as: UTF8.self)
                + ",\n  \"entries\" : [\n" + (entries.isEmpty ? "\n" : ""))
        let batch = 2_000
        var out: [UInt8] = []
        for first in stride(from: 0, to: entries.count, by: batch) {
            let last = min(entries.count, first + batch)
            // "[\n  {…},\n  {…}\n]": the lines between the brackets, one level deeper (values
            // hold no raw newline, JSON escapes them; empty lines, of empty arrays, stay empty)
            let array = [UInt8](try encoder.encode(entries[first..<last].map(EntryJSON.init)))
            out.removeAll(keepingCapacity: true)
            var lineStart = true
            for b in array[2..<(array.count - 2)] {
                if lineStart && b != 0x0A { out += [0x20, 0x20] }
                out.append(b)
                lineStart = b == 0x0A
            }
            out += last == entries.count ? [0x0A] : [0x2C, 0x0A]
            Output.write(String(decoding: out, as: UTF8.self))
        }
        Output.write("  ],\n  \"formatVersion\" : \(jsonFormatVersion)\n}\n")
    }
}

/// Every stored field of an entry, for `--json` (pg_dump's namespace and tag are `schema` and `name`).
struct EntryJSON: Encodable {
    var dumpId: Int32
    var section: String
    var desc: String
    var schema: String?
    var name: String?
    var owner: String?
    var tablespace: String?
    var tableAccessMethod: String?
    var relkind: String?
    var tableoid: UInt32
    var oid: UInt32
    var dependencies: [Int32]
    var defn: String?
    var dropStmt: String?
    var copyStmt: String?
    var hadDumper: Bool
    var hasData: Bool
    var dataOffset: UInt64?
    var dataFile: String?
    var withOids: Bool

    init(_ e: TOCEntry) {
        dumpId = e.dumpId
        section = e.section.description
        desc = e.desc
        schema = e.namespace
        name = e.tag
        owner = e.owner
        tablespace = e.tablespace
        tableAccessMethod = e.tableAccessMethod
        relkind = e.relkindCharacter
        tableoid = e.tableOID
        oid = e.oid
        dependencies = e.dependencies
        defn = e.defn
        dropStmt = e.dropStmt
        copyStmt = e.copyStmt
        hadDumper = e.hadDumper
        hasData = e.hasData
        withOids = e.withOids
        switch e.dataLocation {
        case .offset(let o): dataOffset = o
        case .file(let f): dataFile = f
        default: break
        }
    }
}
