/// The three on-disk layouts pg_dump writes. They share the header and TOC encoding
/// and differ only in where each entry's data bytes live.
public enum ArchiveFormat: String, Sendable, Codable {
    /// One file (`pg_dump -Fc`): header, TOC, then compressed data blocks, readable by
    /// offset when pg_dump could seek while writing.
    case custom
    /// A folder (`pg_dump -Fd`): `toc.dat` plus one data file per table, optionally compressed.
    case directory
    /// A tar file (`pg_dump -Ft`): `toc.dat` and uncompressed data files as tar members.
    case tar

    /// The word `pg_restore -l` prints in its `Format:` line.
    public var listingName: String {
        switch self {
        case .custom: return "CUSTOM"
        case .directory: return "DIRECTORY"
        case .tar: return "TAR"
        }
    }

    /// The format byte stored in the header (the directory format writes tar's code).
    var headerCode: UInt8 {
        switch self {
        case .custom: return 1
        case .directory, .tar: return 3
        }
    }
}
