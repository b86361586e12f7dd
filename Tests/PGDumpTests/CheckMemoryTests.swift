import Foundation
import XCTest
@testable import PGDump

/// `check` in bounded memory: key fingerprints logged and spilled to sorted runs, repeated ones
/// confirmed exactly in a second pass. Whatever the path, the report is the one of holding every
/// key in memory.
final class CheckMemoryTests: XCTestCase {
    /// Target locale each fault fixture was restored under (its generator says which).
    static let fixtures = ["mixed": "C", "clean": "C", "partial": "C.UTF-8"]

    /// The report as JSON, without the fields that describe the path taken (memory, disk).
    static func comparable(_ r: CheckReport) throws -> String {
        var r = r
        r.keySetBytes = 0
        r.peakResidentBytes = 0
        r.spilledBytes = 0
        r.memoryLimit = 0
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try e.encode(r), as: UTF8.self)
    }

    static func run(_ name: String, _ configure: (inout CheckOptions) -> Void) throws -> CheckReport {
        var o = CheckOptions()
        o.targetLocale = fixtures[name]!
        configure(&o)
        return RestoreCheck.run(try CheckTests.archive(name), options: o)
    }

    /// A memory limit so small that every key log spills runs of 16 records: same report.
    func testSpillPathGivesTheInMemoryReport() throws {
        var spilled = 0
        for name in Self.fixtures.keys.sorted() {
            let inMemory = try Self.run(name) { $0.holdKeysInMemory = true }
            let spilling = try Self.run(name) { $0.memoryLimit = 1 }
            XCTAssertEqual(try Self.comparable(spilling), try Self.comparable(inMemory), name)
            XCTAssertEqual(spilling.spilledBytes % 8, 0)
            spilled += spilling.spilledBytes
            let defaults = try Self.run(name) { _ in }
            XCTAssertEqual(try Self.comparable(defaults), try Self.comparable(inMemory), name)
            XCTAssertEqual(defaults.spilledBytes, 0, "\(name): 256 MB holds these keys")
        }
        XCTAssertGreaterThan(spilled, 0, "the tiny limit wrote sorted runs")
    }

    /// Rows longer than the long-row limit are read from a temporary file, the checked fields
    /// copied out: with the limit at 1, 7 and 64 bytes (every or most rows long), the report is the
    /// one of rows held whole, value lengths and histograms included.
    func testLongRowsGiveTheReportOfRowsHeldWhole() throws {
        for name in Self.fixtures.keys.sorted() {
            let whole = try Self.run(name) {
                $0.valuesOver = 3
                $0.histogram = true
            }
            XCTAssertFalse(whole.largeValues?.isEmpty ?? true, "\(name): values over 3 bytes exist")
            for limit in [1, 7, 64] {
                let long = try Self.run(name) {
                    $0.valuesOver = 3
                    $0.histogram = true
                    $0.longRowLimit = limit
                }
                XCTAssertEqual(try Self.comparable(long), try Self.comparable(whole), "\(name), limit \(limit)")
            }
        }
    }

    /// A long row whose checked fields do not fit what the check holds is not checked, and the
    /// report says so (never a clean answer for rows it did not look at).
    func testLongRowsTooLongToHoldAreNotChecked() throws {
        let whole = try Self.run("mixed") { _ in }
        XCTAssertFalse(whole.duplicateKeys.isEmpty, "the fixture has duplicates to miss")
        let unheld = try Self.run("mixed") {
            $0.longRowLimit = 1
            $0.longRowHeldBytes = 0
        }
        XCTAssertTrue(unheld.duplicateKeys.isEmpty)
        XCTAssertFalse(unheld.notChecked.isEmpty)
        XCTAssertTrue(
            unheld.notChecked.contains { $0.reason.contains("row(s) not checked") && $0.reason.contains("0 bytes") },
            "\(unheld.notChecked)")
    }

    /// Fingerprints of 1 bit: nearly every pair of different keys collides. The second pass compares
    /// the keys themselves, so no collision is reported as a duplicate.
    func testFingerprintCollisionsAreConfirmedExactly() throws {
        for name in Self.fixtures.keys.sorted() {
            let inMemory = try Self.run(name) { $0.holdKeysInMemory = true }
            let colliding = try Self.run(name) {
                $0.fingerprintBits = 1
                $0.memoryLimit = 1
            }
            XCTAssertEqual(try Self.comparable(colliding), try Self.comparable(inMemory), name)
        }
        // and on the bare log: two different keys with one fingerprint are one candidate group
        var log = KeyRunLog(maxRecords: 16)
        defer { log.close() }
        let a = Array("https://example.org/1".utf8)
        let b = Array("https://example.org/2".utf8)
        let fa = a.withUnsafeBytes { KeyFingerprint.of($0, bits: 1) }
        let fb = b.withUnsafeBytes { KeyFingerprint.of($0, bits: 1) }
        XCTAssertLessThan(fa, 2)
        try log.append(fa, line: 1)
        try log.append(fb, line: 2)
        var groups: [[UInt64]] = []
        try log.forEachRepeatedKey { _, lines in groups.append(lines) }
        XCTAssertEqual(groups, fa == fb ? [[1, 2]] : [])
    }

    /// Large buffers are radix-sorted: the groups (and their ascending lines) are those of a plain sort.
    func testRadixSortedBufferGroupsLikeASort() throws {
        for spread in [UInt64(40_000), UInt64.max] {
            var keys: [(UInt64, UInt64)] = []
            for line in 1...60_000 { keys.append((UInt64.random(in: 0...spread), UInt64(line))) }
            keys.append((keys[10].0, 60_001))  // at least one repeat
            var expected: [UInt64: [UInt64]] = [:]
            for (k, l) in keys { expected[k, default: []].append(l) }
            expected = expected.filter { $0.value.count > 1 }
            var log = KeyRunLog(maxRecords: 1 << 20)
            defer { log.close() }
            for (k, l) in keys { try log.append(k, line: l) }
            XCTAssertEqual(log.spilledBytes, 0)
            var got: [UInt64: [UInt64]] = [:]
            try log.forEachRepeatedKey { k, lines in got[k] = lines }
            XCTAssertEqual(got, expected)
        }
    }

    /// Sorted runs merge into the groups of an in-memory sort, whatever the run size.
    func testRunsMergeLikeOneSort() throws {
        var keys: [(UInt64, UInt64)] = []
        var rng = SystemRandomNumberGenerator()
        for line in 1...5000 { keys.append((UInt64.random(in: 0..<3000, using: &rng), UInt64(line))) }
        var expected: [UInt64: [UInt64]] = [:]
        for (k, l) in keys { expected[k, default: []].append(l) }
        expected = expected.filter { $0.value.count > 1 }
        var log = KeyRunLog(maxRecords: 100)
        defer { log.close() }
        for (k, l) in keys { try log.append(k, line: l) }
        XCTAssertEqual(log.spilledBytes, 4900 * 16)
        var got: [UInt64: [UInt64]] = [:]
        var lastKey: UInt64?
        try log.forEachRepeatedKey { k, lines in
            if let lastKey { XCTAssertLessThan(lastKey, k) }
            lastKey = k
            got[k] = lines
        }
        XCTAssertEqual(got, expected)
    }
}
