#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import PGDump
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct CatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print one table's rows (COPY text as pg_restore prints it, or CSV / TSV / JSON lines).",
        discussion: """
            TABLE may be name, schema.name or quoted identifiers ("My Schema"."My Table").

            The default output is byte-identical to the data lines of pg_restore -a -t TABLE -f -, \
            so `pgdmp cat A t | wc -l` is the row count.
            """)

    @OptionGroup var input: ArchiveArgument
    @Argument(help: "The table.") var table: String?
    @Option(help: "copy (default), csv, tsv (COPY text with a header line) or jsonl.") var format: CatFormat = .copy
    @Option(help: "Only these columns, comma-separated, in this order (csv, tsv, jsonl).") var columns: String?
    @Option(help: "Stop after this many rows.") var limit: UInt64?
    @Option(help: "Write the bytes of the large object with this OID instead of a table.") var blob: UInt32?
    @Flag(name: [.short, .long], help: "No progress line on stderr.") var quiet = false

    enum CatFormat: String, ExpressibleByArgument { case copy, csv, tsv, jsonl }

    /// Decompressed bytes per step: 256 kB stays in cache while the rows are scanned.
    /// `PGDMP_CAT_PIECE` (8 bytes to 1 MiB) exists for tests, which shrink it to put piece
    /// boundaries inside rows and inside the end marker.
    static var pieceSize: Int {
        guard let v = getenv("PGDMP_CAT_PIECE"), let n = Int(String(cString: v)) else { return 256 << 10 }
        return min(max(n, 8), BufferedOutput.bufferSize)
    }

    func run() throws {
        try runReporting {
            let archive = try input.open()
            if let oid = blob {
                try writeLargeObject(oid, archive)
                return 0
            }
            guard let table else { throw ValidationError("name a table, or use --blob OID") }
            let entry = try TableResolver.resolve(table, in: archive)
            let data = try archive.openData(entry)
            let progress = ProgressLine.start("cat \(entry.qualifiedName)", total: nil, quiet: quiet)
            defer { progress?.finish() }
            data.progress = progress?.counter
            let statement = entry.copyStmt.flatMap(CopyStatement.init)
            let out = BufferedOutput()
            if format == .copy && columns == nil {
                if statement != nil {
                    // Decompressed straight into the output ring: rows pass through without a copy.
                    let pieceSize = Self.pieceSize
                    var scanner = CopyStreamScanner(rowLimit: limit)
                    while !scanner.isDone,
                          let piece = try data.next(into: out.reserve(gap: scanner.heldByteCount, limit: pieceSize)) {
                        scanner.scan(piece) { out.write($0) }
                    }
                    out.flush()
                    try scanner.finish()
                } else {
                    // INSERT-mode data: the statements, as pg_restore prints them.
                    while let piece = try data.next() { out.write(piece) }
                    out.flush()
                }
                return 0
            }
            guard let statement else {
                throw PGDumpError(.usage, "this table's data is stored as INSERT statements (pg_dump --inserts); only the default format can print it",
                                  file: archive.path, context: entry.label)
            }
            // Single-byte server encodings: JSON gets each byte's Latin-1 character.
            let latin1 = archive.encoding.map { $0.hasPrefix("LATIN") || $0.hasPrefix("WIN") || $0.hasPrefix("ISO_") } ?? false
            try writeDecoded(CopyLineReader(data: data), statement: statement, entry: entry, out: out, latin1: latin1)
            out.flush()
            return 0
        }
    }

    private func writeDecoded(_ lines: CopyLineReader, statement: CopyStatement, entry: TOCEntry,
                              out: BufferedOutput, latin1: Bool) throws {
        var selected = Array(statement.columns.indices)
        if let columns {
            selected = try columns.split(separator: ",").map { name in
                let n = String(name.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
                let readable = statement.columns.map(ArchiveText.readable)
                guard let i = readable.firstIndex(of: n) ?? readable.firstIndex(of: n.lowercased()) else {
                    throw ValidationError("no column \"\(n)\" in \(entry.qualifiedName); columns: \(statement.columns.joined(separator: ", "))")
                }
                return i
            }
        }
        let names = selected.map { statement.columns[$0] }
        switch format {
        case .csv: out.write(names.map(csvField).joined(separator: ",") + "\n")
        case .tsv: out.write(names.joined(separator: "\t") + "\n")
        default: break
        }
        // Options read once: each read of an @Option goes through ArgumentParser's generic
        // property wrapper, which was most of the time per row.
        let format = self.format
        let limit = self.limit
        // Per column, the bytes written before its value: `{"name":` or `,"name":` (jsonl),
        // `,` (csv), TAB (tsv), built once so a row costs no allocation.
        // One flat buffer (no array per column to retain and release for every field).
        var prefixBytes: [UInt8] = []
        var prefixEnds: [Int] = []
        for k in names.indices {
            switch format {
            case .jsonl:
                let key = Array(ArchiveText.readable(names[k]).utf8)
                prefixBytes += [k == 0 ? 0x7B : 0x2C] + BufferedOutput.encodedJSONString(key) + [0x3A]
            case .csv: if k > 0 { prefixBytes.append(0x2C) }
            default: if k > 0 { prefixBytes.append(0x09) }
            }
            prefixEnds.append(prefixBytes.count)
        }
        var ranges: [Range<Int>] = []
        var value: [UInt8] = []
        var rows: UInt64 = 0
        let columnCount = statement.columns.count
        try prefixBytes.withUnsafeBytes { prefixes in
        try prefixEnds.withUnsafeBufferPointer { prefixEnds in
        try selected.withUnsafeBufferPointer { selected in
        while let line = try lines.nextLine() {
            if let limit, rows >= limit { break }
            rows += 1
            CopyText.fieldRanges(line, into: &ranges)
            guard ranges.count == columnCount || columnCount == 0 else {
                throw PGDumpError(.corrupt, "row has \(ranges.count) fields where the COPY statement names \(statement.columns.count) columns",
                                  context: "\(entry.label), line \(lines.lineNumber)")
            }
            if columnCount == 0 { ranges = [] }
            if format == .jsonl && selected.isEmpty { out.writeByte(0x7B) }
            for k in selected.indices {
                let raw = UnsafeRawBufferPointer(rebasing: line[ranges[selected[k]]])
                out.writeSmall(UnsafeRawBufferPointer(rebasing: prefixes[(k == 0 ? 0 : prefixEnds[k - 1])..<prefixEnds[k]]))
                switch format {
                case .tsv, .copy:
                    out.writeSmall(raw)
                case .csv:
                    if CopyText.isNull(raw) { continue }
                    if !raw.contains(0x5C) { out.writeCSV(raw); continue }
                    value.removeAll(keepingCapacity: true)
                    _ = CopyText.decode(raw, appendingTo: &value)
                    out.writeCSV(value)
                case .jsonl:
                    // Printable ASCII without a backslash: no escapes, not NULL, nothing to check.
                    if out.writePlainJSONString(raw) { continue }
                    if CopyText.isNull(raw) { out.writeByte(0x6E); out.writeByte(0x75); out.writeByte(0x6C); out.writeByte(0x6C); continue }
                    if !raw.contains(0x5C) { out.writeJSONString(raw, latin1: latin1); continue }
                    value.removeAll(keepingCapacity: true)
                    _ = CopyText.decode(raw, appendingTo: &value)
                    out.writeJSONString(value, latin1: latin1)
                }
            }
            if format == .jsonl { out.writeByte(0x7D) }
            out.writeByte(0x0A)
        }
        }
        }
        }
    }

    private func writeLargeObject(_ oid: UInt32, _ archive: Archive) throws {
        let out = BufferedOutput()
        for entry in archive.entries where entry.desc == "BLOBS" && entry.hasData {
            let los = try archive.openLargeObjects(entry)
            while let (o, data) = try los.next() {
                guard o == oid else { continue }
                while let piece = try data.next() { out.write(piece) }
                out.flush()
                return
            }
        }
        throw PGDumpError(.notFound, "no large object with OID \(oid) in this archive", file: archive.path)
    }
}
