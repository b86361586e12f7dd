/// Parses the archive header: magic, version, integer sizes, format, compression,
/// creation time, database name and the two version strings.
enum HeaderReader {
    static let magic: [UInt8] = Array("PGDMP".utf8)

    static func read(_ reader: ByteReader, expectedFormat: ArchiveFormat) throws -> ArchiveHeader {
        let start = reader.offset
        let available = try reader.fill(5)
        if available == 0 {
            throw PGDumpError(
                .notAnArchive, "file is empty", file: reader.name, offset: start,
                expected: "a pg_dump archive", found: "0 bytes")
        }
        let magicBytes = try reader.readBytes(min(available, 5), "archive magic")
        guard magicBytes == magic else {
            throw PGDumpError(
                .notAnArchive, "not a pg_dump archive", file: reader.name, offset: start,
                expected: "\"PGDMP\"", found: describe(magicBytes))
        }
        let major = try reader.readByte("archive major version")
        let minor = try reader.readByte("archive minor version")
        let revision: UInt8 = (major > 1 || minor > 0) ? try reader.readByte("archive revision") : 0
        let version = ArchiveVersion(major, minor, revision)
        guard version >= .oldestSupported && version <= .newestSupported else {
            throw PGDumpError(
                .unsupported, "unsupported archive version \(major).\(minor)",
                file: reader.name, offset: start + 5,
                expected: "version 1.10 to 1.16 (pg_dump 8.3 to 18)", found: "\(major).\(minor)-\(revision)")
        }
        let intSizeAt = reader.offset
        let intSize = Int(try reader.readByte("integer size"))
        guard (1...32).contains(intSize) else {
            throw PGDumpError(
                .corrupt, "invalid integer size", file: reader.name, offset: intSizeAt,
                expected: "1 to 32 (4 in practice)", found: "\(intSize)")
        }
        var offSize = intSize
        if version.isAtLeast(1, 7) {
            let at = reader.offset
            offSize = Int(try reader.readByte("offset size"))
            guard (1...32).contains(offSize) else {
                throw PGDumpError(
                    .corrupt, "invalid offset size", file: reader.name, offset: at,
                    expected: "1 to 32 (8 in practice)", found: "\(offSize)")
            }
        }
        let formatAt = reader.offset
        let formatCode = try reader.readByte("format code")
        guard formatCode == expectedFormat.headerCode else {
            throw PGDumpError(
                .corrupt, "format code does not match the container",
                file: reader.name, offset: formatAt,
                expected: "\(expectedFormat.headerCode) (\(expectedFormat.rawValue))", found: "\(formatCode)")
        }
        let decoder = PrimitiveDecoder(reader: reader, intSize: intSize, offSize: offSize)
        var compression: ArchiveCompression
        if version.isAtLeast(1, 15) {
            let at = reader.offset
            let code = try reader.readByte("compression algorithm")
            let algorithms: [CompressionAlgorithm] = [.none, .gzip, .lz4, .zstd]
            guard Int(code) < algorithms.count else {
                throw PGDumpError(
                    .unsupported, "unknown compression algorithm", file: reader.name, offset: at,
                    expected: "0 none, 1 gzip, 2 lz4 or 3 zstd", found: "\(code)")
            }
            compression = ArchiveCompression(algorithm: algorithms[Int(code)], level: nil)
        } else {
            let level = Int(try decoder.readInt32("compression level"))
            compression = ArchiveCompression(algorithm: level == 0 ? .none : .gzip, level: level)
        }
        var fields = [Int32]()
        for name in ["tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon", "tm_year", "tm_isdst"] {
            fields.append(try decoder.readInt32("creation time " + name))
        }
        let time = BrokenDownTime(
            second: fields[0], minute: fields[1], hour: fields[2], day: fields[3],
            month: fields[4], year: fields[5], isDST: fields[6])
        let dbname = try decoder.readString("database name")
        let serverVersion = try decoder.readString("server version")
        let dumpVersion = try decoder.readString("pg_dump version")
        return ArchiveHeader(
            version: version, intSize: intSize, offSize: offSize, formatCode: formatCode,
            compression: compression, creationTime: time, databaseName: dbname,
            serverVersion: serverVersion, pgDumpVersion: dumpVersion, endOffset: reader.offset)
    }

    /// Up to 16 bytes as text if printable, else hex: for "found …" in messages.
    static func describe(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(16)
        if shown.allSatisfy({ $0 >= 32 && $0 < 127 }) { return "\"" + String(decoding: shown, as: UTF8.self) + "\"" }
        return shown.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined(separator: " ")
    }
}
