import ArgumentParser
import PGDump

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "One self-contained HTML page (or Markdown) for a migration team: sizes, exact counts, predicted failures.",
        discussion: """
            Reads the archive's data twice (verify, then check) and writes one file with no external reference: \
            inline styles, inline SVG charts and one inline script (table sorting), under a Content-Security-Policy \
            that allows nothing else. --format md writes the same figures as Markdown for an issue tracker.

            Exit status (the report is written in every case but the last): 0 nothing found, 1 findings (failing \
            statements predicted, or the archive damaged or partly unreadable), 2 error (the archive cannot be \
            opened, the output cannot be written).
            """)

    @OptionGroup var input: ArchiveArgument
    @Option(name: [.short, .customLong("output")], help: "Write the report to this file (- for standard output).")
    var output: String
    @Option(help: "PostgreSQL major version of the target server (btree limit 2704 from 12 on, else 2712).")
    var targetVersion: Int = 15
    @Option(
        name: [.customShort("d"), .customLong("dbname")],
        help:
            "Predict the restore against this server (as check -d): its version, roles, extensions and the objects already in the database. Read-only."
    )
    var dbname: String?
    @Option(help: "LC_CTYPE of the target database, for lower()/upper() in index expressions (as check).")
    var targetLocale: String = "C.UTF-8"
    @Option(help: "html or md.") var format: String = "html"
    @Option(help: "Decoding threads (default: all cores).") var threads: Int?
    @Flag(name: [.short, .long], help: "No progress line.") var quiet = false

    func run() throws {
        try runReporting {
            guard format == "html" || format == "md" else { throw ValidationError("--format must be html or md") }
            var options = ReportOptions()
            options.targetVersion = targetVersion
            options.workers = threads ?? DataScan.defaultWorkers
            options.targetLocale = targetLocale
            if let dbname {
                let connection = try TargetConnection(try ConnectionInfo(dbname))
                defer { connection.close() }
                options.target = try TargetModel.read(from: connection)
            }
            let archive = try input.open()
            let progress = ProgressLine.start("report", total: archive.size.map { $0 * 2 }, quiet: quiet)
            let report = ReportBuilder.make(archive, options: options, progress: progress?.counter)
            progress?.finish()
            let text = format == "md" ? MarkdownReportWriter.render(report) : HTMLReportWriter.render(report)
            let status: Int32 =
                report.failingStatementCount > 0 || !report.verify.isWhole || !report.check.unreadable.isEmpty ? 1 : 0
            if output == "-" {
                Output.write(text)
                return status
            }
            let fd: Int32
            switch Platform.createForWriting(output) {
            case .success(let d): fd = d
            case .failure(let e): throw PGDumpError(.io, "cannot write the report: \(e.message)", file: output)
            }
            defer { Platform.close(fd) }
            var bytes = text
            bytes.withUTF8 { Output.writeAll(fd, UnsafeRawBufferPointer($0)) }
            return status
        }
    }
}
