import Foundation
import XCTest
@testable import PGDump

/// Selections and options the stored fixtures do not cover, compared with the real
/// pg_restore of the archive's major run right now. Skipped where that binary is missing.
final class SchemaScriptReferenceTests: XCTestCase {
    override func setUp() {
        Fixtures.useUTC()
    }

    /// One fixture per major and format family is enough here; schema.sql covers all 46.
    let cases = [
        "pg15-custom-default", "pg15-downgraded-1.10", "pg16-dir-gzip", "pg17-custom-zstd",
        "pg18-custom-stats", "pg18-tar",
    ]

    func compare(
        _ name: String, pgRestoreArgs: [String], list: String? = nil,
        configure: (inout RestoreSelection) -> Void, noOwner: Bool = false,
        schemaOnly: Bool = true, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let archive = try Fixtures.open(name)
        let major = ReferenceRestore(archive: archive).major
        let dir = Fixtures.directory(name).path
        let archiveName = try Fixtures.meta(name)["archive"] as! String
        var args = pgRestoreArgs + ["-f", "-", "--restrict-key=K"]
        var listFile: RestoreListFile?
        var tmp: URL?
        if let list {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-\(UUID().uuidString).list")
            try list.write(to: url, atomically: true, encoding: .utf8)
            tmp = url
            args += ["-L", url.path]
            listFile = try RestoreListFile(text: list, archive: archive)
        }
        defer { if let tmp { try? FileManager.default.removeItem(at: tmp) } }
        guard let real = try PgBinaries.pgRestore(major: major, args + [archiveName], cwd: dir) else {
            throw XCTSkip("pg_restore \(major) is not installed here (make pg-binaries installs 16-18)")
        }
        XCTAssertEqual(real.status, 0, "\(name): pg_restore failed: \(real.stderr)", file: file, line: line)
        var selection = RestoreSelection()
        configure(&selection)
        if schemaOnly { selection = SchemaScript.schemaOnlySelection(selection) }
        let script = SchemaScript(
            archive: archive, selection: selection, list: listFile, restrictKey: "K", noOwner: noOwner)
        let (sql, _) = try script.render()
        if sql != real.text {
            XCTFail(
                "\(name) \(pgRestoreArgs): differs at line \(SchemaScriptTests.firstDifferentLine(sql, real.text))",
                file: file, line: line)
        }
    }

    func testSelectionsMatchRealPgRestore() throws {
        for name in cases {
            try compare(name, pgRestoreArgs: ["-s", "-t", "users"]) { $0.tableNames = ["users"] }
            try compare(name, pgRestoreArgs: ["-s", "-n", "Mixed Case"]) { $0.schemaNames = ["Mixed Case"] }
            try compare(name, pgRestoreArgs: ["-s", "-N", "public"]) { $0.excludeSchemaNames = ["public"] }
            try compare(name, pgRestoreArgs: ["-s", "--section=post-data"]) { $0.sections = [.postData] }
            try compare(name, pgRestoreArgs: ["-s", "-I", "users_email_idx", "-T", "posts posts_touch"]) {
                $0.indexNames = ["users_email_idx"]
                $0.triggerNames = ["posts posts_touch"]
            }
            try compare(name, pgRestoreArgs: ["-s", "-C", "-x", "--no-comments"]) {
                $0.createDatabase = true
                $0.skipPrivileges = true
                $0.skipComments = true
            }
            try compare(name, pgRestoreArgs: ["-s", "-O"], configure: { _ in }, noOwner: true)
        }
    }

    /// Without -s, a list that leaves out every entry with a data block: sequence values,
    /// large-object metadata and ACLs, statistics and matview refreshes, which pg_restore
    /// prints from the TOC alone (including `lo_create` and per-OID commands it builds itself).
    func testEverythingButDataBlocksMatchesRealPgRestore() throws {
        for name in cases {
            let archive = try Fixtures.open(name)
            var list = ""
            for e in archive.entries where !e.hadDumper { list += "\(e.dumpId)\n" }
            try compare(name, pgRestoreArgs: [], list: list, configure: { _ in }, schemaOnly: false)
            try compare(
                name, pgRestoreArgs: ["-a"], list: list,
                configure: {
                    $0.dataOnly = true
                    $0.includeStatistics = false
                },
                schemaOnly: false)
        }
    }
}
