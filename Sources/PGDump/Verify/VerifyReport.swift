/// One thing `verify` found wrong with an archive.
public struct VerifyProblem: Codable, Sendable, CustomStringConvertible {
    /// What sort of damage it is; its raw value is the JSON word.
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

    /// What sort of damage it is.
    public var kind: Kind
    /// What is wrong, in words, without the place (``description`` adds it).
    public var message: String
    /// The entry whose data the problem lies in, when it can be told.
    public var dumpId: Int32?
    /// `TABLE DATA public.users (dump id 3401)`.
    public var entry: String?
    /// The file the problem is in: the archive, or a directory archive's data file.
    public var file: String?
    /// Byte offset of the problem in `file`.
    public var offset: UInt64?
    /// Custom format: offset of the type byte of the block the problem lies in.
    public var blockOffset: UInt64?

    /// One line for a person: `file: byte N: entry: message (block at byte M)`, leaving out what is unknown.
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
    /// What verify concluded for the entry; its raw value is the JSON word.
    public enum Status: String, Codable, Sendable {
        /// Read to its end: framing, compressed stream and end marker all whole.
        case ok
        /// Read, and found damaged: a ``VerifyProblem`` in the report says where and how.
        case damaged
        /// No block, file or member for it.
        case missing
        /// Not reached: an earlier problem made the rest of the stream unreadable, or verify stopped at the first problem.
        case unchecked
    }

    /// The entry's dump id.
    public var dumpId: Int32
    /// The entry's kind (`TABLE DATA`, `BLOBS`, …).
    public var desc: String
    /// The entry's schema; nil when it has none.
    public var schema: String?
    /// The entry's name (its tag).
    public var name: String
    /// What verify concluded.
    public var status: Status
    /// Custom format: offsets of the block's type byte and of the byte after its end.
    public var blockOffset: UInt64?
    /// Custom format: the offset of the byte after the block's end.
    public var blockEnd: UInt64?
    /// Data file or tar member (directory, tar).
    public var file: String?
    /// COPY rows or INSERT rows; large objects for BLOBS.
    public var rows: UInt64?
    /// Bytes the data occupies in the archive; nil unless read to its end.
    public var storedBytes: UInt64?
    /// Decompressed size of the data; nil unless read to its end.
    public var uncompressedBytes: UInt64?

    init(_ e: TOCEntry) {
        dumpId = e.dumpId
        desc = e.desc
        schema = e.namespace
        name = e.tag ?? ""
        status = .unchecked
    }
}

/// The result of `ArchiveVerifier`: whole when there are no problems. Encodable as the JSON
/// `pgdmp verify --json` prints.
public struct VerifyReport: Codable, Sendable {
    /// The archive's path as given to ``Archive/open(path:)``.
    public var archive: String
    /// The archive's format as a word (`custom`, `directory`, `tar`).
    public var format: String
    /// Everything found wrong, in the order it was found (file order); empty when whole.
    public var problems: [VerifyProblem]
    /// Every entry that should have data, in TOC order.
    public var entries: [VerifiedEntry]
    /// Stored bytes read (custom: offset reached in the file).
    public var bytesChecked: UInt64
    /// An earlier problem made the rest of a stream impossible to check.
    public var restUnchecked: Bool
    /// Verify stopped at the first problem (without `--all`).
    public var stoppedAtFirstProblem: Bool

    /// Whether the archive is whole: no problem found. Note that uncompressed, lz4 and zstd data
    /// carry no checksum pg_dump writes, so a flipped byte inside a value there can go unseen.
    public var isWhole: Bool { problems.isEmpty }
}
