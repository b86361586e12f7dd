/// Reads the data of many entries and returns one result per entry in TOC order.
///
/// When the archive can be read at any offset (custom with offsets, directory, tar file),
/// entries are decoded concurrently on `workers` threads, largest first. Otherwise
/// (standard input, pipe-written archives) the archive is read once, front to back.
/// Either way the output order is the TOC order, so results do not depend on timing.
///
/// Its public face is the settings every scanning analysis shares (``defaultWorkers``, the inflate
/// backend) and whether an archive can be read in parallel (``isRandomAccess``).
public struct DataScan {
    /// The archive whose entries are read.
    public var archive: Archive
    /// Threads that decode entries at once when the archive allows it (at least 1).
    public var workers: Int
    /// The inflate implementation for gzip-compressed data.
    public var backend: InflateBackend

    /// A scan of `archive` on `workers` threads (1 is used when given less).
    public init(archive: Archive, workers: Int = DataScan.defaultWorkers, backend: InflateBackend = .default) {
        self.archive = archive
        self.workers = max(1, workers)
        self.backend = backend
    }

    /// The thread count scans use unless told otherwise: `PGDMP_THREADS` when set to a positive
    /// number, else the number of online CPUs.
    public static var defaultWorkers: Int {
        if let v = Platform.environment("PGDMP_THREADS"), let n = Int(v), n > 0 { return n }
        return Platform.processorCount
    }

    /// Whether entries can be opened independently (and so in parallel).
    public var isRandomAccess: Bool {
        switch archive.store {
        case .custom(let c): return c.source.isSeekable && archive.hasDataOffsets
        case .directory: return true
        case .tar(let t): return t.source.isSeekable
        }
    }

    /// Runs `work` on every selected entry that should have data and returns results in TOC order.
    /// Entries the TOC lists with no stored data get `missing(entry)`.
    package func run<R>(
        entries selected: [TOCEntry], work: @escaping (DataBlock) -> R,
        missing: (TOCEntry) -> R, failed: (TOCEntry, PGDumpError) -> R
    ) -> [R] {
        let wanted = Set(selected.map(\.dumpId))
        var results = [Int32: R]()
        if isRandomAccess {
            let list = selected.filter { $0.hasData }
            let order = sizeOrder(list)
            let lock = NSLockLite()
            var collected = [Int32: R]()
            forEachConcurrently(order.count, workers: workers) { i in
                let entry = order[i]
                let r: R
                do {
                    if entry.desc == EntryDesc.blobs {
                        r = work(.largeObjects(entry, try archive.openLargeObjects(entry, backend: backend)))
                    } else {
                        r = work(.stream(entry, try archive.openData(entry, backend: backend)))
                    }
                } catch let e as PGDumpError {
                    r = failed(entry, e)
                } catch {
                    r = failed(entry, PGDumpError(.io, "\(error)"))
                }
                lock.lock()
                collected[entry.dumpId] = r
                lock.unlock()
            }
            results = collected
        } else {
            do {
                try archive.forEachDataBlock(backend: backend) { block in
                    guard wanted.contains(block.entry.dumpId) else { return }
                    results[block.entry.dumpId] = work(block)
                }
            } catch let e as PGDumpError {
                // The stream cannot be followed past this point: every entry not yet read gets the error.
                for entry in selected where entry.hasData && results[entry.dumpId] == nil {
                    results[entry.dumpId] = failed(entry, e)
                }
            } catch {}
        }
        return selected.map { results[$0.dumpId] ?? missing($0) }
    }

    /// Largest first (by the distance to the next data offset, or file size), for load balance
    /// (also verify's order for checking blocks ahead).
    func sizeOrder(_ list: [TOCEntry]) -> [TOCEntry] {
        guard archive.entries.contains(where: { archive.dataExtent(of: $0.dumpId) != nil }) else { return list }
        // Stable for equal sizes (TOC order), so runs are repeatable.
        return list.enumerated().map { (archive.dataExtent(of: $1.dumpId) ?? 0, $0, $1) }
            .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2)
    }
}
