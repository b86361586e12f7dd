import XCTest
@testable import PGDump

/// End-to-end: the built `pgdmp` binary, its exit codes, and standard input.
final class CommandLineTests: XCTestCase {
    override func setUpWithError() throws {
        try requirePGDmpBinary()
    }

    func testListFromStandardInputMatchesPgRestore() throws {
        let f = FixtureCase.named("pg15-custom-pipe")
        setenv("TZ", "UTC", 1)
        let (code, out, err) = try runPGDmp(["list", "-"], stdinFile: f.archivePath)
        XCTAssertEqual(code, 0, err)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), f.text("list.txt"))
    }

    func testCatFromStandardInputIsPgRestoreData() throws {
        for name in ["pg15-custom-pipe", "pg18-tar", "pg16-custom-zstd"] {
            let f = FixtureCase.named(name)
            let row = f.tsv("data.tsv").first { $0[1] == "events" }!
            let (code, out, err) = try runPGDmp(["cat", "-", "app.events"], stdinFile: f.archivePath)
            XCTAssertEqual(code, 0, err)
            var h = SHA256()
            h.update([UInt8](out))
            XCTAssertEqual(h.hexDigest(), row[3], name)
            XCTAssertEqual(out.filter { $0 == 0x0A }.count, Int(row[2]))
        }
    }

    /// `cat` decompresses into its output ring and writes rows without copying them; the two
    /// bytes that may begin the end marker are held back across pieces. Tiny pieces put piece
    /// boundaries at every position of rows and of the marker: the output must stay exactly
    /// pg_restore's data lines for every table, codec and format.
    func testCatIsPgRestoreDataForAnyPieceSize() throws {
        defer { unsetenv("PGDMP_CAT_PIECE") }
        for name in ["pg15-custom-default", "pg15-custom-z0", "pg16-custom-lz4", "pg17-dir-zstd", "pg18-tar"] {
            let f = FixtureCase.named(name)
            for piece in ["8", "13"] {
                setenv("PGDMP_CAT_PIECE", piece, 1)
                for row in f.tsv("data.tsv") {
                    let table = SQLIdentifier.quote(row[0]) + "." + SQLIdentifier.quote(row[1])
                    let (code, out, err) = try runPGDmp(["cat", "-q", f.archivePath, table])
                    XCTAssertEqual(code, 0, "\(name) \(table): \(err)")
                    var h = SHA256()
                    h.update([UInt8](out))
                    XCTAssertEqual(h.hexDigest(), row[3], "\(name) \(table) with \(piece)-byte pieces")
                }
            }
        }
    }

    /// Rows that begin with a backslash (`\N`, `\\`) make `cat` hold their first bytes back at a
    /// piece boundary (they might begin the end marker) and write them before the next piece.
    /// pg_dump's fixtures have none, so this rewrites one data file of a directory archive.
    func testCatRowsStartingWithBackslashAcrossPieces() throws {
        let f = FixtureCase.named("pg15-dir-default")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("backslash-\(getpid()).dir").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: f.archivePath, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let entry = try XCTUnwrap(
            Archive.open(path: dir).entries.first {
                $0.desc == "TABLE DATA" && $0.namespace == "app" && $0.tag == "events"
            })
        var rows = ""
        for i in 0..<3000 {
            // NULL first, an escaped backslash, a lone NULL, an octal escape, a value "\." + i
            rows += [#"\N\t\N"#, #"\\\\x\t1"#, #"\N"#, #"\101\t\N"#, #"\\."# + "\(i)"][i % 5] + "\n"
        }
        let plain = dir + "/\(entry.dumpId).dat"
        try FileManager.default.removeItem(atPath: plain + ".gz")
        try Data((rows + "\\.\n\n").utf8).write(to: URL(fileURLWithPath: plain))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [plain]
        try gzip.run()
        gzip.waitUntilExit()
        XCTAssertEqual(gzip.terminationStatus, 0)
        defer { unsetenv("PGDMP_CAT_PIECE") }
        for piece in ["8", "9", "10", "11", "12", "1000"] {
            setenv("PGDMP_CAT_PIECE", piece, 1)
            let (code, out, err) = try runPGDmp(["cat", "-q", dir, "app.events"])
            XCTAssertEqual(code, 0, err)
            let expected = Data(rows.utf8)
            let firstDifference = zip(out, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            XCTAssertTrue(
                out == expected,
                "\(piece)-byte pieces: \(out.count) bytes written, \(expected.count) expected, "
                    + "first difference at byte \(firstDifference.map(String.init) ?? "none")")
        }
    }

    /// A real pipe on standard input (read ahead on a second thread): exact counts, and `list -`
    /// can stop reading early without hanging.
    func testRowsAndListThroughARealPipe() throws {
        for name in ["pg15-custom-pipe", "pg17-custom-gzip", "pg18-tar"] {
            let f = FixtureCase.named(name)
            let (code, out, err) = try runPGDmp(
                ["-c", "cat '\(f.archivePath)' | '\(pgdmpBinary)' rows --json -q -"],
                executable: "/bin/sh")
            XCTAssertEqual(code, 0, err)
            let json = try JSONSerialization.jsonObject(with: out) as! [String: Any]
            XCTAssertEqual(json["complete"] as? Bool, true, name)
            XCTAssertEqual(
                (json["totalRows"] as? NSNumber)?.intValue, f.tsv("counts.tsv").reduce(0) { $0 + Int($1[2])! }, name)
            let (code2, out2, err2) = try runPGDmp(
                ["-c", "cat '\(f.archivePath)' | '\(pgdmpBinary)' list -"],
                executable: "/bin/sh")
            XCTAssertEqual(code2, 0, err2)
            setenv("TZ", "UTC", 1)
            XCTAssertEqual(
                String(decoding: out2, as: UTF8.self).split(separator: "\n").count,
                (f.text("list.txt") ?? "").split(separator: "\n").count, name)
        }
    }

    func testRowsFromStandardInputJSON() throws {
        let f = FixtureCase.named("pg17-custom-gzip-pipe")
        let (code, out, err) = try runPGDmp(["rows", "--json", "-"], stdinFile: f.archivePath)
        XCTAssertEqual(code, 0, err)
        let json = try JSONSerialization.jsonObject(with: out) as! [String: Any]
        XCTAssertEqual(json["complete"] as? Bool, true)
        let expectedTotal = f.tsv("counts.tsv").reduce(0) { $0 + Int($1[2])! }
        XCTAssertEqual((json["totalRows"] as? NSNumber)?.intValue, expectedTotal)
    }

    func testTruncatedArchiveExitsNonZeroWithOneMessage() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let b = try Data(contentsOf: URL(fileURLWithPath: f.archivePath))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(getpid()).dump").path
        try b.prefix(b.count * 2 / 3).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let (code, _, err) = try runPGDmp(["rows", path])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(err.contains(path) && err.contains("byte "), err)
        let (code2, _, err2) = try runPGDmp(["cat", path, "app.events"])
        XCTAssertNotEqual(code2, 0)
        XCTAssertTrue(err2.contains("app.events") || err2.contains("events"), err2)
    }

    func testCSVAndJSONLinesDecodeEscapes() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let (code, out, err) = try runPGDmp(["cat", f.archivePath, "public.awkward", "--format", "jsonl"])
        XCTAssertEqual(code, 0, err)
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 18)
        for line in lines { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), String(line)) }
        let (code2, out2, _) = try runPGDmp(["cat", f.archivePath, "awkward", "--format", "csv", "--limit", "3"])
        XCTAssertEqual(code2, 0)
        XCTAssertTrue(String(decoding: out2, as: UTF8.self).hasPrefix("id,"))
    }

    /// `cat --format csv/tsv` writes a row whose fields need no work in one piece (its tabs turned
    /// into commas sixteen bytes at a time); `PGDMP_WHOLE_ROWS=0` writes every row field by field.
    /// Both give the same bytes on every table of these fixtures (escapes, empty strings, NULLs,
    /// commas, quotes, LATIN1, wide rows).
    func testWholeRowPathWritesWhatTheFieldPathWrites() throws {
        var compared = 0
        for name in ["pg15-custom-default", "pg15-custom-latin1"] {
            let f = FixtureCase.named(name)
            let (code, out, err) = try runPGDmp(["rows", "--json", f.archivePath])
            XCTAssertEqual(code, 0, err)
            let json = try JSONSerialization.jsonObject(with: out) as! [String: Any]
            let tables = (json["tables"] as! [[String: Any]]).filter {
                ($0["desc"] as? String) == "TABLE DATA" && ($0["status"] as? String) == "ok"
                    && (($0["rows"] as? NSNumber)?.intValue ?? 0) > 0
            }
            for t in tables {
                let table = "\(t["schema"] as! String).\(t["name"] as! String)"
                for format in ["csv", "tsv"] {
                    let args = ["cat", f.archivePath, table, "--format", format]
                    let (c1, whole, e1) = try runPGDmp(args)
                    setenv("PGDMP_WHOLE_ROWS", "0", 1)
                    defer { unsetenv("PGDMP_WHOLE_ROWS") }
                    let (c2, byField, e2) = try runPGDmp(args)
                    XCTAssertEqual(c1, c2, "\(name) \(table) \(format): \(e1) / \(e2)")
                    XCTAssertEqual(whole, byField, "\(name) \(table) \(format)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 20)
        // Rows that look plain but are not: empty strings first, last, between and at every
        // position of a 16-byte block, commas and quotes, next to plain rows of every length.
        guard let bin = ThrowawayPostgres.binaries() else {
            throw XCTSkip("PostgreSQL 15 server binaries are not installed")
        }
        let server = try ThrowawayPostgres(bin: bin)
        try server.start()
        defer { server.stop() }
        try server.psql("postgres", "CREATE DATABASE plain TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        try server.psql(
            "plain",
            """
            CREATE TABLE t (a text, b text, c text);
            INSERT INTO t SELECT repeat('x', i % 37), CASE WHEN i % 5 = 0 THEN '' ELSE repeat('y', i % 23) END,
              CASE i % 7 WHEN 0 THEN '' WHEN 1 THEN NULL WHEN 2 THEN 'a,b' WHEN 3 THEN 'say "hi"' ELSE repeat('z', i % 19) END
            FROM generate_series(0, 600) i
            """)
        let path = server.directory + "/plain.dump"
        let dump = try PgBinaries.run(bin + "/pg_dump", server.connection + ["-Fc", "-f", path, "plain"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        for format in ["csv", "tsv"] {
            let args = ["cat", path, "public.t", "--format", format]
            let (c1, whole, e1) = try runPGDmp(args)
            setenv("PGDMP_WHOLE_ROWS", "0", 1)
            defer { unsetenv("PGDMP_WHOLE_ROWS") }
            let (c2, byField, e2) = try runPGDmp(args)
            XCTAssertEqual(c1, 0, e1)
            XCTAssertEqual(c2, 0, e2)
            XCTAssertEqual(String(decoding: whole, as: UTF8.self), String(decoding: byField, as: UTF8.self), format)
        }
    }

    func testAmbiguousAndMissingTableNames() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let (code, _, err) = try runPGDmp(["cat", f.archivePath, "users"])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(err.contains("ambiguous") && err.contains("app.users") && err.contains("public.users"), err)
        let (code2, _, err2) = try runPGDmp(["cat", f.archivePath, "measurements"])
        XCTAssertEqual(code2, 2)
        XCTAssertTrue(err2.contains("partitioned"), err2)
    }

    func testPlainSQLInputMessage() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(getpid()).dump").path
        try Data("--\n-- PostgreSQL database dump\n--\n\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let (code, _, err) = try runPGDmp(["list", path])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(err.contains("plain-text SQL dump: restore it with psql"), err)
    }

    /// Large objects (the fixtures' contents are fixed in Fixtures/sql/base.sql), including an OID above 2^31.
    func testCatLargeObjectInEveryFormat() throws {
        let big = String(repeating: "日本語 large object ", count: 2000)
        for name in [
            "pg15-custom-default", "pg15-custom-pipe", "pg17-custom-lz4", "pg17-dir-zstd", "pg18-tar", "pg16-tar",
        ] {
            let f = FixtureCase.named(name)
            let (code, out, err) = try runPGDmp(["cat", f.archivePath, "--blob", "424242"])
            XCTAssertEqual(code, 0, "\(name): \(err)")
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "hello, large object", name)
            let (code2, out2, err2) = try runPGDmp(["cat", f.archivePath, "--blob", "3000000000"])
            XCTAssertEqual(code2, 0, "\(name): \(err2)")
            XCTAssertEqual(String(decoding: out2, as: UTF8.self), big, name)
            let (code3, out3, _) = try runPGDmp(["cat", f.archivePath, "--blob", "424243"])
            XCTAssertEqual(code3, 0)
            XCTAssertEqual(out3.count, 40000, name)
            XCTAssertEqual(Array(out3.prefix(4)), [0x00, 0xff, 0x7f, 0x80], name)
        }
    }

    // MARK: A newcomer's first hour (issue 16)

    func testMistypedCommandNamesTheNearestOne() throws {
        let a = FixtureCase.named("pg15-custom-default").archivePath
        for args in [["lsit", a], ["help", "lsit"]] {
            let (code, out, err) = try runPGDmp(args)
            XCTAssertEqual(code, 2, "\(args)")
            XCTAssertTrue(out.isEmpty)
            XCTAssertTrue(err.hasPrefix("pgdmp: unknown command 'lsit'; did you mean 'list'?\n"), err)
        }
        let (code, out, _) = try runPGDmp(["help", "rows"])
        XCTAssertEqual(code, 0)
        XCTAssertTrue(String(decoding: out, as: UTF8.self).contains("pgdmp rows"))
        let (vcode, vout, _) = try runPGDmp(["-V"])
        XCTAssertEqual(vcode, 0)
        XCTAssertEqual(
            String(decoding: vout, as: UTF8.self), String(decoding: try runPGDmp(["--version"]).1, as: UTF8.self))
    }

    /// An error found after parsing (cat without a table) shows cat's usage, not the top level's.
    func testValidationErrorsShowTheCommandsUsage() throws {
        let (code, _, err) = try runPGDmp(["cat", FixtureCase.named("pg15-custom-default").archivePath])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(err.contains("Usage: pgdmp cat <archive>"), err)
        XCTAssertFalse(err.contains("<subcommand>"), err)
    }

    /// rows -t takes the same names as cat; a name that matches nothing is exit 2 with near names.
    func testRowsTableNamesAndMisses() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let counts = Dictionary(
            f.tsv("counts.tsv").map { ($0[0] + "." + $0[1], UInt64($0[2])!) }, uniquingKeysWith: { a, _ in a })
        for (typed, expected) in [
            ("public.users", ["public.users"]), ("users", ["app.users", "public.users"]),
            ("\"Mixed Case\".\"Tab Le\"", ["Mixed Case.Tab Le"]), ("APP.USERS", ["app.users"]),
        ] {
            let (code, out, err) = try runPGDmp(["rows", "--json", "-q", "-t", typed, f.archivePath])
            XCTAssertEqual(code, 0, "\(typed): \(err)")
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: out) as? [String: Any])
            let tables = try XCTUnwrap(json["tables"] as? [[String: Any]])
            XCTAssertEqual(Set(tables.map { "\($0["schema"]!).\($0["name"]!)" }), Set(expected), typed)
            for t in tables {
                XCTAssertEqual((t["rows"] as? NSNumber)?.uint64Value, counts["\(t["schema"]!).\(t["name"]!)"], typed)
            }
        }
        for args in [
            ["rows", "-t", "nosuch"], ["rows", "-t", "user"], ["list", "-t", "public.nosuch"],
            ["order", "-t", "userz"],
        ] {
            let (code, out, err) = try runPGDmp(args + [f.archivePath])
            XCTAssertEqual(code, 2, "\(args): \(err)")
            XCTAssertTrue(out.isEmpty, "\(args)")
            XCTAssertTrue(err.contains("no table named"), err)
        }
        let (_, _, err) = try runPGDmp(["rows", "-t", "userz", f.archivePath])
        XCTAssertTrue(err.contains("similar: ") && err.contains("public.users"), err)
    }

    /// list -t keeps pg_restore's meaning (bare name, every schema): the output is pg_restore's.
    func testListTableFilterIsPgRestores() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let bin = "/usr/lib/postgresql/15/bin/pg_restore"
        try XCTSkipUnless(
            FileManager.default.isExecutableFile(atPath: bin), "PostgreSQL 15's pg_restore is not installed")
        setenv("TZ", "UTC", 1)
        for table in ["users", "events"] {
            let ours = try runPGDmp(["list", "-t", table, f.archivePath])
            let theirs = try runPGDmp(["-l", "-t", table, f.archivePath], executable: bin)
            XCTAssertEqual(ours.0, 0, ours.2)
            XCTAssertEqual(ours.1, theirs.1, table)
        }
        // A schema-qualified name narrows to that schema.
        let (_, out, _) = try runPGDmp(["list", "-t", "app.users", f.archivePath])
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix(";") }
        XCTAssertFalse(lines.isEmpty)
        XCTAssertTrue(lines.allSatisfy { $0.contains(" app users ") }, "\(lines)")
    }

    /// -f FILE writes what standard output would get; the archive itself is refused.
    func testOutputFileOption() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(getpid()).txt").path
        defer { unlink(path) }
        for args in [["rows", "-q"], ["info"], ["list"], ["schema", "--restrict-key", "abc"], ["order"]] {
            let direct = try runPGDmp(args + [f.archivePath])
            let (code, out, err) = try runPGDmp(args + ["-f", path, f.archivePath])
            XCTAssertEqual(code, 0, "\(args): \(err)")
            XCTAssertTrue(out.isEmpty)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), direct.1, "\(args)")
        }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("keep-\(getpid()).dump").path
        try FileManager.default.copyItem(atPath: f.archivePath, toPath: copy)
        defer { unlink(copy) }
        let (code, _, err) = try runPGDmp(["list", "-f", copy, copy])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(err.contains("never writes to an archive"), err)
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: copy)), try Data(contentsOf: URL(fileURLWithPath: f.archivePath)))
    }

    /// pg_restore's spellings: -j N, -a/--data-only (list's old --only-data still works), -s.
    func testPgRestoreSpellings() throws {
        let a = FixtureCase.named("pg15-custom-default").archivePath
        XCTAssertEqual(
            try runPGDmp(["rows", "-q", "-j", "1", a]).1, try runPGDmp(["rows", "-q", "--threads", "2", a]).1)
        let old = try runPGDmp(["list", "--only-data", a])
        XCTAssertEqual(old.0, 0, old.2)
        XCTAssertEqual(try runPGDmp(["list", "-a", a]).1, old.1)
        XCTAssertEqual(try runPGDmp(["order", "-a", a]).1, try runPGDmp(["order", "--data-only", a]).1)
        XCTAssertEqual(try runPGDmp(["order", "-s", a]).1, try runPGDmp(["order", "--schema-only", a]).1)
        XCTAssertEqual(try runPGDmp(["rows", "-j", "0", a]).0, 2)
    }

    /// A cut tar: the damage is reported once, at its place, and the tables after it are not-read.
    func testCutTarReportsTheDamageOnce() throws {
        let f = FixtureCase.named("pg17-tar")
        let b = try Data(contentsOf: URL(fileURLWithPath: f.archivePath))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(getpid()).tar").path
        try b.prefix(b.count * 6 / 10).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let (code, out, err) = try runPGDmp(["rows", "--json", "-q", path])
        XCTAssertEqual(code, 2)
        let lines = err.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("tar member runs past the end of the file") }.count, 1, err)
        XCTAssertEqual(lines.count, 2, err)
        XCTAssertTrue(lines[1].contains("with data after the damage were not read"), err)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: out) as? [String: Any])
        let tables = try XCTUnwrap(json["tables"] as? [[String: Any]])
        XCTAssertEqual(tables.filter { $0["status"] as? String == "damaged" }.count, 1)
        let notRead = tables.filter { $0["status"] as? String == "not-read" }
        XCTAssertGreaterThan(notRead.count, 5)
        XCTAssertTrue(
            notRead.allSatisfy {
                ($0["error"] as? String)?.hasPrefix("not read: it comes after the damage at byte ") == true
            })
    }

    /// diff prints a changed definition as a unified diff.
    func testDiffShowsChangedDefinitionAsUnifiedDiff() throws {
        let dir = FixtureCase.root.appendingPathComponent("Fixtures/diff")
        let (code, out, _) = try runPGDmp([
            "diff", dir.appendingPathComponent("before.dump").path,
            dir.appendingPathComponent("after.dump").path,
        ])
        XCTAssertEqual(code, 1)
        let text = String(decoding: out, as: UTF8.self)
        XCTAssertTrue(text.contains("    @@ -"), text)
        XCTAssertTrue(text.split(separator: "\n").contains { $0.hasPrefix("    +") && $0.contains("note text") }, text)
    }
}
