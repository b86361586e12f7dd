/// Counts one entry's rows exactly by reading its data to the end: COPY rows up to the
/// `\.` marker, INSERT statements' row tuples, or large objects.
enum DataEntryCounter {
    /// `progress` receives the stored bytes read, as they are read.
    static func count(_ block: DataBlock, progress: ProgressCounter? = nil) -> TableDataStats {
        var reported: UInt64 = 0
        func tick(_ r: EntryDataReader) {
            guard let progress else { return }
            let s = r.storedBytes
            if s > reported {
                progress.add(s - reported)
                reported = s
            }
        }
        switch block {
        case .stream(let entry, let data):
            var stats = TableDataStats(entry: entry, status: .ok)
            do {
                if entry.copyStmt.map({ CopyStatement($0) != nil }) ?? false {
                    var scanner = CopyStreamScanner()
                    while let piece = try data.next() {
                        scanner.scan(piece)
                        tick(data)
                    }
                    try scanner.finish()
                    stats.rows = scanner.rows
                } else {
                    var counter = InsertStatementCounter()
                    while let piece = try data.next() {
                        try counter.scan(piece)
                        tick(data)
                    }
                    try counter.finish()
                    stats.rows = counter.rows
                    stats.status = .inserts
                }
                stats.uncompressedBytes = data.uncompressedBytes
                stats.storedBytes = data.storedBytes
            } catch let e as PGDumpError {
                stats.status = .damaged
                stats.rows = nil
                stats.error = e.inContext(entry.label).description
                stats.storedBytes = data.storedBytes
            } catch {
                stats.status = .damaged
                stats.error = "\(error)"
            }
            return stats
        case .largeObjects(let entry, let los):
            var stats = TableDataStats(entry: entry, status: .ok)
            var objects: UInt64 = 0
            var bytes: UInt64 = 0
            var stored: UInt64 = 0
            do {
                while let (_, data) = try los.next() {
                    reported = 0
                    while let piece = try data.next() {
                        bytes += UInt64(piece.count)
                        tick(data)
                    }
                    stored += data.storedBytes
                    objects += 1
                }
                stats.rows = objects
                stats.uncompressedBytes = bytes
                stats.storedBytes = stored
            } catch let e as PGDumpError {
                stats.status = .damaged
                stats.error = e.inContext(entry.label).description
            } catch {
                stats.status = .damaged
                stats.error = "\(error)"
            }
            return stats
        }
    }
}
