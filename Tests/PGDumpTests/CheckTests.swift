import Foundation
import XCTest
@testable import PGDump

/// `pgdmp check` against archives with failures planted on a real PostgreSQL 15 server
/// (Fixtures/generate-faults.sh) and what the real pg_restore said about them.
final class CheckTests: XCTestCase {
    static let faultsDir = FixtureCase.root.appendingPathComponent("Fixtures/faults")

    /// pglz sizes and index tuple sizes measured by the server (pageinspect on a real btree index).
    func testPGLZAndTupleSizesMatchServer() throws {
        let text = try String(contentsOf: Self.faultsDir.appendingPathComponent("pglz-sizes.tsv"), encoding: .utf8)
        var rows = 0
        var compressed = 0
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, 5)
            let value = Array(f[4].utf8)
            XCTAssertEqual(value.count, Int(f[0]))
            let spec = KeyColumnSpec(layout: .text)
            let datum = value.withUnsafeBytes { BtreeTupleSize.varlenaSize($0, spec: spec) }
            XCTAssertEqual(datum.size, Int(f[2]), "key datum size for sample of length \(value.count)")
            XCTAssertEqual(BtreeTupleSize.size([value], specs: [spec]), Int(f[1]), "tuple size, length \(value.count)")
            if f[3] == "pglz" {
                compressed += 1
                XCTAssertEqual(PGLZ.compressedSize(value).map { $0 + 8 }, Int(f[2]))
            }
            rows += 1
        }
        XCTAssertGreaterThan(rows, 40)
        XCTAssertGreaterThan(compressed, 15)
    }

    static func archive(_ name: String) throws -> Archive {
        try Archive.open(path: faultsDir.appendingPathComponent("\(name)/archive.dump").path)
    }

    /// One error block of pg_restore's stderr.
    struct RestoreError {
        var error: String
        var detail: String?
        var command: String
    }

    static func restoreErrors(_ name: String) throws -> [RestoreError] {
        let text = try String(
            contentsOf: faultsDir.appendingPathComponent("\(name)/restore-errors.txt"), encoding: .utf8)
        var out: [RestoreError] = []
        for block in text.components(separatedBy: "pg_restore: error: could not execute query: ERROR:  ").dropFirst() {
            let lines = block.components(separatedBy: "\n")
            let detail = lines.first { $0.hasPrefix("DETAIL:  ") }.map { String($0.dropFirst(9)) }
            guard let cmdStart = lines.firstIndex(where: { $0.hasPrefix("Command was: ") }) else { continue }
            var cmd: [String] = [String(lines[cmdStart].dropFirst(13))]
            for l in lines[(cmdStart + 1)...] {
                if l.isEmpty { break }
                cmd.append(l.trimmingCharacters(in: .whitespaces))
            }
            out.append(RestoreError(error: lines[0], detail: detail, command: cmd.joined(separator: " ")))
        }
        return out
    }

    static func quoted(_ s: String) -> String? {
        guard let a = s.firstIndex(of: "\""), let b = s[s.index(after: a)...].firstIndex(of: "\"") else { return nil }
        return String(s[s.index(after: a)..<b])
    }

    /// Every statement the real pg_restore failed on is predicted, with its rows and exact tuple
    /// sizes, and nothing else is.
    func testMixedFaultsPredictExactlyTheRestoreErrors() throws {
        let errors = try Self.restoreErrors("mixed")
        XCTAssertEqual(errors.count, 14, "the faults planted by Fixtures/sql/faults.sql")
        // generate-faults.sh restored into a database with LC_CTYPE 'C'
        var options = CheckOptions()
        options.targetLocale = "C"
        let report = RestoreCheck.run(try Self.archive("mixed"), options: options)
        XCTAssertEqual(report.exitCode, 1)
        XCTAssertTrue(report.unreadable.isEmpty)
        XCTAssertEqual(report.problemCount, errors.count)
        var predicted = Set(
            report.oversizedIndexRows.map(\.statement) + report.duplicateKeys.map(\.statement)
                + report.foreignKeyOrphans.map(\.statement))
        for e in errors {
            XCTAssertNotNil(predicted.remove(e.command), "not predicted: \(e.command)")
            let name = try XCTUnwrap(Self.quoted(e.error))
            if e.error.hasPrefix("index row size ") {
                let size = Int(e.error.dropFirst(15).prefix { $0.isNumber })!
                let p = try XCTUnwrap(report.oversizedIndexRows.first { $0.index == name })
                XCTAssertTrue(
                    p.rows.contains { $0.tupleSize == size && $0.message == e.error }, "\(name): size \(size)")
            } else if e.error.hasPrefix("could not create unique index") {
                let p = try XCTUnwrap(report.duplicateKeys.first { $0.index == name })
                XCTAssertTrue(p.keys.contains { $0.message == e.detail }, "\(name): \(e.detail ?? "")")
            } else if e.error.contains("violates foreign key constraint") {
                let fkName = e.error.components(separatedBy: "foreign key constraint \"")[1].prefix { $0 != "\"" }
                let p = try XCTUnwrap(report.foreignKeyOrphans.first { $0.constraint == fkName })
                XCTAssertTrue(p.rows.contains { $0.message == e.detail }, "\(fkName): \(e.detail ?? "")")
                XCTAssertEqual(p.rowCount, 1)
            } else {
                XCTFail("unexpected restore error \(e.error)")
            }
        }
        XCTAssertTrue(predicted.isEmpty, "predicted but pg_restore did not fail: \(predicted)")

        // the planted rows, by primary key
        let cards = try XCTUnwrap(report.oversizedIndexRows.first { $0.index == "index_preview_cards_on_url" })
        XCTAssertEqual(cards.rows.map { $0.row.key }, ["id=6375495", "id=6629965"])
        XCTAssertEqual(cards.rows.map(\.tupleSize), [3016, 2816])
        XCTAssertEqual(cards.rows.map { $0.valueLengths }, [[3000], [2800]])
        let links = try XCTUnwrap(report.oversizedIndexRows.first { $0.index == "Links Href Idx" })
        XCTAssertEqual(links.rows.map { $0.row.key }, ["id=10406136"])
        XCTAssertTrue(links.rows[0].acceptedByPG11)
        let tags = try XCTUnwrap(report.duplicateKeys.first { $0.index == "tags_name_key" })
        XCTAssertEqual(tags.keys.map { $0.rows.map(\.description) }, [["id=7", "id=51"], ["id=8", "id=52"]])
        let statuses = try XCTUnwrap(report.foreignKeyOrphans.first { $0.constraint == "fk_statuses_account" })
        XCTAssertEqual(statuses.rows.map(\.row.description), ["id=9001"])
        let bio = try XCTUnwrap(report.oversizedIndexRows.first { $0.index == "index_users_on_lower_bio" })
        XCTAssertEqual(bio.rows.map { $0.row.key }, ["id=65"])
        XCTAssertEqual(bio.rows.map(\.tupleSize), [3120])
        let emails = try XCTUnwrap(report.duplicateKeys.first { $0.index == "index_users_on_lower_email" })
        XCTAssertEqual(emails.keys.map { $0.rows.map(\.description) }, [["id=7", "id=63"], ["id=8", "id=64"]])
        // the database is LOCALE 'C': lower('ÅSA…') keeps Å, so every key was checked exactly
        XCTAssertFalse(
            report.notChecked.contains { $0.object.contains("users") || $0.object.contains("md5") },
            "\(report.notChecked)")
        XCTAssertGreaterThan(report.keySetBytes, 0)
        XCTAssertTrue(report.notes.contains { $0.kind == "materialized-view" && $0.object == "public.instances" })
    }

    /// PostgreSQL 11 and older (btree v3, limit 2712) accept the 2712-byte link row.
    func testTargetVersion11() throws {
        var options = CheckOptions()
        options.targetVersion = 11
        let report = RestoreCheck.run(try Self.archive("mixed"), options: options)
        XCTAssertEqual(report.btreeLimit, 2712)
        XCTAssertNil(report.oversizedIndexRows.first { $0.index == "Links Href Idx" })
        let cards = try XCTUnwrap(report.oversizedIndexRows.first { $0.index == "index_preview_cards_on_url" })
        XCTAssertEqual(
            cards.rows[0].message,
            "index row size 3016 exceeds maximum 2712 for index \"index_preview_cards_on_url\"")
    }

    func testLZ4StillFlagsIncompressibleKeys() throws {
        var options = CheckOptions()
        options.toastCompression = .lz4
        let report = RestoreCheck.run(try Self.archive("mixed"), options: options)
        let cards = try XCTUnwrap(report.oversizedIndexRows.first { $0.index == "index_preview_cards_on_url" })
        XCTAssertEqual(cards.rows.map(\.tupleSize), [3016, 2816])
    }

    func testValuesOverAndHistogram() throws {
        var options = CheckOptions()
        options.valuesOver = 2700
        options.tables = ["preview_cards"]
        options.columns = ["url"]
        options.histogram = true
        let report = RestoreCheck.run(try Self.archive("mixed"), options: options)
        let ids = Set((report.largeValues ?? []).compactMap(\.row.key))
        XCTAssertEqual(ids, ["id=6375495", "id=6629965", "id=1001", "id=1002", "id=1003", "id=1004", "id=1005"])
        XCTAssertEqual(report.exitCode, 1)
        let h = try XCTUnwrap(report.histograms?.first)
        XCTAssertEqual(h.table, "public.preview_cards")
        XCTAssertEqual(h.buckets.reduce(0) { $0 + $1.count }, 307)
    }

    func testCleanArchivesReportNothing() throws {
        XCTAssertEqual(try Self.restoreErrors("clean").count, 0)
        // generate-faults.sh restored into a database with LC_CTYPE 'C'
        var options = CheckOptions()
        options.targetLocale = "C"
        let clean = RestoreCheck.run(try Self.archive("clean"), options: options)
        XCTAssertEqual(clean.problemCount, 0)
        XCTAssertEqual(clean.exitCode, 0)
        XCTAssertGreaterThan(FixtureCase.all.count, 40)
        for fixture in FixtureCase.all {
            let report = RestoreCheck.run(try Archive.open(path: fixture.archivePath))
            XCTAssertEqual(report.problemCount, 0, fixture.name)
            XCTAssertEqual(report.unreadable, [], fixture.name)
        }
    }

    func testParser() throws {
        let i = try DDLParser.index(
            #"CREATE UNIQUE INDEX "My ""Idx""" ON ONLY "S 1".t USING btree (a COLLATE "C" text_pattern_ops DESC NULLS LAST, lower((b)::text), "C") INCLUDE (d) NULLS NOT DISTINCT WHERE (a > 'x;y');"#
        )
        XCTAssertEqual(i.name, #"My "Idx""#)
        XCTAssertEqual(i.table, QualifiedName(schema: "S 1", name: "t"))
        XCTAssertTrue(i.unique && i.only && i.nullsNotDistinct)
        XCTAssertEqual(i.keys.map(\.columnName), ["a", nil, "C"])
        XCTAssertEqual(i.include, [.column("d")])
        XCTAssertNotNil(i.predicate)
        guard
            case .foreignKey(let fk) = try DDLParser.constraint(
                "ALTER TABLE ONLY public.c\n    ADD CONSTRAINT c_fk FOREIGN KEY (x, \"Y\") REFERENCES public.p(a, b) MATCH FULL ON DELETE CASCADE NOT VALID;"
            )
        else {
            return XCTFail("not a foreign key")
        }
        XCTAssertEqual(fk.columns, ["x", "Y"])
        XCTAssertEqual(fk.referencedColumns, ["a", "b"])
        XCTAssertEqual(fk.match, .full)
        XCTAssertTrue(fk.notValid)
        let t = try DDLParser.table(
            "CREATE TABLE public.t (\n    id bigint NOT NULL,\n    url character varying(255) DEFAULT ''::character varying,\n    at timestamp(3) without time zone,\n    tags text[],\n    CONSTRAINT c CHECK ((id > 0))\n);\nALTER TABLE ONLY public.t ALTER COLUMN url SET STORAGE PLAIN;"
        )
        XCTAssertEqual(t.columns.map(\.type), ["bigint", "character varying", "timestamp without time zone", "text[]"])
        XCTAssertEqual(t.storage["url"], "plain")
    }

    func testCommandExitCodesAndJSON() throws {
        let mixed = Self.faultsDir.appendingPathComponent("mixed/archive.dump").path
        let (rc, out, _) = try runPGDmp(["check", "--json", mixed])
        XCTAssertEqual(rc, 1)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        XCTAssertEqual((json["oversizedIndexRows"] as? [Any])?.count, 3)
        XCTAssertEqual((json["foreignKeyOrphans"] as? [Any])?.count, 4)
        let clean = Self.faultsDir.appendingPathComponent("clean/archive.dump").path
        let (rc2, out2, _) = try runPGDmp(["check", "--target-locale", "C", clean])
        XCTAssertEqual(rc2, 0)
        XCTAssertTrue(String(decoding: out2, as: UTF8.self).contains("0 failing statement(s)"))
        // under C.UTF-8 (the default), lower('ÅSA@…') is 'åsa@…' and collides with the lower-case row
        let (rc4, out4, _) = try runPGDmp(["check", clean])
        XCTAssertEqual(rc4, 1)
        XCTAssertTrue(
            String(decoding: out4, as: UTF8.self).contains("Key (lower(email::text))=(åsa@example.com) is duplicated."))
        let (rc3, _, err3) = try runPGDmp(["check", "/nonexistent/archive.dump"])
        XCTAssertEqual(rc3, 2, err3)
    }

    /// RFC 1321 test vectors, and PostgreSQL's md5() output format.
    func testMD5() {
        let vectors = [
            "": "d41d8cd98f00b204e9800998ecf8427e", "a": "0cc175b9c0f1b6a831c399e269772661",
            "abc": "900150983cd24fb0d6963f7d28e17f72", "message digest": "f96b697d7cb7938d525a2f31aaf161d0",
            "abcdefghijklmnopqrstuvwxyz": "c3fcd3d76192e4007dfb496cca67e13b",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789": "d174ab98d277d9f5a5611c2c9f419d9f",
            String(repeating: "1234567890", count: 8): "57edf4a22be3c955ac49da2e2107b67a",
        ]
        for (input, hex) in vectors {
            XCTAssertEqual(String(decoding: MD5.hex(Array(input.utf8)), as: UTF8.self), hex, input)
        }
        // lengths around the 56/64-byte padding boundary
        XCTAssertEqual(
            String(decoding: MD5.hex(Array(repeating: UInt8(ascii: "a"), count: 55)), as: UTF8.self),
            "ef1772b6dff9a122358552954ad0df65")
        XCTAssertEqual(
            String(decoding: MD5.hex(Array(repeating: UInt8(ascii: "a"), count: 64)), as: UTF8.self),
            "014842d480b571495a4a0363793f7367")
    }

    func testKeyExpressions() throws {
        func name(_ text: String) -> String? { SQLExpression.parse(text)?.keyName }
        XCTAssertEqual(name("lower((email)::text)"), "lower(email::text)")
        XCTAssertEqual(name("(md5(url))"), "md5(url)")
        XCTAssertEqual(name("md5(\"Href\")"), "md5(\"Href\")")
        XCTAssertEqual(SQLExpression.parse("md5(((url)::text))")?.columns, ["url"])
        XCTAssertEqual(name("(lower(a) || b)"), "(lower(a) || b)")
        XCTAssertEqual(name("((a)::text)"), "(a::text)")
        XCTAssertEqual(name("\"left\"(code, 3)"), "\"left\"(code, 3)")
        XCTAssertNil(SQLExpression.parse("a @@ b"))
        XCTAssertNil(SQLExpression.parse("s.f(a)"))
        let i = try DDLParser.index(
            "CREATE UNIQUE INDEX u ON public.users USING btree (lower((email)::text)) WHERE (note <> 'it''s');")
        XCTAssertEqual(i.predicate, "( note <> 'it''s' )")
        XCTAssertEqual(SQLExpression.parse(i.predicate!), .binary("<>", .column("note"), .string("it's")))

        XCTAssertEqual(try CaseMapping("C").map(Array("ÅSa@X".utf8), upper: false), Array("Åsa@x".utf8))
        XCTAssertEqual(try CaseMapping("C.UTF-8").map(Array("ÅSa@X".utf8), upper: false), Array("åsa@x".utf8))
        XCTAssertEqual(try CaseMapping("C.UTF-8").map(Array("straße ñ".utf8), upper: true), Array("STRAßE Ñ".utf8))
        // a locale this machine does not have: ASCII is exact (unless Turkic), non-ASCII is not
        XCTAssertEqual(try CaseMapping("xx_NOPE.UTF-8").map(Array("SA@X".utf8), upper: false), Array("sa@x".utf8))
        XCTAssertThrowsError(try CaseMapping("xx_NOPE.UTF-8").map(Array("ÅSA".utf8), upper: false))
        // Turkish: I lowers to dotless ı there, so even ASCII needs the locale's tables.
        XCTAssertThrowsError(try CaseMapping("tr_TR.NOPE").map(Array("INDEX".utf8), upper: false))
        XCTAssertTrue(KeyExpression.isTurkicLocale("tr_TR.UTF-8"))
        XCTAssertTrue(KeyExpression.isTurkicLocale("az-x-icu"))
        XCTAssertFalse(KeyExpression.isTurkicLocale("en_US.UTF-8"))
        XCTAssertTrue(KeyExpression.isCLocale("C") && KeyExpression.isCLocale("POSIX"))
        XCTAssertFalse(KeyExpression.isCLocale("en_US.UTF-8") || KeyExpression.isCLocale("C.UTF-8"))
    }

    /// The progress counter receives the stored bytes of the table data read.
    func testProgressCounter() throws {
        let archive = try Self.archive("mixed")
        let counter = ProgressCounter()
        let report = RestoreCheck.run(archive, progress: counter)
        XCTAssertEqual(report.problemCount, try Self.restoreErrors("mixed").count)
        XCTAssertGreaterThan(counter.value, 0)
        XCTAssertLessThanOrEqual(counter.value, try XCTUnwrap(archive.size))
    }
}
