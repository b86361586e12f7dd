/// `pgdmp rows`: exact row counts and sizes of every data entry, from the archive alone.
///
/// The answer to "how many rows will this restore load, and how big is each table?", without a
/// server. Encodable as the JSON `pgdmp rows --json` prints.
public struct RowCountReport: Codable, Sendable {
    /// The archive's path as given to ``Archive/open(path:)``.
    public var archive: String
    /// One result per selected data entry, in TOC order.
    public var tables: [TableDataStats]
    /// Rows in all TABLE DATA entries read to their end (large objects are not rows).
    public var totalRows: UInt64
    /// Decompressed bytes of all entries read.
    public var totalUncompressedBytes: UInt64
    /// Bytes the data occupies in the archive.
    public var totalStoredBytes: UInt64
    /// True when every selected entry was read to its end: only then are the totals exact.
    public var complete: Bool

    /// Counts the data entries that `selection` keeps (TABLE DATA, BLOBS, …).
    ///
    /// Does not throw: an entry that cannot be read to its end gets the status `damaged` (or
    /// `not-read` after a stream-breaking damage) with the error text, and ``complete`` is false.
    /// - Parameters:
    ///   - archive: An opened archive.
    ///   - selection: Which entries to count, as pg_restore's options would select them (all by default).
    ///   - workers: Threads that read entries at once when the archive allows random access.
    ///   - backend: The inflate implementation for gzip data.
    ///   - progress: Receives stored bytes as they are read, for a progress display.
    public static func make(
        _ archive: Archive, selection: RestoreSelection = RestoreSelection(),
        workers: Int = DataScan.defaultWorkers, backend: InflateBackend = .default,
        progress: ProgressCounter? = nil
    ) -> RowCountReport {
        let reqs = selection.requirements(for: archive.entries)
        let selected = zip(archive.entries, reqs).filter { e, r in
            (e.hadDumper || e.hasData) && r.contains(.data)
        }.map(\.0)
        let scan = DataScan(archive: archive, workers: workers, backend: backend)
        let failures = FailureLog()
        var stats = scan.run(
            entries: selected, work: { DataEntryCounter.count($0, progress: progress) },
            missing: { TableDataStats(entry: $0, status: .noData) },
            failed: { entry, error in
                failures.add(entry.dumpId, error)
                var s = TableDataStats(entry: entry, status: .damaged)
                s.error = error.inContext(entry.label).description
                return s
            })
        markNotRead(&stats, entries: selected, failures: failures.errors)
        var report = RowCountReport(
            archive: archive.path, tables: stats, totalRows: 0, totalUncompressedBytes: 0,
            totalStoredBytes: 0, complete: true)
        for s in stats {
            if s.desc != EntryDesc.blobs { report.totalRows += s.rows ?? 0 }
            report.totalUncompressedBytes += s.uncompressedBytes ?? 0
            report.totalStoredBytes += s.storedBytes ?? 0
            if s.status == .damaged || s.status == .notRead || s.status == .noData { report.complete = false }
        }
        return report
    }

    /// One damage that stops a stream (a cut tar member, broken block framing) fails every entry
    /// after it with the same error. Only the entry at the damage is `damaged`; the others are
    /// `not-read`, in `DamageWording`'s words, so the damage is reported once, at its place.
    static func markNotRead(_ stats: inout [TableDataStats], entries: [TOCEntry], failures: [Int32: PGDumpError]) {
        var groups: [String: [Int32]] = [:]
        var order: [String] = []
        for e in entries {
            guard var error = failures[e.dumpId] else { continue }
            error.context = nil
            if groups[error.description] == nil { order.append(error.description) }
            groups[error.description, default: []].append(e.dumpId)
        }
        let labels = Dictionary(entries.map { ($0.dumpId, $0.label) }, uniquingKeysWith: { a, _ in a })
        for key in order {
            let ids = groups[key]!
            guard ids.count > 1 else { continue }
            // The entry being read when the damage was met, if the error names it; else the first in TOC order.
            let raw = failures[ids[0]]!
            let at = ids.first { raw.context != nil && labels[$0] == raw.context } ?? ids[0]
            var error = raw
            error.context = nil
            for i in stats.indices where ids.contains(stats[i].dumpId) && stats[i].dumpId != at {
                stats[i].status = .notRead
                stats[i].error = DamageWording.notRead(after: error, in: labels[at])
            }
        }
    }
}

/// The raw errors of failed entries, collected from the scan's worker threads.
private final class FailureLog: @unchecked Sendable {
    private let lock = NSLockLite()
    private(set) var errors: [Int32: PGDumpError] = [:]
    func add(_ id: Int32, _ error: PGDumpError) {
        lock.lock()
        errors[id] = error
        lock.unlock()
    }
}
