import ArgumentParser
import PGDump

/// The archive argument every command takes.
struct ArchiveArgument: ParsableArguments {
    @Argument(help: "The archive: a custom or tar file, a directory, or - for standard input.")
    var archive: String

    func open() throws -> Archive {
        try Archive.open(path: archive)
    }
}

/// Selection options with pg_restore's meaning.
struct SelectionOptions: ParsableArguments {
    @Option(name: [.short, .customLong("table")], help: "Only this table (exact name, as pg_restore -t). Repeatable.")
    var table: [String] = []

    @Option(name: [.short, .customLong("schema")], help: "Only objects in this schema (as pg_restore -n). Repeatable.")
    var schema: [String] = []

    @Option(name: [.customShort("N"), .customLong("exclude-schema")], help: "Leave out this schema. Repeatable.")
    var excludeSchema: [String] = []

    @Option(name: .customLong("section"), help: "pre-data, data or post-data. Repeatable.")
    var section: [String] = []

    func selection() throws -> RestoreSelection {
        var s = RestoreSelection()
        s.tableNames = table
        s.schemaNames = schema
        s.excludeSchemaNames = excludeSchema
        for name in section {
            switch name {
            case "pre-data": s.sections.insert(.preData)
            case "data": s.sections.insert(.data)
            case "post-data": s.sections.insert(.postData)
            default: throw ValidationError("unrecognized section name: \"\(name)\" (use pre-data, data or post-data)")
            }
        }
        return s
    }
}
