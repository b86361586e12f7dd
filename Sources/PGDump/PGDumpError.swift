/// The one error type of the library: every failure names the file, the byte offset
/// where reading stopped, what the reader expected there and what it found, so a user
/// can tell a cut file from a corrupt one without a debugger.
public struct PGDumpError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Codable {
        /// The operating system refused a read or an open.
        case io
        /// The input ended before a complete structure was read.
        case truncated
        /// The bytes are present but do not form a valid archive.
        case corrupt
        /// A valid archive of a kind or version pgdmp does not read.
        case unsupported
        /// The input is not a pg_dump archive at all (plain SQL, empty, another file type).
        case notAnArchive
        /// A table, entry or file that was asked for does not exist.
        case notFound
        /// A request that does not make sense for this archive (ambiguous names, etc.).
        case usage
    }

    public var kind: Kind
    /// The file (or `-` for standard input) the error is about.
    public var file: String?
    /// Byte offset in `file` where the problem was found.
    public var offset: UInt64?
    /// A short description of the problem.
    public var message: String
    /// What the reader expected at `offset`.
    public var expected: String?
    /// What it found instead.
    public var found: String?
    /// The archive object the bytes belong to (e.g. `TABLE DATA public.users (dump id 3401)`).
    public var context: String?

    public init(_ kind: Kind, _ message: String, file: String? = nil, offset: UInt64? = nil,
                expected: String? = nil, found: String? = nil, context: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.offset = offset
        self.expected = expected
        self.found = found
        self.context = context
    }

    public var description: String {
        var s = ""
        if let file { s += file + ": " }
        if let offset { s += "byte \(offset): " }
        if let context { s += context + ": " }
        s += message
        switch (expected, found) {
        case let (e?, f?): s += " (expected \(e), found \(f))"
        case let (e?, nil): s += " (expected \(e))"
        case let (nil, f?): s += " (found \(f))"
        default: break
        }
        return s
    }

    /// The same error, attributed to an archive object.
    public func inContext(_ context: String) -> PGDumpError {
        var copy = self
        if copy.context == nil { copy.context = context }
        return copy
    }

    public func inFile(_ file: String) -> PGDumpError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }
}
