#if canImport(Glibc)
import Glibc
#endif

/// Directory format (`pg_dump -Fd`): `toc.dat` plus one file per data entry.
final class DirectoryStore {
    let path: String

    init(path: String) { self.path = path }

    static func openArchive(path: String) throws -> Archive {
        let tocPath = path + "/toc.dat"
        var st = stat()
        guard stat(tocPath, &st) == 0 else {
            for suffix in [".gz", ".lz4", ".zst"] where stat(tocPath + suffix, &st) == 0 {
                throw PGDumpError(.unsupported, "compressed toc.dat\(suffix) is not supported yet; decompress it first",
                                  file: tocPath + suffix)
            }
            throw PGDumpError(.notAnArchive, "directory has no toc.dat, so it is not a pg_dump directory archive",
                              file: path, expected: "\(tocPath)", found: "no such file")
        }
        let source = try FileByteSource(path: tocPath)
        let reader = ByteReader(source: source)
        let header = try HeaderReader.read(reader, expectedFormat: .directory)
        let entries = try TOCReader.read(reader, header: header, format: .directory)
        return Archive(path: path, format: .directory, header: header, entries: entries,
                       size: directorySize(path), tocEndOffset: reader.offset,
                       store: .directory(DirectoryStore(path: path)))
    }

    /// Total size of the regular files directly inside the directory.
    static func directorySize(_ path: String) -> UInt64? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var total: UInt64 = 0
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            var st = stat()
            if stat(path + "/" + name, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { total += UInt64(st.st_size) }
        }
        return total
    }
}
