import Foundation
import XCTest
@testable import PGDump

/// The small text tools behind the CLI's messages and diffs, checked against real tools.
final class NameAndDiffTests: XCTestCase {
    func testNearNames() {
        let commands = ["info", "list", "rows", "cat", "check", "verify", "diff", "schema", "order", "deps"]
        XCTAssertEqual(NearNames.near("lsit", in: commands, limit: 1), ["list"])
        XCTAssertEqual(NearNames.near("veriffy", in: commands, limit: 1), ["verify"])
        XCTAssertEqual(NearNames.near("shcema", in: commands, limit: 1), ["schema"])
        XCTAssertEqual(NearNames.near("zzzzzzzz", in: commands), [])
        XCTAssertEqual(NearNames.near("user", in: ["users", "posts", "user_posts"]).first, "users")
    }

    /// UnifiedDiff's hunks apply with the real `patch` and give the new text back.
    func testUnifiedDiffAppliesWithPatch() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/patch"), "patch is not installed")
        var rng = SystemRandomNumberGenerator()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("udiff-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for round in 0..<40 {
            let words = ["a", "b", "c", "CREATE TABLE t (", "    id integer,", ");", "x"]
            let before = (0..<Int.random(in: 0...30, using: &rng)).map { _ in words.randomElement(using: &rng)! }
            var after = before
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                if !after.isEmpty && Bool.random(using: &rng) {
                    after.remove(at: Int.random(in: 0..<after.count, using: &rng))
                } else {
                    after.insert(words.randomElement(using: &rng)!, at: Int.random(in: 0...after.count, using: &rng))
                }
            }
            let a = before.map { $0 + "\n" }.joined()
            let b = after.map { $0 + "\n" }.joined()
            if a == b {
                XCTAssertEqual(UnifiedDiff.hunks(a, b), "")
                continue
            }
            let file = dir.appendingPathComponent("f\(round)").path
            try a.write(toFile: file, atomically: true, encoding: .utf8)
            let patchFile = file + ".patch"
            try ("--- f\n+++ f\n" + UnifiedDiff.hunks(a, b)).write(toFile: patchFile, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
            p.arguments = ["-s", "--posix", file, patchFile]
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "round \(round): \(before) -> \(after)")
            XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), b, "round \(round)")
        }
    }

    func testRowConditionParsing() throws {
        XCTAssertEqual(try RowCondition(parsing: "id = 42"), RowCondition(column: "id", op: .equal, value: "42"))
        XCTAssertEqual(
            try RowCondition(parsing: "\"My Col\" <> 'it''s'"),
            RowCondition(column: "My Col", columnQuoted: true, op: .notEqual, value: "it's"))
        XCTAssertEqual(
            try RowCondition(parsing: "email is not null"), RowCondition(column: "email", op: .isNotNull, value: nil))
        XCTAssertEqual(try RowCondition(parsing: "url LIKE '%x%'").op, .like)
        XCTAssertEqual(try RowCondition(parsing: "n>=3").op, .greaterOrEqual)
        XCTAssertThrowsError(try RowCondition(parsing: "id"))
        XCTAssertThrowsError(try RowCondition(parsing: "id = 'open"))
        XCTAssertThrowsError(try RowCondition(parsing: "id IS NULL x"))
    }
}
