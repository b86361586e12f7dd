import Foundation
import XCTest
@testable import PGDump

/// Archive states no pg_dump here writes, made by rewriting a fixture's TOC with the fixture
/// tools (Fixtures/tools/pgarchive.py), then printed by pgdmp and by the real pg_restore of the
/// archive's major: no SEARCHPATH entry (so pg_restore sets search_path itself), NULL versus
/// empty owners and namespaces, a named tablespace and another table access method, an encoding
/// alias, standard_conforming_strings off, keyword names, and an entry type pg_restore cannot
/// write an owner command for (15 warns, 16+ stop). Skipped without python3 or pg_restore.
final class MutatedArchiveTests: XCTestCase {
    override func setUp() { Fixtures.useUTC() }

    static let script = #"""
        import sys
        sys.path.insert(0, sys.argv[1])
        import pgarchive
        from pgarchive import vers
        src, dst, mode = sys.argv[2], sys.argv[3], sys.argv[4]
        hdr, entries, buf = pgarchive.load(src)
        v = vers(*hdr["version"])
        start = hdr["toc_end"]
        out = []
        for e in entries:
            d, t = e["desc"], e["tag"]
            if d == b"VIEW" and t == b"user_posts":
                e["desc"] = b"WIDGET"
            if mode == "all":
                if d == b"SEARCHPATH":
                    continue
                if d == b"ENCODING":
                    e["defn"] = b"SET client_encoding = 'unicode';\n"
                if d == b"STDSTRINGS":
                    e["defn"] = b"SET standard_conforming_strings = 'off';\n"
                if d == b"TABLE" and t == b"events":
                    e["owner"] = None
                if d == b"TABLE" and t == b"evolving":
                    e["owner"] = b""
                if d == b"TABLE" and t == b"no_cols":
                    e["tablespace"] = b"fast space"
                if d == b"TABLE" and t == b"empty_table":
                    e["tablespace"] = None
                    e["tableam"] = b"heap2"
                if d == b"TABLE" and t == b"users" and e["namespace"] == b"app":
                    e["tag"] = b"user"
                    e["namespace"] = b"select"
                if d == b"INDEX" and t == b"users_email_idx":
                    e["namespace"] = b""
            out.append(e)

        def toc(data_start):
            w = pgarchive.Writer(hdr["int_size"], hdr["off_size"])
            w.int(len(out))
            for e in out:
                w.int(e["dump_id"]); w.int(e["had_dumper"]); w.str(e["tableoid"]); w.str(e["oid"])
                w.str(e["tag"]); w.str(e["desc"]); w.int(e["section"]); w.str(e["defn"]); w.str(e["drop_stmt"])
                w.str(e["copy_stmt"]); w.str(e["namespace"]); w.str(e["tablespace"]); w.str(e["tableam"])
                if v >= vers(1, 16):
                    w.int(e["relkind"])
                w.str(e["owner"]); w.str(e["with_oids"])
                for dep in e["deps"]:
                    w.str(dep)
                w.str(None)
                flag, off = e["offset"]
                if flag == pgarchive.K_OFFSET_POS_SET:
                    off = off - start + data_start
                w.offset(flag, off)
            return w.getvalue()

        head = buf[:hdr["header_end"]]
        t = toc(0)
        t = toc(len(head) + len(t))
        open(dst, "wb").write(head + t + buf[start:])
        """#

    func mutate(_ name: String, mode: String) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("python3 is not installed")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-mutated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let scriptPath = dir.appendingPathComponent("mutate.py").path
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let tools = FixtureCase.root.appendingPathComponent("Fixtures/tools").path
        let out = dir.appendingPathComponent("archive.dump").path
        let r = try PgBinaries.run("/usr/bin/python3", [scriptPath, tools, try Fixtures.archivePath(name), out, mode])
        XCTAssertEqual(r.status, 0, r.stderr)
        return out
    }

    func testRewrittenTocMatchesRealPgRestore() throws {
        for name in ["pg15-custom-default", "pg16-custom-none", "pg17-custom-gzip", "pg18-custom-zstd"] {
            let path = try mutate(name, mode: "all")
            let archive = try Archive.open(path: path)
            let major = ReferenceRestore(archive: archive).major
            let variants: [([String], RestoreSelection, Bool)] = [
                (["-s"], SchemaScript.schemaOnlySelection(), false),
                (
                    ["-s", "-C", "-O"],
                    SchemaScript.schemaOnlySelection(
                        {
                            var s = RestoreSelection()
                            s.createDatabase = true
                            return s
                        }()), true
                ),
                (
                    ["-s", "-n", "select"],
                    SchemaScript.schemaOnlySelection(
                        {
                            var s = RestoreSelection()
                            s.schemaNames = ["select"]
                            return s
                        }()), false
                ),
            ]
            for (args, selection, noOwner) in variants {
                guard
                    let real = try PgBinaries.pgRestore(
                        major: major, args + ["-f", "-", "--restrict-key=K", path], cwd: "/")
                else {
                    throw XCTSkip("pg_restore \(major) is not installed here (make pg-binaries installs 16-18)")
                }
                let script = SchemaScript(archive: archive, selection: selection, restrictKey: "K", noOwner: noOwner)
                if major == 15 || noOwner || args.contains("select") {
                    XCTAssertEqual(real.status, 0, "\(name) \(args): \(real.stderr)")
                    let (sql, warnings) = try script.render()
                    if sql != real.text {
                        XCTFail(
                            "\(name) \(args): differs at line \(SchemaScriptTests.firstDifferentLine(sql, real.text))")
                    }
                    let realWarns = real.stderr.contains("don't know how to set owner for object type \"WIDGET\"")
                    XCTAssertEqual(!warnings.isEmpty, realWarns, "\(name) \(args): \(real.stderr)")
                } else {
                    // pg_restore 16+ stops at the entry whose owner it cannot set; so does pgdmp.
                    XCTAssertNotEqual(real.status, 0, "\(name) \(args)")
                    XCTAssertTrue(
                        real.stderr.contains("don't know how to set owner for object type \"WIDGET\""), real.stderr)
                    XCTAssertThrowsError(try script.render()) { XCTAssertTrue("\($0)".contains("WIDGET")) }
                }
            }
        }
    }
}
