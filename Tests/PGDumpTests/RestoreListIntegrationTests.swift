import Foundation
import XCTest
@testable import PGDump

/// The incident's workaround end to end: a list written by pgdmp that leaves out one index is
/// fed to the real PostgreSQL 15 pg_restore, into a fresh database of a throw-away server.
final class RestoreListIntegrationTests: XCTestCase {
    var server: ThrowawayPostgres?

    override func setUpWithError() throws {
        Fixtures.useUTC()
        guard let bin = ThrowawayPostgres.binaries() else {
            throw XCTSkip(
                "PostgreSQL 15 server binaries (initdb, pg_ctl, postgres, psql, pg_restore) are not installed "
                    + "in /usr/lib/postgresql/15/bin (or $PG15_BIN); the -L integration test needs a real server")
        }
        let s = try ThrowawayPostgres(bin: bin)
        server = s
        try s.start()
        try s.psql("postgres", "CREATE ROLE alice; CREATE ROLE bob;")
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func testRestoreEverythingExceptOneIndexThenTheIndexOnItsOwn() throws {
        let server = try XCTUnwrap(server)
        let name = "pg15-custom-default"
        let archive = try Fixtures.open(name)
        let archivePath = try Fixtures.archivePath(name)
        let excluded = try EntryReference("INDEX:public.users_email_idx").resolve(in: archive)

        var writer = RestoreListWriter(archive: archive)
        writer.exclude = [try EntryReference("INDEX:public.users_email_idx")]
        let result = try writer.write()
        XCTAssertEqual(result.warnings.map(\.description), [])
        let listURL = URL(fileURLWithPath: server.directory + "/restore.list")
        try result.text.write(to: listURL, atomically: true, encoding: .utf8)

        try server.psql(
            "postgres", "CREATE DATABASE restored TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        let restore = try server.pgRestore("restored", ["--exit-on-error", "-L", listURL.path, archivePath])
        XCTAssertEqual(restore.status, 0, "pg_restore -L failed: \(restore.stderr)")

        // Indexes: every index the archive creates (INDEX entries, and PRIMARY KEY / UNIQUE
        // constraints, which create an index of the constraint's name) except the excluded one.
        var expected = Set<String>()
        for e in archive.entries {
            if e.desc == "INDEX" { expected.insert("\(e.namespace!).\(e.tag!)") }
            if e.desc == "CONSTRAINT", let d = e.defn, d.contains("PRIMARY KEY") || d.contains("UNIQUE") {
                expected.insert("\(e.namespace!).\(e.tag!.split(separator: " ").last!)")
            }
        }
        let indexQuery =
            "SELECT schemaname || '.' || indexname FROM pg_indexes "
            + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        let present = Set(try server.psql("restored", indexQuery).split(separator: "\n").map(String.init))
        XCTAssertFalse(present.contains("public.users_email_idx"), "the excluded index must be absent")
        XCTAssertEqual(present, expected.subtracting(["\(excluded.namespace!).\(excluded.tag!)"]))

        // Every table's rows (counts.tsv holds the server's count(*) at dump time).
        let counts = try Fixtures.text(name, "counts.tsv").split(separator: "\n")
        XCTAssertFalse(counts.isEmpty)
        for line in counts {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let table = SQLIdentifier.qualified(f[0], f[1], major: 15)
            XCTAssertEqual(
                try server.psql("restored", "SELECT count(*) FROM \(table)").trimmingCharacters(
                    in: .whitespacesAndNewlines),
                f[2], table)
        }
        XCTAssertEqual(
            try server.psql("restored", "SELECT count(*) FROM pg_largeobject_metadata")
                .trimmingCharacters(in: .whitespacesAndNewlines), "3")
        // The post-ACL pass ran too: the materialized view was refreshed.
        XCTAssertEqual(
            try server.psql("restored", "SELECT relispopulated FROM pg_class WHERE oid = 'app.post_counts'::regclass")
                .trimmingCharacters(in: .whitespacesAndNewlines), "t")

        // Second half of the workaround: the left-out index on its own, where it can fail or succeed alone.
        let single = try server.pgRestore("restored", ["--exit-on-error", "-I", "users_email_idx", archivePath])
        XCTAssertEqual(single.status, 0, single.stderr)
        let after = Set(try server.psql("restored", indexQuery).split(separator: "\n").map(String.init))
        XCTAssertEqual(after, expected)
    }
}
