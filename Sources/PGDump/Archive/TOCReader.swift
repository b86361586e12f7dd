/// Reads the table of contents that follows the header. It consumes exactly the TOC
/// bytes and never touches the data area, so listing a 100 GB archive reads kilobytes.
enum TOCReader {
    /// The smallest number of bytes one entry can take, used to reject absurd counts early.
    static func minimumEntrySize(_ h: ArchiveHeader, format: ArchiveFormat) -> Int {
        let int = 1 + h.intSize
        // dumpId, hadDumper, oid, tag, desc, defn, dropStmt, owner: 8 ints at least.
        var n = 8 * int
        if h.version.isAtLeast(1, 8) { n += int }  // tableoid
        if h.version.isAtLeast(1, 11) { n += int }  // section
        n += 4 * int  // copyStmt, namespace, tablespace, withOids
        if h.version.isAtLeast(1, 14) { n += int }  // tableam
        if h.version.isAtLeast(1, 16) { n += int }  // relkind
        n += int  // dependency list terminator
        n += format == .custom ? 1 + h.offSize : int
        return n
    }

    static func read(_ reader: ByteReader, header h: ArchiveHeader, format: ArchiveFormat) throws -> [TOCEntry] {
        let d = PrimitiveDecoder(reader: reader, intSize: h.intSize, offSize: h.offSize)
        let countAt = reader.offset
        let count = try d.readInt32("TOC entry count", in: 0...Int64(Int32.max))
        if let size = reader.source.size {
            let remaining = size - min(size, reader.offset)
            let needed = UInt64(count) * UInt64(minimumEntrySize(h, format: format))
            if needed > remaining {
                throw PGDumpError(
                    .truncated, "TOC entry count cannot fit in the file", file: reader.name, offset: countAt,
                    expected: "\(count) entries (at least \(needed) bytes)",
                    found: "\(remaining) bytes left in the file")
            }
        }
        var entries: [TOCEntry] = []
        entries.reserveCapacity(min(Int(count), 100_000))
        var seen = Set<Int32>()
        for index in 0..<Int(count) {
            let entry = try readEntry(d, header: h, format: format, index: index)
            if !seen.insert(entry.dumpId).inserted {
                throw PGDumpError(
                    .corrupt, "duplicate dump id", file: reader.name, offset: entry.tocOffset,
                    expected: "unique dump ids", found: "dump id \(entry.dumpId) twice")
            }
            entries.append(entry)
        }
        return entries
    }

    private static func readEntry(
        _ d: PrimitiveDecoder, header h: ArchiveHeader, format: ArchiveFormat,
        index: Int
    ) throws -> TOCEntry {
        let v = h.version
        let start = d.reader.offset
        // Field descriptions are built only for an error (the decoder takes autoclosures).
        let dumpId = try d.readInt32("dump id of TOC entry \(index + 1)")
        guard dumpId > 0 else {
            throw PGDumpError(
                .corrupt, "entry ID \(dumpId) out of range -- perhaps a corrupt TOC",
                file: d.reader.name, offset: start, expected: "a dump id above 0", found: "\(dumpId)")
        }
        func entryName() -> String { "TOC entry \(index + 1) (dump id \(dumpId))" }
        let hadDumper = try d.readInt("hadDumper of \(entryName())") != 0
        var tableOID: UInt32 = 0
        if v.isAtLeast(1, 8) { tableOID = CDecimal(try d.readString("tableoid of \(entryName())") ?? "").unsigned32 }
        let oid = CDecimal(try d.readString("oid of \(entryName())") ?? "").unsigned32
        let tag = try d.readString("tag of \(entryName())")
        let descAt = d.reader.offset
        guard let desc = try d.readString("type (desc) of \(entryName())") else {
            throw PGDumpError(
                .corrupt, "entry has no type", file: d.reader.name, offset: descAt,
                expected: "type (desc) of \(entryName())", found: "NULL")
        }
        var section = Section.derived(fromDesc: desc)
        if v.isAtLeast(1, 11) {
            let at = d.reader.offset
            let raw = try d.readInt("section of \(entryName())")
            guard let s = Section(rawValue: Int(raw)) else {
                throw PGDumpError(
                    .corrupt, "invalid section", file: d.reader.name, offset: at,
                    expected: "section 1 to 4 for \(entryName())", found: "\(raw)")
            }
            section = s
        }
        let defn = try d.readString("definition of \(entryName())")
        let dropStmt = try d.readString("drop statement of \(entryName())")
        let copyStmt = v.isAtLeast(1, 3) ? try d.readString("copy statement of \(entryName())") : nil
        let namespace = v.isAtLeast(1, 6) ? try d.readString("schema of \(entryName())") : nil
        let tablespace = v.isAtLeast(1, 10) ? try d.readString("tablespace of \(entryName())") : nil
        let tableAM = v.isAtLeast(1, 14) ? try d.readString("table access method of \(entryName())") : nil
        var relkind: Int32? = nil
        if v.isAtLeast(1, 16) {
            let r = try d.readInt32("relkind of \(entryName())")
            relkind = r == 0 ? nil : r
        }
        let owner = try d.readString("owner of \(entryName())")
        var withOids = false
        if v.isAtLeast(1, 9) { withOids = try d.readString("withOids of \(entryName())") == "true" }
        var deps: [Int32] = []
        if v.isAtLeast(1, 5) {
            while true {
                guard let dep = try d.readString("dependency of \(entryName())") else { break }
                deps.append(CDecimal(dep).int32)
            }
        }
        let location: DataLocation
        switch format {
        case .custom:
            switch try d.readOffset(entryName()) {
            case .noData: location = .none
            case .notSet: location = .unknownOffset
            case .set(let o): location = .offset(o)
            }
        case .directory, .tar:
            let name = try d.readString("data file name of \(entryName())")
            location = (name ?? "").isEmpty ? .none : .file(name!)
        }
        return TOCEntry(
            dumpId: dumpId, hadDumper: hadDumper, tableOID: tableOID, oid: oid, tag: tag, desc: desc,
            section: section, defn: defn, dropStmt: dropStmt, copyStmt: copyStmt, namespace: namespace,
            tablespace: tablespace, tableAccessMethod: tableAM, relkind: relkind, owner: owner,
            withOids: withOids, dependencies: deps, dataLocation: location, tocOffset: start)
    }
}
