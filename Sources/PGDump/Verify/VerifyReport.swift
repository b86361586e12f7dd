/// One thing `verify` found wrong with an archive.
public struct VerifyProblem: Codable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        /// The bytes end before a complete structure (cut file, unfinished stream).
        case truncated
        /// The bytes are there but wrong (bad framing, codec error, checksum mismatch, bad COPY data).
        case corrupt
        /// An entry that should have data has no block, file or member.
        case missing
        /// A block or member the TOC does not account for, or a second block for one entry.
        case unexpected
        /// The TOC's data offset does not point at the entry's block.
        case misplaced
        /// Part of the archive could not be checked because an earlier problem broke the framing of a stream.
        case unchecked
    }

    public var kind: Kind
    public var message: String
    /// The entry whose data the problem lies in, when it can be told.
    public var dumpId: Int32?
    /// `TABLE DATA public.users (dump id 3401)`.
    public var entry: String?
    public var file: String?
    /// Byte offset of the problem in `file`.
    public var offset: UInt64?
    /// Custom format: offset of the type byte of the block the problem lies in.
    public var blockOffset: UInt64?

    public var description: String {
        var s = ""
        if let file { s += file + ": " }
        if let offset { s += "byte \(offset): " }
        if let entry { s += entry + ": " }
        s += message
        if let blockOffset, blockOffset != offset { s += " (block at byte \(blockOffset))" }
        return s
    }
}

/// What verify found for one entry that should have data.
public struct VerifiedEntry: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Read to its end: framing, compressed stream and end marker all whole.
        case ok
        case damaged
        /// No block, file or member for it.
        case missing
        /// Not reached: an earlier problem made the rest of the stream unreadable, or verify stopped at the first problem.
        case unchecked
    }

    public var dumpId: Int32
    public var desc: String
    public var schema: String?
    public var name: String
    public var status: Status
    /// Custom format: offsets of the block's type byte and of the byte after its end.
    public var blockOffset: UInt64?
    public var blockEnd: UInt64?
    /// Data file or tar member (directory, tar).
    public var file: String?
    /// COPY rows or INSERT rows; large objects for BLOBS.
    public var rows: UInt64?
    public var storedBytes: UInt64?
    public var uncompressedBytes: UInt64?

    init(_ e: TOCEntry) {
        dumpId = e.dumpId
        desc = e.desc
        schema = e.namespace
        name = e.tag ?? ""
        status = .unchecked
    }
}

/// The result of `ArchiveVerifier`: whole when there are no problems.
public struct VerifyReport: Codable, Sendable {
    public var archive: String
    public var format: String
    public var problems: [VerifyProblem]
    /// Every entry that should have data, in TOC order.
    public var entries: [VerifiedEntry]
    /// Stored bytes read (custom: offset reached in the file).
    public var bytesChecked: UInt64
    /// An earlier problem made the rest of a stream impossible to check.
    public var restUnchecked: Bool
    /// Verify stopped at the first problem (without `--all`).
    public var stoppedAtFirstProblem: Bool

    public var isWhole: Bool { problems.isEmpty }
}
