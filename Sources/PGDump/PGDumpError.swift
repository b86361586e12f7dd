/// The one error type of the library: every failure names the file, the byte offset
/// where reading stopped, what the reader expected there and what it found, so a user
/// can tell a cut file from a corrupt one without a debugger.
public struct PGDumpError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, in one word, so a caller can branch on the class of failure (retry on
    /// `.io`, ask for a complete copy on `.truncated`, report a bug or damage on `.corrupt`)
    /// without parsing the message. Its raw value is the word the CLI's `--json` output prints.
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

    /// The class of failure; see ``Kind``.
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

    /// Creates an error. The library throws these itself; a caller needs this only to wrap its
    /// own failures in the same type (a tool layered on PGDump, a test double).
    /// - Parameters:
    /// - kind: The class of failure.
    /// - message: A short description of the problem, without the file or offset (those are
    /// added by ``description``).
    /// - file: The file the error is about (`-` for standard input).
    /// - offset: The byte offset in `file` where the problem was found.
    /// - expected: What the reader expected at `offset`.
    /// - found: What it found instead.
    /// - context: The archive object the bytes belong to, e.g. `TABLE DATA public.users (dump id 3401)`.
    public init(
        _ kind: Kind, _ message: String, file: String? = nil, offset: UInt64? = nil,
        expected: String? = nil, found: String? = nil, context: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.file = file
        self.offset = offset
        self.expected = expected
        self.found = found
        self.context = context
    }

    /// One line for a person: `file: byte N: context: message (expected …, found …)`, leaving
    /// out the parts that are nil. This is what `pgdmp` prints after `error:`.
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

    /// The same error, attributed to `file` unless it already names one. Used when a lower layer
    /// that reads bytes does not know the path the user gave.
    public func inFile(_ file: String) -> PGDumpError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }
}
