import CLibPQ

/// One read-only session on the target server, through libpq.
///
/// libpq brings everything a DBA expects of `-d`: connection strings and URIs, the
/// `PGHOST`/`PGPORT`/`PGUSER`/`PGDATABASE`/`PGSERVICE` variables, `.pgpass` and SSL modes.
/// On top of that pgdmp makes the session unable to write and consistent:
/// - `application_name=pgdmp` and `default_transaction_read_only=on` are connection options,
///   so the server enforces read-only from the first statement;
/// - everything runs in one `REPEATABLE READ READ ONLY` transaction, so every query sees the
///   same snapshot (siblings made with `sibling(snapshot:)` share it through
///   `pg_export_snapshot()`, for parallel counting);
/// - `statement_timeout` is set when asked for.
/// Every failure is a `TargetError` with one password-free line. The session is never committed:
/// `close()` ends it with ROLLBACK (there is nothing to commit).
public final class TargetConnection: @unchecked Sendable {
    /// How long pgdmp lets the server take.
    public struct Options: Sendable, Equatable {
        /// `statement_timeout` in milliseconds (nil: the server's setting).
        public var statementTimeoutMilliseconds: Int?
        /// libpq's `connect_timeout` in seconds, unless the connection string sets its own.
        public var connectTimeoutSeconds: Int
        /// No statement timeout and a 10-second connect timeout unless given.
        public init(statementTimeoutMilliseconds: Int? = nil, connectTimeoutSeconds: Int = 10) {
            self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
            self.connectTimeoutSeconds = connectTimeoutSeconds
        }
    }

    /// The `-d` argument the session was opened with.
    public let info: ConnectionInfo
    /// The timeouts the session was opened with.
    public let options: Options
    private var conn: OpaquePointer?
    /// `PQserverVersion`, e.g. 150018.
    public let serverVersionNumber: Int
    /// Where the session is, for messages: `database "x" as user "y" on host/socket z port p`.
    public let location: String

    /// Connects and begins the session's `REPEATABLE READ READ ONLY` transaction.
    /// - Throws: ``TargetError`` of kind `.unreachable`, `.authentication` or `.databaseMissing` when
    ///   the connection fails, `.query` when the transaction cannot begin.
    public convenience init(_ info: ConnectionInfo, options: Options = Options()) throws {
        try self.init(info, options: options, snapshot: nil)
    }

    /// Connects a sibling session with the same snapshot (`pg_export_snapshot()` of the first).
    /// - Throws: ``TargetError`` as ``init(_:options:)`` does, or `.query` when the snapshot is gone.
    public func sibling(snapshot: String) throws -> TargetConnection {
        try TargetConnection(info, options: options, snapshot: snapshot, clientEncoding: clientEncoding)
    }

    /// Makes the server send and expect text in `encoding` (an archive's, e.g. LATIN1). Results
    /// are decoded as archive strings are (`ArchiveText.decode`) and SQL is sent as
    /// `ArchiveText.bytes(of:)`, so names read from the server and from the archive compare
    /// byte for byte whatever the encoding.
    /// - Throws: ``TargetError`` of kind `.serverGone` when the session is closed, `.query` when the
    ///   server cannot convert to `encoding`.
    public func setClientEncoding(_ encoding: String) throws {
        guard let c = conn else { throw TargetError(.serverGone, "the connection to the server is closed") }
        guard PQsetClientEncoding(c, encoding) == 0 else {
            throw TargetError(.query, "the server cannot convert to client encoding \(encoding) (\(location))")
        }
        clientEncoding = encoding
    }

    /// The session's `client_encoding`: UTF8 unless `setClientEncoding` chose another.
    public private(set) var clientEncoding: String

    private init(_ info: ConnectionInfo, options: Options, snapshot: String?, clientEncoding: String = "UTF8") throws {
        self.info = info
        self.options = options
        self.clientEncoding = clientEncoding
        // The user's own options (from the string, else PGOPTIONS) are kept; ours come last.
        var opts = (info.options ?? getenvString("PGOPTIONS")).map { $0 + " " } ?? ""
        opts += "-c default_transaction_read_only=on"
        if let ms = options.statementTimeoutMilliseconds { opts += " -c statement_timeout=\(ms)" }
        // libpq processes keywords in order and the last value wins: connect_timeout before
        // dbname (the user's string may override it), ours after (they may not).
        let pairs: [(String, String)] = [
            ("connect_timeout", String(options.connectTimeoutSeconds)),
            ("dbname", info.raw),
            ("application_name", "pgdmp"),
            ("client_encoding", clientEncoding),
            ("options", opts),
        ]
        let keys = pairs.map { Platform.cString($0.0) }
        let values = pairs.map { Platform.cString($0.1) }
        defer { (keys + values).forEach { Platform.freeCString($0) } }
        var k: [UnsafePointer<CChar>?] = keys.map { UnsafePointer($0) } + [nil]
        var v: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        let c = PQconnectdbParams(&k, &v, 1)
        guard let c, PQstatus(c) == CONNECTION_OK else {
            let needsPassword = c.map { PQconnectionNeedsPassword($0) == 1 } ?? false
            let raw = c.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            if let c { PQfinish(c) }
            throw Self.connectError(raw, needsPassword: needsPassword, info: info)
        }
        conn = c
        // libpq prints server notices (e.g. "terminating connection due to immediate shutdown")
        // on stderr by default; pgdmp reports failures itself, as one line.
        PQsetNoticeProcessor(c, { _, _ in }, nil)
        serverVersionNumber = Int(PQserverVersion(c))
        let host = String(cString: PQhost(c))
        let port = String(cString: PQport(c))
        let db = String(cString: PQdb(c))
        let user = String(cString: PQuser(c))
        let place = host.hasPrefix("/") ? "socket directory \(host)" : "host \(host)"
        location = info.scrub("database \"\(db)\" as user \"\(user)\" on \(place) port \(port)")
        do {
            try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if let snapshot {
                try execute("SET TRANSACTION SNAPSHOT '\(snapshot.filter { $0.isLetter || $0.isNumber || $0 == "-" })'")
            }
            // Types and names come out schema-qualified, as pg_dump writes them.
            try execute("SET LOCAL search_path = ''")
        } catch {
            PQfinish(c)
            conn = nil
            throw error
        }
    }

    deinit { close() }

    /// Ends the session (ROLLBACK: it never has anything to commit) and disconnects.
    public func close() {
        guard let c = conn else { return }
        if PQstatus(c) == CONNECTION_OK { PQclear(PQexec(c, "ROLLBACK")) }
        PQfinish(c)
        conn = nil
    }

    /// The server's major version (15 for 150018; 9 for any 9.x).
    public var serverMajor: Int { serverVersionNumber / 10000 }

    /// `pg_export_snapshot()`: the name sibling sessions use to see the same data.
    /// - Throws: ``TargetError`` as ``query(_:_:)`` does.
    public func exportSnapshot() throws -> String {
        guard let s = try query("SELECT pg_catalog.pg_export_snapshot()").first?.first ?? nil else {
            throw TargetError(.query, "pg_export_snapshot() returned nothing")
        }
        return s
    }

    /// Runs a statement that returns no rows.
    /// - Throws: ``TargetError`` as ``query(_:_:)`` does.
    public func execute(_ sql: String) throws {
        _ = try query(sql)
    }

    /// Runs one statement with text parameters (`$1`, `$2`, …) and returns every row as text
    /// (nil for SQL NULL).
    /// - Throws: ``TargetError`` of kind `.serverGone` when the connection is closed or breaks,
    ///   `.timeout` when the statement timeout cancels it, `.permission` when the role may not read
    ///   what it asks, `.query` for any other failure.
    public func query(_ sql: String, _ params: [String?] = []) throws -> [[String?]] {
        guard let c = conn else { throw TargetError(.serverGone, "the connection to the server is closed") }
        let copies = params.map { $0.map { Platform.cString($0) } ?? nil }
        let sqlBytes = ArchiveText.bytes(of: sql) + [0]
        defer { copies.forEach { Platform.freeCString($0) } }
        var values: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = values.withUnsafeMutableBufferPointer { buf in
            sqlBytes.withUnsafeBufferPointer { text in
                text.withMemoryRebound(to: CChar.self) { sqlText in
                    PQexecParams(c, sqlText.baseAddress, Int32(params.count), nil, buf.baseAddress, nil, nil, 0)
                }
            }
        }
        defer { PQclear(result) }
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            throw queryError(result)
        }
        guard let result, status == PGRES_TUPLES_OK else { return [] }
        let rows = Int(PQntuples(result))
        let cols = Int(PQnfields(result))
        var out: [[String?]] = []
        out.reserveCapacity(rows)
        for r in 0..<rows {
            var row: [String?] = []
            row.reserveCapacity(cols)
            for f in 0..<cols {
                if PQgetisnull(result, Int32(r), Int32(f)) == 1 {
                    row.append(nil)
                } else {
                    let p = PQgetvalue(result, Int32(r), Int32(f))!
                    let n = Int(PQgetlength(result, Int32(r), Int32(f)))
                    row.append(
                        ArchiveText.decode(
                            p.withMemoryRebound(to: UInt8.self, capacity: n) {
                                Array(UnsafeBufferPointer(start: $0, count: n))
                            }))
                }
            }
            out.append(row)
        }
        return out
    }

    private func queryError(_ result: OpaquePointer?) -> TargetError {
        let c = conn
        let gone = c.map { PQstatus($0) != CONNECTION_OK } ?? true
        var sqlState: String?
        var text = ""
        if let result {
            if let s = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { sqlState = String(cString: s) }
            if let m = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) { text = String(cString: m) }
        }
        if text.isEmpty, let c { text = String(cString: PQerrorMessage(c)) }
        text = info.scrub(Self.cleanLine(text))
        let state = sqlState ?? ""
        if gone || state.hasPrefix("08") || state.hasPrefix("57P") {
            return TargetError(
                .serverGone, "lost the connection to \(location) during the run: \(text)", sqlState: sqlState)
        }
        if state == "57014" {
            let limit = options.statementTimeoutMilliseconds.map { " (--statement-timeout \($0) ms)" } ?? ""
            return TargetError(.timeout, "a query on \(location) was cancelled\(limit): \(text)", sqlState: sqlState)
        }
        if state == "42501" {
            return TargetError(.permission, "\(location): \(text)", sqlState: sqlState)
        }
        return TargetError(.query, "query failed on \(location): \(text)", sqlState: sqlState)
    }

    /// libpq's connection failure, as one classified line.
    static func connectError(_ raw: String, needsPassword: Bool, info: ConnectionInfo) -> TargetError {
        let line = info.scrub(cleanLine(raw))
        let lower = raw.lowercased()
        let kind: TargetError.Kind
        if needsPassword || lower.contains("password") || lower.contains("authentication")
            || lower.contains("pg_hba.conf") || (lower.contains("role \"") && lower.contains("does not exist"))
        {
            kind = .authentication
        } else if lower.contains("database \"") && lower.contains("does not exist") {
            kind = .databaseMissing
        } else if lower.contains("invalid") && (lower.contains("connection option") || lower.contains("uri")) {
            kind = .usage
        } else {
            kind = .unreachable
        }
        return TargetError(kind, "cannot connect to the target server: \(line)")
    }

    /// The first line of a libpq/server message, without the `FATAL:  ` / `ERROR:  ` prefixes.
    static func cleanLine(_ s: String) -> String {
        var line = ConnectionInfo.firstLine(s)
        for prefix in ["FATAL:  ", "ERROR:  "] { line = line.replacingAll(prefix, with: "") }
        return line.isEmpty ? "(no message)" : line
    }
}
