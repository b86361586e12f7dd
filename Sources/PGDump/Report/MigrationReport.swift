/// Everything `pgdmp report` shows, gathered once so the HTML and Markdown writers only lay
/// it out: the archive's header facts, whether it is whole (verify), every data entry's
/// exact rows and sizes, the predicted restore failures (check), the key size distribution
/// of each checked btree index, where the failures fall in the restore, and large objects.
///
/// Made by ``ReportBuilder``; rendered by ``HTMLReportWriter`` and ``MarkdownReportWriter``.
public struct MigrationReport: Sendable {
    /// The archive's header facts and TOC counts.
    public var summary: ArchiveSummary
    /// Whether the archive is whole, and every data entry's exact rows and sizes.
    public var verify: VerifyReport
    /// The predicted restore failures and the rows behind them.
    public var check: CheckReport
    /// The target the failures are predicted for: a `TargetModel` when the caller had one,
    /// else only the major version given.
    public var target: ReportTarget
    /// The restore's steps by section and where the failures fall.
    public var timeline: RestoreTimeline
    /// The archive's large objects.
    public var largeObjects: LargeObjectSummary
    /// Dump id → `schema.name` of every TOC entry, to name failing entries and build `--exclude` lists.
    public var entryNames: [Int32: String]

    /// Data entries that hold table rows (not large objects), largest uncompressed first.
    public var tables: [VerifiedEntry] {
        verify.entries.filter { $0.desc != EntryDesc.blobs && $0.desc != EntryDesc.largeObjects }
            .sorted { ($0.uncompressedBytes ?? 0, $1.dumpId) > ($1.uncompressedBytes ?? 0, $0.dumpId) }
    }
    /// Exact only when `rowsExact`: damaged or missing entries have no count.
    public var totalRows: UInt64 { tables.reduce(0) { $0 + ($1.rows ?? 0) } }
    /// Decompressed bytes of all data entries read (tables and large objects).
    public var totalUncompressedBytes: UInt64 { verify.entries.reduce(0) { $0 + ($1.uncompressedBytes ?? 0) } }
    /// Stored (compressed) bytes of all data entries read.
    public var totalStoredBytes: UInt64 { verify.entries.reduce(0) { $0 + ($1.storedBytes ?? 0) } }
    /// Every data entry was read to its end: the totals are exact.
    public var rowsExact: Bool { verify.entries.allSatisfy { $0.status == .ok } }
    /// Failing statements: predicted errors when the prediction layer gave some, else the
    /// data findings (oversized index rows, duplicate keys, foreign-key orphans).
    public var failingStatementCount: Int {
        check.predictedErrors.isEmpty ? check.problemCount : check.predictedErrors.count
    }
}

/// The server a report predicts for.
public struct ReportTarget: Sendable {
    /// The target's PostgreSQL major version.
    public var major: Int
    /// `fresh-cluster` or `server` when a `TargetModel` was given; nil for a version only.
    public var source: String?
    /// The server's version string, when read from a server.
    public var serverVersion: String?
    /// The target database's name, when known.
    public var database: String?

    /// A target of PostgreSQL `major`, or the one `model` describes (its major wins).
    public init(major: Int, model: TargetModel? = nil) {
        self.major = model?.serverMajor ?? major
        source = model?.source
        serverVersion = model?.serverVersion
        database = model?.database.name
    }
}

/// Large objects in the archive: their TOC entries and their data.
public struct LargeObjectSummary: Sendable {
    /// `BLOB` / `LARGE OBJECT` metadata entries (one per object, or per group in pg_dump 17+).
    public var metadataEntries: Int
    /// `BLOBS` / `LARGE OBJECTS` data entries with what verify read from them.
    public var dataEntries: [VerifiedEntry]
    /// COMMENT, ACL and SECURITY LABEL entries on large objects.
    public var commentEntries: Int
    /// ACL and SECURITY LABEL entries on large objects.
    public var aclEntries: Int

    /// Objects in the data (exact when every data entry was read whole).
    public var objects: UInt64 { dataEntries.reduce(0) { $0 + ($1.rows ?? 0) } }
    /// Decompressed bytes of the large objects' data.
    public var uncompressedBytes: UInt64 { dataEntries.reduce(0) { $0 + ($1.uncompressedBytes ?? 0) } }
    /// Stored (compressed) bytes of the large objects' data.
    public var storedBytes: UInt64 { dataEntries.reduce(0) { $0 + ($1.storedBytes ?? 0) } }

    init(archive: Archive, verify: VerifyReport) {
        let lo: Set<String> = ["BLOB", "LARGE OBJECT"]
        metadataEntries = archive.entries.filter { lo.contains($0.desc) }.count
        func onLargeObject(_ e: TOCEntry) -> Bool { (e.tag ?? "").hasPrefix("LARGE OBJECT ") }
        commentEntries = archive.entries.filter { $0.desc == EntryDesc.comment && onLargeObject($0) }.count
        aclEntries =
            archive.entries.filter {
                ($0.desc == EntryDesc.acl || $0.desc == EntryDesc.securityLabel) && onLargeObject($0)
            }.count
        dataEntries = verify.entries.filter { $0.desc == EntryDesc.blobs || $0.desc == EntryDesc.largeObjects }
    }
}
