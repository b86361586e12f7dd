/// What `pgdmp report` is built from, and how.
public struct ReportOptions: Sendable {
    /// The target's major version when no `target` model is given.
    public var targetVersion = 15
    /// A model of the target (a fresh cluster, or a server read by the connection layer):
    /// its major version decides the btree limit, and it is named in the report.
    public var target: TargetModel?
    /// A check the caller already ran (for example with a live target, with its restore
    /// prediction added): used as is, and the archive's data is then read only once more, by
    /// verify. Without it the report runs the check itself, with index size histograms, and
    /// predicts the restore against `target` (or a fresh cluster of `targetVersion`).
    public var check: CheckReport?
    /// The target's TOAST compression for index columns without their own.
    public var toastCompression = ToastCompression.pglz
    /// The target database's LC_CTYPE (`check --target-locale`); with a `target` model, its own.
    public var targetLocale = "C.UTF-8"
    /// Threads for both scans.
    public var workers = DataScan.defaultWorkers
    /// A report for a PostgreSQL 15 fresh cluster, with the check run by the builder.
    public init() {}
}

/// Builds a `MigrationReport` from an archive with the library's own scans: `ArchiveVerifier`
/// (every entry read to its end: whole or damaged, exact rows and sizes per entry, the same
/// counts `RowCountReport` gives) and `RestoreCheck` (the failures and, opted in, each btree
/// index's key sizes). The data is decompressed once: the check's scan carries verify's content
/// checks on every table it reads (`ContentVerdicts`), and verify then reads only the rest
/// (tables the check has nothing to look at, large objects, anything the check's reading found a
/// problem in) while walking the archive's whole structure itself.
public enum ReportBuilder {
    /// Verifies the archive, checks it (unless ``ReportOptions/check`` is given) and gathers the
    /// results. Does not throw: damage and unreadable data are part of the report.
    /// - Parameters:
    ///   - archive: An opened archive.
    ///   - options: The target, an optional check already run, and the scans' threads.
    ///   - progress: receives stored bytes read by the check and by verify (the data's size, plus
    ///     what the check reads twice to confirm keys).
    public static func make(
        _ archive: Archive, options: ReportOptions = ReportOptions(),
        progress: ProgressCounter? = nil
    ) -> MigrationReport {
        let verdicts = ContentVerdicts()
        let major = options.target?.serverMajor ?? options.targetVersion
        let check: CheckReport
        if let given = options.check {
            check = given
        } else {
            var co = CheckOptions()
            co.targetVersion = major
            co.toastCompression = options.toastCompression
            co.workers = options.workers
            co.indexSizeHistograms = true
            co.targetLocale = options.target?.database.ctype ?? options.targetLocale
            var c = RestoreCheck.run(archive, options: co, progress: progress, verdicts: verdicts)
            // every error pg_restore will print: against the given model, else a fresh cluster of the major
            var restore = RestorePredictionOptions()
            restore.targetMajor = major
            let model = options.target ?? FreshCluster.model(major: major)
            c.add(RestorePredictor.predict(archive, model: model, options: restore, findings: c))
            check = c
        }
        var verifier = ArchiveVerifier(archive: archive, all: true, progress: progress, workers: options.workers)
        verifier.knownContent = verdicts
        let verify = verifier.run()
        return assemble(
            archive, verify: verify, check: check, target: ReportTarget(major: major, model: options.target))
    }

    /// A report from results already computed (the writers' tests use it too).
    public static func assemble(
        _ archive: Archive, verify: VerifyReport, check: CheckReport,
        target: ReportTarget
    ) -> MigrationReport {
        let timeline = RestoreTimeline(
            order: RestoreOrder(archive: archive), verify: verify,
            failing: failingStatements(check))
        return MigrationReport(
            summary: ArchiveSummary(archive), verify: verify, check: check, target: target,
            timeline: timeline, largeObjects: LargeObjectSummary(archive: archive, verify: verify),
            entryNames: Dictionary(
                archive.entries.map { ($0.dumpId, $0.qualifiedName) },
                uniquingKeysWith: { a, _ in a }))
    }

    /// Dump id → why it fails: predicted errors first, then the data findings.
    static func failingStatements(_ c: CheckReport) -> [Int32: String] {
        var out: [Int32: String] = [:]
        for p in c.predictedErrors { if let id = p.dumpId, out[id] == nil { out[id] = p.message } }
        for p in c.oversizedIndexRows where out[p.dumpId] == nil {
            out[p.dumpId] = "\(p.rowCount) row(s) of \(p.table) over the btree limit \(c.btreeLimit)"
        }
        for p in c.duplicateKeys where out[p.dumpId] == nil {
            out[p.dumpId] = "\(p.keyCount) duplicate key(s) in \(p.table)"
        }
        for p in c.foreignKeyOrphans where out[p.dumpId] == nil {
            out[p.dumpId] = "\(p.rowCount) row(s) of \(p.table) not in \(p.referencedTable)"
        }
        return out
    }
}
