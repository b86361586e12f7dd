import XCTest
@testable import PGDump

/// `CopyShapeChecker` splits rows into fields the way the server's text COPY does, whatever
/// the piece boundaries, and names the first row that does not fit.
final class CopyShapeCheckerTests: XCTestCase {
    /// The server's rule, one byte at a time: a backslash escapes the next byte; unescaped tabs
    /// split fields; an unescaped newline ends a row; `\.` alone at a row start ends the data.
    private func reference(_ text: [UInt8], expected: Int) -> CopyShapeChecker.Problem? {
        var row: UInt64 = 0
        var start: UInt64 = 0
        var fields = 1
        var length = 0
        var escaped = false
        var i = 0
        while i < text.count {
            let b = text[i]
            if escaped {
                escaped = false
                if length == 1 && text[i - 1] == 0x5C && b == 0x2E { return nil }
                length += 1
            } else if b == 0x5C {
                escaped = true
                length += 1
            } else if b == 0x09 {
                fields += 1
                length += 1
            } else if b == 0x0A {
                row += 1
                let n = length == 0 ? (expected == 0 ? 0 : 1) : fields
                if n != expected { return .init(row: row, offset: start, fields: n) }
                start = UInt64(i + 1)
                fields = 1
                length = 0
            } else if b == 0x0D {
                return .init(row: row + 1, offset: start, fields: fields, carriageReturnAt: UInt64(i))
            } else {
                length += 1
            }
            i += 1
        }
        return nil
    }

    private func check(_ text: String, expected: Int, file: StaticString = #filePath, line: UInt = #line) {
        let bytes = Array(text.utf8)
        let want = reference(bytes, expected: expected)
        for size in [1, 2, 3, 5, 7, 8, 9, 16, 64, max(1, bytes.count)] {
            var c = CopyShapeChecker(expectedFields: expected)
            var k = 0
            while k < bytes.count {
                let end = min(bytes.count, k + size)
                bytes[k..<end].withUnsafeBytes { c.scan($0) }
                k = end
            }
            XCTAssertEqual(c.problem, want, "pieces of \(size): \(text.debugDescription)", file: file, line: line)
            XCTAssertEqual(c.offset, UInt64(bytes.count), file: file, line: line)
        }
    }

    func testRowsThatFit() {
        check("1\talice\tx@example.com\n2\tbob\t\\N\n\\.\n", expected: 3)
        check("a long value with no special bytes at all\tanother long value of text\tthird\n\\.\n", expected: 3)
        check("escaped\\ttab\tand\\nnewline\t\\\\\n\\.\n", expected: 3)
        check("\n\n\\.\n", expected: 0)  // a table without columns: empty rows
        check("\n\\.\n", expected: 1)  // one empty field
        check("x\ty\n\\.\nanything after\tthe marker\n", expected: 2)
    }

    func testRowsThatDoNotFit() {
        check("1\ta\n2\ta\tb\n\\.\n", expected: 2)  // extra field in row 2
        check("1\ta\n2\n\\.\n", expected: 2)  // missing field in row 2
        check("a\\\tb\tc\n\\.\n", expected: 3)  // an escaped tab is data, not a delimiter
        check("x\n\\.\n", expected: 0)  // text in a table without columns
        check("aaaaaaaaaaaaaaaaaaaaaaa\taaaaaaaaaaaaaaaaaaaaaaaaa\r\n\\.\n", expected: 2)  // literal CR
        check("\\.x\ty\n", expected: 1)  // `\.` not alone is an escaped dot
    }

    /// The block path against the byte-by-byte reference on generated text: long plain runs (so
    /// blocks are taken, and rows of thousands of tabs outgrow a lane's 255), `\N` and escaped
    /// bytes, backslashes before tabs and newlines, carriage returns, empty rows and end markers,
    /// cut into pieces at random places.
    func testBlockPathAgreesWithTheReference() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ k: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(k))
        }
        let pieces: [[UInt8]] = [
            Array("abcdefghijklmnopqrstuvwxyz0123".utf8), [0x09], [0x09], [0x0A], Array("\\N".utf8),
            Array("\\t".utf8), [0x5C, 0x5C], [0x5C, 0x09], [0x5C, 0x0A], [0x0D], Array("\\.".utf8), [0x5C],
            Array(repeating: 0x09, count: 4_100), Array(repeating: 0x78, count: 70),
        ]
        for trial in 0..<3_000 {
            var text: [UInt8] = []
            let calm = random(3) != 0  // most texts hold only what pg_dump writes
            for _ in 0..<random(40) {
                let k = random(pieces.count)
                if calm && [7, 8, 9, 11].contains(k) { continue }
                text += pieces[k]
            }
            let expected = random(5)
            let want = reference(text, expected: expected)
            var cuts = (0..<random(4)).map { _ in random(text.count + 1) } + [0, text.count]
            cuts.sort()
            var c = CopyShapeChecker(expectedFields: expected)
            for k in 0..<(cuts.count - 1) { text[cuts[k]..<cuts[k + 1]].withUnsafeBytes { c.scan($0) } }
            XCTAssertEqual(c.problem, want, "trial \(trial): \(text.count) bytes cut at \(cuts)")
            if c.problem != want { return }
        }
    }

    func testProblemIsNamedWithRowAndOffset() throws {
        let text = Array("1\ta\n2\ta\n3\ta\tEXTRA\n4\ta\n\\.\n".utf8)
        var c = CopyShapeChecker(expectedFields: 2)
        text.withUnsafeBytes { c.scan($0) }
        let p = try XCTUnwrap(c.problem)
        XCTAssertEqual(p.row, 3)
        XCTAssertEqual(p.offset, 8)
        XCTAssertEqual(p.fields, 3)
        let e = try XCTUnwrap(c.error(table: "public.t"))
        XCTAssertTrue(e.message.contains("row 3 of public.t has 3 fields but its COPY column list has 2"), e.message)
        XCTAssertTrue(e.message.contains("byte 8"), e.message)
        XCTAssertTrue(e.message.contains("extra data after last expected column"), e.message)
    }

    func testFieldCountFromTheCopyStatement() throws {
        XCTAssertEqual(
            CopyShapeChecker(copyStatement: "COPY public.t (a, \"b,c\", d) FROM stdin;\n", withOids: false)?
                .expectedFields, 3)
        XCTAssertEqual(
            CopyShapeChecker(copyStatement: "COPY app.no_cols  FROM stdin;\n", withOids: false)?.expectedFields, 0)
        XCTAssertEqual(
            CopyShapeChecker(copyStatement: "COPY t (a) WITH OIDS FROM stdin;\n", withOids: false)?.expectedFields, 2)
        XCTAssertNil(CopyShapeChecker(copyStatement: "INSERT", withOids: false))
    }
}
