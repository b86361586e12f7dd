/// What `pgdmp check` found: statements that will fail on the target server, the rows that
/// make them fail, what could not be checked, and notes. Made by ``RestoreCheck/run(_:options:progress:)``;
/// encodable as the JSON `pgdmp check --json` prints. Read ``exitCode`` for the verdict.
public struct CheckReport: Codable, Sendable {
    /// The archive's path as given to ``Archive/open(path:)``.
    public var archive: String
    /// The PostgreSQL major version of the target server the check assumed.
    public var targetVersion: Int
    /// The largest btree index tuple, in bytes, the target accepts (2704 on PostgreSQL 12+).
    public var btreeLimit: Int
    /// The TOAST compression assumed for index columns without an explicit COMPRESSION.
    public var toastCompression: ToastCompression
    /// Btree indexes that will fail to build because some rows' keys are too large.
    public var oversizedIndexRows: [IndexSizeProblem] = []
    /// Unique indexes and constraints that will fail to build because of duplicate keys.
    public var duplicateKeys: [DuplicateKeyProblem] = []
    /// Foreign keys that will fail to validate because referencing rows have no referenced row.
    public var foreignKeyOrphans: [ForeignKeyProblem] = []
    /// With ``CheckOptions/valuesOver``: values longer than the limit; nil when not asked for.
    public var largeValues: [LargeValue]?
    /// With ``CheckOptions/histogram``: the length distribution of each column; nil when not asked for.
    public var histograms: [ColumnHistogram]?
    /// Objects that could not be checked, with the reason; when not empty, ``exitCode`` is 3 at best.
    public var notChecked: [NotChecked] = []
    /// Things worth knowing about the restore that are not failures (superuser-only objects,
    /// materialized views, owners).
    public var notes: [CheckNote] = []
    /// Estimated memory held by the key sets for unique and foreign-key checks: the sum of each
    /// table's peak (tables read at the same time overlap, others do not), so it can exceed what
    /// was ever held at once; ``peakResidentBytes`` is what the process really held.
    public var keySetBytes: Int = 0
    /// `--memory`: the budget of the key buffers of unique and foreign-key checks (three quarters
    /// of it; the rest is left for decoding).
    public var memoryLimit: Int = 0
    /// The most memory the process held resident by the end of the check (its peak RSS), the
    /// figure to compare with ``memoryLimit``.
    public var peakResidentBytes: Int = 0
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
    /// The key when known, else `line N`.
    public var description: String { key ?? "line \(line)" }
}

/// One row whose index key is larger than the target's btree limit.
public struct OversizedRow: Codable, Sendable {
    /// Where the row is.
    public var row: RowRef
    /// MAXALIGNed index tuple size, as PostgreSQL reports it.
    public var tupleSize: Int
    /// Decoded length in bytes of each key value (nil for NULL), in index column order.
    public var valueLengths: [Int?]
    /// 2705–2712 bytes: a PostgreSQL ≤ 11 server (btree version 3) accepted this row.
    public var acceptedByPG11: Bool
    /// The error PostgreSQL will print for the row (`index row size N exceeds btree version 4 maximum …`).
    public var message: String
}

/// An index that will fail to build on the target because of oversized keys, and the rows at fault.
public struct IndexSizeProblem: Codable, Sendable {
    /// The index (or constraint) name, schema-qualified.
    public var index: String
    /// The table it is on, schema-qualified.
    public var table: String
    /// The statement that will fail (`CREATE INDEX …` or `ALTER TABLE … ADD CONSTRAINT …`).
    public var statement: String
    /// The dump id of the entry holding the statement.
    public var dumpId: Int32
    /// The offending rows, at most ``CheckOptions/maxRowsPerProblem``.
    public var rows: [OversizedRow]
    /// All offending rows, even when `rows` was capped.
    public var rowCount: Int
    /// The row the index build will name in its error: the first over the limit in the index's
    /// key order (it sorts the keys before it fills the pages). Nil when that order depends on
    /// something pgdmp does not reproduce (a collation other than C, POSIX or C.UTF-8, an
    /// expression key): the predicted error then names the first such row in the data.
    public var reportedRow: OversizedRow?
}

/// One key value found in more than one row under a unique index.
public struct DuplicateKey: Codable, Sendable {
    /// The key as PostgreSQL prints it in the error (`(email)=(a@example.com)`).
    public var key: String
    /// The first row with the key, then each repeat.
    public var rows: [RowRef]
    /// The DETAIL line PostgreSQL will print: `Key (email)=(a@example.com) is duplicated.`
    public var message: String
}

/// A unique index or constraint that will fail to build because of duplicate keys.
public struct DuplicateKeyProblem: Codable, Sendable {
    /// The index (or constraint) name, schema-qualified.
    public var index: String
    /// The table it is on, schema-qualified.
    public var table: String
    /// The statement that will fail.
    public var statement: String
    /// The dump id of the entry holding the statement.
    public var dumpId: Int32
    /// The duplicated keys with their rows, at most ``CheckOptions/maxRowsPerProblem``.
    public var keys: [DuplicateKey]
    /// All duplicated keys, even when `keys` was capped.
    public var keyCount: Int
    /// The LC_CTYPE the key's lower()/upper() followed (`--target-locale`, or the column's COLLATE);
    /// nil when the key does not depend on the locale.
    public var caseMappingLocale: String?
}

/// A referencing row whose foreign key matches no referenced row.
public struct OrphanRow: Codable, Sendable {
    /// Where the row is.
    public var row: RowRef
    /// The foreign-key value, as PostgreSQL prints it (`(user_id)=(42)`).
    public var key: String
    /// The DETAIL line PostgreSQL will print: `Key (user_id)=(42) is not present in table "users".`
    /// (or MATCH FULL's complaint about mixed NULL and non-NULL keys).
    public var message: String
}

/// A foreign key whose `ALTER TABLE … ADD CONSTRAINT` will fail on orphan rows.
public struct ForeignKeyProblem: Codable, Sendable {
    /// The constraint name.
    public var constraint: String
    /// The referencing table, schema-qualified.
    public var table: String
    /// The referenced table, schema-qualified.
    public var referencedTable: String
    /// The constraint's MATCH type (which decides how NULLs count).
    public var match: ForeignKeyMatch
    /// The statement that will fail.
    public var statement: String
    /// The dump id of the FK CONSTRAINT entry.
    public var dumpId: Int32
    /// The orphan rows, at most ``CheckOptions/maxRowsPerProblem``.
    public var rows: [OrphanRow]
    /// All orphan rows, even when `rows` was capped.
    public var rowCount: Int
}

/// A value longer than ``CheckOptions/valuesOver`` (not a failure: a finding to look at).
public struct LargeValue: Codable, Sendable {
    /// The table, schema-qualified.
    public var table: String
    /// The column.
    public var column: String
    /// Where the row is.
    public var row: RowRef
    /// The value's decoded length in bytes.
    public var length: Int
}

/// The distribution of one column's value lengths (``CheckOptions/histogram``).
public struct ColumnHistogram: Codable, Sendable {
    /// Values whose decoded length in bytes is in `from...to`, and how many there are.
    public struct Bucket: Codable, Sendable {
        /// The smallest length in bytes this bucket holds.
        public var from: Int
        /// The largest length in bytes this bucket holds (inclusive).
        public var to: Int
        /// How many keys fell into this bucket.
        public var count: UInt64
    }
    /// The table, schema-qualified.
    public var table: String
    /// The column.
    public var column: String
    /// NULL values (not in any bucket).
    public var nulls: UInt64
    /// The longest decoded value, in bytes.
    public var maxLength: Int
    /// Power-of-two length buckets [from, to].
    public var buckets: [Bucket]
}

/// An object `check` could not judge (an expression or predicate it cannot evaluate, a
/// definition it cannot parse): its restore may still fail.
public struct NotChecked: Codable, Sendable {
    /// The object, as `INDEX name on schema` or an entry label.
    public var object: String
    /// Why it was not checked.
    public var reason: String
}

/// Something about the restore worth knowing that is not a predicted failure.
public struct CheckNote: Codable, Sendable {
    /// What sort of note (`materialized-view`, `superuser`, `owner`).
    public var kind: String
    /// The object it is about.
    public var object: String
    /// The note, in words.
    public var message: String
}
