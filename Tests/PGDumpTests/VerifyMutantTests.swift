import Foundation
import XCTest
@testable import PGDump

/// Issue 20: the archives `verify` once called whole when they were not, made again from real
/// fixtures, and data offsets of 2^63 and more in every command. Each mutant must give exit 1
/// (or 2) with a message that names the place.
final class VerifyMutantTests: XCTestCase {
    private func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// pg_dump's int encoding: sign byte, then `intSize` magnitude bytes, least significant first.
    private func encodeInt(_ v: Int, intSize: Int) -> [UInt8] {
        var out: [UInt8] = [v < 0 ? 1 : 0]
        var m = UInt64(abs(v))
        for _ in 0..<intSize {
            out.append(UInt8(m & 0xFF))
            m >>= 8
        }
        return out
    }

    private func tempDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-mutant-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private func verify(_ path: String, all: Bool = false) throws -> VerifyReport {
        let archive = try Archive.open(path: path)
        let one = ArchiveVerifier(archive: archive, all: all, workers: 1).run()
        let many = ArchiveVerifier(archive: archive, all: all, workers: 3).run()
        XCTAssertEqual(one.problems.map(\.description), many.problems.map(\.description), "threads changed the report")
        return one
    }

    /// A TABLE DATA entry whose hadDumper was cleared: its block is still in the file, but
    /// pg_restore (and `rows`) skip it.
    func testClearedHadDumperIsNotWhole() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let archive = try Archive.open(path: f.archivePath)
        let users = try XCTUnwrap(
            archive.entries.first { $0.desc == "TABLE DATA" && $0.qualifiedName == "public.users" })
        var b = try bytes(f.archivePath)
        let at = Int(users.tocOffset) + 1 + archive.header.intSize  // after the dump id
        XCTAssertEqual(Array(b[at..<at + 1 + archive.header.intSize]), encodeInt(1, intSize: archive.header.intSize))
        b.replaceSubrange(at..<at + 1 + archive.header.intSize, with: encodeInt(0, intSize: archive.header.intSize))
        let path = try tempDirectory().appendingPathComponent("archive.dump").path
        try Data(b).write(to: URL(fileURLWithPath: path))

        let report = try verify(path, all: true)
        XCTAssertFalse(report.isWhole)
        let p = try XCTUnwrap(report.problems.first { $0.dumpId == users.dumpId })
        XCTAssertEqual(p.offset, users.tocOffset)
        XCTAssertTrue(p.message.contains("hadDumper"), p.description)
        let (status, out, _) = try runPGDmp(["verify", "-q", path])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(String(decoding: out, as: UTF8.self).contains("public.users"))
    }

    /// The custom-format data-offset flag set to "no data" for a table that has a block.
    func testNoDataFlagOnATableWithABlockIsNotWhole() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let archive = try Archive.open(path: f.archivePath)
        let i = try XCTUnwrap(
            archive.entries.firstIndex { $0.desc == "TABLE DATA" && $0.qualifiedName == "public.users" })
        let next = i + 1 < archive.entries.count ? archive.entries[i + 1].tocOffset : archive.tocEndOffset
        var b = try bytes(f.archivePath)
        let flagAt = Int(next) - 1 - archive.header.offSize
        XCTAssertEqual(b[flagAt], 2)
        b[flagAt] = 3
        let path = try tempDirectory().appendingPathComponent("archive.dump").path
        try Data(b).write(to: URL(fileURLWithPath: path))
        let report = try verify(path, all: true)
        XCTAssertFalse(report.isWhole)
        XCTAssertTrue(report.problems.contains { $0.dumpId == archive.entries[i].dumpId }, "\(report.problems)")
    }

    /// A directory archive whose toc.dat count reads as 0: the rest of toc.dat and every data
    /// file go unread.
    func testDirectoryTOCCountZeroIsNotWhole() throws {
        let f = FixtureCase.named("pg16-dir-gzip")
        let dir = try tempDirectory().appendingPathComponent("archive.dir")
        try FileManager.default.copyItem(atPath: f.archivePath, toPath: dir.path)
        let intact = try Archive.open(path: f.archivePath)
        let tocPath = dir.appendingPathComponent("toc.dat").path
        var toc = try bytes(tocPath)
        let at = Int(intact.header.endOffset)
        toc.replaceSubrange(at..<at + 1 + intact.header.intSize, with: encodeInt(0, intSize: intact.header.intSize))
        try Data(toc).write(to: URL(fileURLWithPath: tocPath))

        let report = try verify(dir.path, all: true)
        XCTAssertFalse(report.isWhole)
        let first = try XCTUnwrap(report.problems.first)
        XCTAssertEqual(first.file, tocPath)
        XCTAssertEqual(first.offset, UInt64(at + 1 + intact.header.intSize))
        // Every data file is reported as claimed by no entry.
        let unclaimed = report.problems.filter { $0.kind == .unexpected && $0.file != tocPath }
        XCTAssertEqual(
            unclaimed.count, intact.entries.filter(\.hasData).count + 3,  // and the 3 large-object files
            "\(report.problems.map(\.description))")
    }

    /// A tar archive whose toc.dat reads as fewer entries than it holds (count 0), and every value
    /// of the int-size byte: exit 2 at open, or a report that is not whole.
    func testTarTOCCountAndIntSizeDamageIsNeverWhole() throws {
        let f = FixtureCase.named("pg16-tar")
        let original = try bytes(f.archivePath)
        let intact = try Archive.open(path: f.archivePath)
        let tmp = try tempDirectory()
        var b = original
        let at = Int(intact.header.endOffset)  // the tar's offset: toc.dat starts after a 512-byte header
        b.replaceSubrange(at..<at + 1 + intact.header.intSize, with: encodeInt(0, intSize: intact.header.intSize))
        let path = tmp.appendingPathComponent("count0.tar").path
        try Data(b).write(to: URL(fileURLWithPath: path))
        let report = try verify(path)
        XCTAssertFalse(report.isWhole)
        XCTAssertEqual(report.problems.first?.offset, UInt64(at + 1 + intact.header.intSize))
        XCTAssertTrue(report.problems.first?.file?.contains("toc.dat") ?? false)

        for intSize in [1, 2, 3, 5, 6, 7, 8, 16, 32] {
            var m = original
            m[512 + 8] = UInt8(intSize)
            let p = tmp.appendingPathComponent("int\(intSize).tar").path
            try Data(m).write(to: URL(fileURLWithPath: p))
            let (status, out, err) = try runPGDmp(["verify", "-q", p])
            XCTAssertTrue(status == 1 || status == 2, "int size \(intSize): exit \(status)")
            XCTAssertTrue(
                (String(decoding: out, as: UTF8.self) + err).contains("byte "), "int size \(intSize): no place named")
        }
    }

    /// Two tables' data files swapped in a directory archive: the rows sit under a COPY column
    /// list of another width, which a restore refuses.
    func testSwappedDirectoryFilesAreNotWhole() throws {
        let f = FixtureCase.named("pg16-dir-gzip")
        let dir = try tempDirectory().appendingPathComponent("archive.dir")
        try FileManager.default.copyItem(atPath: f.archivePath, toPath: dir.path)
        let archive = try Archive.open(path: f.archivePath)
        func file(_ name: String) throws -> String {
            let e = try XCTUnwrap(archive.entries.first { $0.desc == "TABLE DATA" && $0.qualifiedName == name })
            guard case .file(let n) = e.dataLocation else { throw XCTSkip("no file") }
            return dir.appendingPathComponent(n + ".gz").path
        }
        let users = try file("public.users")
        let myTable = try file("public.my table")
        let fm = FileManager.default
        try fm.moveItem(atPath: users, toPath: users + ".tmp")
        try fm.moveItem(atPath: myTable, toPath: users)
        try fm.moveItem(atPath: users + ".tmp", toPath: myTable)

        let report = try verify(dir.path, all: true)
        XCTAssertFalse(report.isWhole)
        let messages = report.problems.map(\.description)
        XCTAssertTrue(
            messages.contains { $0.contains("row 1 of public.users has 2 fields but its COPY column list has 6") },
            "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("row 1 of public.my table has 6 fields but its COPY column list has 2") },
            "\(messages)")
        let (status, _, _) = try runPGDmp(["verify", "-q", dir.path])
        XCTAssertEqual(status, 1)
    }

    /// A data offset of 2^63 or more (TABLE DATA and BLOBS) in every command: an answer, never a trap.
    func testOffsetsFrom2To63InEveryCommand() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let archive = try Archive.open(path: f.archivePath)
        let original = try bytes(f.archivePath)
        let tmp = try tempDirectory()
        let cases: [(String, String, [UInt64])] = [
            ("TABLE DATA", "public.users", [UInt64(1) << 63, UInt64.max]),
            ("BLOBS", "BLOBS", [(UInt64(1) << 63) + 4097]),
        ]
        for (desc, name, values) in cases {
            let i = try XCTUnwrap(archive.entries.firstIndex { $0.desc == desc && $0.qualifiedName.hasSuffix(name) })
            let next = i + 1 < archive.entries.count ? archive.entries[i + 1].tocOffset : archive.tocEndOffset
            for value in values {
                var b = original
                let at = Int(next) - archive.header.offSize
                for k in 0..<8 { b[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
                let path = tmp.appendingPathComponent("\(desc)-\(value).dump").path
                try Data(b).write(to: URL(fileURLWithPath: path))
                let commands: [[String]] = [
                    ["verify", "-q", path], ["verify", "-q", "--threads", "1", path], ["verify", "-q", "--all", path],
                    ["verify", "-q", "--threads", "4", path], ["rows", "-q", path], ["cat", path, "public.users"],
                    ["check", "-q", path], ["info", path], ["list", path], ["schema", path], ["order", path],
                    ["diff", path, f.archivePath],
                ]
                for args in commands {
                    let (status, _, err) = try runPGDmp(args)
                    let what =
                        "\(desc) offset \(value): \(args.dropLast(args[0] == "diff" ? 2 : 1).joined(separator: " "))"
                    XCTAssertTrue((0...2).contains(status), "\(what): exit \(status) \(err)")
                    XCTAssertFalse(err.contains("Fatal error") || err.contains("runtime failure"), "\(what): \(err)")
                    if args[0] == "verify" { XCTAssertEqual(status, 1, "\(what): \(err)") }
                }
                let report = try verify(path)
                XCTAssertEqual(report.problems.first?.offset, value, "\(report.problems)")
            }
        }
    }
}
