import ArgumentParser
import PGDump
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct RowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rows",
        abstract: "Exact row counts and data sizes of every table, read from the archive's data.")

    @OptionGroup var input: ArchiveArgument
    @OptionGroup var filters: SelectionOptions
    @Option(help: "Sort by size (default), name or rows.") var sort: RowsSort = .size
    @Flag(help: "Machine-readable output.") var json = false
    @Flag(help: "CSV output.") var csv = false
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var output: OutputFileOption
    @Flag(name: [.short, .long], help: "No progress line.") var quiet = false

    enum RowsSort: String, ExpressibleByArgument { case size, name, rows }

    func run() throws {
        try runReporting {
            let archive = try input.open()
            try output.redirect(protecting: [input.archive])
            let selection = try filters.selection(in: archive)
            let progress = ProgressLine.start("rows", total: archive.size, quiet: quiet)
            var report = RowCountReport.make(
                archive, selection: selection,
                workers: threads.workers, progress: progress?.counter)
            progress?.finish()
            report.tables.sort(by: sortOrder)
            if json {
                try Output.json(report)
            } else if csv {
                var out = "schema,table,type,status,rows,uncompressed_bytes,stored_bytes\n"
                for t in report.tables {
                    out +=
                        [
                            t.schema ?? "", t.name, t.desc, t.status.rawValue, t.rows.map(String.init) ?? "",
                            t.uncompressedBytes.map(String.init) ?? "", t.storedBytes.map(String.init) ?? "",
                        ]
                        .map(csvField).joined(separator: ",") + "\n"
                }
                Output.write(out)
            } else {
                Output.write(humanTable(report))
            }
            // Report order (TOC order for errors): the damage once, then one line for what it left unread.
            let byId = report.tables.sorted { $0.dumpId < $1.dumpId }
            for t in byId where t.status == .damaged || t.status == .noData {
                Output.error(t.error ?? "\(label(t)): \(t.status.rawValue)")
            }
            let notRead = byId.filter { $0.status == .notRead }
            if !notRead.isEmpty { Output.error(DamageWording.notReadSummary(notRead.map(label))) }
            return report.complete ? 0 : 2
        }
    }

    private func label(_ t: TableDataStats) -> String {
        "\(t.desc) \(t.schema.map { $0 + "." } ?? "")\(t.name) (dump id \(t.dumpId))"
    }

    private func sortOrder(_ a: TableDataStats, _ b: TableDataStats) -> Bool {
        switch sort {
        case .size:
            let (x, y) = (a.uncompressedBytes ?? 0, b.uncompressedBytes ?? 0)
            return x != y ? x > y : (a.schema ?? "", a.name) < (b.schema ?? "", b.name)
        case .rows:
            let (x, y) = (a.rows ?? 0, b.rows ?? 0)
            return x != y ? x > y : (a.schema ?? "", a.name) < (b.schema ?? "", b.name)
        case .name:
            return (a.schema ?? "", a.name, a.dumpId) < (b.schema ?? "", b.name, b.dumpId)
        }
    }

    private func humanTable(_ r: RowCountReport) -> String {
        var rows: [[String]] = [["SCHEMA", "TABLE", "ROWS", "UNCOMPRESSED", "STORED", "STATUS"]]
        for t in r.tables {
            let name =
                t.desc == EntryDesc.tableData
                ? t.name : "\(t.name) (\(t.desc == EntryDesc.blobs ? "large objects" : t.desc))"
            rows.append([
                t.schema ?? "-", name, t.rows.map(group) ?? "?", t.uncompressedBytes.map(bytes) ?? "?",
                t.storedBytes.map(bytes) ?? "?", t.status == .ok ? "" : t.status.rawValue,
            ])
        }
        rows.append([
            "", "total", group(r.totalRows), bytes(r.totalUncompressedBytes), bytes(r.totalStoredBytes),
            r.complete ? "" : "INCOMPLETE",
        ])
        return TextTable.render(rows, rightAligned: [2, 3, 4])
    }
}

func csvField(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
    return s
}

func group(_ n: UInt64) -> String {
    let s = String(n)
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}

func bytes(_ n: UInt64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var v = Double(n)
    var u = 0
    while v >= 1000 && u < units.count - 1 {
        v /= 1000
        u += 1
    }
    return u == 0 ? "\(n) B" : cFormat("%.1f", v) + " " + units[u]
}

/// Plain aligned columns for terminal output.
enum TextTable {
    static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: width)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                line += (rightAligned.contains(i) ? pad + c : c + (i == r.count - 1 ? "" : pad))
                if i < r.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
