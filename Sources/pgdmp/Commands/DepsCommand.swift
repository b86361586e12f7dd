import ArgumentParser
import PGDump

struct DepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deps",
        abstract: "Show what an entry depends on and what depends on it.",
        discussion: """
            ENTRY is a dump id (the number pg_restore -l prints first) or TYPE:NAME, e.g. \
            INDEX:public.users_email_idx, "TABLE DATA:app.events" or INDEX:users_email_idx.

            The dependencies are the ones pg_dump recorded in the archive.
            """)

    @OptionGroup var input: ArchiveArgument
    @Argument(help: "The entry: a dump id or TYPE:NAME.") var entry: String
    @Flag(help: "Follow dependencies transitively (with the number of steps).") var all = false
    @Flag(help: "Machine-readable output.") var json = false
    @OptionGroup var output: OutputFileOption

    func run() throws {
        try runReporting {
            let archive = try input.open()
            try output.redirect(protecting: [input.archive])
            let target = try EntryReference(entry).resolve(in: archive)
            let graph = DependencyGraph(archive: archive)
            let needs: [DependencyGraph.Link]
            let neededBy: [DependencyGraph.Link]
            if all {
                needs = graph.allDependencies(of: target.dumpId)
                neededBy = graph.allDependents(of: target.dumpId)
            } else {
                needs = graph.dependencies(of: target.dumpId).map { .init(entry: $0, depth: 1) }
                neededBy = graph.dependents(of: target.dumpId).map { .init(entry: $0, depth: 1) }
            }
            let missing = graph.missingDependencies(of: target.dumpId)
            if json {
                try Output.json(
                    DepsJSON(
                        archive: archive.path, entry: LinkJSON(.init(entry: target, depth: 0)), transitive: all,
                        dependsOn: needs.map(LinkJSON.init), neededBy: neededBy.map(LinkJSON.init),
                        missingDependencies: missing))
                return 0
            }
            var out = "\(target.desc) \(OrderCommand.name(target)) (dump id \(target.dumpId), \(target.section))\n"
            func section(_ title: String, _ links: [DependencyGraph.Link]) {
                out += "\n\(title)\n"
                if links.isEmpty { out += "  (nothing)\n" }
                for l in links {
                    let depth = all ? "[\(l.depth)] " : ""
                    out +=
                        "  \(depth)\(String(l.entry.dumpId).leftPadded(6))  \(l.entry.desc) \(OrderCommand.name(l.entry))\n"
                }
            }
            section(all ? "Depends on (directly or indirectly):" : "Depends on:", needs)
            section(all ? "Needed by (directly or indirectly):" : "Needed by:", neededBy)
            if !missing.isEmpty {
                out +=
                    "\nAlso depends on dump ids not in this archive: \(missing.map(String.init).joined(separator: " "))\n"
            }
            Output.write(out)
            return 0
        }
    }
}

struct LinkJSON: Encodable {
    var dumpId: Int32
    var desc: String
    var schema: String?
    var name: String?
    var section: String
    var depth: Int

    init(_ l: DependencyGraph.Link) {
        dumpId = l.entry.dumpId
        desc = l.entry.desc
        schema = l.entry.namespace
        name = l.entry.tag
        section = l.entry.section.description
        depth = l.depth
    }
}

struct DepsJSON: Encodable {
    var archive: String
    var entry: LinkJSON
    var transitive: Bool
    var dependsOn: [LinkJSON]
    var neededBy: [LinkJSON]
    var missingDependencies: [Int32]
}
