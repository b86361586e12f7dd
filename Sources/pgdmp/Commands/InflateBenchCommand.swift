import ArgumentParser
import PGDump

/// Hidden: the inflate-only limit for `make bench`. Decompresses every data block (or one
/// table's) with the default backend and discards the bytes: no COPY scanning, no output.
/// The whole archive is read with the same parallel scan as `rows`, one table on one thread.
struct InflateBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inflate-bench",
        abstract: "Decompress data blocks and discard the bytes (benchmark limit).",
        shouldDisplay: false)

    @OptionGroup var input: ArchiveArgument
    @Argument(help: "Only this table.") var table: String?
    @Option(help: "Decoding threads for the whole archive (default: all cores).") var threads: Int?

    func run() throws {
        try runReporting {
            let archive = try input.open()
            let entries: [TOCEntry]
            if let table {
                entries = [try TableResolver.resolve(table, in: archive)]
            } else {
                entries = archive.entries.filter(\.hasData)
            }
            let scan = DataScan(archive: archive, workers: threads ?? DataScan.defaultWorkers)
            let results: [(UInt64, UInt64, String?)] = scan.run(
                entries: entries,
                work: { block in
                    do {
                        switch block {
                        case .stream(_, let data):
                            while try data.next() != nil {}
                            return (data.uncompressedBytes, data.storedBytes, nil)
                        case .largeObjects(_, let los):
                            var u: UInt64 = 0
                            var s: UInt64 = 0
                            while let (_, data) = try los.next() {
                                while try data.next() != nil {}
                                u += data.uncompressedBytes
                                s += data.storedBytes
                            }
                            return (u, s, nil)
                        }
                    } catch {
                        return (0, 0, "\(block.entry.label): \(error)")
                    }
                }, missing: { (0, 0, "\($0.label): no data") },
                failed: { entry, error in (0, 0, "\(entry.label): \(error)") })
            var u: UInt64 = 0
            var s: UInt64 = 0
            var failures = 0
            for (uu, ss, err) in results {
                u += uu
                s += ss
                if let err {
                    Output.error(err)
                    failures += 1
                }
            }
            Output.write(
                "\(results.count) data entries, \(s) stored bytes, \(u) uncompressed bytes, inflate backend \(InflateBackend.default.rawValue)\n"
            )
            return failures == 0 ? 0 : 2
        }
    }
}
