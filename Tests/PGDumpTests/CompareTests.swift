import Foundation
import XCTest
@testable import PGDump

/// `pgdmp compare` and the target layer against a real PostgreSQL 15 server: fixtures restored
/// with the real pg_restore, then compared; changes made behind pgdmp's back with psql; and
/// every way a connection can fail. One server serves the whole class (each test restores into
/// its own database); the test that stops its server mid-run starts its own.
final class CompareTests: XCTestCase {
    nonisolated(unsafe) static var shared: ThrowawayPostgres?
    nonisolated(unsafe) static var databases = 0

    override func setUpWithError() throws {
        Fixtures.useUTC()
        try requirePGDmpBinary()
        _ = try ThrowawayPostgres.shared(in: &Self.shared, setupSQL: "CREATE ROLE alice; CREATE ROLE bob;")
    }

    override class func tearDown() {
        shared?.stop()
        shared = nil
        super.tearDown()
    }

    var server: ThrowawayPostgres { Self.shared! }

    /// A fresh database with `fixture` restored by the real pg_restore; returns its name and pg_restore's stderr.
    func restored(_ archivePath: String, _ extra: [String] = []) throws -> (db: String, stderr: String) {
        Self.databases += 1
        let db = "cmp\(Self.databases)"
        try server.psql(
            "postgres", "CREATE DATABASE \(db) TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        let r = try server.pgRestore(db, extra + [archivePath])
        return (db, r.stderr)
    }

    func conninfo(_ db: String, server s: ThrowawayPostgres? = nil) -> String {
        "host=\((s ?? server).directory) user=postgres dbname=\(db)"
    }

    func compare(_ args: [String]) throws -> (code: Int32, report: CompareReport?, stdout: String, stderr: String) {
        let (code, out, err) = try runPGDmp(["compare", "--json"] + args)
        return (
            code, try? JSONDecoder().decode(CompareReport.self, from: out), String(decoding: out, as: UTF8.self), err
        )
    }

    func notEqual(_ r: CompareReport) -> [String] {
        r.tables.filter { $0.status != .equal }.map { "rows \($0.schema ?? "").\($0.name) \($0.status.rawValue)" }
            + r.objects.filter { $0.status != .equal }.map { "\($0.kind.rawValue) \($0.name) \($0.status.rawValue)" }
    }

    // MARK: compare after a restore

    func testCleanRestoreComparesEqual() throws {
        let path = try Fixtures.archivePath("pg15-custom-default")
        let (db, err) = try restored(path)
        XCTAssertEqual(err, "", "the fixture restores cleanly")
        let r = try compare([path, "-d", conninfo(db)])
        XCTAssertEqual(r.code, 0, r.stdout + r.stderr)
        let report = try XCTUnwrap(r.report)
        XCTAssertEqual(notEqual(report), [])
        XCTAssertTrue(report.equal)
        // The counts are the server's own count(*) at dump time (counts.tsv), table by table.
        let counts = FixtureCase.named("pg15-custom-default").tsv("counts.tsv")
        XCTAssertEqual(report.tables.count, counts.count)
        for row in counts {
            let t = try XCTUnwrap(
                report.tables.first { $0.schema == row[0] && $0.name == row[1] }, row.joined(separator: "."))
            XCTAssertEqual(t.targetRows, UInt64(row[2]))
            XCTAssertEqual(t.archiveRows, UInt64(row[2]))
        }
        for kind in [
            CompareObjectKind.schema, .table, .column, .index, .constraint, .sequence, .sequenceValue, .view,
            .materializedView, .function, .trigger, .type,
        ] {
            XCTAssertTrue(report.objects.contains { $0.kind == kind }, "the fixture has a \(kind.rawValue) to compare")
        }
        XCTAssertEqual(report.largeObjects?.archive, 3)
        XCTAssertEqual(report.largeObjects?.present, 3)
        // Human output: the verdict is the last line.
        let (code, out, _) = try runPGDmp(["compare", path, "-d", conninfo(db)])
        XCTAssertEqual(code, 0)
        XCTAssertTrue(String(decoding: out, as: UTF8.self).hasSuffix(report.verdict + "\n"))
    }

    /// Names in a LATIN1 archive (`données.café`) match the UTF8 database's, and
    /// `--quote-all-identifiers` tags (`f("text", integer)`) match the server's signatures.
    func testEncodingsAndQuotedTagsCompareEqual() throws {
        for name in ["pg15-custom-latin1", "pg15-custom-quoteall", "pg15-custom-inserts"] {
            let path = try Fixtures.archivePath(name)
            let (db, err) = try restored(path)
            XCTAssertEqual(err, "", name)
            let r = try compare([path, "-d", conninfo(db)])
            XCTAssertEqual(r.code, 0, "\(name): \(r.stdout) \(r.stderr)")
            XCTAssertEqual(r.report.map(notEqual), [], name)
        }
    }

    /// Fixtures/faults/mixed fails to restore some unique indexes and foreign keys: compare names
    /// exactly the indexes and constraints whose statements the real pg_restore reported as failed.
    func testFailedRestoreNamesExactlyTheFailedIndexesAndConstraints() throws {
        let path = FixtureCase.root.appendingPathComponent("Fixtures/faults/mixed/archive.dump").path
        let (db, err) = try restored(path)
        var failed = Set<String>()
        for block in err.components(separatedBy: "Command was: ").dropFirst() {
            let statement = String(block.prefix { $0 != ";" })
            if let (table, name) = ArchiveExpectation.constraintName(statement) {
                failed.insert("constraint \(table) \(name) missing")
            } else if let index = try? DDLParser.index(statement) {
                failed.insert("index \(index.table.schema!).\(index.name) missing")
            } else {
                XCTFail("unexpected failed statement: \(statement)")
            }
        }
        XCTAssertEqual(failed.count, 14, "pg_restore reports 14 errors on this fixture: \(err)")
        let r = try compare([path, "-d", conninfo(db), "-j", "3"])
        XCTAssertEqual(r.code, 1, r.stderr)
        let report = try XCTUnwrap(r.report)
        XCTAssertEqual(Set(notEqual(report)), failed)
        XCTAssertEqual(report.differences, failed.count)
        XCTAssertTrue(report.tables.allSatisfy { $0.status == .equal && $0.targetRows == $0.archiveRows })
    }

    func testChangesBehindPgdmpsBackAreEachReported() throws {
        let path = try Fixtures.archivePath("pg15-custom-default")
        let (db, _) = try restored(path)
        try server.psqlScript(
            db,
            """
            DELETE FROM app.events WHERE id = (SELECT min(id) FROM app.events);
            INSERT INTO public."my table" VALUES (99, 'added');
            DROP INDEX public.users_email_idx;
            SELECT setval('public.posts_id_seq', 999);
            """)
        let r = try compare([path, "-d", conninfo(db)])
        XCTAssertEqual(r.code, 1, r.stderr)
        let report = try XCTUnwrap(r.report)
        XCTAssertEqual(
            Set(notEqual(report)),
            [
                "rows app.events different", "rows public.my table different",
                "index public.users_email_idx missing",
                "sequence value public.posts_id_seq different",
            ])
        let events = try XCTUnwrap(report.tables.first { $0.name == "events" })
        XCTAssertEqual(events.archiveRows, 30000)
        XCTAssertEqual(events.targetRows, 29999)
        let seq = try XCTUnwrap(report.objects.first { $0.kind == .sequenceValue && $0.name == "public.posts_id_seq" })
        XCTAssertEqual(seq.found, "999,true")
        // Parallel counting sees the same snapshot and the same answer.
        let parallel = try compare([path, "-d", conninfo(db), "-j", "4"])
        XCTAssertEqual(parallel.code, 1)
        XCTAssertEqual(parallel.report?.tables.map(\.targetRows), report.tables.map(\.targetRows))
    }

    /// A partial restore compares equal to what was asked (`--section`, `-L`), not to the whole archive.
    func testPartialRestoreComparesWhatWasAsked() throws {
        let path = try Fixtures.archivePath("pg15-custom-default")
        let sections = ["--section", "pre-data", "--section", "data"]
        let (db, err) = try restored(path, sections)
        XCTAssertEqual(err, "")
        let r = try compare([path, "-d", conninfo(db)] + sections)
        XCTAssertEqual(r.code, 0, r.stdout + r.stderr)
        XCTAssertFalse(r.report?.objects.contains { $0.kind == .index } ?? true)
        let whole = try compare([path, "-d", conninfo(db)])
        XCTAssertEqual(whole.code, 1)
        let missing = Set(whole.report?.objects.filter { $0.status == .missing }.map(\.kind) ?? [])
        XCTAssertEqual(missing, [.index, .constraint, .trigger])

        // A pg_restore -l list without indexes and triggers, used by both pg_restore and compare.
        let list = try server.pgRestore("postgres", ["-l", path])  // -l only lists
        let kept =
            String(decoding: list.stdout, as: UTF8.self).split(separator: "\n")
            .filter { !$0.contains(" INDEX ") && !$0.contains(" TRIGGER ") }.joined(separator: "\n") + "\n"
        let listPath = server.directory + "/compare.list"
        try kept.write(toFile: listPath, atomically: true, encoding: .utf8)
        let (db2, err2) = try restored(path, ["-L", listPath])
        XCTAssertEqual(err2, "")
        let listed = try compare([path, "-d", conninfo(db2), "-L", listPath])
        XCTAssertEqual(listed.code, 0, listed.stdout + listed.stderr)
        let full = try compare([path, "-d", conninfo(db2)])
        XCTAssertEqual(Set(full.report?.objects.filter { $0.status != .equal }.map(\.kind) ?? []), [.index, .trigger])
    }

    // MARK: the target model

    func testTargetModelReadsTheServer() throws {
        try server.psqlScript(
            "postgres",
            """
            CREATE ROLE tm_top; CREATE ROLE tm_mid IN ROLE tm_top; CREATE ROLE tm_leaf LOGIN IN ROLE tm_mid;
            """)
        let c = try TargetConnection(ConnectionInfo(conninfo("postgres")))
        defer { c.close() }
        let m = try TargetModel.read(from: c)
        XCTAssertEqual(m.source, "server")
        XCTAssertEqual(m.serverMajor, 15)
        XCTAssertEqual(
            m.serverVersion,
            try server.psql("postgres", "SHOW server_version").trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(m.restoringRole, "postgres")
        XCTAssertTrue(m.isSuperuser)
        XCTAssertEqual(m.roles["tm_leaf"]?.memberOf, ["tm_mid", "tm_top"], "memberships are transitive")
        XCTAssertEqual(m.roles["tm_leaf"]?.canLogin, true)
        XCTAssertEqual(m.roles["alice"]?.superuser, false)
        XCTAssertEqual(
            m.database, DatabaseFacts(name: "postgres", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C"))
        func lines(_ sql: String) throws -> Set<String> {
            Set(try server.psql("postgres", sql).split(separator: "\n").map(String.init))
        }
        XCTAssertEqual(m.settings, try lines("SELECT lower(name) FROM pg_settings"))
        XCTAssertEqual(Set(m.availableExtensions.keys), try lines("SELECT name FROM pg_available_extensions"))
        XCTAssertEqual(
            m.installedExtensions["plpgsql"],
            try server.psql("postgres", "SELECT extversion FROM pg_extension WHERE extname = 'plpgsql'")
                .trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(
            m.libraries,
            try lines(
                "SELECT regexp_replace(f, '\\.so$', '') FROM pg_ls_dir((SELECT setting FROM pg_config WHERE name = 'PKGLIBDIR')) f WHERE f LIKE '%.so'"
            ))
        XCTAssertTrue(m.libraries?.contains("plpgsql") ?? false)
        XCTAssertTrue(m.has(.relation, "pg_catalog.pg_class"))
        XCTAssertTrue(m.has(.castName, "integer->bigint"))
        XCTAssertTrue(m.has(.language, "plpgsql"))
        XCTAssertEqual(
            m.objects[ObjectKind.type.rawValue]?.count,
            Int(
                try server.psql("postgres", "SELECT count(*) FROM pg_type").trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        // A role that may not list $libdir gets nil, not an empty set.
        let leaf = try TargetConnection(ConnectionInfo("host=\(server.directory) user=tm_leaf dbname=postgres"))
        defer { leaf.close() }
        let lm = try TargetModel.read(from: leaf)
        XCTAssertNil(lm.libraries)
        XCTAssertFalse(lm.isSuperuser)
        XCTAssertEqual(lm.restoringRole, "tm_leaf")
    }

    /// The session cannot write, and pgdmp sends nothing but reads (the server logs every statement).
    func testSessionIsReadOnlyAndSendsOnlyReads() throws {
        let c = try TargetConnection(ConnectionInfo(conninfo("postgres")))
        XCTAssertThrowsError(try c.execute("CREATE TABLE pgdmp_must_not_exist ()")) { e in
            XCTAssertEqual((e as? TargetError)?.sqlState, "25006", "\(e)")  // read_only_sql_transaction
        }
        c.close()
        let fresh = try TargetConnection(ConnectionInfo(conninfo("postgres")))
        XCTAssertEqual(try fresh.query("SHOW default_transaction_read_only").first?.first, "on")
        XCTAssertEqual(try fresh.query("SHOW transaction_isolation").first?.first, "repeatable read")
        XCTAssertEqual(
            try fresh.query("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()").first?.first,
            "pgdmp")
        fresh.close()

        let path = try Fixtures.archivePath("pg15-custom-default")
        let (db, _) = try restored(path)
        try server.psqlScript(
            "postgres",
            """
            ALTER SYSTEM SET log_statement = 'all';
            ALTER SYSTEM SET log_line_prefix = '%a|';
            SELECT pg_reload_conf();
            """)
        defer { _ = try? server.psqlScript("postgres", "ALTER SYSTEM RESET ALL; SELECT pg_reload_conf();") }
        Thread.sleep(forTimeInterval: 0.3)
        let logStart = (try? Data(contentsOf: URL(fileURLWithPath: server.logFile)).count) ?? 0
        let r = try compare([path, "-d", conninfo(db), "-j", "2"])
        XCTAssertEqual(r.code, 0, r.stderr)
        let log = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: server.logFile)).dropFirst(logStart), as: UTF8.self)
        var firstWords: [String: Int] = [:]
        for line in log.split(separator: "\n") where line.hasPrefix("pgdmp|LOG:  ") {
            guard let colon = line.dropFirst("pgdmp|LOG:  ".count).firstRange(of: ": ") else { continue }
            let statement = line[colon.upperBound...]
            let word = statement.prefix { $0.isLetter }.uppercased()
            firstWords[word, default: 0] += 1
        }
        XCTAssertGreaterThan(firstWords["SELECT"] ?? 0, 10, log)
        XCTAssertEqual(
            Set(firstWords.keys).subtracting(["SELECT", "SHOW", "BEGIN", "SET", "ROLLBACK"]), [],
            "only reads and session settings: \(firstWords)")
        XCTAssertEqual(firstWords["BEGIN"], 2, "one transaction per session, two sessions")
    }

    /// Sibling sessions (`-j`) see the first session's snapshot: rows committed after it are
    /// invisible to all of them, while a new session sees them.
    func testSiblingSessionsShareTheSnapshot() throws {
        try server.psqlScript(
            "postgres", "CREATE TABLE IF NOT EXISTS snap_t (id int); TRUNCATE snap_t; INSERT INTO snap_t VALUES (1);")
        let first = try TargetConnection(ConnectionInfo(conninfo("postgres")))
        defer { first.close() }
        XCTAssertEqual(try first.query("SELECT count(*) FROM public.snap_t").first?.first, "1")
        let snapshot = try first.exportSnapshot()
        try server.psql("postgres", "INSERT INTO snap_t VALUES (2), (3)")
        let sibling = try first.sibling(snapshot: snapshot)
        defer { sibling.close() }
        XCTAssertEqual(try sibling.query("SELECT count(*) FROM public.snap_t").first?.first, "1")
        XCTAssertEqual(try first.query("SELECT count(*) FROM public.snap_t").first?.first, "1")
        let later = try TargetConnection(ConnectionInfo(conninfo("postgres")))
        defer { later.close() }
        XCTAssertEqual(try later.query("SELECT count(*) FROM public.snap_t").first?.first, "3")
    }

    // MARK: connection failures: exit 2, one line, no password

    func assertOneLineFailure(
        _ args: [String], contains expected: String, secret: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let (code, out, err) = try runPGDmp(["compare"] + args)
        XCTAssertEqual(code, 2, err, file: file, line: line)
        XCTAssertEqual(out.count, 0, "nothing on standard output", file: file, line: line)
        XCTAssertEqual(err.filter { $0 == "\n" }.count, 1, "one line: \(err)", file: file, line: line)
        XCTAssertTrue(err.hasPrefix("pgdmp: "), err, file: file, line: line)
        XCTAssertTrue(err.contains(expected), "\(err) should contain \(expected)", file: file, line: line)
        if let secret { XCTAssertFalse(err.contains(secret), "password printed: \(err)", file: file, line: line) }
    }

    func testConnectionFailuresAreOneLineWithoutPassword() throws {
        let path = try Fixtures.archivePath("pg15-custom-default")
        let secret = "Sup3r-s3cret-pw"
        // Wrong port: nothing listens on that socket.
        try assertOneLineFailure(
            [path, "-d", "host=\(server.directory) port=1 user=postgres dbname=postgres password=\(secret)"],
            contains: "No such file or directory", secret: secret)
        try assertOneLineFailure(
            [path, "-d", "postgresql://postgres:\(secret)@127.0.0.1:1/postgres?connect_timeout=5"],
            contains: "Connection refused", secret: secret)
        // Missing database.
        try assertOneLineFailure(
            [path, "-d", "\(conninfo("no_such_db")) password='\(secret)'"],
            contains: "database \"no_such_db\" does not exist", secret: secret)
        // A malformed string is echoed without its password.
        try assertOneLineFailure(
            [path, "-d", "\(conninfo("postgres")) password=\(secret) bogus=1"],
            contains: "invalid connection option \"bogus\"", secret: secret)

        // Wrong password: a role that must authenticate with SCRAM over the socket.
        try server.psql(
            "postgres", "SET password_encryption = 'scram-sha-256'; CREATE ROLE carol LOGIN PASSWORD 'right-one'")
        let hba = server.dataDirectory + "/pg_hba.conf"
        let original = try String(contentsOfFile: hba, encoding: .utf8)
        try ("local all carol scram-sha-256\n" + original).write(toFile: hba, atomically: false, encoding: .utf8)
        try server.psql("postgres", "SELECT pg_reload_conf()")
        defer {
            try? original.write(toFile: hba, atomically: false, encoding: .utf8)
            _ = try? server.psql("postgres", "SELECT pg_reload_conf()")
        }
        Thread.sleep(forTimeInterval: 0.3)
        let carol = "host=\(server.directory) user=carol dbname=postgres"
        try assertOneLineFailure(
            [path, "-d", "\(carol) password=\(secret)"],
            contains: "password authentication failed for user \"carol\"", secret: secret)
        try assertOneLineFailure(
            [path, "-d", "postgresql://carol:\(secret)@/postgres?host=\(server.directory)"],
            contains: "password authentication failed", secret: secret)
        setenv("PGPASSWORD", secret, 1)
        defer { unsetenv("PGPASSWORD") }
        try assertOneLineFailure([path, "-d", carol], contains: "password authentication failed", secret: secret)
        unsetenv("PGPASSWORD")
        try assertOneLineFailure([path, "-d", carol], contains: "no password supplied")
        // The right password connects; neither output shows it.
        let (code, out, err) = try runPGDmp(["compare", "--json", path, "-d", "\(carol) password=right-one"])
        XCTAssertEqual(code, 1, err)  // postgres' empty database: everything is missing
        XCTAssertFalse(String(decoding: out, as: UTF8.self).contains("right-one"))
        XCTAssertFalse(err.contains("right-one"))
    }

    func testPasswordRedaction() throws {
        XCTAssertEqual(ConnectionInfo.redact("host=h password=abc user=u"), "host=h user=u")
        XCTAssertEqual(ConnectionInfo.redact("host=h password = 'a b\\' c' user=u"), "host=h user=u")
        XCTAssertEqual(ConnectionInfo.redact("host=h user=u password=abc"), "host=h user=u")
        XCTAssertEqual(
            ConnectionInfo.redact("postgresql://bob:pw@db.example:5433/app?sslmode=require"),
            "postgresql://bob@db.example:5433/app?sslmode=require")
        XCTAssertEqual(
            ConnectionInfo.redact("postgres://bob@h/app?password=pw&sslmode=require"),
            "postgres://bob@h/app?sslmode=require")
        XCTAssertEqual(
            ConnectionInfo.redact("postgres://h/app?sslmode=require&password=pw"),
            "postgres://h/app?sslmode=require")
        let info = try ConnectionInfo("host=h user=u password=xyz123")
        XCTAssertEqual(info.scrub("auth failed for xyz123"), "auth failed for ***")
    }

    /// A count that waits on a lock longer than `--statement-timeout` is cancelled: exit 2, one line.
    func testStatementTimeout() throws {
        let path = try Fixtures.archivePath("pg15-custom-default")
        let (db, _) = try restored(path)
        let holder = try lockTable(db, "app.events", on: server)
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        try assertOneLineFailure(
            [path, "-d", conninfo(db), "--statement-timeout", "1s"],
            contains: "cancelled (--statement-timeout 1000 ms): canceling statement due to statement timeout")
    }

    /// The server stops while compare waits on a count: exit 2, one line, and nothing else printed.
    func testServerStoppedDuringCompare() throws {
        let own = try ThrowawayPostgres(bin: server.bin)
        try own.start()
        defer { own.stop() }
        try own.psqlScript("postgres", "CREATE ROLE alice; CREATE ROLE bob; CREATE DATABASE gone TEMPLATE template0;")
        let path = try Fixtures.archivePath("pg15-custom-default")
        _ = try own.pgRestore("gone", [path])
        let holder = try lockTable("gone", "app.events", on: own)
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        let stopper = Thread {
            Thread.sleep(forTimeInterval: 1.0)
            own.stop()
        }
        stopper.start()
        try assertOneLineFailure([path, "-d", conninfo("gone", server: own)], contains: "during the run")
    }

    /// Starts psql holding an ACCESS EXCLUSIVE lock on `table` until terminated.
    func lockTable(_ db: String, _ table: String, on s: ThrowawayPostgres) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: s.bin + "/psql")
        p.arguments = s.connection + ["-d", db, "-X", "-q", "-c", "BEGIN; LOCK TABLE \(table); SELECT pg_sleep(60);"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the lock is held.
        for _ in 0..<100 {
            let n = try s.psql(
                db,
                "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = '\(table)'::regclass")
            if n.trimmingCharacters(in: .whitespacesAndNewlines) == "1" { return p }
            Thread.sleep(forTimeInterval: 0.05)
        }
        p.terminate()
        throw ThrowawayPostgres.Failure("the lock on \(table) was never taken")
    }
}
