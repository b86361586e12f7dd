/// The one error of the target layer: anything that stops pgdmp from reading a server
/// (cannot connect, refused login, no such database, a statement timeout, the server going
/// away mid-run, a catalog query failing). `description` is one line, and never contains a
/// password: every message passes through `ConnectionInfo.redact` before it is stored.
public struct TargetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The class of failure, so a caller can tell "fix the connection string" from "the server
    /// went away"; its raw value is the JSON word.
    public enum Kind: String, Sendable, Codable {
        /// No server answered (refused, no such socket, unknown host, connect timeout).
        case unreachable
        /// The server answered but refused the login (wrong or missing password, no pg_hba line).
        case authentication
        /// The server has no database of that name.
        case databaseMissing = "database-missing"
        /// A statement ran longer than `--statement-timeout` (or the server's own limit).
        case timeout
        /// The connection broke after it was made (server stopped, backend terminated).
        case serverGone = "server-gone"
        /// The role may not read something pgdmp needs.
        case permission
        /// Any other failure of a statement.
        case query
        /// The connection string itself is malformed.
        case usage
    }

    /// The class of failure.
    public var kind: Kind
    /// One line, password-free.
    public var message: String
    /// The SQLSTATE the server reported, when it reported one.
    public var sqlState: String?

    /// An error; `message` must already be free of passwords (pass it through ``ConnectionInfo/redact(_:)``).
    public init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    /// The message.
    public var description: String { message }
}
