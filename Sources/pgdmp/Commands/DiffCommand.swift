import ArgumentParser
import PGDump

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two archives: entries only in one, changed definitions, and row counts per table.",
        discussion: """
            Entries are matched by type, schema and name; definitions, owners and the COPY column lists of \
            table data are compared. Table data is compared by exact row count and uncompressed size.

            Exit status: 0 equal, 1 different, 2 error.
            """)

    @Argument(help: "The first (older) archive.") var a: String
    @Argument(help: "The second (newer) archive.") var b: String
    @Flag(help: "Machine-readable output.") var json = false
    @Flag(name: [.customShort("s"), .customLong("schema-only")], help: "Compare the TOC only; do not read table data.")
    var schemaOnly = false
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var output: OutputFileOption

    func run() throws {
        try runReporting {
            let archiveA = try Archive.open(path: a)
            let archiveB = try Archive.open(path: b)
            try output.redirect(protecting: [a, b])
            let diff = ArchiveDiff.make(
                archiveA, archiveB, schemaOnly: schemaOnly,
                workers: threads.workers)
            if json {
                try Output.json(diff)
            } else {
                Output.write(render(diff))
            }
            for e in diff.dataErrors { Output.error(e) }
            if !diff.dataErrors.isEmpty { return 2 }
            return diff.isEqual ? 0 : 1
        }
    }

    private func name(_ r: ArchiveDiff.EntryRef) -> String {
        "\(r.desc) \(r.schema.map { $0.isEmpty ? "" : $0 + "." } ?? "")\(r.name)"
    }

    private func render(_ d: ArchiveDiff) -> String {
        var out = ""
        for r in d.onlyInA { out += "- \(name(r))\n" }
        for r in d.onlyInB { out += "+ \(name(r))\n" }
        for c in d.changed {
            out += "~ \(name(c.entry)): \(c.fields.joined(separator: ", ")) changed\n"
            for f in c.fields where f != "definition" {
                out += "    \(f): \(c.before[f] ?? "") -> \(c.after[f] ?? "")\n"
            }
            if c.fields.contains("definition") {
                out += "    --- \(a)\n    +++ \(b)\n"
                for line in UnifiedDiff.lines(
                    UnifiedDiff.hunks(c.before["definition"] ?? "", c.after["definition"] ?? ""))
                {
                    out += "    " + line + "\n"
                }
            }
        }
        let changedTables = d.tables.filter(\.changed)
        if !changedTables.isEmpty {
            if !out.isEmpty { out += "\n" }
            var rows: [[String]] = [["SCHEMA", "TABLE", "ROWS A", "ROWS B", "DIFF", "SIZE A", "SIZE B", "DIFF"]]
            for t in changedTables {
                let n =
                    t.desc == EntryDesc.tableData
                    ? t.name : "\(t.name) (\(t.desc == EntryDesc.blobs ? "large objects" : t.desc))"
                rows.append([
                    t.schema ?? "-", n, t.rowsA.map(group) ?? "-", t.rowsB.map(group) ?? "-",
                    signed(t.rowsDifference ?? 0), t.bytesA.map(bytes) ?? "-", t.bytesB.map(bytes) ?? "-",
                    signedBytes(t.bytesDifference ?? 0),
                ])
            }
            out += TextTable.render(rows, rightAligned: [2, 3, 4, 5, 6, 7])
        }
        if d.isEqual { out += "no differences\n" }
        return out
    }

    private func signed(_ n: Int64) -> String { n > 0 ? "+" + group(UInt64(n)) : n < 0 ? "-" + group(UInt64(-n)) : "0" }
    private func signedBytes(_ n: Int64) -> String {
        n > 0 ? "+" + bytes(UInt64(n)) : n < 0 ? "-" + bytes(UInt64(-n)) : "0"
    }
}
