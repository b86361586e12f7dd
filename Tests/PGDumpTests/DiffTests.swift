import Foundation
import XCTest
@testable import PGDump

/// `diff` finds nothing between an archive and itself (or the same dump in another format),
/// and exactly the changes Fixtures/generate-diff.sh made between its two dumps.
final class DiffTests: XCTestCase {
    func testArchiveWithItselfIsEqual() throws {
        for f in FixtureCase.all where f.name.hasPrefix("pg17") || f.name.hasPrefix("pg15-custom") {
            let a = try Archive.open(path: f.archivePath)
            let b = try Archive.open(path: f.archivePath)
            let d = ArchiveDiff.make(a, b, workers: 2)
            XCTAssertTrue(d.isEqual, "\(f.name): \(d.onlyInA) \(d.onlyInB) \(d.changed.map(\.entry))")
        }
        // The same dump in custom and directory format.
        let d = ArchiveDiff.make(
            try Archive.open(path: FixtureCase.named("pg17-custom-zstd").archivePath),
            try Archive.open(path: FixtureCase.named("pg17-dir-zstd").archivePath))
        XCTAssertTrue(d.isEqual, "\(d.changed.map(\.entry)) \(d.tables.filter(\.changed).map(\.name))")
    }

    func testKnownChangesAreReportedExactly() throws {
        let dir = FixtureCase.root.appendingPathComponent("Fixtures/diff")
        let expected = try String(contentsOf: dir.appendingPathComponent("expected.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map {
                $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }
        let d = ArchiveDiff.make(
            try Archive.open(path: dir.appendingPathComponent("before.dump").path),
            try Archive.open(path: dir.appendingPathComponent("after.dump").path))
        XCTAssertFalse(d.isEqual)
        func key(_ r: ArchiveDiff.EntryRef) -> String { "\(r.desc)|\(r.schema ?? "")|\(r.name)" }
        let onlyB = expected.filter { $0[0] == "only_in_b" }.map { "\($0[1])|\($0[2])|\($0[3])" }
        XCTAssertEqual(d.onlyInB.map(key).sorted(), onlyB.sorted())
        XCTAssertEqual(d.onlyInA.map(key), [])
        let changed = expected.filter { $0[0] == "changed" }.map { "\($0[1])|\($0[2])|\($0[3])|\($0[4])" }
        XCTAssertEqual(
            d.changed.map { key($0.entry) + "|" + $0.fields.joined(separator: ",") }.sorted(), changed.sorted())
        let rows = expected.filter { $0[0] == "rows" }
        let reported = d.tables.filter(\.changed)
        XCTAssertEqual(
            Set(reported.map { "\($0.desc)|\($0.schema ?? "")|\($0.name)" }),
            Set(rows.map { "\($0[1])|\($0[2])|\($0[3])" }))
        for r in rows {
            let t = try XCTUnwrap(reported.first { $0.name == r[3] && $0.schema == r[2] })
            let counts = r[4].split(separator: " ").map { UInt64($0) }
            XCTAssertEqual(t.rowsA, counts[0], r[3])
            XCTAssertEqual(t.rowsB, counts[1], r[3])
            XCTAssertEqual(t.rowsDifference, Int64(counts[1] ?? 0) - Int64(counts[0] ?? 0), r[3])
        }
        // Schema only: the same entry changes, no data read.
        let s = ArchiveDiff.make(
            try Archive.open(path: dir.appendingPathComponent("before.dump").path),
            try Archive.open(path: dir.appendingPathComponent("after.dump").path), schemaOnly: true)
        XCTAssertTrue(s.tables.isEmpty)
        XCTAssertEqual(s.changed.count, changed.count)
    }

    func testCommandExitCodes() throws {
        let dir = FixtureCase.root.appendingPathComponent("Fixtures/diff")
        let a = dir.appendingPathComponent("before.dump").path
        let b = dir.appendingPathComponent("after.dump").path
        XCTAssertEqual(try runPGDmp(["diff", a, a]).0, 0)
        let (code, out, _) = try runPGDmp(["diff", "--json", a, b])
        XCTAssertEqual(code, 1)
        let json = try JSONSerialization.jsonObject(with: out) as? [String: Any]
        XCTAssertEqual((json?["onlyInB"] as? [Any])?.count, 2)
        XCTAssertEqual(try runPGDmp(["diff", a, "/nonexistent"]).0, 2)
    }
}
