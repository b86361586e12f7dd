import ArgumentParser
import PGDump

struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Show the order in which a serial pg_restore runs the entries.",
        discussion: """
            pg_restore (without -j) walks the TOC three times: the main pass runs everything \
            else in TOC order, then the ACL pass (GRANT/REVOKE, default privileges), then the \
            post-ACL pass (event triggers, materialized view refreshes, statistics that follow \
            them). "schema" means the entry's SQL definition runs (a REFRESH counts as schema), \
            "data" that data is loaded (COPY or INSERT data, large objects, sequence values), \
            "stats" that planner statistics are restored. With -L, the order of that list is used.
            """)

    @OptionGroup var input: ArchiveArgument
    @OptionGroup var filters: SelectionOptions
    @OptionGroup var content: ContentOptions
    @Option(name: [.customShort("L"), .customLong("use-list")], help: "Use this pg_restore -L file.")
    var useList: String?
    @Flag(
        name: [.customShort("s"), .customLong("schema-only")], help: "Only the schema, not the data (as pg_restore -s)."
    )
    var schemaOnly = false
    @Flag(
        name: [.customShort("a"), .customLong("data-only")], help: "Only the data, not the schema (as pg_restore -a).")
    var dataOnly = false
    @Flag(help: "Machine-readable output.") var json = false
    @OptionGroup var output: OutputFileOption

    func validate() throws {
        if schemaOnly && dataOnly { throw ValidationError("--schema-only and --data-only cannot be used together") }
    }

    func run() throws {
        try runReporting {
            let archive = try input.open()
            try output.redirect(protecting: [input.archive])
            var selection = try filters.selection(in: archive)
            content.apply(to: &selection)
            selection.schemaOnly = schemaOnly
            selection.dataOnly = dataOnly
            // pg_restore 18 restores statistics unless -s or -a is given.
            selection.includeStatistics = !(schemaOnly || dataOnly)
            let list = try useList.map { try readRestoreList($0, archive: archive) }
            let order = RestoreOrder(archive: archive, selection: selection, list: list)
            if json {
                try Output.json(
                    OrderJSON(
                        archive: archive.path,
                        steps: order.steps.enumerated().map { StepJSON(number: $0.offset + 1, $0.element) }))
                return 0
            }
            var out = ""
            var pass: RestorePass?
            for (i, s) in order.steps.enumerated() {
                if s.pass != pass {
                    pass = s.pass
                    out += (i == 0 ? "" : "\n") + Self.title(s.pass) + "\n"
                }
                let number = String(i + 1).leftPadded(5)
                out += "\(number)  \(Self.section(s).padded(11))  \(Self.work(s).padded(17))  "
                out += "\(String(s.entry.dumpId).leftPadded(6))  \(s.entry.desc) \(Self.name(s.entry))\n"
            }
            if order.steps.isEmpty { out += "(nothing to restore with these options)\n" }
            Output.write(out)
            return 0
        }
    }

    static func title(_ p: RestorePass) -> String {
        switch p {
        case .main: return "Main pass:"
        case .acl: return "ACL pass:"
        case .postACL: return "Post-ACL pass:"
        }
    }

    static func work(_ s: RestoreStep) -> String {
        var parts: [String] = []
        if s.runsDefinition { parts.append("schema") }
        if s.loadsData { parts.append(s.readsArchiveData ? "data" : "data (statement)") }
        if s.restoresStatistics { parts.append("stats") }
        return parts.joined(separator: "+")
    }

    /// `schema.tag`; for comments, ACLs and labels, whose tag already names the object
    /// (`TABLE users`), the schema follows in parentheses.
    static func name(_ e: TOCEntry) -> String {
        let tag = e.tag.map { $0.replacingNewlines() } ?? ""
        guard let ns = e.namespace, !ns.isEmpty else { return tag }
        if ["ACL", "COMMENT", "SECURITY LABEL"].contains(e.desc) { return "\(tag) (schema \(ns.replacingNewlines()))" }
        return ns.replacingNewlines() + "." + tag
    }

    /// The stored section; a section-less entry shows the one it inherits, in parentheses.
    static func section(_ s: RestoreStep) -> String {
        s.entry.section == .none ? "(\(s.effectiveSection))" : s.entry.section.description
    }
}

/// `pgdmp order --json`.
struct OrderJSON: Encodable {
    var archive: String
    var steps: [StepJSON]
}

struct StepJSON: Encodable {
    var step: Int
    var pass: String
    /// The stored section (`none` for comments, ACLs, …).
    var section: String
    /// The section pg_restore's --section judges the entry by (section-less entries inherit the one before them).
    var effectiveSection: String
    var dumpId: Int32
    var desc: String
    var schema: String?
    var name: String?
    var owner: String?
    /// The entry's SQL definition runs.
    var runsDefinition: Bool
    var loadsData: Bool
    var dataFromArchive: Bool
    var restoresStatistics: Bool

    init(number: Int, _ s: RestoreStep) {
        step = number
        pass = s.pass.rawValue
        section = s.entry.section.description
        effectiveSection = s.effectiveSection.description
        dumpId = s.entry.dumpId
        desc = s.entry.desc
        schema = s.entry.namespace
        name = s.entry.tag
        owner = s.entry.owner
        runsDefinition = s.runsDefinition
        loadsData = s.loadsData
        dataFromArchive = s.readsArchiveData
        restoresStatistics = s.restoresStatistics
    }
}

extension String {
    func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
