import ArgumentParser
import PGDump

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "After a restore: does the database hold every row and object of the archive?",
        discussion: """
            Connects read-only to the database (-d as pg_restore takes it: a name, a connection string or a URI; \
            PG* variables and .pgpass apply) and compares, in one snapshot: each table's exact rows in the archive, \
            its exact count(*) in the database and the planner's estimate; then every schema, table, column, index, \
            constraint, sequence (and its value), view, materialized view, function, trigger, type, extension and \
            large object the restore creates. Differences are listed first. Exit status: 0 equal, 1 differences, \
            2 could not compare.
            """)

    @OptionGroup var input: ArchiveArgument
    @OptionGroup var filters: SelectionOptions
    @Option(name: [.customShort("L"), .customLong("use-list")], help: "Only the entries in this pg_restore -L file.")
    var useList: String?
    @Option(
        name: [.customShort("d"), .customLong("dbname")],
        help: "The restored database: a name, a connection string or a postgresql:// URI.")
    var dbname: String
    @Option(
        name: [.customShort("j"), .customLong("jobs")], help: "Count rows on this many connections (one snapshot).")
    var jobs: Int = 1
    @Option(
        name: .customLong("statement-timeout"),
        help: "Cancel any query that runs longer than this (e.g. 500ms, 30s, 5min; a bare number is milliseconds).")
    var statementTimeout: String?
    @Flag(help: "Machine-readable output.") var json = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("-j must be at least 1") }
        if let t = statementTimeout, parseDuration(t) == nil {
            throw ValidationError("invalid --statement-timeout \"\(t)\" (use e.g. 500ms, 30s, 5min)")
        }
    }

    func run() throws {
        try runReporting {
            let archive = try input.open()
            var selection = try filters.selection(in: archive)
            if let path = useList { selection.wantedIds = Set(try readRestoreList(path, archive: archive).ids) }
            let options = TargetConnection.Options(
                statementTimeoutMilliseconds: statementTimeout.flatMap(parseDuration))
            let connection = try TargetConnection(try ConnectionInfo(dbname), options: options)
            defer { connection.close() }
            let report = try CompareReport.make(
                archive: archive, selection: selection, connection: connection,
                workers: jobs)
            if json { try Output.json(report) } else { Output.write(human(report)) }
            if report.differences > 0 { return 1 }
            return report.notCompared > 0 ? 2 : 0
        }
    }

    private func human(_ r: CompareReport) -> String {
        var out = "target: \(r.target)" + (r.serverVersion.map { " (PostgreSQL \($0))" } ?? "") + "\n"
        let diffs = r.objects.filter { $0.status != .equal }
        let rowDiffs = r.tables.filter { $0.status != .equal }
        if !diffs.isEmpty || !rowDiffs.isEmpty || (r.largeObjects.map { $0.status != .equal } ?? false) {
            out += "\nDifferences:\n"
            var rows: [[String]] = []
            for t in rowDiffs {
                let name = (t.schema.map { $0 + "." } ?? "") + t.name
                let detail: String
                switch t.status {
                case .missing: detail = "table missing, archive has \(t.archiveRows.map { group($0) } ?? "?") rows"
                case .unknown: detail = t.note ?? "not compared"
                default:
                    detail =
                        "archive \(t.archiveRows.map { group($0) } ?? "?") rows, target \(t.targetRows.map { group($0) } ?? "?")"
                }
                rows.append([t.status.rawValue, "rows", name, detail])
            }
            for o in diffs {
                var detail = ""
                if o.status == .different || (o.status == .unknown && o.found != nil) {
                    detail = "expected \(o.expected ?? "?"), found \(o.found ?? "?")"
                } else if o.status == .missing, let e = o.expected, o.kind == .sequenceValue {
                    detail = "expected \(e)"
                }
                rows.append([o.status.rawValue, o.kind.rawValue, o.name, detail])
            }
            if let lo = r.largeObjects, lo.status != .equal {
                rows.append([
                    lo.status.rawValue, "large objects", "\(lo.archive - lo.present) of \(lo.archive)",
                    "e.g. OIDs " + lo.missingSample.prefix(5).map(String.init).joined(separator: ", "),
                ])
            }
            out += TextTable.render(rows)
        }
        out += "\nRows (archive: exact, read from its data; target: exact count(*); estimate: pg_class.reltuples):\n"
        var rows: [[String]] = [["SCHEMA", "TABLE", "ARCHIVE", "TARGET", "ESTIMATE", "STATUS"]]
        for t in r.tables {
            rows.append([
                t.schema ?? "-", t.name, t.archiveRows.map(group) ?? "?", t.targetRows.map(group) ?? "-",
                t.estimatedRows.map { group(UInt64(max(0, $0))) } ?? "-", t.status.rawValue,
            ])
        }
        out += TextTable.render(rows, rightAligned: [2, 3, 4])
        if let lo = r.largeObjects {
            out +=
                "large objects: archive \(lo.archive), present \(lo.present) (target holds \(lo.targetTotal) in all)\n"
        }
        return out + "\n" + r.verdict + "\n"
    }
}

/// `500ms`, `30s`, `5min`, `1h` or a bare number of milliseconds → milliseconds.
func parseDuration(_ text: String) -> Int? {
    let units: [(String, Int)] = [("ms", 1), ("min", 60_000), ("s", 1000), ("h", 3_600_000)]
    for (suffix, factor) in units where text.hasSuffix(suffix) {
        guard let n = Int(text.dropLast(suffix.count)), n >= 0 else { return nil }
        return n * factor
    }
    guard let n = Int(text), n >= 0 else { return nil }
    return n
}
