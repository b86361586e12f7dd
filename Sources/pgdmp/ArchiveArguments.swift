import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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

    @Option(name: [.customShort("n"), .customLong("schema")], help: "Only objects in this schema (as pg_restore -n). Repeatable.")
    var schema: [String] = []

    @Option(name: [.customShort("N"), .customLong("exclude-schema")], help: "Leave out this schema. Repeatable.")
    var excludeSchema: [String] = []

    @Option(name: .customLong("section"), help: "pre-data, data or post-data. Repeatable.")
    var section: [String] = []

    @Option(name: [.customShort("I"), .customLong("index")], help: "Only this index (as pg_restore -I). Repeatable.")
    var index: [String] = []

    @Option(name: [.customShort("P"), .customLong("function")],
            help: "Only this function, with its argument list, e.g. \"add_one(integer)\" (as pg_restore -P). Repeatable.")
    var function: [String] = []

    @Option(name: [.customShort("T"), .customLong("trigger")],
            help: "Only this trigger; its name is \"<table> <trigger>\" (as pg_restore -T). Repeatable.")
    var trigger: [String] = []

    func selection() throws -> RestoreSelection {
        var s = RestoreSelection()
        s.tableNames = table
        s.schemaNames = schema
        s.excludeSchemaNames = excludeSchema
        s.indexNames = index
        s.functionNames = function
        s.triggerNames = trigger
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

/// pg_restore options that change what is restored beyond the selection filters.
struct ContentOptions: ParsableArguments {
    @Flag(name: [.customShort("C"), .customLong("create")], help: "Include CREATE DATABASE and \\connect (as pg_restore -C).")
    var create = false
    @Flag(name: [.customShort("x"), .customLong("no-privileges")], help: "Leave out GRANT/REVOKE (as pg_restore -x).")
    var noPrivileges = false
    @Flag(name: .customLong("no-comments"), help: "Leave out COMMENT commands.")
    var noComments = false

    func apply(to s: inout RestoreSelection) {
        s.createDatabase = create
        s.skipPrivileges = noPrivileges
        s.skipComments = noComments
    }
}

/// Reads a pg_restore -L file, printing pg_restore's "line ignored" warnings.
func readRestoreList(_ path: String, archive: Archive) throws -> RestoreListFile {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw PGDumpError(.io, "cannot read list file", file: path)
    }
    let list = try RestoreListFile(text: String(decoding: data, as: UTF8.self), archive: archive)
    for w in list.warnings { Output.error("warning: \(w)") }
    return list
}
