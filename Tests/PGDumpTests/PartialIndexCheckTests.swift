import Foundation
import XCTest
@testable import PGDump

/// `pgdmp check` on partial and expression unique indexes: Fixtures/faults/partial, made by
/// Fixtures/generate-faults-partial.sh on a real PostgreSQL 15 server, with the errors the real
/// pg_restore 15 printed when restoring it.
final class PartialIndexCheckTests: XCTestCase {
    static func targetLocale() throws -> String {
        try String(
            contentsOf: CheckTests.faultsDir.appendingPathComponent("partial/target-locale.txt"), encoding: .utf8
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ configure: (inout CheckOptions) -> Void = { _ in }) throws -> CheckReport {
        var options = CheckOptions()
        options.targetLocale = try targetLocale()
        configure(&options)
        return RestoreCheck.run(try CheckTests.archive("partial"), options: options)
    }

    /// Every unique index the real pg_restore failed on is predicted, with the key PostgreSQL named
    /// (its DETAIL line, word for word) among the keys found, and no other statement is predicted.
    func testPredictsExactlyTheRestoreErrors() throws {
        let errors = try CheckTests.restoreErrors("partial")
        XCTAssertEqual(errors.count, 8, "the faults planted by Fixtures/sql/faults-partial.sql")
        let report = try Self.run()
        XCTAssertEqual(report.unreadable, [])
        XCTAssertEqual(report.problemCount, errors.count)
        var predicted = Set(
            report.duplicateKeys.map(\.statement) + report.oversizedIndexRows.map(\.statement)
                + report.foreignKeyOrphans.map(\.statement))
        for e in errors {
            XCTAssertNotNil(predicted.remove(e.command), "not predicted: \(e.command)")
            XCTAssertTrue(e.error.hasPrefix("could not create unique index"), e.error)
            let name = try XCTUnwrap(CheckTests.quoted(e.error))
            let p = try XCTUnwrap(report.duplicateKeys.first { $0.index == name }, name)
            XCTAssertTrue(
                p.keys.contains { $0.message == e.detail }, "\(name): \(e.detail ?? "") not in \(p.keys.map(\.message))"
            )
        }
        XCTAssertTrue(predicted.isEmpty, "predicted but pg_restore did not fail: \(predicted)")
        XCTAssertEqual(report.exitCode, 1)
    }

    /// The rows behind the keys, and what the predicates leave out.
    func testRowsAndExcludedDuplicates() throws {
        let report = try Self.run()
        func dup(_ name: String) throws -> DuplicateKeyProblem {
            try XCTUnwrap(report.duplicateKeys.first { $0.index == name }, name)
        }
        // case-only duplicates under lower(), NULL and '' domains made equal by COALESCE, and Å/å under C.UTF-8
        let accounts = try dup("index_accounts_on_username_and_domain_lower")
        XCTAssertEqual(
            accounts.keys.map { $0.rows.map(\.description) },
            [["id=1", "id=3"], ["id=2", "id=4"], ["id=5", "id=6"], ["id=7", "id=8"]])
        XCTAssertEqual(accounts.caseMappingLocale, "C.UTF-8")
        // the partial uri index: NULL uris are not in it, one real duplicate is
        let uri = try dup("index_statuses_on_uri")
        XCTAssertEqual(uri.keys.map { $0.rows.map(\.description) }, [["id=17", "id=1006"]])
        XCTAssertNil(uri.caseMappingLocale)
        // IN (…) on text
        XCTAssertEqual(
            try dup("orders_one_open_per_customer").keys.map { $0.rows.map(\.description) }, [["id=1", "id=2"]])
        // predicates that exclude every repeated key, and NULLs in partial and composite keys
        for name in [
            "orders_recent_ref", "index_media_attachments_on_shortcode",
            "index_follows_on_account_id_and_target_account_id", "users_body_md5",
        ] {
            XCTAssertNil(report.duplicateKeys.first { $0.index == name }, name)
            XCTAssertFalse(report.notChecked.contains { $0.object.contains(name) }, name)
        }
        // the one index pgdmp cannot evaluate is named, with why
        XCTAssertEqual(report.notChecked.map(\.object), ["INDEX users_body_split on public.users"])
        XCTAssertTrue(report.notChecked[0].reason.contains("split_part"), report.notChecked[0].reason)
    }

    /// Under a locale this machine does not have, the non-ASCII keys are not guessed: the rows are
    /// counted as not checked (exit 3 if nothing else fails), the ASCII case-only duplicates stay.
    func testUnknownLocaleIsNotGuessed() throws {
        let report = try Self.run { $0.targetLocale = "xx_NOPE.UTF-8" }
        let accounts = try XCTUnwrap(
            report.duplicateKeys.first { $0.index == "index_accounts_on_username_and_domain_lower" })
        XCTAssertEqual(
            accounts.keys.map { $0.rows.map(\.description) }, [["id=1", "id=3"], ["id=2", "id=4"], ["id=7", "id=8"]])
        let nc = try XCTUnwrap(
            report.notChecked.first { $0.object.hasPrefix("index_accounts_on_username_and_domain_lower") })
        XCTAssertTrue(nc.reason.hasPrefix("2 row(s) not checked"), nc.reason)
        XCTAssertTrue(nc.reason.contains("xx_NOPE.UTF-8"), nc.reason)
    }

    /// Exit codes: 2 unreadable > 1 failures > 3 not fully checked > 0.
    func testExitCodePrecedence() throws {
        var report = try Self.run()
        XCTAssertEqual(report.exitCode, 1)
        report.duplicateKeys = []
        XCTAssertEqual(report.exitCode, 3, "something was not checked")
        report.notChecked = []
        XCTAssertEqual(report.exitCode, 0)
        report.notChecked = [NotChecked(object: "x", reason: "y")]
        report.unreadable = ["TABLE DATA x: damaged"]
        XCTAssertEqual(report.exitCode, 2)
        let (rc, _, _) = try runPGDmp([
            "check", "-q", CheckTests.faultsDir.appendingPathComponent("partial/archive.dump").path,
        ])
        XCTAssertEqual(rc, 1)
    }

    /// Evaluates `text` (an index expression or predicate) on one row of text columns.
    private func eval(
        _ text: String, _ row: [String: String?], types: [String: String] = [:],
        locale: String = "C.UTF-8"
    ) throws -> SQLValue? {
        let names = row.keys.sorted()
        let expr = try XCTUnwrap(SQLExpression.parse(text), text)
        var binder = ExpressionBinder(
            columns: { n in
                names.firstIndex(of: n).map {
                    ColumnBinding(position: $0, type: SQLType.of(column: types[n] ?? "text"))
                }
            }, targetLocale: locale)
        let bound = try binder.bind(expr).0
        let fields: [[UInt8]] = names.map { n in row[n]!.map { Array($0.utf8) } ?? Array("\\N".utf8) }
        return try bound.evaluate { i in
            fields[i].withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) }
        }
    }

    private func text(_ s: String) -> SQLValue { .text(Array(s.utf8)) }

    /// The text functions, with the examples of PostgreSQL's documentation and edge cases of its code.
    func testFunctions() throws {
        let row: [String: String?] = ["s": "alphabet", "n": nil, "u": "añb", "w": "xyxtrimyyx", "e": ""]
        XCTAssertEqual(try eval("substr(s, 3, 2)", row), text("ph"))
        XCTAssertEqual(try eval("substr(s, 3)", row), text("phabet"))
        XCTAssertEqual(try eval("substr(s, 0, 2)", row), text("a"))
        XCTAssertEqual(try eval("substr(s, -1)", row), text("alphabet"))
        XCTAssertEqual(try eval("substr(s, 20, 2)", row), text(""))
        XCTAssertThrowsError(try eval("substr(s, 1, -1)", row))
        XCTAssertEqual(try eval("\"left\"(s, 3)", row), text("alp"))
        XCTAssertEqual(try eval("\"left\"(s, -2)", row), text("alphab"))
        XCTAssertEqual(try eval("\"right\"(s, 3)", row), text("bet"))
        XCTAssertEqual(try eval("\"right\"(s, -6)", row), text("et"))
        XCTAssertEqual(try eval("btrim(w, 'xyz'::text)", row), text("trim"))
        XCTAssertEqual(try eval("ltrim(w, 'xyz'::text)", row), text("trimyyx"))
        XCTAssertEqual(try eval("rtrim(w, 'xyz'::text)", row), text("xyxtrim"))
        XCTAssertEqual(try eval("reverse(u)", row), text("bña"))
        XCTAssertEqual(try eval("length(u)", row), .int(3))
        XCTAssertEqual(try eval("octet_length(u)", row), .int(4))
        XCTAssertEqual(try eval("upper(u)", row), text("AÑB"))
        XCTAssertEqual(try eval("upper(u)", row, locale: "C"), text("AñB"))
        XCTAssertEqual(
            try eval("md5(s)", row),
            text(
                "ac18ae5ad3d0d1d5b3b1a3cf8a42ea0e".isEmpty
                    ? "" : String(decoding: MD5.hex(Array("alphabet".utf8)), as: UTF8.self)))
        XCTAssertNil(try eval("lower(n)", row))
        XCTAssertEqual(try eval("COALESCE(n, s)", row), text("alphabet"))
        XCTAssertNil(try eval("NULLIF(e, ''::text)", row))
        XCTAssertEqual(try eval("NULLIF(s, ''::text)", row), text("alphabet"))
        XCTAssertNil(try eval("(s || n)", row))
        XCTAssertEqual(try eval("((s)::character varying(3))::text", row), text("alp"))
    }

    /// Predicates: three-valued logic, numbers, booleans, ISO timestamps, IN and = ANY.
    func testPredicates() throws {
        let types = ["i": "integer", "a": "numeric", "b": "boolean", "t": "timestamp without time zone", "s": "text"]
        let row: [String: String?] = [
            "i": "7", "a": "10.50", "b": "t", "t": "2024-01-01 00:00:00.5", "s": "open", "n": nil,
        ]
        func holds(_ p: String) throws -> Bool? {
            switch try eval(p, row, types: types.merging(["n": "integer"]) { a, _ in a }) {
            case .bool(let b)?: return b
            case nil: return nil
            default:
                XCTFail(p)
                return nil
            }
        }
        XCTAssertEqual(try holds("(i > 5)"), true)
        XCTAssertEqual(try holds("(i = ANY (ARRAY[1, 2]))"), false)
        XCTAssertEqual(try holds("(i <> ALL (ARRAY[1, 2]))"), true)
        XCTAssertEqual(try holds("(a > 10.5)"), false)
        XCTAssertEqual(try holds("(a >= 10.5)"), true)
        XCTAssertEqual(try holds("(a < '10.51'::numeric)"), true)
        XCTAssertEqual(try holds("b"), true)
        XCTAssertEqual(try holds("(NOT b)"), false)
        XCTAssertEqual(try holds("(b IS NOT TRUE)"), false)
        XCTAssertEqual(try holds("(t >= '2024-01-01 00:00:00'::timestamp without time zone)"), true)
        XCTAssertEqual(try holds("(t < '2024-01-01 00:00:00.25'::timestamp without time zone)"), false)
        XCTAssertEqual(try holds("(s = ANY (ARRAY['open'::text, 'pending'::text]))"), true)
        XCTAssertEqual(try holds("(s IN ('closed', 'pending'))"), false)
        XCTAssertEqual(try holds("(s > 'a'::text)"), true)
        XCTAssertEqual(try holds("(n IS NULL)"), true)
        XCTAssertNil(try holds("(n > 1)"))
        XCTAssertNil(try holds("((n > 1) AND b)"))
        XCTAssertEqual(try holds("((n > 1) AND (NOT b))"), false)
        XCTAssertEqual(try holds("((n > 1) OR b)"), true)
        XCTAssertNil(try holds("(NOT (n > 1))"))
        // text order under a collation other than C / C.UTF-8 is not evaluated
        XCTAssertThrowsError(try eval("(s > 'a'::text)", row, types: types, locale: "en_US.UTF-8"))
        // a comparison of types pgdmp does not model is not evaluated
        XCTAssertThrowsError(try eval("(x > '1'::jsonb)", ["x": "1"], types: ["x": "jsonb"]))
    }
}
