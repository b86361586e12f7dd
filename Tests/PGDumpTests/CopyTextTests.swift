import XCTest
@testable import PGDump

/// `CopyText.fieldRanges` splits a COPY line at its unescaped tabs, reusing the array from row to
/// row: rows narrower and wider than the one before, and `upTo` cut-offs, give the reference split.
final class CopyTextTests: XCTestCase {
    /// The split, one byte at a time: a backslash escapes the byte after it.
    private func reference(_ line: [UInt8], upTo last: Int) -> [Range<Int>] {
        guard last >= 0 else { return [] }
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < line.count {
            if line[i] == 0x5C {
                i += 2
                continue
            }
            if line[i] == 0x09 {
                out.append(start..<i)
                if out.count > last { return out }
                start = i + 1
            }
            i += 1
        }
        out.append(start..<line.count)
        return out
    }

    func testFieldRangesAgreeWithTheReferenceAcrossRows() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func random(_ k: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(k))
        }
        let alphabet: [UInt8] = [0x61, 0x62, 0x09, 0x09, 0x5C, 0x4E, 0x74]
        // Backslashes rare enough that most 16-byte blocks have none (the block path), and tabs
        // dense or sparse (many fields in one block, or blocks without a field end).
        let sparse: [UInt8] = Array(repeating: 0x61, count: 40) + [0x09, 0x09, 0x09, 0x5C]
        let plain: [UInt8] = Array(repeating: 0x62, count: 60) + [0x09]
        var ranges: [Range<Int>] = []
        for trial in 0..<20_000 {
            // widths jump around, so rows reuse, outgrow and shrink the array
            let length = random(4) == 0 ? random(400) : random(24) + (random(2) == 0 ? 0 : random(40))
            let letters = [alphabet, sparse, plain][trial % 3]
            let line = (0..<length).map { _ in letters[random(letters.count)] }
            let last = random(5) == 0 ? random(6) - 1 : Int.max
            line.withUnsafeBytes { CopyText.fieldRanges($0, into: &ranges, upTo: last) }
            XCTAssertEqual(ranges, reference(line, upTo: last), "trial \(trial), upTo \(last)")
            if ranges != reference(line, upTo: last) { return }
        }
        CopyText.fieldRanges(UnsafeRawBufferPointer(start: nil, count: 0), into: &ranges)
        XCTAssertEqual(ranges, [0..<0])
    }
}
