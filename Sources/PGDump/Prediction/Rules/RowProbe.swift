/// Reads one table's COPY rows to answer a yes/no question a rule needs about its data (does
/// it have a row at all, a row whose foreign-key columns are set). Only rules that fire rarely
/// use it, on the one table they ask about. Nil when the data cannot be read.
enum RowProbe {
    /// Whether some row satisfies `test`, which gets each field's raw COPY bytes (NULL is `\N`)
    /// at `positions`.
    static func anyRow(
        _ archive: Archive, _ entry: TOCEntry, positions: [Int],
        _ test: ([UnsafeRawBufferPointer]) -> Bool
    ) -> Bool? {
        guard let reader = try? archive.openData(entry) else { return nil }
        let lines = CopyLineReader(data: reader)
        var ranges: [Range<Int>] = []
        do {
            while let line = try lines.nextLine() {
                if positions.isEmpty { return true }
                CopyText.fieldRanges(line, into: &ranges)
                var fields: [UnsafeRawBufferPointer] = []
                for p in positions {
                    guard p < ranges.count else { return nil }
                    fields.append(UnsafeRawBufferPointer(rebasing: line[ranges[p]]))
                }
                if test(fields) { return true }
            }
        } catch {
            return nil
        }
        return false
    }
}
