import Foundation
import XCTest
@testable import PGDump

/// `verify` passes every intact archive and catches every cut and every damaged compressed
/// byte, naming the entry whose block holds the damage.
final class VerifyTests: XCTestCase {
    private func archiveBytes(_ f: FixtureCase) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: f.archivePath)))
    }

    /// A report as JSON with sorted keys, to compare two reports whole.
    private func json(_ report: VerifyReport) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = .sortedKeys
        return String(decoding: try enc.encode(report), as: UTF8.self)
    }

    /// Verifies `bytes`. A seekable archive is verified twice, by one reader and with blocks
    /// checked ahead on 3 threads: the two reports must be identical, damage or not.
    private func verify(
        _ bytes: [UInt8], seekable: Bool, all: Bool = false,
        file: StaticString = #filePath, line: UInt = #line
    ) -> Result<VerifyReport, Error> {
        Result {
            let archive = try Archive.open(source: MemoryByteSource(bytes, name: "cut", seekable: seekable))
            let report = ArchiveVerifier(archive: archive, all: all, workers: 1).run()
            if seekable {
                let parallel = ArchiveVerifier(archive: archive, all: all, workers: 3).run()
                XCTAssertEqual(
                    try json(parallel), try json(report), "checking blocks ahead changed the report",
                    file: file, line: line)
            }
            return report
        }
    }

    func testEveryIntactFixtureIsWhole() throws {
        for f in FixtureCase.all {
            let archive = try Archive.open(path: f.archivePath)
            let report = ArchiveVerifier(archive: archive, all: true).run()
            XCTAssertTrue(report.isWhole, "\(f.name): \(report.problems)")
            XCTAssertTrue(report.entries.allSatisfy { $0.status == .ok }, f.name)
            // Rows seen by verify agree with the server's counts.
            var counts: [String: UInt64] = [:]
            for row in f.tsv("counts.tsv") { counts[row[0] + "." + row[1]] = UInt64(row[2])! }
            for e in report.entries where e.desc == "TABLE DATA" {
                XCTAssertEqual(e.rows, counts[(e.schema ?? "") + "." + e.name], "\(f.name) \(e.name)")
            }
            if f.format != "directory" {
                let streamed = try verify(archiveBytes(f), seekable: false).get()
                XCTAssertTrue(streamed.isWhole, "\(f.name) as a stream: \(streamed.problems)")
            }
        }
    }

    /// Custom format: block ranges from an intact run. Tar: member ranges from the headers.
    private func dataRanges(_ f: FixtureCase, _ bytes: [UInt8]) throws -> [(Range<UInt64>, Int32)] {
        let archive = try Archive.open(path: f.archivePath)
        if f.format == "custom" {
            return ArchiveVerifier(archive: archive).run().entries.map { ($0.blockOffset!..<$0.blockEnd!, $0.dumpId) }
        }
        var members: [(Range<UInt64>, String)] = []
        var at = 0
        while at + 512 <= bytes.count, bytes[at] != 0 {
            let name = String(decoding: bytes[at..<at + 100].prefix { $0 != 0 }, as: UTF8.self)
            let size = Int(TarHeader.parseOctal(bytes[at + 124..<at + 136])!)
            // A cut in a member's padding leaves its data whole: the damage is the next member's.
            members.append((UInt64(at)..<UInt64(at + 512 + size), name))
            at += 512 + (size + 511) / 512 * 512
        }
        var result: [(Range<UInt64>, Int32)] = []
        var pendingBlobs: [Range<UInt64>] = []
        for (range, name) in members {
            if name.hasPrefix("blob_") {
                pendingBlobs.append(range)
                continue
            }
            if name.hasPrefix("blobs_"), let id = Int32(name.dropFirst(6).dropLast(4)) {
                for r in pendingBlobs + [range] { result.append((r, id)) }
                pendingBlobs = []
            } else if name.hasSuffix(".dat"), let id = Int32(name.dropLast(4)) {
                result.append((range, id))
            }
        }
        return result
    }

    func testEveryCutIsCaughtAndNamesTheEntry() throws {
        let names = [
            "pg17-custom-gzip", "pg15-custom-pipe", "pg16-custom-lz4", "pg18-custom-zstd", "pg17-custom-none",
            "pg15-custom-inserts", "pg15-downgraded-1.10", "pg17-tar", "pg15-tar",
        ]
        var cutsChecked = 0
        var namedEntries = 0
        for name in names {
            let f = FixtureCase.named(name)
            let bytes = try archiveBytes(f)
            let ranges = try dataRanges(f, bytes)
            XCTAssertFalse(ranges.isEmpty, name)
            var cuts = Set((1...200).map { bytes.count * $0 / 201 })
            for (r, _) in ranges {
                for d in [-1, 0, 1, 3, 5, 9] where Int(r.lowerBound) + d > 0 { cuts.insert(Int(r.lowerBound) + d) }
                cuts.insert(Int(r.upperBound) - 1)
            }
            cuts.insert(1)
            cuts.insert(bytes.count - 1)
            for (i, cut) in Sweep.sample(cuts.sorted()).enumerated() where cut > 0 && cut < bytes.count {
                let prefix = Array(bytes[0..<cut])
                for seekable in (i % 3 == 0 ? [true, false] : [true]) {
                    cutsChecked += 1
                    switch verify(prefix, seekable: seekable) {
                    case .failure(let e):
                        // Header or TOC cut: unreadable, with an offset.
                        let pe = try XCTUnwrap(e as? PGDumpError, "\(name) cut \(cut): \(e)")
                        XCTAssertNotNil(pe.offset, "\(name) cut \(cut): \(pe)")
                        XCTAssertLessThan(UInt64(cut), ranges.map(\.0.lowerBound).min()!, "\(name) cut \(cut): \(pe)")
                    case .success(let report):
                        XCTAssertFalse(report.isWhole, "\(name) cut at \(cut) passed")
                        guard let first = report.problems.first else { continue }
                        XCTAssertNotNil(first.offset, "\(name) cut \(cut): \(first)")
                        if let (range, id) = ranges.first(where: { $0.0.contains(UInt64(cut)) }) {
                            XCTAssertEqual(first.dumpId, id, "\(name) cut \(cut) seekable=\(seekable): \(first)")
                            if f.format == "custom", let o = first.offset {
                                XCTAssertTrue(
                                    o >= range.lowerBound && o <= UInt64(cut),
                                    "\(name) cut \(cut): offset \(o) outside \(range)")
                            }
                            namedEntries += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(cutsChecked, Sweep.atLeast(1500))
        XCTAssertGreaterThan(namedEntries, Sweep.atLeast(800))
    }

    /// gzip streams carry an Adler-32: any changed byte of compressed data is caught, in the right block.
    func testFlippedCompressedBytesAreCaught() throws {
        var flips = 0
        for f in FixtureCase.all where f.format == "custom" && (f.meta["compression"] as? String) == "gzip" {
            let bytes = try archiveBytes(f)
            let archive = try Archive.open(path: f.archivePath)
            let intSize = archive.header.intSize
            func readInt(_ at: Int) -> Int {
                var v = 0
                for k in (0..<intSize).reversed() { v = v << 8 | Int(bytes[at + 1 + k]) }
                return bytes[at] == 0 ? v : -v
            }
            for e in ArchiveVerifier(archive: archive).run().entries where e.desc == "TABLE DATA" {
                // The chunk payloads of this block.
                var at = Int(e.blockOffset!) + 1 + 1 + intSize
                var payload: [Int] = []
                while true {
                    let n = readInt(at)
                    at += 1 + intSize
                    if n == 0 { break }
                    payload += [at, at + n / 2, at + n - 1]
                    at += n
                }
                XCTAssertEqual(UInt64(at), e.blockEnd!, "\(f.name) \(e.name)")
                for p in Sweep.sample(payload.prefix(6)) {
                    var damaged = bytes
                    damaged[p] ^= 0x5A
                    for seekable in [true, false] {
                        let report = try verify(damaged, seekable: seekable, all: true).get()
                        flips += 1
                        XCTAssertFalse(report.isWhole, "\(f.name) flip at \(p) passed")
                        XCTAssertEqual(
                            report.problems.first?.dumpId, e.dumpId, "\(f.name) flip at \(p): \(report.problems)")
                        if let o = report.problems.first?.offset {
                            XCTAssertTrue(
                                o >= e.blockOffset! && o <= e.blockEnd!, "\(f.name) flip at \(p): offset \(o)")
                        }
                        // The framing is intact, so the other entries are still checked and found whole.
                        XCTAssertEqual(
                            report.entries.filter { $0.status != .ok }.map(\.dumpId), [e.dumpId],
                            "\(f.name) flip at \(p)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(flips, Sweep.atLeast(300))
    }

    func testDamagedBlockHeadersAndTrailingBytes() throws {
        let f = FixtureCase.named("pg17-custom-gzip")
        let bytes = try archiveBytes(f)
        let entries = ArchiveVerifier(archive: try Archive.open(path: f.archivePath)).run().entries
        // A wrong block type, a wrong dump id.
        for (k, delta) in [(0, UInt8(7)), (2, UInt8(1))] {
            let e = entries[entries.count / 2]
            var damaged = bytes
            damaged[Int(e.blockOffset!) + k] ^= delta
            for seekable in [true, false] {
                let report = try verify(damaged, seekable: seekable).get()
                XCTAssertEqual(report.problems.first?.dumpId, e.dumpId, "\(report.problems)")
                XCTAssertEqual(report.problems.first?.blockOffset, e.blockOffset)
            }
        }
        // Garbage after the last block.
        for tail in [[UInt8(0)], [1, 0, 0], Array(repeating: 0x41, count: 100)] {
            let report = try verify(bytes + tail, seekable: false).get()
            XCTAssertFalse(report.isWhole)
            XCTAssertEqual(report.problems.first?.offset, UInt64(bytes.count), "\(report.problems)")
            XCTAssertNil(report.problems.first?.dumpId)
        }
        // One block twice.
        let e = entries[1]
        let block = Array(bytes[Int(e.blockOffset!)..<Int(e.blockEnd!)])
        let report = try verify(bytes + block, seekable: true, all: true).get()
        XCTAssertEqual(report.problems.map(\.kind), [.unexpected])
        XCTAssertEqual(report.problems.first?.dumpId, e.dumpId)
    }

    func testDirectoryMissingAndTruncatedFiles() throws {
        for name in ["pg17-dir-gzip", "pg18-dir-none", "pg16-dir-lz4"] {
            let f = FixtureCase.named(name)
            let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-verify-\(getpid())-\(name)")
            try? FileManager.default.removeItem(at: tmp)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: f.archivePath), to: tmp)
            defer { try? FileManager.default.removeItem(at: tmp) }
            let archive = try Archive.open(path: tmp.path)
            XCTAssertTrue(ArchiveVerifier(archive: archive).run().isWhole)
            let tables = archive.entries.filter { $0.desc == "TABLE DATA" }
            let files = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
            func file(_ e: TOCEntry) -> String { files.first { $0.hasPrefix("\(e.dumpId).dat") }! }
            // Delete one, truncate two others (one to half, one by 3 bytes: into the \\. end marker).
            let (gone, half, short) = (tables[1], tables[3], tables[5])
            try FileManager.default.removeItem(at: tmp.appendingPathComponent(file(gone)))
            for (e, keep) in [(half, 0.5), (short, -1.0)] {
                let url = tmp.appendingPathComponent(file(e))
                let data = try Data(contentsOf: url)
                let n = keep < 0 ? data.count - 3 : Int(Double(data.count) * keep)
                try data.prefix(n).write(to: url)
            }
            let report = ArchiveVerifier(archive: try Archive.open(path: tmp.path), all: true).run()
            XCTAssertEqual(
                Set(report.problems.compactMap(\.dumpId)), [gone.dumpId, half.dumpId, short.dumpId],
                "\(name): \(report.problems)")
            XCTAssertEqual(report.entries.first { $0.dumpId == gone.dumpId }?.status, .missing)
            XCTAssertEqual(report.entries.filter { $0.status == .damaged }.count, 2, name)
            XCTAssertTrue(report.problems.allSatisfy { $0.offset != nil || $0.kind == .missing }, "\(report.problems)")
            // Without --all: the first one, in TOC order.
            let first = ArchiveVerifier(archive: try Archive.open(path: tmp.path)).run()
            XCTAssertEqual(first.problems.map(\.dumpId), [gone.dumpId])
            // Files read ahead on 3 threads or one by one: the same reports.
            for all in [true, false] {
                let reports = try [1, 3].map {
                    try json(ArchiveVerifier(archive: try Archive.open(path: tmp.path), all: all, workers: $0).run())
                }
                XCTAssertEqual(reports[0], reports[1], "\(name) all=\(all)")
            }
        }
    }

    func testCommandExitCodes() throws {
        let f = FixtureCase.named("pg16-custom-zstd")
        var (code, out, _) = try runPGDmp(["verify", f.archivePath])
        XCTAssertEqual(code, 0, String(decoding: out, as: UTF8.self))
        (code, _, _) = try runPGDmp(["verify", "-"], stdinFile: f.archivePath)
        XCTAssertEqual(code, 0)
        let bytes = try archiveBytes(f)
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-verify-cut-\(getpid()).dump")
        defer { try? FileManager.default.removeItem(at: cut) }
        try Data(bytes.prefix(bytes.count - 10)).write(to: cut)
        (code, out, _) = try runPGDmp(["verify", "--all", cut.path])
        XCTAssertEqual(code, 1, String(decoding: out, as: UTF8.self))
        XCTAssertTrue(String(decoding: out, as: UTF8.self).contains("DAMAGED"))
        try Data(bytes.prefix(300)).write(to: cut)
        (code, _, _) = try runPGDmp(["verify", cut.path])
        XCTAssertEqual(code, 2)
    }
}
