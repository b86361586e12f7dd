/// What `verify` proves of a COPY entry's text: every row has the fields of the entry's column list
/// (``CopyShapeChecker``), and the data ends with the `\.` marker and nothing after it
/// (``CopyStreamScanner``). One type, so verify's own reading and a scan that carries the check
/// for it (``ContentVerdicts``) prove the same thing.
package struct CopyContentCheck {
    private var scanner = CopyStreamScanner()
    private var shape: CopyShapeChecker
    private let table: String

    /// The check for `entry`, or nil when it has no COPY statement (INSERT data, large objects).
    package init?(_ entry: TOCEntry) {
        guard let statement = entry.copyStmt,
            let shape = CopyShapeChecker(copyStatement: statement, withOids: entry.withOids)
        else { return nil }
        self.shape = shape
        self.table = entry.qualifiedName
    }

    /// Checks the next piece of decompressed data.
    package mutating func scan(_ piece: UnsafeRawBufferPointer) {
        scanner.scan(piece)
        shape.scan(piece)
    }

    /// Call after the last piece: the entry's rows, or the first problem (a row that does not fit
    /// its column list comes before whatever follows it).
    package mutating func finish() throws -> UInt64 {
        if let e = shape.error(table: table) { throw e }
        try scanner.finish()
        return scanner.rows
    }
}
