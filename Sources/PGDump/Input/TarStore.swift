/// Tar format (`pg_dump -Ft`): a ustar archive whose first member is `toc.dat`,
/// followed by `<dumpId>.dat` members in TOC order. Read in place, never unpacked.
final class TarStore {
    struct Member {
        var name: String
        var dataOffset: UInt64
        var size: UInt64
    }

    let source: ByteSource
    /// The reader that read the TOC; for streams it is the only way forward.
    let sequentialReader: ByteReader
    /// Members by name, filled by a header-only scan (seekable files) or as a stream is read.
    var members: [String: Member] = [:]
    var memberOrder: [String] = []
    /// Where the next unread member header starts.
    var nextHeaderOffset: UInt64
    var reachedEnd = false

    init(source: ByteSource, reader: ByteReader, nextHeaderOffset: UInt64) {
        self.source = source
        self.sequentialReader = reader
        self.nextHeaderOffset = nextHeaderOffset
    }

    static func padded(_ size: UInt64) -> UInt64 { (size + 511) / 512 * 512 }

    static func openArchive(reader: ByteReader) throws -> Archive {
        let headerAt = reader.offset
        let block = try reader.readBytes(512, "tar header")
        guard let first = try TarHeader.parse(block, at: headerAt, file: reader.name) else {
            throw PGDumpError(.notAnArchive, "empty tar archive", file: reader.name, offset: headerAt)
        }
        guard first.name == "toc.dat" else {
            let hint = first.name.hasSuffix(".tar") || first.name.hasSuffix(".dump")
                ? " (an archive inside a tar: extract it first)"
                : first.name.hasSuffix("/") || first.name.contains("/toc.dat")
                    ? " (a tar of a directory-format dump: extract it and open the directory)" : ""
            throw PGDumpError(.notAnArchive, "tar file is not a pg_dump tar archive\(hint)", file: reader.name,
                              offset: headerAt, expected: "first member \"toc.dat\"", found: "\"\(first.name)\"")
        }
        let tocStart = reader.offset
        let header = try HeaderReader.read(reader, expectedFormat: .tar)
        let entries = try TOCReader.read(reader, header: header, format: .tar)
        let tocEnd = reader.offset
        guard tocEnd <= tocStart + first.size else {
            throw PGDumpError(.corrupt, "TOC runs past the end of its tar member", file: reader.name, offset: tocEnd,
                              expected: "TOC within \(first.size) bytes of toc.dat", found: "\(tocEnd - tocStart) bytes")
        }
        let next = tocStart + padded(first.size)
        let store = TarStore(source: reader.source, reader: reader, nextHeaderOffset: next)
        store.members["toc.dat"] = Member(name: "toc.dat", dataOffset: tocStart, size: first.size)
        store.memberOrder.append("toc.dat")
        return Archive(path: reader.name, format: .tar, header: header, entries: entries, size: reader.source.size,
                       tocEndOffset: tocEnd, store: .tar(store))
    }
}
