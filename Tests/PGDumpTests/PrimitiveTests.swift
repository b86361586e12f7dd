import XCTest
@testable import PGDump

/// The primitive encodings, on bytes written the way pg_dump writes them (format notes §0).
final class PrimitiveTests: XCTestCase {
    private func decoder(_ bytes: [UInt8], intSize: Int = 4) -> PrimitiveDecoder {
        PrimitiveDecoder(reader: ByteReader(source: MemoryByteSource(bytes)), intSize: intSize, offSize: 8)
    }

    func testSignMagnitudeInts() throws {
        XCTAssertEqual(try decoder([0, 0, 0, 0, 0]).readInt("x"), 0)
        XCTAssertEqual(try decoder([0, 16, 0, 0, 0]).readInt("x"), 16)
        XCTAssertEqual(try decoder([1, 1, 0, 0, 0]).readInt("x"), -1)
        XCTAssertEqual(try decoder([0, 1, 0, 0, 0, 0, 0, 0, 0], intSize: 8).readInt("x"), 1)
        XCTAssertThrowsError(try decoder([0, 16, 0]).readInt("x"))
    }

    func testNullAndEmptyStringsDiffer() throws {
        XCTAssertNil(try decoder([1, 1, 0, 0, 0]).readString("s"))
        XCTAssertEqual(try decoder([0, 0, 0, 0, 0]).readString("s"), "")
        XCTAssertEqual(try decoder([0, 2, 0, 0, 0, 0x68, 0x69]).readString("s"), "hi")
        XCTAssertThrowsError(try decoder([1, 5, 0, 0, 0]).readString("s"))  // -5 is not a length pg_dump writes
    }

    func testOffsetsAndFlags() throws {
        guard case .set(let v) = try decoder([2, 0x10, 0x27, 0, 0, 0, 0, 0, 0]).readOffset("o") else {
            return XCTFail()
        }
        XCTAssertEqual(v, 10000)
        guard case .notSet = try decoder([1, 0, 0, 0, 0, 0, 0, 0, 0]).readOffset("o") else { return XCTFail() }
        guard case .noData = try decoder([3, 0, 0, 0, 0, 0, 0, 0, 0]).readOffset("o") else { return XCTFail() }
        XCTAssertThrowsError(try decoder([7, 0, 0, 0, 0, 0, 0, 0, 0]).readOffset("o"))
    }

    /// OIDs are stored as decimal text and read with C's %u: "3000000000", and a wrapped "-1294967296".
    func testOIDTextAsPgRestoreReadsIt() {
        XCTAssertEqual(CDecimal("3000000000").unsigned32, 3_000_000_000)
        XCTAssertEqual(CDecimal("-1294967296").unsigned32, 3_000_000_000)
        XCTAssertEqual(CDecimal("  42abc").unsigned32, 42)
        XCTAssertEqual(CDecimal("").unsigned32, 0)
        XCTAssertEqual(CDecimal("99999999999").unsigned32, UInt32.max)
        XCTAssertEqual(CDecimal("3401").int32, 3401)
    }
}

/// Strings that are not UTF-8 (LATIN1 dumps) survive decoding byte for byte.
final class ArchiveTextTests: XCTestCase {
    func testRoundTripOfAnyBytes() {
        let samples: [[UInt8]] = [
            Array("plain".utf8), Array("café 日本".utf8), [0x63, 0x61, 0x66, 0xE9], [0xFF, 0xFE, 0x00, 0x41],
            [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], Array("\u{F7E9}".utf8),
        ]
        for s in samples {
            XCTAssertEqual(ArchiveText.bytes(of: ArchiveText.decode(s)), s, "\(s)")
        }
        XCTAssertEqual(ArchiveText.readable(ArchiveText.decode([0x63, 0x61, 0x66, 0xE9])), "café")
    }
}
