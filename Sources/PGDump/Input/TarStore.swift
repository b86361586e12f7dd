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
    /// Where the first all-zero (end-of-archive) block was found, if one was.
    var endBlockOffset: UInt64?
    /// Why indexing a seekable file stopped early (a cut or damaged member header): members past it
    /// are unknown, and asking for one reports this error. Opening still succeeds, so the members
    /// before it stay readable and `verify` can name the damaged entry.
    var indexError: PGDumpError?

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
            let hint =
                first.name.hasSuffix(".tar") || first.name.hasSuffix(".dump")
                ? " (an archive inside a tar: extract it first)"
                : first.name.hasSuffix("/") || first.name.contains("/toc.dat")
                    ? " (a tar of a directory-format dump: extract it and open the directory)" : ""
            throw PGDumpError(
                .notAnArchive, "tar file is not a pg_dump tar archive\(hint)", file: reader.name,
                offset: headerAt, expected: "first member \"toc.dat\"", found: "\"\(first.name)\"")
        }
        let tocStart = reader.offset
        let header = try HeaderReader.read(reader, expectedFormat: .tar)
        let entries = try TOCReader.read(reader, header: header, format: .tar)
        let tocEnd = reader.offset
        guard tocEnd <= tocStart + first.size else {
            throw PGDumpError(
                .corrupt, "TOC runs past the end of its tar member", file: reader.name, offset: tocEnd,
                expected: "TOC within \(first.size) bytes of toc.dat", found: "\(tocEnd - tocStart) bytes")
        }
        let next = tocStart + padded(first.size)
        let store = TarStore(source: reader.source, reader: reader, nextHeaderOffset: next)
        store.members["toc.dat"] = Member(name: "toc.dat", dataOffset: tocStart, size: first.size)
        store.memberOrder.append("toc.dat")
        if reader.source.isSeekable {
            // Index every member now (headers only), so later lookups are read-only and thread-safe.
            do {
                while try store.readNextMember() != nil {}
            } catch let e as PGDumpError {
                store.indexError = e
                store.reachedEnd = true
            }
        }
        return Archive(
            path: reader.name, format: .tar, header: header, entries: entries, size: reader.source.size,
            tocEndOffset: tocEnd, store: .tar(store))
    }
}

extension TarStore {
    /// Reads the next member header; nil at the end-of-archive blocks or end of file.
    func readNextMember() throws -> Member? {
        if reachedEnd { return nil }
        let reader: ByteReader
        if source.isSeekable {
            reader = ByteReader(source: source, startingAt: nextHeaderOffset, bufferSize: 4096)
        } else {
            reader = sequentialReader
            try reader.seek(to: nextHeaderOffset)
        }
        if try reader.isAtEnd() {
            reachedEnd = true
            return nil
        }
        let at = reader.offset
        let block = try reader.readBytes(512, "tar member header")
        guard let h = try TarHeader.parse(block, at: at, file: source.name) else {
            reachedEnd = true
            endBlockOffset = at
            return nil
        }
        let member = Member(name: h.name, dataOffset: at + 512, size: h.size)
        if let size = source.size, member.dataOffset + member.size > size {
            throw PGDumpError(
                .truncated, "tar member runs past the end of the file", file: source.name, offset: at,
                expected: "\(member.size) bytes of \(member.name)",
                found: "\(size - min(size, member.dataOffset)) bytes left")
        }
        members[h.name] = member
        memberOrder.append(h.name)
        nextHeaderOffset = member.dataOffset + Self.padded(member.size)
        return member
    }

    /// Finds a member by name, reading headers forward as far as needed.
    func member(named name: String, context: String) throws -> Member {
        if let m = members[name] {
            if !source.isSeekable && nextHeaderOffset > m.dataOffset + Self.padded(m.size) {
                throw PGDumpError(
                    .usage, "restoring data out of order is not supported on a stream",
                    file: source.name, offset: m.dataOffset, context: context)
            }
            return m
        }
        if let e = indexError { throw e.inContext(context) }
        while let m = try readNextMember() {
            if m.name == name { return m }
        }
        throw PGDumpError(
            .notFound, "tar member is missing", file: source.name, offset: nextHeaderOffset,
            expected: "member \"\(name)\"", found: "end of archive", context: context)
    }

    func reader(for m: Member) throws -> ByteReader {
        if source.isSeekable { return ByteReader(source: source, startingAt: m.dataOffset) }
        try sequentialReader.seek(to: m.dataOffset)
        return sequentialReader
    }

    func openMember(_ name: String, context: String) throws -> EntryDataReader {
        let m = try member(named: name, context: context)
        return EntryDataReader(
            input: RangeInput(reader: try reader(for: m), length: m.size),
            decompressor: nil, context: context)
    }

    /// The `blob_<oid>.dat` members that precede a BLOBS entry's list member.
    func largeObjects(tocName: String, context: String) throws -> LargeObjectIterator {
        if source.isSeekable {
            let tocMember = try member(named: tocName, context: context)
            let list = try LargeObjectList.parse(try reader(for: tocMember), file: source.name, limit: tocMember.size)
            var index = 0
            return LargeObjectIterator { [self] in
                guard index < list.count else { return nil }
                let (oid, file) = list[index]
                index += 1
                return (oid, try openMember(file, context: "large object \(oid) of \(context)"))
            }
        }
        // A stream: blob members come first, then the list; read them as they come.
        return LargeObjectIterator { [self] in
            guard let m = try readNextMember() else {
                throw PGDumpError(
                    .truncated, "large object list member is missing", file: source.name,
                    offset: nextHeaderOffset, expected: tocName, found: "end of archive", context: context)
            }
            if m.name == tocName { return nil }
            guard m.name.hasPrefix("blob_"), m.name.hasSuffix(".dat"),
                let oid = UInt32(m.name.dropFirst(5).dropLast(4))
            else {
                throw PGDumpError(
                    .corrupt, "unexpected tar member among large objects", file: source.name,
                    offset: m.dataOffset - 512, expected: "blob_<oid>.dat or \(tocName)",
                    found: "\"\(m.name)\"", context: context)
            }
            return (
                oid,
                EntryDataReader(
                    input: RangeInput(reader: try reader(for: m), length: m.size),
                    decompressor: nil, context: "large object \(oid) of \(context)")
            )
        }
    }
}
