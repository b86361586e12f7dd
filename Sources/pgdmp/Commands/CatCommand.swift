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

            --where 'COLUMN OP VALUE' keeps only the rows that meet it (OP: =, <>, <, <=, >, >=, LIKE, \
            NOT LIKE, IS NULL, IS NOT NULL; repeat it to combine conditions with AND). Values are compared \
            after COPY's escapes are undone: as numbers when both sides are numbers, otherwise as text in \
            byte order; NULL meets only IS NULL. --limit stops reading once that many rows were printed. \
            --line-numbers puts each row's COPY line first (the line PostgreSQL names in "CONTEXT: COPY \
            t, line N"), so the one row that breaks a constraint can be found:
              pgdmp cat dump.pgc public.users --where "email LIKE '%@example.org'" --line-numbers
            """)

    @OptionGroup var input: ArchiveArgument
    @Argument(help: "The table.") var table: String?
    @Option(help: "copy (default), csv, tsv (COPY text with a header line) or jsonl.") var format: CatFormat = .copy
    @Option(help: "Only these columns, comma-separated, in this order (csv, tsv, jsonl).") var columns: String?
    @Option(help: "Stop after this many rows.") var limit: UInt64?
    @Option(help: "Write the bytes of the large object with this OID instead of a table.") var blob: UInt32?
    @Flag(name: [.short, .long], help: "No progress line on stderr.") var quiet = false
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Only rows meeting this condition, e.g. \"id = 42\" or \"email IS NULL\". Repeatable (AND).",
            valueName: "CONDITION"))
    var conditions: [String] = []
    @Flag(
        name: .customLong("line-numbers"),
        help:
            "Put each row's COPY line number (1 = first row) before it (copy, tsv, csv: first field; jsonl: \"_line\")."
    )
    var lineNumbers = false
    @OptionGroup var output: OutputFileOption
    /// Not a report: `cat` writes rows. Caught to point at --format jsonl.
    @Flag(help: .hidden) var json = false

    func validate() throws {
        if json {
            throw ValidationError("cat writes rows, not a report: use --format jsonl for one JSON object per row")
        }
    }

    enum CatFormat: String, ExpressibleByArgument { case copy, csv, tsv, jsonl }

    /// Decompressed bytes per step: 256 kB stays in cache while the rows are scanned.
    /// `PGDMP_CAT_PIECE` (8 bytes to 1 MiB) exists for tests, which shrink it to put piece
    /// boundaries inside rows and inside the end marker.
    static var pieceSize: Int {
        guard let v = Platform.environment("PGDMP_CAT_PIECE"), let n = Int(v) else { return 256 << 10 }
        return min(max(n, 8), BufferedOutput.bufferSize)
    }

    /// Rows longer than this (8 MiB) are not held in memory for csv, tsv and jsonl: the reader
    /// streams them to an unlinked temporary file in $TMPDIR and they are written from there piece
    /// by piece (`CatLongRowWriter`), so a 1 GB value costs no more memory than a short one.
    /// `PGDMP_LONG_LINE` (bytes, at least 1) sets it; tests shrink it so every row takes that path.
    static var longLineLimit: Int {
        guard let v = Platform.environment("PGDMP_LONG_LINE"), let n = Int(v) else { return 8 << 20 }
        return max(n, 1)
    }

    /// The pieces a long row is read back in: 1 MiB, or `PGDMP_CAT_PIECE` (down to 1 byte) in tests.
    static var longLinePieceSize: Int {
        guard let v = Platform.environment("PGDMP_CAT_PIECE"), let n = Int(v) else { return 1 << 20 }
        return min(max(n, 1), 1 << 20)
    }

    func run() throws {
        try runReporting {
            let archive = try input.open()
            try output.redirect(protecting: [input.archive])
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
            let filters = try conditions.map(RowCondition.init(parsing:))
            if format == .copy && columns == nil && filters.isEmpty && !lineNumbers {
                if statement != nil {
                    // Decompressed straight into the output ring: rows pass through without a copy.
                    let pieceSize = Self.pieceSize
                    var scanner = CopyStreamScanner(rowLimit: limit)
                    while !scanner.isDone,
                        let piece = try data.next(into: out.reserve(gap: scanner.heldByteCount, limit: pieceSize))
                    {
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
                throw PGDumpError(
                    .usage,
                    "this table's data is stored as INSERT statements (pg_dump --inserts); only the default format can print it",
                    file: archive.path, context: entry.label)
            }
            // Single-byte server encodings: JSON gets each byte's Latin-1 character.
            let latin1 =
                archive.encoding.map { $0.hasPrefix("LATIN") || $0.hasPrefix("WIN") || $0.hasPrefix("ISO_") } ?? false
            let lines = CopyLineReader(
                data: data, longLineLimit: Self.longLineLimit, longLinePieceSize: Self.longLinePieceSize)
            try writeDecoded(
                lines, statement: statement, entry: entry, out: out, latin1: latin1,
                filters: filters)
            out.flush()
            return 0
        }
    }

    private func writeDecoded(
        _ lines: CopyLineReader, statement: CopyStatement, entry: TOCEntry,
        out: BufferedOutput, latin1: Bool, filters: [RowCondition]
    ) throws {
        // The options as plain values: reading an ArgumentParser property in the row loop costs
        // a generic metadata lookup per row, which was most of a narrow table's time.
        let (format, limit, lineNumbers) = (self.format, self.limit, self.lineNumbers)
        var selected = Array(statement.columns.indices)
        if let columns {
            selected = try columns.split(separator: ",").map { name in
                let n = String(
                    name.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
                let readable = statement.columns.map(ArchiveText.readable)
                guard let i = readable.firstIndex(of: n) ?? readable.firstIndex(of: n.lowercased()) else {
                    throw ValidationError(
                        "no column \"\(n)\" in \(entry.qualifiedName); columns: \(statement.columns.joined(separator: ", "))"
                    )
                }
                return i
            }
        }
        var filter =
            filters.isEmpty ? nil : try RowFilter(filters, columns: statement.columns, table: entry.qualifiedName)
        let names = selected.map { statement.columns[$0] }
        switch format {
        case .csv: out.write(((lineNumbers ? ["line"] : []) + names.map(csvField)).joined(separator: ",") + "\n")
        case .tsv: out.write(((lineNumbers ? ["line"] : []) + names).joined(separator: "\t") + "\n")
        default: break
        }
        // `"name":` per selected column, with the comma before every one but the first: written
        // as they are, so a row costs no String and no encoding of its keys.
        // They and `null` sit in one buffer, read through plain views (no reference counting per row).
        let jsonKeys: [[UInt8]] = names.enumerated().map { k, name in
            (k > 0 ? [0x2C] : []) + BufferedOutput.encodedJSONString(Array(ArchiveText.readable(name).utf8)) + [0x3A]
        }
        let constants = jsonKeys.flatMap { $0 } + Array("null".utf8)
        let constantStore = UnsafeMutableRawBufferPointer.allocate(byteCount: constants.count, alignment: 1)
        defer { constantStore.deallocate() }
        constantStore.copyBytes(from: constants)
        var keyViews: [UnsafeRawBufferPointer] = []
        var at = 0
        for key in jsonKeys {
            keyViews.append(UnsafeRawBufferPointer(rebasing: constantStore[at..<at + key.count]))
            at += key.count
        }
        let null = UnsafeRawBufferPointer(rebasing: constantStore[at...])
        var ranges: [Range<Int>] = []
        var value: [UInt8] = []
        var rows: UInt64 = 0
        // Every column in order, nothing added, nothing filtered: a row whose fields need no work
        // is written whole (its field count checked on the way), not field by field.
        // (PGDMP_WHOLE_ROWS=0 writes every row field by field, to compare the two paths.)
        let wholeRows =
            selected == Array(statement.columns.indices) && !selected.isEmpty && !lineNumbers && filter == nil
            && Platform.environment("PGDMP_WHOLE_ROWS") != "0"
        let fieldCount = statement.columns.count
        var longRows = CatLongRowWriter(
            format: format, selected: selected, columns: statement.columns, jsonKeys: jsonKeys,
            lineNumbers: lineNumbers, latin1: latin1, whereLimit: Self.longLineLimit, label: entry.label)
        while let row = try lines.nextRow() {
            if let limit, rows >= limit { break }
            guard case .line(let line) = row else {
                if case .long(let long) = row,
                    try longRows.write(long, lineNumber: lines.lineNumber, filter: &filter, to: out)
                {
                    rows += 1
                }
                continue
            }
            if wholeRows {
                if format == .csv && out.writePlainCSVRow(line, fields: fieldCount)
                    || format == .tsv && out.writePlainTSVRow(line, fields: fieldCount)
                {
                    rows += 1
                    continue
                }
            }
            CopyText.fieldRanges(line, into: &ranges)
            guard ranges.count == statement.columns.count || statement.columns.isEmpty else {
                throw PGDumpError(
                    .corrupt,
                    "row has \(ranges.count) fields where the COPY statement names \(statement.columns.count) columns",
                    context: "\(entry.label), line \(lines.lineNumber)")
            }
            if statement.columns.isEmpty { ranges = [] }
            if filter != nil, !filter!.matches(line, fields: ranges) { continue }
            rows += 1
            if lineNumbers {
                let number = String(lines.lineNumber)
                switch format {
                case .jsonl: out.write("{\"_line\":" + number + (selected.isEmpty ? "" : ","))
                case .csv: out.write(number + (selected.isEmpty ? "" : ","))
                default: out.write(number + (selected.isEmpty ? "" : "\t"))
                }
            }
            switch format {
            case .tsv, .copy:
                for (k, i) in selected.enumerated() {
                    if k > 0 { out.writeByte(0x09) }
                    out.write(UnsafeRawBufferPointer(rebasing: line[ranges[i]]))
                }
                out.writeByte(0x0A)
            case .csv:
                for (k, i) in selected.enumerated() {
                    if k > 0 { out.writeByte(0x2C) }
                    let raw = UnsafeRawBufferPointer(rebasing: line[ranges[i]])
                    if CopyText.isNull(raw) { continue }
                    if out.writePlainCSVField(raw) { continue }
                    // Most other fields have no escapes either: their COPY bytes are their value.
                    guard raw.firstIndex(of: 0x5C) != nil else {
                        out.writeCSV(raw)
                        continue
                    }
                    value.removeAll(keepingCapacity: true)
                    _ = CopyText.decode(raw, appendingTo: &value)
                    out.writeCSV(value)
                }
                out.writeByte(0x0A)
            case .jsonl:
                if !lineNumbers { out.writeByte(0x7B) }
                for (k, i) in selected.enumerated() {
                    out.writeSmall(keyViews[k])
                    let raw = UnsafeRawBufferPointer(rebasing: line[ranges[i]])
                    if CopyText.isNull(raw) {
                        out.writeSmall(null)
                        continue
                    }
                    // Most values are plain ASCII without escapes: copied as they are, checked on the way.
                    if out.writePlainJSONString(raw) { continue }
                    guard raw.firstIndex(of: 0x5C) != nil else {
                        out.writeJSONString(raw, latin1: latin1)
                        continue
                    }
                    value.removeAll(keepingCapacity: true)
                    _ = CopyText.decode(raw, appendingTo: &value)
                    out.writeJSONString(value, latin1: latin1)
                }
                out.writeByte(0x7D)
                out.writeByte(0x0A)
            }
        }
    }

    private func writeLargeObject(_ oid: UInt32, _ archive: Archive) throws {
        let out = BufferedOutput()
        for entry in archive.entries where entry.desc == EntryDesc.blobs && entry.hasData {
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
