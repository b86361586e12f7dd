import Foundation
import XCTest
@testable import PGDump

/// `cat --format csv / tsv / jsonl` writes a row longer than the long-line limit from a temporary
/// file, piece by piece (`CatLongRowWriter`). `PGDMP_LONG_LINE` shrinks the limit to a few bytes so
/// nearly every row takes that path, and `PGDMP_CAT_PIECE` reads it back in pieces of a few bytes,
/// cutting escapes, quotes and UTF-8 sequences at every position: the output, exit code and
/// messages must be exactly those of the in-memory path, for every option.
final class CatLongRowTests: XCTestCase {
    /// (long-line limit, read-back piece size) pairs.
    let limits: [(String, String)] = [("1", "1"), ("2", "3"), ("3", "8"), ("7", "2"), ("64", "5")]

    override func setUpWithError() throws {
        try requirePGDmpBinary()
    }

    override func tearDown() {
        unsetenv("PGDMP_LONG_LINE")
        unsetenv("PGDMP_CAT_PIECE")
    }

    /// Runs `args` without and with each limit; returns how many runs were compared.
    @discardableResult
    private func assertLongRowsMatch(
        _ args: [String], limits: [(String, String)]? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Int {
        unsetenv("PGDMP_LONG_LINE")
        unsetenv("PGDMP_CAT_PIECE")
        let (code, out, err) = try runPGDmp(args)
        var compared = 0
        for (limit, piece) in limits ?? self.limits {
            setenv("PGDMP_LONG_LINE", limit, 1)
            setenv("PGDMP_CAT_PIECE", piece, 1)
            defer {
                unsetenv("PGDMP_LONG_LINE")
                unsetenv("PGDMP_CAT_PIECE")
            }
            let (code2, out2, err2) = try runPGDmp(args)
            let what = "\(args.dropFirst(2).joined(separator: " ")) with limit \(limit), pieces \(piece)"
            XCTAssertEqual(code2, code, "\(what): \(err2)", file: file, line: line)
            XCTAssertEqual(err2, err, what, file: file, line: line)
            if out2 != out {
                let at =
                    zip(out, out2).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(
                        out.count, out2.count)
                let context = { (d: Data) in String(decoding: d[max(0, at - 40)..<min(d.count, at + 40)], as: UTF8.self)
                }
                XCTFail(
                    "\(what): output differs at byte \(at) (\(out.count) vs \(out2.count) bytes):\n"
                        + "in memory: \(context(out))\nlong rows: \(context(out2))", file: file, line: line)
            }
            compared += 1
        }
        return compared
    }

    /// Every table of the fixtures (escapes, quotes, commas, empty strings, NULLs, multibyte text,
    /// LATIN1, wide rows, a table without columns), in the three formats.
    func testFixtureTablesWriteTheSameBytesAsLongRows() throws {
        var compared = 0
        for name in ["pg15-custom-default", "pg15-custom-latin1"] {
            let f = FixtureCase.named(name)
            let (code, out, err) = try runPGDmp(["rows", "--json", f.archivePath])
            XCTAssertEqual(code, 0, err)
            let json = try JSONSerialization.jsonObject(with: out) as! [String: Any]
            let tables = (json["tables"] as! [[String: Any]]).filter {
                ($0["desc"] as? String) == "TABLE DATA" && ($0["status"] as? String) == "ok"
            }
            for t in tables {
                let table =
                    SQLIdentifier.quote(t["schema"] as! String) + "." + SQLIdentifier.quote(t["name"] as! String)
                for format in ["csv", "tsv", "jsonl"] {
                    let args = ["cat", "-q", f.archivePath, table, "--format", format, "--limit", "300"]
                    compared += try assertLongRowsMatch(args)
                    compared += try assertLongRowsMatch(args + ["--line-numbers"], limits: [("3", "2")])
                }
            }
        }
        let users = FixtureCase.named("pg15-custom-default").archivePath
        for format in ["csv", "tsv", "jsonl"] {
            let args = ["cat", "-q", users, "public.users", "--format", format]
            compared += try assertLongRowsMatch(args + ["--columns", "email,id,home,email"])
            compared += try assertLongRowsMatch(args + ["--where", "id > 2", "--line-numbers"])
            // (a condition holds its value: the limit must fit the emails)
            compared += try assertLongRowsMatch(
                args + ["--where", "email IS NULL", "--where", "id < 9"], limits: [("20", "3"), ("64", "1")])
        }
        XCTAssertGreaterThan(compared, 300)
    }

    /// A real PostgreSQL 15 dump of values made to be cut badly: every escape COPY writes,
    /// quotes, commas, CR/LF, tabs, backslashes, `\N` as text, NULL next to empty strings,
    /// multibyte characters, bytea, values of a few kB (many pieces), and, in a SQL_ASCII
    /// database, bytes that are not UTF-8 (jsonl repairs them to U+FFFD).
    func testRealDumpOfAwkwardValuesWritesTheSameBytesAsLongRows() throws {
        guard let bin = ThrowawayPostgres.binaries() else {
            throw XCTSkip("PostgreSQL 15 server binaries are not installed")
        }
        let server = try ThrowawayPostgres(bin: bin)
        try server.start()
        defer { server.stop() }
        try server.psql("postgres", "CREATE DATABASE awk TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        try server.psql("postgres", "CREATE DATABASE raw TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'")
        try server.psql(
            "awk",
            #"""
            CREATE TABLE t (id int, a text, b bytea, c text, "d,""x" varchar);
            INSERT INTO t VALUES
              (1, E'tab\there', '\x00ff5c0a0d09', 'comma,quote"', 'x'),
              (2, E'back\\slash\nnewline\rcr', NULL, '', E'\\N'),
              (3, 'N', '', NULL, repeat('é☕😀', 50)),
              (4, E'\x01\x07\x08\x0b\x0c\x1f\x7f ctrl', '\x5c4e', '\N', ''),
              (5, '', '\x', E'\\', E'"\\"'),
              (6, NULL, NULL, NULL, NULL),
              (7, repeat(E'a"b,c\nd\\e\tf\rgé☕😀', 400), decode(repeat('00015c0a80ff', 500), 'hex'),
                  repeat('x', 5000), repeat(',', 300));
            INSERT INTO t SELECT i, repeat(E'\\', i % 5) || repeat('☕', i % 7) || CASE WHEN i % 3 = 0 THEN '' ELSE 'z' END,
              decode(repeat(lpad(to_hex(i % 256), 2, '0'), 1 + i % 4), 'hex'), CASE i % 4 WHEN 0 THEN NULL ELSE repeat('"', i % 6) END,
              CASE WHEN i % 2 = 0 THEN '' ELSE E'\t' END
            FROM generate_series(10, 140) i;
            """#)
        try server.psql(
            "raw",
            #"""
            CREATE TABLE s (id int, v text);
            INSERT INTO s VALUES (1, E'ok\xff\xfe'), (2, E'\xc3'), (3, E'\xe2\x82'), (4, E'a\xf0\x9f\x98\x80b'),
              (5, E'\xed\xa0\x80\xc0\x80'), (6, repeat(E'\xe2\x82\xac\xc3', 500)), (7, E'\xf0\x9f\x98'),
              (8, repeat(E'\xc3\xa9\xe2', 300) || E'\xe2\x82'), (9, E'\x80\xbf\\\n');
            """#)
        var compared = 0
        for db in ["awk", "raw"] {
            let path = server.directory + "/\(db).dump"
            let dump = try PgBinaries.run(bin + "/pg_dump", server.connection + ["-Fc", "-f", path, db])
            XCTAssertEqual(dump.status, 0, dump.stderr)
            let table = db == "awk" ? "public.t" : "public.s"
            for format in ["csv", "tsv", "jsonl"] {
                let args = ["cat", "-q", path, table, "--format", format]
                compared += try assertLongRowsMatch(args)
                compared += try assertLongRowsMatch(args + ["--line-numbers", "--limit", "5"])
                compared += try assertLongRowsMatch(
                    args + ["--where", "id >= 4"], limits: [("3", "1"), ("7", "2"), ("64", "3")])
                if db == "awk" {
                    compared += try assertLongRowsMatch(args + ["--columns", "b,id,b,a"])
                    // (row 7 is about 22 kB, its column a about 10 kB: held for the condition)
                    compared += try assertLongRowsMatch(
                        args + ["--where", "a LIKE '%slash%'"], limits: [("12000", "7"), ("12000", "1000")])
                }
            }
        }
        XCTAssertGreaterThan(compared, 90)
        // the SQL_ASCII table's bytes that are not UTF-8 do reach the repair
        let (_, repaired, _) = try runPGDmp([
            "cat", "-q", server.directory + "/raw.dump", "public.s", "--format", "jsonl",
        ])
        XCTAssertTrue(String(decoding: repaired, as: UTF8.self).contains("\u{FFFD}"))
        // A condition on a value longer than the limit is refused, naming the column and the line.
        let path = server.directory + "/awk.dump"
        setenv("PGDMP_LONG_LINE", "100", 1)
        let (code, _, err) = try runPGDmp(["cat", "-q", path, "public.t", "--format", "csv", "--where", "c = 'x'"])
        XCTAssertNotEqual(code, 0, err)
        XCTAssertTrue(err.contains("--where cannot test column c") && err.contains("line 7"), err)
    }

    /// A row with the wrong number of fields, and data that ends inside a row: the same messages
    /// (with the line number) from long rows as from short ones.
    func testLongRowErrorsAreTheShortRowErrors() throws {
        let f = FixtureCase.named("pg15-dir-default")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("long-rows-\(getpid()).dir").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: f.archivePath, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let entry = try XCTUnwrap(
            Archive.open(path: dir).entries.first {
                $0.desc == "TABLE DATA" && $0.namespace == "app" && $0.tag == "events"
            })
        let plain = dir + "/\(entry.dumpId).dat"
        try FileManager.default.removeItem(atPath: plain + ".gz")
        func write(_ text: String) throws {
            try? FileManager.default.removeItem(atPath: plain + ".gz")
            try Data(text.utf8).write(to: URL(fileURLWithPath: plain))
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
            gzip.arguments = [plain]
            try gzip.run()
            gzip.waitUntilExit()
            XCTAssertEqual(gzip.terminationStatus, 0)
        }
        let good = (1...20).map { "\($0)\tbuy\t" + String(repeating: "m", count: $0 * 3) + "\n" }.joined()
        for (data, message) in [
            (good + "21\tbuy\n" + good + "\\.\n", "row has 2 fields where the COPY statement names 3 columns"),
            (good + "21\tbuy\tx\ty\\\tz\n\\.\n", "row has 4 fields where the COPY statement names 3 columns"),
            (good + "21\tbuy\tunfinished", "COPY data ends in the middle of a row"),
        ] {
            try write(data)
            for format in ["csv", "tsv", "jsonl"] {
                for extra in [[], ["--line-numbers"], ["--columns", "msg"]] {
                    let args = ["cat", "-q", dir, "app.events", "--format", format] + extra
                    let (code, _, err) = try runPGDmp(args)
                    XCTAssertNotEqual(code, 0)
                    XCTAssertTrue(err.contains(message), err)
                    if message.hasPrefix("row has") { XCTAssertTrue(err.contains("line 21"), err) }
                    try assertLongRowsMatch(args)
                }
            }
        }
    }
}
