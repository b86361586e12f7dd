/// The fixed part at the start of every archive (and of a directory archive's `toc.dat`).
public struct ArchiveHeader: Sendable {
    /// The archive format version (`1.14-0` for pg_dump 12–15); which fields exist depends on it.
    public var version: ArchiveVersion
    /// Bytes in the magnitude of every stored int (4 in every archive current pg_dump writes).
    public var intSize: Int
    /// Bytes in a stored data offset (8 in practice).
    public var offSize: Int
    /// The raw format byte (1 custom, 3 tar and directory).
    public var formatCode: UInt8
    /// How the data is compressed (algorithm, and the level in pre-1.15 archives).
    public var compression: ArchiveCompression
    /// The dumping machine's local broken-down time, without a time zone, exactly as stored.
    public var creationTime: BrokenDownTime
    /// The name of the dumped database, as stored; nil when the header has none.
    public var databaseName: String?
    /// The version string of the server that was dumped (e.g. `15.18 (Debian 15.18-0+deb12u1)`).
    public var serverVersion: String?
    /// The version string of the pg_dump that wrote the archive.
    public var pgDumpVersion: String?
    /// Offset of the first byte after the header (where the TOC entry count starts).
    public var endOffset: UInt64
}

/// `struct tm` fields as pg_dump stored them: tm_mon is 0–11, tm_year counts from 1900.
public struct BrokenDownTime: Sendable, Equatable, Codable {
    /// The stored `tm_sec`, `tm_min`, `tm_hour`, `tm_mday`, `tm_mon` (0–11), `tm_year` (since 1900) and
    /// `tm_isdst`, unconverted.
    public var second, minute, hour, day, month, year, isDST: Int32

    /// The instant pg_restore derives from the stored fields: `mktime` in the reader's
    /// own time zone, retried with isdst = -1 if that fails (as pg_restore does).
    public var timestamp: Int? {
        Platform.localTimestamp(
            second: second, minute: minute, hour: hour, day: day, month: month, year: year, isDST: isDST)
    }

    /// `%Y-%m-%d %H:%M:%S %Z` in the reader's local time zone, or `[unknown]`, as `pg_restore -l` prints it.
    public var listingStamp: String { formatted("%Y-%m-%d %H:%M:%S %Z") ?? "[unknown]" }

    /// ISO 8601 with the local offset, for JSON output.
    public var iso8601: String? { formatted("%Y-%m-%dT%H:%M:%S%z") }

    private func formatted(_ format: String) -> String? {
        guard let ts = timestamp else { return nil }
        return Platform.localTime(ts, format: format)
    }
}
