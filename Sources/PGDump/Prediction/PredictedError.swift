/// One statement that pg_restore will report as an error on the target, with the server's
/// message and what to do about it. `check --json` lists these in restore order.
public struct PredictedError: Codable, Sendable, Equatable {
    /// The TOC entry whose statement fails; nil for pg_restore's own session set-up.
    public var dumpId: Int32?
    /// The entry's type (`TABLE`, `ACL`, `INDEX`, …), or `SESSION` for the set-up.
    public var desc: String
    /// The entry's schema; nil for objects without one.
    public var schema: String?
    /// The entry's name (pg_dump's tag), e.g. `users`, `users_pkey`, `TABLE users` for an ACL.
    public var name: String
    /// The statement as pg_restore prints it after "Command was:".
    public var statement: String
    /// The server's primary error message, byte for byte as PostgreSQL prints it.
    public var message: String
    /// A stable code for the rule that predicts it (`PredictionCause`).
    public var cause: String
    /// For a knock-on failure: the dump id of the failure it follows from.
    public var causedBy: Int32?
    /// What to run or change so that it does not fail.
    public var fix: String?

    /// A predicted error from its parts (the predictor makes these; tests and callers merging
    /// their own findings may too).
    public init(
        dumpId: Int32?, desc: String, schema: String? = nil, name: String, statement: String, message: String,
        cause: String,
        causedBy: Int32? = nil, fix: String? = nil
    ) {
        self.dumpId = dumpId
        self.desc = desc
        self.schema = schema
        self.name = name
        self.statement = statement
        self.message = message
        self.cause = cause
        self.causedBy = causedBy
        self.fix = fix
    }
}
