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
    @Option(
        name: [.short, .customLong("table")],
        help: "Only this table: name (as pg_restore -t), schema.name or quoted identifiers. Repeatable.")
    var table: [String] = []

    @Option(
        name: [.customShort("n"), .customLong("schema")],
        help: "Only objects in this schema (as pg_restore -n). Repeatable.")
    var schema: [String] = []

    @Option(name: [.customShort("N"), .customLong("exclude-schema")], help: "Leave out this schema. Repeatable.")
    var excludeSchema: [String] = []

    @Option(name: .customLong("section"), help: "pre-data, data or post-data. Repeatable.")
    var section: [String] = []

    @Option(name: [.customShort("I"), .customLong("index")], help: "Only this index (as pg_restore -I). Repeatable.")
    var index: [String] = []

    @Option(
        name: [.customShort("P"), .customLong("function")],
        help: "Only this function, with its argument list, e.g. \"add_one(integer)\" (as pg_restore -P). Repeatable.")
    var function: [String] = []

    @Option(
        name: [.customShort("T"), .customLong("trigger")],
        help: "Only this trigger; its name is \"<table> <trigger>\" (as pg_restore -T). Repeatable.")
    var trigger: [String] = []

    /// The selection, with `-t` names read in the one table-name syntax (see
    /// `TableResolver.applyTableNames`): a name that matches nothing is an error.
    func selection(in archive: Archive) throws -> RestoreSelection {
        var s = RestoreSelection()
        try TableResolver.applyTableNames(table, to: &s, in: archive)
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
    @Flag(
        name: [.customShort("C"), .customLong("create")],
        help: "Include CREATE DATABASE and \\connect (as pg_restore -C).")
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

/// `-j N`: pg_restore's spelling for parallel work (`--threads` and `--jobs` are the same option).
struct ThreadsOption: ParsableArguments {
    @Option(
        name: [.customShort("j"), .customLong("threads"), .customLong("jobs")],
        help: ArgumentHelp("Decoding threads (default: all cores; the answer is the same).", valueName: "N"))
    var threads: Int?

    var workers: Int { threads ?? DataScan.defaultWorkers }

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("-j/--threads must be at least 1") }
    }
}

/// `-f FILE`: write the output to a file instead of standard output, as pg_restore -f does
/// (`-f -` is standard output). pgdmp never writes to an archive, so a FILE that is the
/// archive, or inside a directory archive, is refused.
struct OutputFileOption: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp("Write the output to FILE (- for standard output).", valueName: "FILE"))
    var file: String?

    /// Points standard output at FILE; call before anything is written.
    func redirect(protecting archives: [String]) throws {
        guard let file, file != "-" else { return }
        let target = Platform.identity(of: file)
        for path in archives where path != "-" {
            guard let a = Platform.identity(of: path) else { continue }
            if let target, a.device == target.device && a.inode == target.inode {
                throw PGDumpError(.usage, "-f names the archive itself; pgdmp never writes to an archive", file: file)
            }
            if a.isDirectory {
                let dir = URL(fileURLWithPath: path).standardizedFileURL.path
                let out = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path
                if out == dir || out.hasPrefix(dir + "/") {
                    throw PGDumpError(
                        .usage, "-f names a file inside the directory archive; pgdmp never writes to an archive",
                        file: file)
                }
            }
        }
        let fd: Int32
        switch Platform.createForWriting(file) {
        case .success(let d): fd = d
        case .failure(let e): throw PGDumpError(.io, "cannot open output file: \(e.message)", file: file)
        }
        if let e = Platform.redirectStandardOutput(to: fd) {
            throw PGDumpError(.io, "cannot write to output file: \(e.message)", file: file)
        }
        Platform.close(fd)
    }
}
