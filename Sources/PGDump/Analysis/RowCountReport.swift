/// `pgdmp rows`: exact row counts and sizes of every data entry, from the archive alone.
public struct RowCountReport: Codable, Sendable {
    public var archive: String
    public var tables: [TableDataStats]
    public var totalRows: UInt64
    public var totalUncompressedBytes: UInt64
    public var totalStoredBytes: UInt64
    /// True when every selected entry was read to its end: only then are the totals exact.
    public var complete: Bool

    /// Counts the data entries that `selection` keeps (TABLE DATA, BLOBS, …).
    public static func make(_ archive: Archive, selection: RestoreSelection = RestoreSelection(),
                            workers: Int = DataScan.defaultWorkers, backend: InflateBackend = .default,
                            progress: ProgressCounter? = nil) -> RowCountReport {
        let reqs = selection.requirements(for: archive.entries)
        let selected = zip(archive.entries, reqs).filter { e, r in
            (e.hadDumper || e.hasData) && r.contains(.data)
        }.map(\.0)
        let scan = DataScan(archive: archive, workers: workers, backend: backend)
        let stats = scan.run(entries: selected, work: { DataEntryCounter.count($0, progress: progress) },
                             missing: { TableDataStats(entry: $0, status: .noData) },
                             failed: { entry, error in
                                 var s = TableDataStats(entry: entry, status: .damaged)
                                 s.error = error.inContext(entry.label).description
                                 return s
                             })
        var report = RowCountReport(archive: archive.path, tables: stats, totalRows: 0, totalUncompressedBytes: 0,
                                    totalStoredBytes: 0, complete: true)
        for s in stats {
            if s.desc != "BLOBS" { report.totalRows += s.rows ?? 0 }
            report.totalUncompressedBytes += s.uncompressedBytes ?? 0
            report.totalStoredBytes += s.storedBytes ?? 0
            if s.status == .damaged || s.status == .notRead || s.status == .noData { report.complete = false }
        }
        return report
    }
}
