import XCTest

@testable import PGDump

/// The flat key stores of `check`'s table scans against a plain Swift dictionary or set: the same
/// answers for runs of consecutive ids (which share a probe start), wide strides, negative keys,
/// repeats, and through many growths of the table.
final class KeyStoreTests: XCTestCase {
    /// Keys shaped like a dump's: runs of ids, strides, negatives and the extremes, each several times.
    private func keys() -> [Int64] {
        var generator = SystemRandomNumberGenerator()
        var keys: [Int64] = Array(1...20_000)  // ids in order: runs of 8 share a start slot
        keys += stride(from: Int64(0), to: 800_000, by: 8).map { $0 }  // one key per run
        keys += stride(from: Int64(-1), to: -50_000, by: -3).map { $0 }
        keys += [.min, .max, .min + 1, .max - 1, 0]
        keys += (0..<20_000).map { _ in Int64.random(in: .min ... .max, using: &generator) }
        keys += keys.shuffled().prefix(30_000)  // repeats, out of order
        return keys
    }

    func testLineTableGivesTheFirstLineOfEveryRepeatedKey() {
        var table = Int64LineTable()
        defer { table.deallocate() }
        var model: [Int64: UInt64] = [:]
        for (i, k) in keys().enumerated() {
            let line = UInt64(i + 1)
            let repeated = table.insert(k, line: line)
            XCTAssertEqual(repeated, model[k], "insert of key \(k) at line \(line)")
            if model[k] == nil { model[k] = line }
        }
        XCTAssertEqual(table.count, model.count)
        XCTAssertGreaterThanOrEqual(table.bytes, model.count * 16, "16 bytes a slot, at most 3/4 full")
        for (k, line) in model { XCTAssertEqual(table.find(k), line, "find \(k)") }
        for k: Int64 in [20_001, 800_001, -2, 123_456_789] where model[k] == nil {
            XCTAssertNil(table.find(k), "a key never inserted: \(k)")
        }
    }

    /// Foreign-key keys in sorted runs: with a buffer of 256 keys runs are written (and merged 16
    /// at a time), with a large one the keys stay in memory; either way the merge gives each key
    /// once, in order, and `missing` finds exactly the keys with no match.
    func testIntKeyRunsMergeAndFindTheMissingKeys() throws {
        let all = keys()
        for maxRecords in [256, 1 << 20] {
            // a small buffer writes runs (and merges them); a large one keeps its keys in memory
            let budget = IntKeyRuns.RetainBudget(bytes: 1 << 30)
            let children = IntKeyRuns(maxRecords: maxRecords, budget: budget)
            for k in all { try children.append(k) }
            try children.finish()
            XCTAssertEqual(children.spilledBytes > 0, maxRecords == 256)
            XCTAssertEqual(children.retainedBytes > 0, maxRecords != 256)
            var merge = try IntKeyRuns.Merge([children])
            var merged: [Int64] = []
            while let k = try merge.next() { merged.append(k) }
            XCTAssertEqual(merged, Array(Set(all)).sorted())
            // Parents: every other distinct key, split over two sets, one key held in memory instead.
            let distinct = Array(Set(all)).sorted()
            let (p1, p2) = (IntKeyRuns(maxRecords: maxRecords), IntKeyRuns(maxRecords: maxRecords, budget: budget))
            for (i, k) in distinct.enumerated() where i % 2 == 0 { try (i % 4 == 0 ? p1 : p2).append(k) }
            try p1.finish()
            try p2.finish()
            let extra: Set<Int64> = [distinct[1]]
            let expected = Set(distinct.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)).subtracting(extra)
            XCTAssertEqual(try IntKeyRuns.missing([children], from: [p1, p2], orIn: extra), expected)
        }
    }

    func testKeyLineLogKeepsEveryPairInOrder() {
        var log = KeyLineLog()
        defer { log.deallocate() }
        let all = keys()
        for (i, k) in all.enumerated() { log.append(k, line: UInt64(i + 1)) }
        XCTAssertEqual(log.count, all.count)
        let stored = log.buffer
        XCTAssertEqual(stored.map(\.key), all)
        XCTAssertEqual(stored.map(\.line), (1...UInt64(all.count)).map { $0 })
    }

    func testKeyStoreCountsIntegerAndByteKeys() {
        var store = KeyStore<Int>()
        store.ints[1] = 1
        store.ints[2] = 2
        store.bytes[[0, 0, 0, 1, 65]] = 3
        XCTAssertEqual(store.count, 3)
    }

    /// `TableScanner.canonicalInt` (eight digits at a time) against a digit-by-digit reference on
    /// random text: numbers of every length up to the Int64 limits and past them, leading zeros,
    /// signs, and bytes next to the digits in ASCII ('/', ':') or above it.
    func testCanonicalIntAgreesWithDigitByDigit() {
        func reference(_ s: [UInt8]) -> Int64? {
            guard !s.isEmpty, s.count <= 20 else { return nil }
            let negative = s[0] == UInt8(ascii: "-")
            let digits = negative ? Array(s.dropFirst()) : s
            guard let first = digits.first, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if first == 0x30 { return digits.count == 1 && !negative ? 0 : nil }
            return Int64(String(decoding: s, as: UTF8.self))
        }
        var generator = SystemRandomNumberGenerator()
        let others: [UInt8] = Array("-+ /:a".utf8) + [0x00, 0x7F, 0x80, 0xB0, 0xB9, 0xFF]
        for trial in 0..<200_000 {
            var s: [UInt8]
            switch trial % 4 {
            case 0: s = Array(String(Int64.random(in: .min ... .max, using: &generator)).utf8)
            case 1: s = Array(String(UInt64.random(in: 0 ... .max, using: &generator) >> (trial % 64)).utf8)
            default:
                s = (0..<Int.random(in: 0...22, using: &generator)).map { _ in
                    Int.random(in: 0..<10, using: &generator) < 8
                        ? 0x30 + UInt8.random(in: 0...9, using: &generator) : others.randomElement(using: &generator)!
                }
            }
            let got = s.withUnsafeBytes { TableScanner.canonicalInt($0) }
            XCTAssertEqual(got, reference(s), String(decoding: s, as: UTF8.self))
            if got != reference(s) { return }
        }
    }
}
