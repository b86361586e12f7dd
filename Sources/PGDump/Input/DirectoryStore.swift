/// Directory format (`pg_dump -Fd`): `toc.dat` plus one file per data entry.
final class DirectoryStore {
    let path: String

    init(path: String) { self.path = path }

    static func openArchive(path: String) throws -> Archive {
        let tocPath = path + "/toc.dat"
        let reader = try openTOC(tocPath, directory: path)
        let header = try HeaderReader.read(reader, expectedFormat: .directory)
        let entries = try TOCReader.read(reader, header: header, format: .directory)
        return Archive(
            path: path, format: .directory, header: header, entries: entries,
            size: directorySize(path), tocEndOffset: reader.offset,
            store: .directory(DirectoryStore(path: path)))
    }

    /// `toc.dat`, or a `toc.dat.gz`/`.lz4`/`.zst` a user compressed (pg_restore accepts those too):
    /// decompressed into memory, since a TOC is small (kilobytes to a few megabytes).
    private static func openTOC(_ tocPath: String, directory: String) throws -> ByteReader {
        if Platform.status(ofPath: tocPath) != nil { return ByteReader(source: try FileByteSource(path: tocPath)) }
        for (suffix, algorithm) in [(".gz", CompressionAlgorithm.gzip), (".lz4", .lz4), (".zst", .zstd)]
        where Platform.status(ofPath: tocPath + suffix) != nil {
            let file = ByteReader(source: try FileByteSource(path: tocPath + suffix))
            let data = EntryDataReader(
                input: RangeInput(reader: file, length: nil),
                decompressor: try Decompressors.make(algorithm, wrapper: .gzip),
                context: "toc.dat\(suffix)", allowConcatenated: true)
            var bytes: [UInt8] = []
            while let piece = try data.next() {
                bytes.append(contentsOf: piece)
                if bytes.count > 1 << 30 {
                    throw PGDumpError(.unsupported, "decompressed TOC is larger than 1 GiB", file: tocPath + suffix)
                }
            }
            return ByteReader(source: MemoryByteSource(bytes, name: tocPath + suffix))
        }
        throw PGDumpError(
            .notAnArchive, "directory has no toc.dat, so it is not a pg_dump directory archive",
            file: directory, expected: tocPath, found: "no such file")
    }

    /// Total size of the regular files directly inside the directory.
    static func directorySize(_ path: String) -> UInt64? {
        guard let names = Platform.directoryEntries(path) else { return nil }
        var total: UInt64 = 0
        for name in names {
            if let st = Platform.status(ofPath: path + "/" + name), st.isRegularFile { total += st.size }
        }
        return total
    }
}

extension DirectoryStore {
    /// Opens a data file, trying the bare name, then `.gz`, `.lz4`, `.zst` as pg_restore does;
    /// the suffix decides the decompression.
    func openFile(_ name: String, context: String, backend: InflateBackend) throws -> EntryDataReader {
        guard !name.contains("/") && name != ".." else {
            throw PGDumpError(
                .corrupt, "data file name leaves the archive directory", file: path,
                expected: "a plain file name", found: "\"\(name)\"", context: context)
        }
        let candidates: [(String, CompressionAlgorithm)] = [
            ("", .none), (".gz", .gzip), (".lz4", .lz4), (".zst", .zstd),
        ]
        for (suffix, algorithm) in candidates {
            let full = path + "/" + name + suffix
            guard Platform.status(ofPath: full) != nil else { continue }
            let source = try FileByteSource(path: full)
            let reader = ByteReader(source: source)
            return EntryDataReader(
                input: RangeInput(reader: reader, length: nil),
                decompressor: try Decompressors.make(algorithm, wrapper: .gzip, backend: backend),
                context: context, allowConcatenated: true)
        }
        throw PGDumpError(
            .notFound, "data file is missing", file: path + "/" + name,
            expected: "\(name) (or .gz, .lz4, .zst)", found: "no such file", context: context)
    }

    /// Large objects listed in a blobs TOC file (`<oid> blob_<oid>.dat` per line).
    func largeObjects(tocName: String, context: String, backend: InflateBackend) throws -> LargeObjectIterator {
        let tocPath = path + "/" + tocName
        let source = try FileByteSource(path: tocPath)
        let list = try LargeObjectList.parse(ByteReader(source: source), file: tocPath)
        var index = 0
        return LargeObjectIterator { [self] in
            guard index < list.count else { return nil }
            let (oid, file) = list[index]
            index += 1
            return (oid, try openFile(file, context: "large object \(oid) of \(context)", backend: backend))
        }
    }
}

/// The `blobs.toc` / `blobs_<id>.toc` files of the directory and tar formats.
enum LargeObjectList {
    static func parse(_ reader: ByteReader, file: String, limit: UInt64? = nil) throws -> [(UInt32, String)] {
        var result: [(UInt32, String)] = []
        var line: [UInt8] = []
        var lineStart = reader.offset
        var consumed: UInt64 = 0
        func finishLine() throws {
            defer { line.removeAll(keepingCapacity: true) }
            if line.isEmpty { return }
            let text = String(decoding: line, as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let oid = UInt32(parts[0]), !parts[1].isEmpty else {
                throw PGDumpError(
                    .corrupt, "invalid line in large object list", file: file, offset: lineStart,
                    expected: "\"<oid> <file name>\"", found: "\"\(text.prefix(60))\"")
            }
            result.append((oid, String(parts[1])))
        }
        while limit.map({ consumed < $0 }) ?? true {
            let buf = try reader.peekBuffered()
            if buf.isEmpty { break }
            let n = limit.map { Int(min(UInt64(buf.count), $0 - consumed)) } ?? buf.count
            for i in 0..<n {
                if buf[i] == 0x0A {
                    try finishLine()
                    lineStart = reader.offset + UInt64(i) + 1
                } else {
                    line.append(buf[i])
                    if line.count > 4096 {
                        throw PGDumpError(.corrupt, "line too long in large object list", file: file, offset: lineStart)
                    }
                }
            }
            reader.consume(n)
            consumed += UInt64(n)
        }
        try finishLine()
        return result
    }
}
