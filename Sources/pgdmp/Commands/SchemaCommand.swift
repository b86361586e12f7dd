import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PGDump

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the schema DDL exactly as pg_restore -s -f - does.",
        discussion: """
            The output is byte for byte what the pg_restore matching the archive prints (15 for \
            archives up to 1.14, otherwise the major that wrote it), including its \\restrict lines.

            Selection options mean what they mean to pg_restore.
            """)

    @OptionGroup var input: ArchiveArgument
    @OptionGroup var filters: SelectionOptions
    @Option(
        name: [.customShort("L"), .customLong("use-list")],
        help: "Only the entries in this pg_restore -L file, in its order.")
    var useList: String?
    @OptionGroup var content: ContentOptions
    @Flag(name: [.customShort("O"), .customLong("no-owner")], help: "No ALTER … OWNER TO commands (as pg_restore -O).")
    var noOwner = false
    @Option(
        name: .customLong("restrict-key"),
        help: "Key for the \\restrict/\\unrestrict lines (letters and digits). Default: random, like pg_restore.")
    var restrictKey: String?
    @Flag(help: "The entries the script would run, each with its DDL, as JSON.") var json = false
    @OptionGroup var output: OutputFileOption

    func run() throws {
        try runReporting {
            let archive = try input.open()
            try output.redirect(protecting: [input.archive] + (useList.map { [$0] } ?? []))
            var selection = try filters.selection(in: archive)
            content.apply(to: &selection)
            let list = try useList.map { try readRestoreList($0, archive: archive) }
            let script = SchemaScript(
                archive: archive, selection: SchemaScript.schemaOnlySelection(selection),
                list: list, restrictKey: restrictKey ?? SchemaScript.randomRestrictKey(),
                noOwner: noOwner)
            if json {
                let order = RestoreOrder(archive: archive, selection: script.selection, list: list)
                try Output.json(
                    SchemaJSON(
                        archive: archive.path,
                        entries: order.steps.filter { $0.runsDefinition || $0.restoresStatistics }
                            .map { SchemaEntryJSON($0.entry, noOwner: noOwner) }))
                return 0
            }
            let (sql, warnings) = try script.render()
            for w in warnings { Output.error("warning: \(w)") }
            Output.writeArchiveBytes(sql)
            return 0
        }
    }
}

/// `pgdmp schema --json`: the entries `schema` prints, in its order, each with its stored DDL.
struct SchemaJSON: Encodable {
    var archive: String
    var entries: [SchemaEntryJSON]
}

struct SchemaEntryJSON: Encodable {
    var dumpId: Int32
    var section: String
    var desc: String
    var schema: String?
    var name: String?
    var owner: String?
    /// The entry's SQL as stored in the archive (the script adds SET lines and owner commands around it).
    var ddl: String

    init(_ e: TOCEntry, noOwner: Bool) {
        dumpId = e.dumpId
        section = e.section.description
        desc = e.desc
        schema = e.namespace
        name = e.tag
        owner = noOwner ? nil : e.owner
        ddl = e.defn ?? ""
    }
}
