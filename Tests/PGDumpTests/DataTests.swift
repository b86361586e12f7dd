import XCTest
@testable import PGDump

/// Exact row counts and byte-identical COPY data on every fixture, every access path.
final class DataTests: XCTestCase {
    /// (schema, table) -> count from the server's count(*) at dump time.
    private func expectedCounts(_ f: FixtureCase) -> [String: UInt64] {
        var d: [String: UInt64] = [:]
        for row in f.tsv("counts.tsv") { d[row[0] + "." + row[1]] = UInt64(row[2])! }
        return d
    }

    private func actualCounts(_ report: RowCountReport) -> [String: UInt64] {
        var d: [String: UInt64] = [:]
        for t in report.tables where t.desc == "TABLE DATA" { d[(t.schema ?? "") + "." + t.name] = t.rows }
        return d
    }

    func testRowCountsEqualServerCountOnEveryFixture() throws {
        var checked = 0
        for fixture in FixtureCase.all {
            let expected = expectedCounts(fixture)
            let archive = try Archive.open(path: fixture.archivePath)
            for workers in [1, 2] {
                let report = RowCountReport.make(archive, workers: workers)
                XCTAssertTrue(report.complete, "\(fixture.name): \(report.tables.compactMap(\.error))")
                XCTAssertEqual(actualCounts(report), expected, "\(fixture.name) workers=\(workers)")
                let blobs = report.tables.filter { $0.desc == "BLOBS" }.reduce(0) { $0 + ($1.rows ?? 0) }
                XCTAssertEqual(Int(blobs), fixture.meta["large_objects"] as? Int ?? 0, fixture.name)
            }
            checked += expected.count
        }
        XCTAssertGreaterThan(checked, 500)
    }

    func testStreamingReadGivesTheSameCounts() throws {
        // Standard input: a source that cannot seek, read front to back.
        for fixture in FixtureCase.all where fixture.format != "directory" {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.archivePath)))
            let archive = try Archive.open(source: MemoryByteSource(bytes, name: "-", seekable: false))
            let report = RowCountReport.make(archive)
            XCTAssertTrue(report.complete, fixture.name)
            XCTAssertEqual(actualCounts(report), expectedCounts(fixture), fixture.name)
        }
    }

    func testCatOutputIsByteIdenticalToPgRestoreData() throws {
        var checked = 0
        for fixture in FixtureCase.all where fixture.dataMode == "copy" {
            let archive = try Archive.open(path: fixture.archivePath)
            for row in fixture.tsv("data.tsv") {
                let entry = archive.entries.first {
                    $0.desc == "TABLE DATA" && $0.namespace == row[0] && $0.tag == row[1]
                }!
                let data = try archive.openData(entry)
                var scanner = CopyStreamScanner()
                var hash = SHA256()
                while let piece = try data.next() { scanner.scan(piece) { hash.update($0) } }
                try scanner.finish()
                XCTAssertEqual(scanner.rows, UInt64(row[2]), "\(fixture.name) \(row[1])")
                XCTAssertEqual(hash.hexDigest(), row[3], "\(fixture.name) \(row[0]).\(row[1])")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }

    func testInsertModeRowsAreCountedFromStatements() throws {
        let fixture = FixtureCase.named("pg15-custom-inserts")
        let archive = try Archive.open(path: fixture.archivePath)
        let report = RowCountReport.make(archive)
        XCTAssertTrue(report.complete)
        var expected: [String: UInt64] = [:]
        for row in fixture.tsv("data.tsv") { expected[row[0] + "." + row[1]] = UInt64(row[2])! }
        XCTAssertEqual(actualCounts(report), expected)
        XCTAssertEqual(actualCounts(report), expectedCounts(fixture))
    }

    func testZlibAndISALInflateGiveIdenticalBytes() throws {
        for fixture in FixtureCase.all where fixture.meta["compression"] as? String == "gzip" {
            let archive = try Archive.open(path: fixture.archivePath)
            for entry in archive.entries where entry.desc == "TABLE DATA" && entry.hasData {
                var a = SHA256()
                var b = SHA256()
                let ra = try archive.openData(entry, backend: .zlib)
                while let p = try ra.next() { a.update(p) }
                let rb = try archive.openData(entry, backend: .isal)
                while let p = try rb.next() { b.update(p) }
                XCTAssertEqual(a.hexDigest(), b.hexDigest(), "\(fixture.name) \(entry.label)")
            }
        }
    }

    func testCopyScannerFindsMarkerAcrossAnyPieceBoundary() throws {
        let text = Array("a\tb\n\\\\.\n\\N\tx\n\\.\n\n\n".utf8)
        for cut1 in 0...text.count {
            for cut2 in cut1...text.count {
                var s = CopyStreamScanner()
                var out: [UInt8] = []
                for range in [0..<cut1, cut1..<cut2, cut2..<text.count] {
                    text[range].withUnsafeBytes { s.scan($0) { out.append(contentsOf: $0) } }
                }
                XCTAssertNoThrow(try s.finish())
                XCTAssertEqual(s.rows, 3)
                XCTAssertEqual(out, Array("a\tb\n\\\\.\n\\N\tx\n".utf8), "cuts \(cut1) \(cut2)")
            }
        }
    }

    func testCopyTextDecoding() {
        let raw = Array("a\\tb\\\\c\\nd\\101\\x41\\.".utf8)
        let decoded = raw.withUnsafeBytes { CopyText.decode($0) }
        XCTAssertEqual(decoded, Array("a\tb\\c\ndAA.".utf8))
        XCTAssertNil(Array("\\N".utf8).withUnsafeBytes { CopyText.decode($0) })
    }

    /// The validator `cat --format jsonl` trusts to pass text through must agree with Swift's own
    /// decoder on every kind of sequence: random bytes biased towards lead and continuation bytes.
    /// Standard input through a pipe is read ahead on a second thread (ReadAheadSource): the counts
    /// must not change whatever the slot size, a cut stream must still be caught, and a failing
    /// read must surface after the bytes before it.
    func testReadAheadStreamGivesTheSameCountsAndErrors() throws {
        final class FailingSource: ByteSource {
            let bytes: [UInt8]
            let failAt: Int
            var name: String { "-" }
            var size: UInt64? { nil }
            var isSeekable: Bool { false }
            init(_ bytes: [UInt8], failAt: Int) {
                self.bytes = bytes
                self.failAt = failAt
            }
            func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
                let start = Int(offset)
                if start >= failAt {
                    throw PGDumpError(.io, "read failed: Input/output error", file: "-", offset: offset)
                }
                let n = min(buffer.count, failAt - start, 5000)
                bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: n) }
                return n
            }
        }
        for name in ["pg15-custom-pipe", "pg17-custom-gzip", "pg18-tar", "pg16-custom-zstd"] {
            let fixture = FixtureCase.named(name)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.archivePath)))
            for (size, count) in [(7, 2), (4096, 3), (1 << 20, 4)] {
                let source = ReadAheadSource(
                    MemoryByteSource(bytes, name: "-", seekable: false),
                    bufferSize: size, bufferCount: count)
                let report = RowCountReport.make(try Archive.open(source: source))
                XCTAssertTrue(report.complete, "\(name) \(size)x\(count)")
                XCTAssertEqual(actualCounts(report), expectedCounts(fixture), "\(name) \(size)x\(count)")
            }
            let cut = ReadAheadSource(
                MemoryByteSource(Array(bytes.prefix(bytes.count * 9 / 10)), name: "-", seekable: false),
                bufferSize: 4096, bufferCount: 2)
            XCTAssertFalse(ArchiveVerifier(archive: try Archive.open(source: cut)).run().isWhole, name)
            // The failure comes out where it happened: opening (if the TOC reader's buffer reached
            // it) or verifying, never as a clean end of input.
            let failing = ReadAheadSource(
                FailingSource(bytes, failAt: bytes.count / 2), bufferSize: 4096, bufferCount: 2)
            do {
                let verdict = ArchiveVerifier(archive: try Archive.open(source: failing)).run()
                XCTAssertFalse(verdict.isWhole, name)
                XCTAssertTrue(
                    verdict.problems.contains { $0.message.contains("Input/output error") },
                    "\(name): \(verdict.problems)")
            } catch let e as PGDumpError {
                XCTAssertTrue(e.message.contains("Input/output error"), "\(name): \(e)")
            }
        }
    }

    func testUTF8ValidatorAgreesWithSwift() {
        var rng = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        for _ in 0..<200_000 {
            let bytes = (0..<Int.random(in: 0...6, using: &rng)).map { _ in interesting.randomElement(using: &rng)! }
            let swiftSays = String(validating: bytes, as: UTF8.self) != nil
            XCTAssertEqual(bytes.withUnsafeBytes { UTF8Validator.isValid($0) }, swiftSays, "\(bytes)")
        }
        for text in ["", "plain", "café Straße", "東京 🐘 한국어", "\u{10FFFF}\u{FFFD}\u{7FF}\u{800}\u{FFFF}\u{10000}"] {
            XCTAssertTrue(Array(text.utf8).withUnsafeBytes { UTF8Validator.isValid($0) }, text)
        }
    }

    func testCopyTextDecodingAppendsAndReusesStorage() {
        var out: [UInt8] = Array("x".utf8)
        XCTAssertTrue(Array("a\\tb".utf8).withUnsafeBytes { CopyText.decode($0, appendingTo: &out) })
        XCTAssertEqual(out, Array("xa\tb".utf8))
        XCTAssertFalse(Array("\\N".utf8).withUnsafeBytes { CopyText.decode($0, appendingTo: &out) })
        XCTAssertEqual(out, Array("xa\tb".utf8), "NULL appends nothing")
    }

    func testDirectoryArchiveWithUserCompressedTOC() throws {
        setTimeZone("UTC")
        let f = FixtureCase.named("pg17-dir-zstd")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-ztoc-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: f.archivePath), to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gz.arguments = [dir.appendingPathComponent("toc.dat").path]
        try gz.run()
        gz.waitUntilExit()
        let archive = try Archive.open(path: dir.path)
        XCTAssertEqual(TOCListing(archive: archive).render(), f.text("list.txt"))
        XCTAssertTrue(RowCountReport.make(archive).complete)
    }
}
