import Foundation
import XCTest
@testable import PGDump

/// `check` predicts what a real restore prints: archives restored with the real pg_restore into
/// fresh databases of a real PostgreSQL 15 server, their errors compared with `predictedErrors`
/// from the fresh-cluster model (`--target-version 15`) and from the target itself (`-d`), with
/// and without the archive's roles on the server, as superuser and as a non-superuser owner.
/// `make oracle` does the same for every fixture on 15 to 18.
final class RestorePredictionTests: XCTestCase {
    nonisolated(unsafe) static var shared: ThrowawayPostgres?
    nonisolated(unsafe) static var databases = 0

    static let archives = [
        "cases/pg15-custom-default/archive.dump", "cases/pg15-custom-data-only/archive.dump",
        "cases/pg17-custom-gzip/archive.dump", "cases/pg18-custom-stats/archive.dump",
        "faults/mixed/archive.dump", "prediction/target-gaps/archive.dump",
        "prediction/old-format/archive.dump", "cases/pg15-downgraded-1.10/archive.dump",
    ]

    override func setUpWithError() throws {
        Fixtures.useUTC()
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: pgdmpBinary),
            "build the tool first (make test does): \(pgdmpBinary)")
        _ = try ThrowawayPostgres.shared(in: &Self.shared, setupSQL: "CREATE ROLE restorer LOGIN CREATEDB NOSUPERUSER")
    }

    override class func tearDown() {
        shared?.stop()
        shared = nil
        super.tearDown()
    }

    var server: ThrowawayPostgres { Self.shared! }

    func path(_ relative: String) -> String { FixtureCase.root.appendingPathComponent("Fixtures/" + relative).path }

    func newDatabase(owner: String) throws -> String {
        Self.databases += 1
        let db = "pred\(Self.databases)"
        try server.psql("postgres", "CREATE DATABASE \(db) TEMPLATE template0 OWNER \(owner)")
        return db
    }

    func predicted(_ args: [String]) throws -> [RestoreErrorLog.Error] {
        let (code, out, err) = try runPGDmp(["check", "--json", "--quiet"] + args)
        XCTAssertTrue([0, 1, 3].contains(code), "check \(args): exit \(code): \(err)")
        let report = try JSONDecoder().decode(CheckReport.self, from: out)
        return report.predictedErrors.map { RestoreErrorLog.Error(dumpId: $0.dumpId, message: firstLine($0.message)) }
    }

    /// pg_restore's log is read line by line: a message that holds a newline (a name with one) ends there.
    func firstLine(_ s: String) -> String {
        String(s.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// Restores `archive` into `db` as `user` with the pg_restore that can read it, and returns its errors.
    func restore(
        _ archive: String, into db: String, as user: String,
        on target: ThrowawayPostgres? = nil
    ) throws -> [RestoreErrorLog.Error] {
        let a = try Archive.open(path: archive)
        let major = PgRestoreChoice.forTarget(15, version: a.header.version)
        let dir = try XCTUnwrap(
            PgBinaries.directory(major: major), "pg_restore \(major) is missing: make pg-binaries installs it")
        let r = try PgBinaries.run(
            dir + "/pg_restore", ["-v", "-h", (target ?? server).directory, "-U", user, "-d", db, archive],
            environment: ["LC_ALL": "C", "PGOPTIONS": "", "LD_LIBRARY_PATH": dir + "/../lib"])
        let blobs = a.entries.first { $0.desc == "BLOBS" }?.dumpId
        return RestoreErrorLog(stderr: r.stderr, blobsEntry: blobs).errors
    }

    /// The same errors, each as often, in any order.
    func assertSame(
        _ actual: [RestoreErrorLog.Error], _ predicted: [RestoreErrorLog.Error], _ what: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var missing = actual
        var extra: [RestoreErrorLog.Error] = []
        for p in predicted {
            if let i = missing.firstIndex(of: p) { missing.remove(at: i) } else { extra.append(p) }
        }
        XCTAssertEqual(missing, [], "\(what): real errors not predicted", file: file, line: line)
        XCTAssertEqual(extra, [], "\(what): predictions that did not happen", file: file, line: line)
    }

    func testFreshClusterModelPredictsEveryRestoreError() throws {
        var total = 0
        for relative in Self.archives {
            for superuser in [true, false] {
                let user = superuser ? "postgres" : "restorer"
                var args = ["--target-version", "15", "--target-locale", "C"]
                if !superuser { args += ["--no-superuser", "--target-user", user] }
                let predictions = try predicted(args + [path(relative)])
                let db = try newDatabase(owner: user)
                let actual = try restore(path(relative), into: db, as: user)
                assertSame(actual, predictions, "\(relative) as \(user)")
                total += actual.count
            }
        }
        XCTAssertGreaterThan(total, 300, "the archives exercise many rules")
    }

    func testCheckAgainstTheServerPredictsEveryRestoreErrorWithAndWithoutTheRoles() throws {
        let relatives = [
            "cases/pg15-custom-default/archive.dump", "prediction/target-gaps/archive.dump",
            "faults/mixed/archive.dump",
        ]
        // Roles are cluster-wide: this test has a server of its own.
        let own = try ThrowawayPostgres(bin: XCTUnwrap(ThrowawayPostgres.binaries()))
        try own.start()
        defer { own.stop() }
        var n = 0
        for withRoles in [false, true] {
            if withRoles {
                try own.psql(
                    "postgres", "CREATE ROLE alice; CREATE ROLE bob; CREATE ROLE app_owner; CREATE ROLE reporting;")
            }
            for relative in relatives {
                n += 1
                let db = "live\(n)"
                try own.psql("postgres", "CREATE DATABASE \(db) TEMPLATE template0")
                let predictions = try predicted([
                    "-d", "host=\(own.directory) user=postgres dbname=\(db)", path(relative),
                ])
                let actual = try restore(path(relative), into: db, as: "postgres", on: own)
                assertSame(actual, predictions, "\(relative), roles \(withRoles ? "present" : "absent")")
                if withRoles {
                    XCTAssertFalse(
                        predictions.contains { $0.message.hasPrefix("role ") }, "no missing role once they exist")
                } else if relative != "faults/mixed/archive.dump" {
                    XCTAssertTrue(
                        predictions.contains { $0.message.hasPrefix("role ") },
                        "\(relative) needs roles a new cluster lacks")
                }
            }
        }
    }

    /// A second restore into a database that already holds the archive: every prediction happens,
    /// and the objects a CREATE finds already there are among them. (Data conflicts, and
    /// functions, constraints and triggers that already exist, are not predicted: check says so
    /// in a note when the target database is not empty.)
    func testANonEmptyTargetPredictsAlreadyExists() throws {
        let archive = path("cases/pg15-custom-default/archive.dump")
        let db = try newDatabase(owner: "postgres")
        _ = try restore(archive, into: db, as: "postgres")
        let (code, out, err) = try runPGDmp([
            "check", "--json", "--quiet", "-d", "host=\(server.directory) user=postgres dbname=\(db)", archive,
        ])
        XCTAssertEqual(code, 1, err)
        let report = try JSONDecoder().decode(CheckReport.self, from: out)
        XCTAssertTrue(report.notes.contains { $0.kind == "non-empty-target" }, "\(report.notes)")
        let predictions = report.predictedErrors.map {
            RestoreErrorLog.Error(dumpId: $0.dumpId, message: firstLine($0.message))
        }
        let actual = try restore(archive, into: db, as: "postgres")
        var pool = actual
        for p in predictions {
            XCTAssertNotNil(pool.firstIndex(of: p), "predicted but did not happen: \(p)")
            if let i = pool.firstIndex(of: p) { pool.remove(at: i) }
        }
        // What a CREATE TABLE/VIEW/SEQUENCE/INDEX/TYPE/SCHEMA finds already there.
        let a = try Archive.open(path: archive)
        let creates: Set<String> = [
            "TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "INDEX", "TYPE", "DOMAIN", "SCHEMA",
        ]
        let existing = actual.filter { e in
            e.message.hasSuffix("already exists")
                && creates.contains(e.dumpId.flatMap { a.entry(dumpId: $0)?.desc } ?? "")
        }
        XCTAssertGreaterThan(existing.count, 10)
        for e in existing { XCTAssertTrue(predictions.contains(e), "not predicted: \(e)") }
    }
}
