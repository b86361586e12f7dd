import ArgumentParser
import PGDump

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the TOC exactly as pg_restore -l does (usable as a pg_restore -L file).")

    @OptionGroup var input: ArchiveArgument
    @OptionGroup var filters: SelectionOptions
    @Option(name: .customLong("type"), help: "Only entries of this type, e.g. INDEX or \"TABLE DATA\". Repeatable.")
    var types: [String] = []
    @Flag(name: [.short, .long], help: "As pg_restore -l -v: every entry, with dependencies.") var verbose = false
    @Flag(help: "Every field of every listed entry as JSON.") var json = false

    func run() throws {
        try runReporting {
            let archive = try input.open()
            let listing = TOCListing(archive: archive, selection: try filters.selection(), verbose: verbose,
                                     types: Set(types))
            if json {
                try Output.json(listing.selectedEntries().map(EntryJSON.init))
            } else {
                Output.writeArchiveBytes(listing.render())
            }
            return 0
        }
    }
}

/// Every stored field of an entry, for `--json`.
struct EntryJSON: Encodable {
    var dumpId: Int32
    var section: String
    var desc: String
    var namespace: String?
    var tag: String?
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
        dumpId = e.dumpId; section = e.section.description; desc = e.desc; namespace = e.namespace; tag = e.tag
        owner = e.owner; tablespace = e.tablespace; tableAccessMethod = e.tableAccessMethod
        relkind = e.relkindCharacter; tableoid = e.tableOID; oid = e.oid; dependencies = e.dependencies
        defn = e.defn; dropStmt = e.dropStmt; copyStmt = e.copyStmt; hadDumper = e.hadDumper
        hasData = e.hasData; withOids = e.withOids
        switch e.dataLocation {
        case .offset(let o): dataOffset = o
        case .file(let f): dataFile = f
        default: break
        }
    }
}
