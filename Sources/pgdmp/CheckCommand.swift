import ArgumentParser
import PGDump

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Predict restore failures from the archive alone: btree index rows too large, duplicate keys, foreign-key orphans.",
        discussion: """
            Exit status: 0 nothing found, 1 problems found (or values over --values-over), 2 data could not be read.

            Notes (materialized views, owners, superuser-only entries) and objects that could not be checked are \
            listed but are not problems.
            """)

    @OptionGroup var input: ArchiveArgument
    @Option(help: "PostgreSQL major version of the target server (btree limit 2704 from 12 on, else 2712).")
    var targetVersion: Int = 15
    @Option(help: "default_toast_compression on the target: pglz or lz4.") var toastCompression: String = "pglz"
    @Option(help: "List every value longer than N bytes.") var valuesOver: Int?
    @Option(name: [.short, .customLong("table")], help: "With --values-over/--histogram: only this table. Repeatable.")
    var table: [String] = []
    @Option(help: "With --values-over/--histogram: only this column. Repeatable.") var column: [String] = []
    @Flag(help: "Length histogram per column.") var histogram = false
    @Flag(help: "Machine-readable output.") var json = false
    @Option(help: "Decoding threads (default: all cores).") var threads: Int?
    @Flag(name: [.short, .long], help: "No progress line.") var quiet = false
    @Option(help: "LC_CTYPE of the target database (lower()/upper() in index expressions follow it; exit 3 when a value cannot be mapped exactly here).")
    var targetLocale: String = "C.UTF-8"
    @Option(help: "Memory for the key sets of unique checks (e.g. 256MB, 1GB); beyond it they spill to sorted runs in $TMPDIR.")
    var memory: String = "256MB"

    func run() throws {
        try runReporting {
            var options = CheckOptions()
            options.targetVersion = targetVersion
            guard let tc = ToastCompression(rawValue: toastCompression) else {
                throw ValidationError("--toast-compression must be pglz or lz4")
            }
            options.toastCompression = tc
            options.valuesOver = valuesOver
            options.tables = table
            options.columns = column
            options.histogram = histogram
            options.workers = threads ?? DataScan.defaultWorkers
            options.targetLocale = targetLocale
            guard let memoryLimit = CheckOptions.memoryLimit(parsing: memory) else {
                throw ValidationError("--memory must be a size such as 256MB or 1GB")
            }
            options.memoryLimit = memoryLimit
            let archive = try input.open()
            let progress = ProgressLine.start("check", total: archive.size, quiet: quiet)
            let report = RestoreCheck.run(archive, options: options, progress: progress?.counter)
            progress?.finish()
            if json { try Output.json(report) } else { Output.write(human(report)) }
            for u in report.unreadable { Output.error(u) }
            return report.exitCode
        }
    }

    private func human(_ r: CheckReport) -> String {
        var out = ""
        for p in r.oversizedIndexRows {
            out += "FAILS: \(p.statement)\n"
            out += "  \(p.rows.first?.message ?? "")\n"
            out += "  \(p.rowCount) row(s) of \(p.table) exceed the btree limit \(r.btreeLimit):\n"
            for row in p.rows {
                let lens = row.valueLengths.map { $0.map(String.init) ?? "NULL" }.joined(separator: ", ")
                out += "    \(row.row) (COPY line \(row.row.line)): tuple size \(row.tupleSize), value length \(lens)"
                out += row.acceptedByPG11 && r.btreeLimit == 2704 ? " (accepted by PostgreSQL <= 11)\n" : "\n"
            }
        }
        for p in r.duplicateKeys {
            out += "FAILS: \(p.statement)\n  could not create unique index \"\(p.index)\": \(p.keyCount) duplicate(s) in \(p.table)\n"
            for k in p.keys { out += "    \(k.message) rows: \(k.rows.map(\.description).joined(separator: ", "))\n" }
        }
        for p in r.foreignKeyOrphans {
            out += "FAILS: \(p.statement)\n  \(p.rowCount) row(s) of \(p.table) violate foreign key constraint \"\(p.constraint)\" (MATCH \(p.match.rawValue.uppercased())):\n"
            for o in p.rows { out += "    \(o.row): \(o.message)\n" }
        }
        if let lv = r.largeValues {
            out += "\(lv.count) value(s) longer than \(valuesOver ?? 0) bytes:\n"
            for v in lv { out += "  \(v.table).\(v.column) \(v.row): \(v.length) bytes\n" }
        }
        for h in r.histograms ?? [] {
            out += "\(h.table).\(h.column): max \(h.maxLength), nulls \(h.nulls); "
            out += h.buckets.map { "\($0.from)-\($0.to): \($0.count)" }.joined(separator: ", ") + "\n"
        }
        if !r.notChecked.isEmpty {
            out += "Not checked:\n"
            for n in r.notChecked { out += "  \(n.object): \(n.reason)\n" }
        }
        if !r.notes.isEmpty {
            out += "Notes:\n"
            for n in r.notes { out += "  [\(n.kind)] \(n.object): \(n.message)\n" }
        }
        out += "\(r.problemCount) failing statement(s) predicted for PostgreSQL \(r.targetVersion); key sets used \(r.keySetBytes / 1024) kB\n"
        return out
    }
}
