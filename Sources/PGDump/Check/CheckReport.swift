/// What `pgdmp check` found: statements that will fail on the target server, the rows that
/// make them fail, what could not be checked, and notes.
public struct CheckReport: Codable, Sendable {
    public var archive: String
    public var targetVersion: Int
    public var btreeLimit: Int
    public var toastCompression: ToastCompression
    public var oversizedIndexRows: [IndexSizeProblem] = []
    public var duplicateKeys: [DuplicateKeyProblem] = []
    public var foreignKeyOrphans: [ForeignKeyProblem] = []
    public var largeValues: [LargeValue]?
    public var histograms: [ColumnHistogram]?
    public var notChecked: [NotChecked] = []
    public var notes: [CheckNote] = []
    /// Estimated memory held by the key sets for unique and foreign-key checks.
    public var keySetBytes: Int = 0
    /// `--memory`: the budget of the key logs of unique checks.
    public var memoryLimit: Int = 0
    /// Bytes of sorted key runs written to `$TMPDIR` because the key logs outgrew `memoryLimit`
    /// (unlinked as they are created: nothing is left behind).
    public var spilledBytes: Int = 0
    /// Data entries that could not be read: their tables were not checked.
    public var unreadable: [String] = []
    /// Every statement pg_restore is predicted to report as an error on the target, in restore order.
    public var predictedErrors: [PredictedError] = []
    /// With `CheckOptions.indexSizeHistograms`: every checked btree index's key tuple sizes.
    public var indexSizeHistograms: [IndexSizeHistogram]?
    /// The target and pg_restore the prediction assumed; nil when no prediction was made.
    public var prediction: RestorePredictionSummary?

    /// Failing statements found (notes and not-checked items are not problems).
    public var problemCount: Int { oversizedIndexRows.count + duplicateKeys.count + foreignKeyOrphans.count }
    /// 0 clean, 1 problems found, 2 could not check (unreadable data), 3 nothing failing predicted but
    /// something was not checked (`notChecked` is not empty). Precedence 2 > 1 > 3 > 0.
    public var exitCode: Int32 {
        if !unreadable.isEmpty { return 2 }
        if problemCount > 0 || !predictedErrors.isEmpty || !(largeValues ?? []).isEmpty { return 1 }
        return notChecked.isEmpty ? 0 : 3
    }
}

/// Where a row is: its primary-key value when the table has one, and its COPY line number.
public struct RowRef: Codable, Sendable, Hashable, CustomStringConvertible {
    /// e.g. `id=6375495` or `(a, b)=(1, 2)`; nil without a primary key.
    public var key: String?
    /// 1-based line in the table's COPY data (pg_restore's "COPY t, line N").
    public var line: UInt64
    public var description: String { key ?? "line \(line)" }
}

public struct OversizedRow: Codable, Sendable {
    public var row: RowRef
    /// MAXALIGNed index tuple size, as PostgreSQL reports it.
    public var tupleSize: Int
    /// Decoded length in bytes of each key value (nil for NULL), in index column order.
    public var valueLengths: [Int?]
    /// 2705–2712 bytes: a PostgreSQL ≤ 11 server (btree version 3) accepted this row.
    public var acceptedByPG11: Bool
    public var message: String
}

public struct IndexSizeProblem: Codable, Sendable {
    public var index: String
    public var table: String
    public var statement: String
    public var dumpId: Int32
    public var rows: [OversizedRow]
    /// All offending rows, even when `rows` was capped.
    public var rowCount: Int
}

public struct DuplicateKey: Codable, Sendable {
    public var key: String
    /// The first row with the key, then each repeat.
    public var rows: [RowRef]
    public var message: String
}

public struct DuplicateKeyProblem: Codable, Sendable {
    public var index: String
    public var table: String
    public var statement: String
    public var dumpId: Int32
    public var keys: [DuplicateKey]
    public var keyCount: Int
    /// The LC_CTYPE the key's lower()/upper() followed (`--target-locale`, or the column's COLLATE);
    /// nil when the key does not depend on the locale.
    public var caseMappingLocale: String?
}

public struct OrphanRow: Codable, Sendable {
    public var row: RowRef
    public var key: String
    public var message: String
}

public struct ForeignKeyProblem: Codable, Sendable {
    public var constraint: String
    public var table: String
    public var referencedTable: String
    public var match: ForeignKeyMatch
    public var statement: String
    public var dumpId: Int32
    public var rows: [OrphanRow]
    public var rowCount: Int
}

public struct LargeValue: Codable, Sendable {
    public var table: String
    public var column: String
    public var row: RowRef
    public var length: Int
}

public struct ColumnHistogram: Codable, Sendable {
    public struct Bucket: Codable, Sendable { public var from: Int; public var to: Int; public var count: UInt64 }
    public var table: String
    public var column: String
    public var nulls: UInt64
    public var maxLength: Int
    /// Power-of-two length buckets [from, to].
    public var buckets: [Bucket]
}

public struct NotChecked: Codable, Sendable {
    public var object: String
    public var reason: String
}

public struct CheckNote: Codable, Sendable {
    public var kind: String
    public var object: String
    public var message: String
}
