/// A `pg_restore -L` file read the way pg_restore reads it (`SortTocFromFile`): everything
/// from the first `;` on a line is a comment, blank lines are skipped, and each remaining
/// line starts with a dump id. Listed entries are the only ones wanted, and they move to the
/// end of the TOC in file order (so unlisted entries come first, where they do nothing).
public struct RestoreListFile: Sendable {
    /// Wanted dump ids in file order.
    public var ids: [Int32]
    /// pg_restore's "line ignored" warnings (bad numbers, out of range, repeated ids).
    public var warnings: [String]

    /// Parses `text` against `archive`. Throws like pg_restore for an id in range that names no entry.
    /// - Throws: ``PGDumpError`` of kind `.notFound` for such an id ("could not find entry for ID N").
    public init(text: String, archive: Archive) throws {
        let maxId = archive.entries.map(\.dumpId).max() ?? 0
        var seen = Set<Int32>()
        var ids: [Int32] = []
        var warnings: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if let semi = line.firstIndex(of: ";") { line = line[..<semi] }
            if line.unicodeScalars.allSatisfy({ " \t\r\n".unicodeScalars.contains($0) }) { continue }
            guard let id = Self.leadingInteger(line), id > 0, id <= Int(maxId), !seen.contains(Int32(id)) else {
                warnings.append("line ignored: \(line)")
                continue
            }
            let dumpId = Int32(id)
            guard archive.entry(dumpId: dumpId) != nil else {
                throw PGDumpError(.notFound, "could not find entry for ID \(dumpId)", file: archive.path)
            }
            seen.insert(dumpId)
            ids.append(dumpId)
        }
        self.ids = ids
        self.warnings = warnings
    }

    /// The TOC as pg_restore holds it after reading the list: unlisted entries first (in TOC
    /// order), then the listed ones in file order.
    public func reorderedEntries(_ entries: [TOCEntry]) -> [TOCEntry] {
        let wanted = Set(ids)
        var byId: [Int32: TOCEntry] = [:]
        for e in entries { byId[e.dumpId] = e }
        return entries.filter { !wanted.contains($0.dumpId) } + ids.compactMap { byId[$0] }
    }

    /// `strtol(…, 10)` on the start of a line: optional blanks, an optional sign, digits.
    /// Nil when there are no digits.
    static func leadingInteger(_ s: Substring) -> Int? {
        var scalars = s.unicodeScalars[...]
        while let c = scalars.first, " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains(c) { scalars = scalars.dropFirst() }
        var negative = false
        if let c = scalars.first, c == "+" || c == "-" {
            negative = c == "-"
            scalars = scalars.dropFirst()
        }
        var value = 0
        var any = false
        for c in scalars {
            guard c.value >= 48 && c.value <= 57 else { break }
            any = true
            value = min(value * 10 + Int(c.value) - 48, Int(Int32.max) + 1)
        }
        guard any else { return nil }
        return negative ? -value : value
    }
}
