import ArgumentParser
import PGDump

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove an archive is whole: read every data and large-object block to its end.",
        discussion: """
            Checks block framing, complete compressed streams (end of stream, checksums where the codec \
            has them), COPY end markers and INSERT statements, that every COPY row has exactly the fields \
            of its COPY column list (the first bad row is named: table, row number, byte offset), that \
            every entry with data has exactly one block (or file, or tar member) and every block, file \
            and member belongs to an entry that expects data, that TOC offsets point at the right block, \
            that toc.dat is read to its end, and that nothing follows the last block. Works on \
            pipe-written archives and standard input.

            Exit status: 0 whole, 1 damaged, 2 unreadable (header or TOC cannot be read).

            Not detectable: zstd frames (pg_dump writes them without a content checksum), lz4 blocks and \
            uncompressed data (-Z0, every tar archive) carry no checksum, so a changed byte inside a value \
            that keeps the row well-formed cannot be noticed by any reader; nor can a changed byte in the \
            header or TOC text, or two data files swapped between tables of the same width. Only gzip data \
            has a checksum.
            """)

    @OptionGroup var input: ArchiveArgument
    @Flag(help: "Keep going after the first problem and list every damaged entry.") var all = false
    @Flag(help: "Machine-readable output.") var json = false
    @Flag(name: [.short, .long], help: "No progress line.") var quiet = false
    @Option(
        name: [.customShort("j"), .long],
        help: "Decoding threads for files and directories (default: all cores; the report is the same).")
    var threads: Int?

    func run() throws {
        try runReporting {
            let archive = try input.open()
            let progress = ProgressLine.start("verify", total: archive.size, quiet: quiet)
            let report = ArchiveVerifier(
                archive: archive, all: all, progress: progress?.counter,
                workers: threads ?? DataScan.defaultWorkers
            ).run()
            progress?.finish()
            if json {
                try Output.json(report)
            } else {
                var out = ""
                let ok = report.entries.filter { $0.status == .ok }.count
                if report.isWhole {
                    out += "\(archive.path): whole (\(ok) data entries, \(bytes(report.bytesChecked)) checked)\n"
                } else {
                    for p in report.problems { out += "\(p)\n" }
                    if all {
                        let damaged = report.entries.filter { $0.status == .damaged || $0.status == .missing }
                        out +=
                            "\(archive.path): DAMAGED: \(damaged.count) of \(report.entries.count) data entries damaged or missing"
                        if report.restUnchecked {
                            out += ", \(report.entries.filter { $0.status == .unchecked }.count) could not be checked"
                        }
                        out += "\n"
                        for e in damaged {
                            out +=
                                "  \(e.status.rawValue): \(e.desc) \(e.schema.map { $0 + "." } ?? "")\(e.name) (dump id \(e.dumpId))\n"
                        }
                    } else {
                        out +=
                            "\(archive.path): DAMAGED (stopped at the first problem; --all lists every damaged entry)\n"
                    }
                }
                Output.write(out)
            }
            return report.isWhole ? 0 : 1
        }
    }
}
