import XCTest
@testable import PGDump

/// Damaged, truncated and foreign inputs: one clear error, never a crash, never a number
/// that looks right and is not.
final class DamagedInputTests: XCTestCase {
    private func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: FixtureCase.named(name).archivePath)))
    }

    private func open(_ b: [UInt8], seekable: Bool = true) throws -> Archive {
        try Archive.open(source: MemoryByteSource(b, name: "test.dump", seekable: seekable))
    }

    private func expectError(
        _ b: [UInt8], _ kind: PGDumpError.Kind, _ messagePart: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try open(b)
            XCTFail("no error", file: file, line: line)
        } catch let e as PGDumpError {
            XCTAssertEqual(e.kind, kind, e.description, file: file, line: line)
            XCTAssertTrue(e.description.contains(messagePart), e.description, file: file, line: line)
            XCTAssertEqual(e.file, "test.dump", file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }

    func testEmptyFile() { expectError([], .notAnArchive, "empty") }

    func testPlainSQLDump() {
        expectError(
            Array("--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\n".utf8), .notAnArchive,
            "plain-text SQL dump: restore it with psql")
    }

    func testGzippedFile() {
        expectError(
            [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + Array(repeating: 0, count: 20),
            .notAnArchive, "gzip-compressed")
    }

    func testRandomBytes() {
        expectError(Array("hello, this is not an archive".utf8), .notAnArchive, "not a pg_dump archive")
    }

    func testUnsupportedVersions() throws {
        var b = try bytes("pg15-custom-default")
        b[6] = 17  // 1.17
        expectError(b, .unsupported, "unsupported archive version 1.17")
        b[6] = 9
        expectError(b, .unsupported, "unsupported archive version 1.9")
    }

    func testAbsurdEntryCountIsRejectedWithoutAllocating() throws {
        let archive = try open(try bytes("pg15-custom-default"))
        var b = try bytes("pg15-custom-default")
        let at = Int(archive.header.endOffset)
        b.replaceSubrange(at..<at + 5, with: [0, 0xff, 0xff, 0xff, 0x7f])
        expectError(b, .truncated, "TOC entry count cannot fit")
    }

    func testAbsurdStringLengthIsRejected() throws {
        var b = try bytes("pg15-custom-default")
        let archive = try open(b)
        // Put a 2 GB length in the first TOC entry's tag: find the tag by scanning for it.
        let tocStart = Int(archive.header.endOffset) + 5
        let e = archive.entries[0]
        let tagBytes = Array((e.tag ?? "").utf8)
        let lengthPrefix: [UInt8] = [0, UInt8(tagBytes.count), 0, 0, 0]
        guard
            let pos = (tocStart..<b.count - tagBytes.count).first(where: {
                Array(b[$0..<$0 + 5]) == lengthPrefix && Array(b[$0 + 5..<$0 + 5 + tagBytes.count]) == tagBytes
            })
        else { return XCTFail("tag not found") }
        b.replaceSubrange(pos..<pos + 5, with: [0, 0xff, 0xff, 0xff, 0x7f])
        expectError(b, .truncated, "runs past the end of the file")
    }

    /// Every cut inside the header and TOC gives an error, for seekable files and streams alike.
    func testEveryTruncationOfHeaderAndTOCFails() throws {
        for name in ["pg15-custom-default", "pg17-custom-lz4", "pg15-downgraded-1.10", "pg18-tar"] {
            let b = try bytes(name)
            let full = try open(b)
            let tocEnd = Int(full.tocEndOffset)
            // Every cut in the header, then about 400 spread over the TOC.
            let cuts = Array(0..<min(tocEnd, 160)) + Array(stride(from: 160, to: tocEnd, by: max(1, tocEnd / 400)))
            for cut in cuts {
                for seekable in [true, false] {
                    do {
                        _ = try open(Array(b[0..<cut]), seekable: seekable)
                        XCTFail("\(name): cut at \(cut) opened")
                    } catch let e as PGDumpError {
                        XCTAssertTrue([.truncated, .notAnArchive, .corrupt].contains(e.kind), "\(name) \(cut): \(e)")
                        XCTAssertNotNil(e.offset, "\(name) \(cut): \(e)")
                    }
                }
            }
        }
    }

    /// Cuts in the data area: rows never reports a complete, different count.
    func testTruncatedDataIsNeverACompleteCount() throws {
        for name in [
            "pg15-custom-default", "pg15-custom-z0", "pg17-custom-zstd", "pg16-custom-lz4", "pg15-custom-pipe",
            "pg17-tar",
        ] {
            let fixture = FixtureCase.named(name)
            let b = try bytes(name)
            let full = try open(b)
            var expected: [String: UInt64] = [:]
            for row in fixture.tsv("counts.tsv") { expected[row[0] + "." + row[1]] = UInt64(row[2])! }
            let start = Int(full.tocEndOffset)
            let step = max(1, (b.count - start) / 60)
            for cut in Sweep.sample(stride(from: start, to: b.count, by: step)) {
                for seekable in [true, false] {
                    guard let archive = try? open(Array(b[0..<cut]), seekable: seekable) else { continue }
                    let report = RowCountReport.make(archive, workers: 1)
                    // A tar cut after its last data member (in restore.sql) still has every row: only then may it be complete.
                    if fixture.format != "tar" || cut < tarDataEnd(b) {
                        XCTAssertFalse(report.complete, "\(name) cut \(cut) reported complete")
                    }
                    for t in report.tables where t.status == .ok && t.desc == "TABLE DATA" {
                        XCTAssertEqual(
                            t.rows, expected[(t.schema ?? "") + "." + t.name], "\(name) cut \(cut) \(t.name)")
                    }
                    for t in report.tables where t.status == .damaged {
                        XCTAssertNil(t.rows)
                        XCTAssertNotNil(t.error)
                    }
                }
            }
        }
    }

    /// Where the tar member `restore.sql` (written after all data) starts.
    private func tarDataEnd(_ b: [UInt8]) -> Int {
        var at = 0
        while at + 512 <= b.count {
            let name = String(decoding: b[at..<at + 100].prefix { $0 != 0 }, as: UTF8.self)
            if name == "restore.sql" || name.isEmpty { return at }
            let size = Int(String(decoding: b[at + 124..<at + 135], as: UTF8.self), radix: 8) ?? 0
            at += 512 + (size + 511) / 512 * 512
        }
        return b.count
    }

    /// Flipped bytes in checksummed (gzip) data: either an error for that table, or the exact count.
    func testFlippedBytesInCompressedDataAreCaught() throws {
        let name = "pg15-custom-default"
        let fixture = FixtureCase.named(name)
        let b = try bytes(name)
        let full = try open(b)
        var expected: [String: UInt64] = [:]
        for row in fixture.tsv("counts.tsv") { expected[row[0] + "." + row[1]] = UInt64(row[2])! }
        let start = Int(full.tocEndOffset)
        var damagedSeen = 0
        for pos in stride(from: start + 7, to: b.count, by: max(1, (b.count - start) / 200)) {
            var c = b
            c[pos] ^= 0x5A
            let report = RowCountReport.make(try open(c), workers: 1)
            for t in report.tables where t.desc == "TABLE DATA" {
                if t.status == .ok {
                    XCTAssertEqual(t.rows, expected[(t.schema ?? "") + "." + t.name], "flip at \(pos) \(t.name)")
                } else {
                    damagedSeen += 1
                }
            }
        }
        XCTAssertGreaterThan(damagedSeen, 100)
    }

    func testDirectoryWithoutTOC() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-empty-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try Archive.open(path: dir.path)) { e in
            XCTAssertTrue("\(e)".contains("no toc.dat"), "\(e)")
        }
    }

    func testMissingDataFileInDirectoryArchive() throws {
        let src = URL(fileURLWithPath: FixtureCase.named("pg17-dir-gzip").archivePath)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-dir-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.copyItem(at: src, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = try Archive.open(path: dir.path)
        let victim = archive.entries.first { $0.tag == "events" && $0.desc == "TABLE DATA" }!
        guard case .file(let name) = victim.dataLocation else { return XCTFail() }
        try FileManager.default.removeItem(at: dir.appendingPathComponent(name + ".gz"))
        let report = RowCountReport.make(try Archive.open(path: dir.path))
        XCTAssertFalse(report.complete)
        let t = report.tables.first { $0.dumpId == victim.dumpId }!
        XCTAssertEqual(t.status, .damaged)
        XCTAssertTrue(t.error!.contains("missing"), t.error!)
    }

    func testTarInsideTarIsExplained() throws {
        // A tar whose first member is a .dump file.
        var header = [UInt8](repeating: 0, count: 512)
        let name = Array("backup.dump".utf8)
        header.replaceSubrange(0..<name.count, with: name)
        for (range, text) in [
            (100..<107, "0000644"), (108..<115, "0000000"), (116..<123, "0000000"),
            (124..<135, "00000000000"), (136..<147, "00000000000"),
        ] {
            header.replaceSubrange(range, with: Array(text.utf8))
        }
        header[156] = UInt8(ascii: "0")
        header.replaceSubrange(257..<262, with: Array("ustar".utf8))
        for i in 148..<156 { header[i] = 32 }
        let sum = header.reduce(0) { $0 + Int($1) }
        let chk = Array(String(sum, radix: 8).utf8)
        let padded = [UInt8](repeating: 48, count: 6 - chk.count) + chk + [0, 32]
        header.replaceSubrange(148..<156, with: padded)
        expectError(header + [UInt8](repeating: 0, count: 1024), .notAnArchive, "an archive inside a tar")
    }
}
