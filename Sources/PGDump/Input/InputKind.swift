/// What a path holds, decided by content and never by file name: real archives named
/// `.tar` are often custom format, and plain SQL files are often named `.dump`.
package enum InputKind: Equatable, Sendable {
    case custom
    case tar
    case directory
    /// A plain-text SQL script (`pg_dump -Fp`), which only psql can restore.
    case plainSQL
    /// A compressed file of some other kind (e.g. a gzipped SQL dump).
    case compressedFile(String)
    case unknown

    /// Looks at the first bytes of a file (at least 512 when available).
    package static func detect(prefix p: [UInt8]) -> InputKind {
        if p.starts(with: Array("PGDMP".utf8)) { return .custom }
        if p.count >= 512, TarHeader.looksLikeHeader(p) { return .tar }
        if p.starts(with: [0x1f, 0x8b]) { return .compressedFile("gzip") }
        if p.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return .compressedFile("zstd") }
        if p.starts(with: [0x04, 0x22, 0x4d, 0x18]) { return .compressedFile("lz4") }
        if p.starts(with: Array("BZh".utf8)) { return .compressedFile("bzip2") }
        if p.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) { return .compressedFile("xz") }
        let text = String(decoding: p.prefix(512), as: UTF8.self)
        if text.hasPrefix("--\n-- PostgreSQL database dump") || text.hasPrefix("--\r\n-- PostgreSQL database dump")
            || text.hasPrefix("--\n-- PostgreSQL database cluster dump") || text.hasPrefix("SET ")
            || text.hasPrefix("\\restrict")
        {
            return .plainSQL
        }
        return .unknown
    }

    static func isDirectory(_ path: String) -> Bool {
        Platform.status(ofPath: path)?.isDirectory ?? false
    }
}
