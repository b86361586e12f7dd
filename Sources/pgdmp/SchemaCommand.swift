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
    @Option(name: [.customShort("L"), .customLong("use-list")], help: "Only the entries in this pg_restore -L file, in its order.")
    var useList: String?
    @OptionGroup var content: ContentOptions
    @Flag(name: [.customShort("O"), .customLong("no-owner")], help: "No ALTER … OWNER TO commands (as pg_restore -O).")
    var noOwner = false
    @Option(name: .customLong("restrict-key"),
            help: "Key for the \\restrict/\\unrestrict lines (letters and digits). Default: random, like pg_restore.")
    var restrictKey: String?

    func run() throws {
        try runReporting {
            let archive = try input.open()
            var selection = try filters.selection()
            content.apply(to: &selection)
            let list = try useList.map { try readRestoreList($0, archive: archive) }
            let script = SchemaScript(archive: archive, selection: SchemaScript.schemaOnlySelection(selection),
                                      list: list, restrictKey: restrictKey ?? SchemaScript.randomRestrictKey(),
                                      noOwner: noOwner)
            let (sql, warnings) = try script.render()
            for w in warnings { Output.error("warning: \(w)") }
            Output.writeArchiveBytes(sql)
            return 0
        }
    }
}
