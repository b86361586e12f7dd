import Foundation
import XCTest
@testable import PGDump

/// `schema` on archives the fixtures do not contain: a database with object types, names and
/// settings that base.sql lacks (keywords that need quoting in some majors only, a tablespace,
/// an event trigger, grouped large objects, foreign data, publications, operators, a database
/// name that needs `\connect` quoting, …) is dumped here by every pg_dump available (15–18), and
/// each archive is printed by pgdmp and by the real pg_restore of that major, then compared.
/// Skipped without the PostgreSQL 15 server; majors whose pg_dump/pg_restore are missing are skipped.
final class UnseenArchiveTests: XCTestCase {
    var server: ThrowawayPostgres?

    override func setUpWithError() throws {
        Fixtures.useUTC()
        guard let bin = ThrowawayPostgres.binaries() else {
            throw XCTSkip("PostgreSQL 15 server binaries are not installed (see RestoreListIntegrationTests)")
        }
        let s = try ThrowawayPostgres(bin: bin)
        server = s
        try s.start()
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    static let database = "zoo db"

    static func zooSQL(tablespaceDirectory: String) -> String {
        """
        CREATE SCHEMA "order" AUTHORIZATION alice;
        CREATE TABLE "order"."user" ("select" int PRIMARY KEY, "from" text);
        ALTER TABLE "order"."user" OWNER TO alice;
        CREATE TABLE public.json (json int);
        CREATE TABLE public.system_user (x int);
        CREATE TABLE public.merge_action (x int);
        CREATE SEQUENCE public.json_seq;
        ALTER SEQUENCE public.json_seq OWNER TO bob;
        CREATE VIEW public.system_user_v AS SELECT * FROM public.system_user;
        ALTER VIEW public.system_user_v OWNER TO bob;
        CREATE TABLESPACE ts LOCATION '\(tablespaceDirectory)';
        CREATE TABLE public.in_ts (id int) TABLESPACE ts;
        CREATE INDEX in_ts_idx ON public.in_ts (id) TABLESPACE ts;
        CREATE UNLOGGED TABLE public.unlogged_t (x int);
        CREATE RULE r1 AS ON INSERT TO public.unlogged_t DO ALSO NOTIFY unlogged_insert;
        CREATE FUNCTION public.evt() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
        CREATE EVENT TRIGGER evt_ddl ON ddl_command_start EXECUTE FUNCTION public.evt();
        COMMENT ON EVENT TRIGGER evt_ddl IS 'an event trigger';
        CREATE FOREIGN DATA WRAPPER fdw1;
        CREATE SERVER srv1 FOREIGN DATA WRAPPER fdw1;
        ALTER SERVER srv1 OWNER TO alice;
        CREATE USER MAPPING FOR alice SERVER srv1;
        CREATE FOREIGN TABLE public.ft (a int) SERVER srv1;
        CREATE PUBLICATION pub1 FOR TABLE "order"."user";
        CREATE COLLATION public.mycoll (provider = libc, locale = 'C');
        CREATE TEXT SEARCH CONFIGURATION public.mycfg (COPY = pg_catalog.english);
        CREATE AGGREGATE public.mysum(int) (SFUNC = int4pl, STYPE = int);
        ALTER AGGREGATE public.mysum(int) OWNER TO bob;
        CREATE OPERATOR public.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
        CREATE CONVERSION public.myconv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
        CREATE STATISTICS public.st1 ON "select", "from" FROM "order"."user";
        ALTER TABLE "order"."user" ENABLE ROW LEVEL SECURITY;
        CREATE POLICY p1 ON "order"."user" USING (true);
        CREATE TYPE public.rng AS RANGE (subtype = int4);
        CREATE EXTENSION pg_trgm SCHEMA public;
        CREATE MATERIALIZED VIEW public.mv AS SELECT 1 AS x;
        ALTER MATERIALIZED VIEW public.mv OWNER TO alice;
        CREATE TABLE public.parted (a int) PARTITION BY LIST (a);
        CREATE TABLE public.parted_1 PARTITION OF public.parted FOR VALUES IN (1);
        INSERT INTO public.parted VALUES (1);
        INSERT INTO "order"."user" VALUES (1, 'x');
        SELECT lo_create(500001), lo_create(500002), lo_create(500003);
        ALTER LARGE OBJECT 500001 OWNER TO bob;
        ALTER LARGE OBJECT 500002 OWNER TO bob;
        GRANT SELECT ON LARGE OBJECT 500001 TO alice;
        GRANT SELECT ON LARGE OBJECT 500002 TO alice;
        GRANT SELECT, UPDATE ON LARGE OBJECT 500003 TO "order";
        COMMENT ON LARGE OBJECT 500002 IS 'second';
        COMMENT ON DATABASE "zoo db" IS 'the zoo';
        GRANT CONNECT ON DATABASE "zoo db" TO bob;
        ALTER DATABASE "zoo db" SET work_mem = '8MB';
        ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO bob;
        GRANT ALL ON SCHEMA "order" TO bob;
        ANALYZE;
        """
    }

    func testSchemaMatchesRealPgRestoreOnFreshArchivesOfEveryMajor() throws {
        let server = try XCTUnwrap(server)
        let tsDir = server.directory + "/ts"
        try FileManager.default.createDirectory(atPath: tsDir, withIntermediateDirectories: false)
        if geteuid() == 0, let pw = getpwnam("postgres") { _ = chown(tsDir, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        try server.psql("postgres", "CREATE ROLE alice; CREATE ROLE bob; CREATE ROLE \"order\";")
        try server.psql(
            "postgres",
            "CREATE DATABASE \"\(Self.database)\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        try server.psqlScript(Self.database, Self.zooSQL(tablespaceDirectory: tsDir))

        var compared = 0
        for (major, extra) in [(15, []), (16, []), (17, []), (18, ["--statistics"]), (18, [])] as [(Int, [String])] {
            guard let bin = PgBinaries.directory(major: major),
                FileManager.default.isExecutableFile(atPath: bin + "/pg_dump")
            else { continue }
            let path = server.directory + "/zoo\(major)\(extra.isEmpty ? "" : "s").dump"
            let dump = try PgBinaries.run(
                bin + "/pg_dump", server.connection + ["-Fc", "-f", path] + extra + [Self.database],
                environment: ["LD_LIBRARY_PATH": bin + "/../lib", "TZ": "UTC"])
            XCTAssertEqual(dump.status, 0, "pg_dump \(major): \(dump.stderr)")
            guard dump.status == 0 else { continue }
            let archive = try Archive.open(path: path)
            XCTAssertEqual(ReferenceRestore(archive: archive).major, major)
            if major >= 17 {
                XCTAssertTrue(
                    archive.entries.contains { $0.desc == "ACL" && ($0.tag ?? "").hasPrefix("LARGE OBJECTS ") },
                    "pg_dump \(major) groups the two large objects with the same owner and ACL")
            }

            var noData = ""
            for e in archive.entries where !e.hadDumper { noData += "\(e.dumpId)\n" }
            let listPath = server.directory + "/nodata\(major).list"
            try noData.write(toFile: listPath, atomically: true, encoding: .utf8)
            let list = try RestoreListFile(text: noData, archive: archive)

            let variants: [([String], RestoreSelection, RestoreListFile?, Bool)] = [
                (["-s"], SchemaScript.schemaOnlySelection(), nil, false),
                (
                    ["-s", "-C"],
                    SchemaScript.schemaOnlySelection(
                        {
                            var s = RestoreSelection()
                            s.createDatabase = true
                            return s
                        }()), nil, false
                ),
                (
                    ["-s", "-O", "-x"],
                    SchemaScript.schemaOnlySelection(
                        {
                            var s = RestoreSelection()
                            s.skipPrivileges = true
                            return s
                        }()), nil, true
                ),
                (
                    ["-s", "-n", "order"],
                    SchemaScript.schemaOnlySelection(
                        {
                            var s = RestoreSelection()
                            s.schemaNames = ["order"]
                            return s
                        }()), nil, false
                ),
                (
                    ["-L", listPath, "-C"],
                    {
                        var s = RestoreSelection()
                        s.createDatabase = true
                        return s
                    }(), list, false
                ),
            ]
            for (args, selection, listFile, noOwner) in variants {
                let real = try XCTUnwrap(
                    try PgBinaries.pgRestore(major: major, args + ["-f", "-", "--restrict-key=K", path], cwd: "/"))
                XCTAssertEqual(real.status, 0, "pg_restore \(major) \(args): \(real.stderr)")
                let (sql, _) = try SchemaScript(
                    archive: archive, selection: selection, list: listFile, restrictKey: "K",
                    noOwner: noOwner
                ).render()
                if args == ["-s", "-C"] {
                    XCTAssertTrue(sql.contains("\\connect -reuse-previous=on \"dbname='zoo db'\"\n"), "\(major)")
                    XCTAssertTrue(sql.contains("; Tablespace: ts\n"), "\(major)")
                }
                if args.first == "-L" && major >= 17 {
                    XCTAssertTrue(sql.contains("GRANT SELECT ON LARGE OBJECT 500002 TO alice;"), "\(major)")
                }
                if sql != real.text {
                    XCTFail(
                        "pg_dump \(major) \(extra) / pg_restore \(args): differs at line "
                            + SchemaScriptTests.firstDifferentLine(sql, real.text))
                }
                compared += 1
            }
        }
        if compared == 0 { throw XCTSkip("no pg_dump/pg_restore pair found") }
        print("UnseenArchiveTests: compared \(compared) scripts with the real pg_restore")
    }
}
