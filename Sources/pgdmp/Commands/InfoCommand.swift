import ArgumentParser
import PGDump

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show what an archive is: format, versions, compression, entry counts.")

    @OptionGroup var input: ArchiveArgument
    @Flag(help: "Machine-readable output.") var json = false
    @OptionGroup var output: OutputFileOption

    func run() throws {
        try runReporting {
            let archive = try input.open()
            try output.redirect(protecting: [input.archive])
            let s = ArchiveSummary(archive)
            if json {
                try Output.json(s)
                return 0
            }
            var out = ""
            func line(_ k: String, _ v: String?) { out += String(k.prefix(18)).padded(18) + (v ?? "-") + "\n" }
            line("Archive:", s.path)
            line(
                "Format:",
                s.format.rawValue
                    + (s.hasDataOffsets || s.format != .custom ? "" : " (written through a pipe: no data offsets)"))
            line("Archive version:", s.archiveVersion)
            line("Compression:", s.compression.rawValue + (s.compressionLevel.map { " (level \($0))" } ?? ""))
            line("Database:", s.databaseName)
            line("Created:", s.createdAt)
            line("Server version:", s.serverVersion)
            line("pg_dump version:", s.pgDumpVersion)
            line("Encoding:", s.encoding)
            line("File size:", s.fileSize.map { "\($0) bytes" })
            line(
                "Data offsets:",
                s.format == .custom ? (s.hasDataOffsets ? "present" : "absent") : "n/a (\(s.format.rawValue) format)")
            line("TOC entries:", "\(s.entryCount) (\(s.dataEntries) with data)")
            out += "By section:\n"
            for name in ["pre-data", "data", "post-data", "none"] where s.entriesBySection[name] != nil {
                out += "  " + String(name.prefix(24)).padded(24) + "\(s.entriesBySection[name]!)\n"
            }
            out += "By type:\n"
            for (k, v) in s.entriesByType.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                out += "  " + String(k.prefix(24)).padded(24) + "\(v)\n"
            }
            Output.write(out)
            return 0
        }
    }
}
