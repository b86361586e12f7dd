import PGDump

/// `cat --format csv / tsv / jsonl` for a row longer than the long-line limit, which the reader
/// hands out as a ``CopyLongLine`` (a temporary file) rather than in memory: the row is split
/// into fields in one pass over the file, then each selected field is read back in pieces,
/// decoded and encoded piece by piece. The bytes written are exactly those of the in-memory path
/// (`CatCommand.writeDecoded`); memory stays a piece whatever the value's size.
struct CatLongRowWriter {
    let format: CatCommand.CatFormat
    /// The fields to write, in order (`--columns`).
    let selected: [Int]
    /// Column names, for the field-count check and messages.
    let columns: [String]
    /// `,"name":` per selected column (no comma before the first), for jsonl.
    let jsonKeys: [[UInt8]]
    let lineNumbers: Bool
    let latin1: Bool
    /// The longest field `--where` may read (it holds the field in memory).
    let whereLimit: Int
    /// The table's entry, for error messages.
    let label: String
    private var ranges: [Range<Int>] = []

    init(
        format: CatCommand.CatFormat, selected: [Int], columns: [String], jsonKeys: [[UInt8]],
        lineNumbers: Bool, latin1: Bool, whereLimit: Int, label: String
    ) {
        self.format = format
        self.selected = selected
        self.columns = columns
        self.jsonKeys = jsonKeys
        self.lineNumbers = lineNumbers
        self.latin1 = latin1
        self.whereLimit = whereLimit
        self.label = label
    }

    /// Writes row `lineNumber` to `out` unless `filter` rejects it; returns whether it was written.
    mutating func write(
        _ row: CopyLongLine, lineNumber: UInt64, filter: inout RowFilter?, to out: BufferedOutput
    ) throws -> Bool {
        let fieldCount = try row.fieldRanges(into: &ranges, keepingAtMost: columns.count)
        guard fieldCount == columns.count || columns.isEmpty else {
            throw PGDumpError(
                .corrupt, "row has \(fieldCount) fields where the COPY statement names \(columns.count) columns",
                context: "\(label), line \(lineNumber)")
        }
        if columns.isEmpty { ranges = [] }
        if filter != nil, try !matches(row, lineNumber: lineNumber, filter: &filter!) { return false }
        if lineNumbers {
            let number = String(lineNumber)
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
                try row.read(ranges[i]) { out.write($0) }
            }
        case .csv:
            for (k, i) in selected.enumerated() {
                if k > 0 { out.writeByte(0x2C) }
                try writeCSVField(row, ranges[i], to: out)
            }
        case .jsonl:
            if !lineNumbers { out.writeByte(0x7B) }
            for (k, i) in selected.enumerated() {
                out.write(jsonKeys[k])
                try writeJSONField(row, ranges[i], to: out)
            }
            out.writeByte(0x7D)
        }
        out.writeByte(0x0A)
        return true
    }

    /// A field as `BufferedOutput.writeCSV` writes its decoded value (NULL as nothing): a first
    /// pass learns whether it needs quotes, a second writes it.
    private func writeCSVField(_ row: CopyLongLine, _ range: Range<Int>, to out: BufferedOutput) throws {
        if try row.isNull(range) { return }
        var isEmpty = true
        var needsQuotes = false
        try row.decodeField(range) { piece in
            if !piece.isEmpty { isEmpty = false }
            if !needsQuotes && BufferedOutput.csvNeedsQuotes(piece) { needsQuotes = true }
        }
        guard isEmpty || needsQuotes else {
            try row.decodeField(range) { out.write($0) }
            return
        }
        out.writeByte(0x22)
        try row.decodeField(range) { out.writeCSVQuotedContent($0) }
        out.writeByte(0x22)
    }

    /// A field as `BufferedOutput.writeJSONString` writes its decoded value (NULL as `null`), its
    /// invalid UTF-8 repaired across piece boundaries.
    private func writeJSONField(_ row: CopyLongLine, _ range: Range<Int>, to out: BufferedOutput) throws {
        if try row.isNull(range) {
            out.write("null")
            return
        }
        out.writeByte(0x22)
        if latin1 {
            try row.decodeField(range) { out.writeJSONStringContent($0, latin1: true) }
        } else {
            var repair = UTF8PieceRepair()
            try row.decodeField(range) { piece in
                repair.repair(piece) { out.writeJSONStringContent($0, latin1: false) }
            }
            repair.finish { out.writeJSONStringContent($0, latin1: false) }
        }
        out.writeByte(0x22)
    }

    /// `filter` on the fields it names, read into memory; a field longer than `whereLimit` is an
    /// error rather than a memory spike.
    private func matches(_ row: CopyLongLine, lineNumber: UInt64, filter: inout RowFilter) throws -> Bool {
        var held: [UInt8] = []
        var heldRanges = [Range<Int>](repeating: 0..<0, count: ranges.count)
        for field in Set(filter.fields) {
            let range = ranges[field]
            guard range.count <= whereLimit else {
                throw PGDumpError(
                    .unsupported,
                    "--where cannot test column \(columns[field]) on this row: its value is \(range.count) bytes, "
                        + "more than the \(whereLimit)-byte long-row limit (PGDMP_LONG_LINE raises it)",
                    context: "\(label), line \(lineNumber)")
            }
            let start = held.count
            held += try row.bytes(range)
            heldRanges[field] = start..<held.count
        }
        return held.withUnsafeBytes { filter.matches($0, fields: heldRanges) }
    }
}
