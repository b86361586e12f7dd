import Foundation
import XCTest
@testable import PGDump

/// `cat TABLE --where …` finds the same rows, in the same order, as the real PostgreSQL 15
/// does with `COPY (SELECT * FROM TABLE WHERE …) TO STDOUT` on the archive restored into a
/// throw-away server (a "C" collation database, so text order is byte order as in pgdmp).
final class CatWhereTests: XCTestCase {
    var server: ThrowawayPostgres?
    let fixture = "pg15-custom-default"

    override func setUpWithError() throws {
        try requirePGDmpBinary()
        guard let bin = ThrowawayPostgres.binaries() else {
            throw XCTSkip(
                "PostgreSQL 15 server binaries are not installed in /usr/lib/postgresql/15/bin (or $PG15_BIN)")
        }
        let s = try ThrowawayPostgres(bin: bin)
        server = s
        try s.start()
        try s.psql("postgres", "CREATE ROLE alice; CREATE ROLE bob;")
        try s.psql(
            "postgres", "CREATE DATABASE restored TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        let r = try s.pgRestore("restored", ["--exit-on-error", try Fixtures.archivePath(fixture)])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func testWhereFindsWhatTheServerFinds() throws {
        let server = try XCTUnwrap(server)
        let archive = try Fixtures.archivePath(fixture)
        // (table, conditions as pgdmp takes them; the server gets the same text joined by AND)
        let cases: [(String, [String])] = [
            ("public.users", ["id > 2"]),
            ("public.users", ["email IS NULL"]),
            ("public.users", ["email IS NOT NULL"]),
            ("public.users", ["email LIKE '%example.org'"]),
            ("public.users", ["email NOT LIKE '%example%'"]),
            ("public.users", ["mood = 'happy'"]),
            ("public.users", ["username <> 'bob'"]),
            ("public.users", ["id >= 2", "email LIKE '%.jp'"]),
            ("public.users", ["username = 'zoë'"]),
            ("public.users", ["username LIKE 'z_ë'"]),
            ("public.\"MixedCase\"", ["\"Value\" = 'Two'"]),
            ("public.\"MixedCase\"", ["\"UPPER\" IS NULL"]),
            ("public.\"my table\"", ["\"another col\" = ' leading and trailing '"]),
            ("public.\"weird\"\"name\"", ["c = '''single'''"]),
            ("app.events", ["kind = 'buy'", "id < 100"]),
            ("app.events", ["id <= 10"]),
            ("app.events", ["id > 29990"]),
            ("app.events", ["msg LIKE 'cache%'", "id < 40"]),
            ("app.events", ["msg = ''"]),
            ("app.events", ["msg IS NULL", "id < 1000"]),
            ("app.events", ["msg LIKE 'two%'", "id < 300"]),
            ("app.events", ["msg LIKE '%☕ #1_'"]),
            ("app.measurements_2023", ["value >= 10"]),
            ("app.measurements_2023", ["value = 2.5"]),
        ]
        for (table, conditions) in cases {
            let (code, out, err) = try runPGDmp(
                ["cat", "-q", archive, table] + conditions.flatMap { ["--where", $0] })
            XCTAssertEqual(code, 0, "\(table) \(conditions): \(err)")
            let sql = "COPY (SELECT * FROM \(table) WHERE \(conditions.joined(separator: " AND "))) TO STDOUT"
            let expected = try server.psql("restored", sql)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), expected, "\(table) \(conditions)")
        }
    }

    /// --line-numbers gives the COPY line: the server's row_number over the table in COPY order.
    func testLineNumbersAreTheCopyLines() throws {
        let server = try XCTUnwrap(server)
        let archive = try Fixtures.archivePath(fixture)
        let (code, out, err) = try runPGDmp([
            "cat", "-q", archive, "app.events", "--where", "kind = 'signup'",
            "--line-numbers", "--columns", "id", "--format", "tsv", "--limit", "50",
        ])
        XCTAssertEqual(code, 0, err)
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").dropFirst()
        XCTAssertEqual(lines.count, 50)
        // Physical order after a restore is COPY order, so ctid order numbers the COPY lines.
        let expected = try server.psql(
            "restored",
            """
            SELECT n || E'\\t' || id FROM (SELECT id, kind, row_number() OVER (ORDER BY ctid) AS n FROM app.events) t
            WHERE kind = 'signup' ORDER BY n LIMIT 50
            """)
        XCTAssertEqual(lines.joined(separator: "\n") + "\n", expected)
    }
}
