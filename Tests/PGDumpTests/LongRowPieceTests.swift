import XCTest
@testable import PGDump

/// The pieces of the long-row path (`cat` of a value too long to hold) against their
/// whole-line references: a COPY field decoded in pieces is `CopyText.decode` of the whole, a
/// line split in pieces gives `CopyText.fieldRanges`, UTF-8 repaired in pieces is
/// `String(decoding:)` of the whole, for random inputs cut at every position.
final class LongRowPieceTests: XCTestCase {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    private func random(_ k: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(k))
    }

    /// Escape-heavy COPY text: backslashes, octal and hex digits, `N`, tabs, escape letters.
    private let copyAlphabet = Array(#"\\\\\\N01234567xXaAfF9tnrbv"#.utf8) + [0x09, 0xC3, 0xA9]

    /// `raw` decoded by `CopyFieldDecoder` in pieces cut at `cuts` (sorted offsets).
    private func decodeInPieces(_ raw: [UInt8], cuts: [Int]) -> [UInt8]? {
        var decoder = CopyFieldDecoder()
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: raw.count + 2, alignment: 1)
        defer { buffer.deallocate() }
        raw.withUnsafeBytes { all in
            var from = 0
            for cut in cuts + [raw.count] {
                let n = decoder.decode(UnsafeRawBufferPointer(rebasing: all[from..<cut]), into: buffer.baseAddress!)
                XCTAssertLessThanOrEqual(n, cut - from + 1)
                out += buffer[0..<n]
                from = cut
            }
        }
        guard let n = decoder.finish(into: buffer.baseAddress!) else { return nil }
        return out + buffer[0..<n]
    }

    func testFieldDecoderInPiecesIsTheWholeDecode() {
        var fields: [[UInt8]] = [[], Array(#"\N"#.utf8), Array(#"\NN"#.utf8), Array(#"N\N"#.utf8), [0x5C]]
        for _ in 0..<3000 {
            let length = random(3) == 0 ? random(40) : random(9)
            fields.append((0..<length).map { _ in copyAlphabet[random(copyAlphabet.count)] })
        }
        var compared = 0
        for raw in fields {
            let whole = raw.withUnsafeBytes { CopyText.decode($0) }
            XCTAssertEqual(decodeInPieces(raw, cuts: []), whole, "\(raw)")
            // one cut at every position, and pieces of every small size
            for cut in 0...raw.count {
                XCTAssertEqual(decodeInPieces(raw, cuts: [cut]), whole, "\(raw) cut at \(cut)")
                compared += 1
            }
            for size in 1...3 where !raw.isEmpty {
                XCTAssertEqual(
                    decodeInPieces(raw, cuts: Array(stride(from: size, to: raw.count, by: size))), whole,
                    "\(raw) in \(size)-byte pieces")
            }
        }
        XCTAssertGreaterThan(compared, 10_000)
    }

    func testFieldSplitterInPiecesIsFieldRanges() {
        for _ in 0..<3000 {
            let length = random(3) == 0 ? random(60) : random(12)
            let line = (0..<length).map { _ in copyAlphabet[random(copyAlphabet.count)] }
            var expected: [Range<Int>] = []
            line.withUnsafeBytes { CopyText.fieldRanges($0, into: &expected) }
            var cutLists: [[Int]] = (0...line.count).map { [$0] }
            cutLists.append(Array(0...line.count))
            for cuts in cutLists {
                var splitter = CopyFieldSplitter()
                var found: [Range<Int>] = []
                line.withUnsafeBytes { all in
                    var from = 0
                    for cut in cuts + [line.count] {
                        splitter.split(UnsafeRawBufferPointer(rebasing: all[from..<cut])) { found.append($0) }
                        from = cut
                    }
                }
                splitter.finish { found.append($0) }
                XCTAssertEqual(found, expected, "\(line) cut at \(cuts)")
            }
        }
    }

    func testUTF8RepairInPiecesIsStringDecoding() {
        // valid sequences of every length, their prefixes, lone continuation and invalid lead bytes
        let atoms: [[UInt8]] = [
            [0x61], [0x22], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xE2, 0x82],
            [0xF0, 0x9F, 0x98], [0x80], [0xBF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90],
            [0xF5], [0xFF], [0xF0], [0xE0, 0xA0],
        ]
        for _ in 0..<4000 {
            let value = (0..<random(8)).flatMap { _ in atoms[random(atoms.count)] }
            let expected = Array(String(decoding: value, as: UTF8.self).utf8)
            var cutLists: [[Int]] = (0...value.count).map { [$0] }
            cutLists.append(Array(0...value.count))
            cutLists.append(Array(stride(from: 2, to: value.count, by: 2)))
            for cuts in cutLists {
                var repair = UTF8PieceRepair()
                var out: [UInt8] = []
                value.withUnsafeBytes { all in
                    var from = 0
                    for cut in cuts + [value.count] {
                        repair.repair(UnsafeRawBufferPointer(rebasing: all[from..<cut])) { out += $0 }
                        from = cut
                    }
                }
                repair.finish { out += $0 }
                XCTAssertEqual(out, expected, "\(value) cut at \(cuts)")
            }
        }
    }

    /// Stored bytes handed out in pieces of a fixed size (uncompressed: the reader sees these pieces).
    private final class PieceInput: CompressedInput {
        let bytes: [UInt8]
        let size: Int
        var at = 0
        init(_ bytes: [UInt8], size: Int) {
            self.bytes = bytes
            self.size = size
        }
        func nextPiece() throws -> UnsafeRawBufferPointer? {
            guard at < bytes.count else { return nil }
            let n = min(size, bytes.count - at)
            defer { at += n }
            return bytes.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[at..<at + n]) }
        }
        var offset: UInt64 { UInt64(at) }
        var storedBytes: UInt64 { UInt64(at) }
        var fileName: String { "test" }
        func fileOffset(ofPieceByte k: Int) -> UInt64 { UInt64(at + k) }
    }

    private func rows(_ data: [UInt8], piece: Int, limit: Int?) throws -> [(UInt64, [UInt8], Bool)] {
        let reader = EntryDataReader(input: PieceInput(data, size: piece), decompressor: nil, context: "t")
        let lines = limit.map { CopyLineReader(data: reader, longLineLimit: $0, longLinePieceSize: 3) }
        var out: [(UInt64, [UInt8], Bool)] = []
        if let lines {
            while let row = try lines.nextRow() {
                switch row {
                case .line(let l): out.append((lines.lineNumber, Array(l), false))
                case .long(let long): out.append((lines.lineNumber, try long.bytes(0..<long.count), true))
                }
            }
        } else {
            let lines = CopyLineReader(data: reader)
            while let l = try lines.nextLine() { out.append((lines.lineNumber, Array(l), false)) }
        }
        return out
    }

    /// `nextRow` gives the lines `nextLine` gives, with those longer than the limit streamed through
    /// the temporary file, whether a line lies inside a piece or spans many; data ending inside
    /// a long row is the same error as inside a short one.
    func testReaderHandsOutLongRowsWithTheirBytes() throws {
        var text: [UInt8] = []
        for i in 0..<60 {
            let length = [0, 1, 2, 3, 5, 9, 17, 40, 100][i % 9] + i % 4
            text += (0..<length).map { _ in copyAlphabet[random(copyAlphabet.count)] } + [0x0A]
        }
        text += Array("\\.\n\n".utf8)
        for piece in [1, 2, 3, 7, 64, 4096] {
            let whole = try rows(text, piece: piece, limit: nil)
            XCTAssertEqual(whole.count, 60)
            for limit in [1, 2, 3, 7, 64] {
                let streamed = try rows(text, piece: piece, limit: limit)
                XCTAssertEqual(streamed.map(\.0), whole.map(\.0), "piece \(piece) limit \(limit)")
                XCTAssertEqual(streamed.map(\.1), whole.map(\.1), "piece \(piece) limit \(limit)")
                XCTAssertEqual(streamed.map(\.2), whole.map { $0.1.count > max(limit, 2) })
            }
            let cut = Array(text.prefix(text.count - 40))
            for limit in [2, 64] {
                XCTAssertThrowsError(try rows(cut, piece: piece, limit: limit)) { error in
                    XCTAssertEqual((error as? PGDumpError)?.kind, .truncated)
                    XCTAssertTrue("\(error)".contains("in the middle of a row"), "\(error)")
                }
            }
        }
    }
}
