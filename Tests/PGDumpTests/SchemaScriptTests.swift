import Foundation
import XCTest
@testable import PGDump

/// `pgdmp schema` against the `pg_restore -s -f - --restrict-key=…` output stored with every fixture.
final class SchemaScriptTests: XCTestCase {
    override func setUp() {
        Fixtures.useUTC()
    }

    func testEveryFixtureMatchesPgRestoreByteForByte() throws {
        let cases = Fixtures.caseNames
        XCTAssertGreaterThanOrEqual(cases.count, 48, "fixture cases missing: run Fixtures/generate.sh")
        var mismatched: [String] = []
        for name in cases {
            let meta = try Fixtures.meta(name)
            let key = try XCTUnwrap(meta["restrict_key"] as? String)
            let archive = try Fixtures.open(name)
            let script = SchemaScript(archive: archive, restrictKey: key)
            let (sql, warnings) = try script.render()
            let expected = try Fixtures.text(name, "schema.sql")
            XCTAssertEqual(warnings, [], name)
            if sql != expected {
                mismatched.append(name)
                XCTFail(
                    "\(name): schema differs from pg_restore's first at line \(Self.firstDifferentLine(sql, expected))")
            }
        }
        XCTAssertEqual(mismatched, [])
    }

    func testReferenceRestoreFollowsTheArchiveVersion() throws {
        let expected = [
            "pg15-custom-default": 15, "pg15-downgraded-1.10": 15, "pg16-tar": 16,
            "pg17-dir-lz4": 17, "pg18-custom-stats": 18,
        ]
        for (name, major) in expected {
            XCTAssertEqual(ReferenceRestore(archive: try Fixtures.open(name)).major, major, name)
        }
    }

    func testRandomRestrictKeyLooksLikePgRestores() {
        let a = SchemaScript.randomRestrictKey()
        let b = SchemaScript.randomRestrictKey()
        XCTAssertEqual(a.count, 63)
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(SchemaScript.isValidRestrictKey(a))
        XCTAssertFalse(SchemaScript.isValidRestrictKey("bad key"))
        XCTAssertFalse(SchemaScript.isValidRestrictKey(""))
    }

    func testIdentifierQuoting() {
        XCTAssertEqual(SQLIdentifier.quote("users"), "users")
        XCTAssertEqual(SQLIdentifier.quote("Mixed Case"), "\"Mixed Case\"")
        XCTAssertEqual(SQLIdentifier.quote("weird\"name"), "\"weird\"\"name\"")
        XCTAssertEqual(SQLIdentifier.quote("données"), "\"données\"")
        XCTAssertEqual(SQLIdentifier.quote("1abc"), "\"1abc\"")
        XCTAssertEqual(SQLIdentifier.quote(""), "\"\"")
        XCTAssertEqual(SQLIdentifier.quote("user"), "\"user\"")  // reserved
        XCTAssertEqual(SQLIdentifier.quote("name"), "name")  // unreserved
        XCTAssertEqual(SQLIdentifier.quote("system_user", major: 15), "system_user")
        XCTAssertEqual(SQLIdentifier.quote("system_user", major: 16), "\"system_user\"")
        XCTAssertEqual(SQLIdentifier.quote("json", major: 16), "json")
        XCTAssertEqual(SQLIdentifier.quote("json", major: 17), "\"json\"")
    }

    static func firstDifferentLine(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<end>"
            let y = i < lb.count ? String(lb[i]) : "<end>"
            if x != y { return "\(i + 1): got \(x.debugDescription), want \(y.debugDescription)" }
        }
        return "?"
    }
}
