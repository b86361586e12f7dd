import XCTest
@testable import PGDump

/// `pgdmp list --exclude/--exclude-data/--only-data/--defer`, checked against pg_restore's
/// own listing (list.txt) and dependencies (list-verbose.txt), and by reading the written
/// list back the way pg_restore reads it.
final class RestoreListWriterTests: XCTestCase {
    override func setUp() { Fixtures.useUTC() }

    func lineOf(_ listing: String, _ id: Int32) -> String {
        String(listing.split(separator: "\n").first { $0.hasPrefix("\(id); ") }!)
    }

    func testWithoutOptionsTheListIsPgRestoresListing() throws {
        for name in Fixtures.caseNames {
            let result = try RestoreListWriter(archive: try Fixtures.open(name)).write()
            XCTAssertEqual(result.text, try Fixtures.text(name, "list.txt"), name)
            XCTAssertTrue(result.warnings.isEmpty && result.excluded.isEmpty && result.deferred.isEmpty)
        }
    }

    func testExcludedIndexIsCommentedOutAndNotRestored() throws {
        for name in Fixtures.caseNames {
            let archive = try Fixtures.open(name)
            guard let index = archive.entries.first(where: { $0.desc == "INDEX" && $0.tag == "users_email_idx" }) else {
                continue
            }
            let expected = try Fixtures.text(name, "list.txt")
            var writer = RestoreListWriter(archive: archive)
            writer.exclude = [try EntryReference("INDEX:public.users_email_idx")]
            let result = try writer.write()
            let original = lineOf(expected, index.dumpId)
            XCTAssertTrue(result.text.contains("\n;" + original + "\n"), name)
            XCTAssertFalse(result.text.contains("\n" + original + "\n"), name)
            // Every other entry line is unchanged and in place.
            let kept = result.text.split(separator: "\n").filter { !$0.hasPrefix(";") }
            let want = expected.split(separator: "\n").filter {
                !$0.hasPrefix(";") && !$0.hasPrefix("\(index.dumpId); ")
            }
            XCTAssertEqual(kept, want, name)
            XCTAssertEqual(result.excluded.map(\.dumpId), [index.dumpId])

            // What pg_restore -L would do with it: everything it did before, minus the index.
            let list = try RestoreListFile(text: result.text, archive: archive)
            XCTAssertEqual(list.warnings, [])
            let before = RestoreOrder(archive: archive).steps.map(\.entry.dumpId)
            let after = RestoreOrder(archive: archive, list: list).steps.map(\.entry.dumpId)
            XCTAssertEqual(after, before.filter { $0 != index.dumpId }, name)
        }
    }

    func testExcludingSomethingOthersNeedWarnsAndNamesThem() throws {
        for name in ["pg15-custom-default", "pg16-custom-lz4", "pg17-tar", "pg18-dir-zstd"] {
            let archive = try Fixtures.open(name)
            let facts = try VerboseListing.of(name)
            let pkey = try EntryReference("CONSTRAINT:public.users users_pkey").resolve(in: archive)
            // The dependents according to pg_restore -l -v.
            let needing = facts.lines.filter { $0.dependencies.contains(pkey.dumpId) }.map(\.dumpId)
            XCTAssertFalse(needing.isEmpty, "\(name): the foreign key depends on the primary key")
            var writer = RestoreListWriter(archive: archive)
            writer.exclude = [try EntryReference(String(pkey.dumpId))]
            let result = try writer.write()
            XCTAssertEqual(result.warnings.count, 1)
            let w = try XCTUnwrap(result.warnings.first)
            XCTAssertEqual(w.kind, .excludedHasDependents)
            XCTAssertEqual(w.entry.dumpId, pkey.dumpId)
            XCTAssertEqual(w.related.map(\.dumpId).sorted(), needing.sorted())
            XCTAssertTrue(w.description.contains("posts_user_id_fkey"), w.description)

            // Excluding the dependents too silences it.
            writer.exclude += needing.map { try! EntryReference(String($0)) }
            XCTAssertEqual(try writer.write().warnings.count, 0)
        }
    }

    func testDeferredEntriesMoveToTheEndAndRunLastInTheirPass() throws {
        let name = "pg17-custom-gzip"
        let archive = try Fixtures.open(name)
        var writer = RestoreListWriter(archive: archive)
        writer.deferred = [
            try EntryReference("INDEX:users_lower_username_idx"), try EntryReference("TABLE DATA:app.events"),
        ]
        let result = try writer.write()
        XCTAssertEqual(result.warnings.map(\.description), [])
        let ids = VerboseListing.ids(inListing: result.text)
        let deferredIds = result.deferred.map(\.dumpId)
        XCTAssertEqual(Set(deferredIds).count, 2)
        XCTAssertEqual(Array(ids.suffix(2)), deferredIds, "deferred lines are last, in TOC order")
        XCTAssertEqual(Set(ids), Set(VerboseListing.ids(inListing: try Fixtures.text(name, "list.txt"))))
        let order = RestoreOrder(archive: archive, list: try RestoreListFile(text: result.text, archive: archive))
        XCTAssertEqual(Array(order.steps.filter { $0.pass == .main }.suffix(2).map(\.entry.dumpId)), deferredIds)
    }

    func testDeferringSomethingNeededEarlierWarns() throws {
        let archive = try Fixtures.open("pg15-custom-default")
        var writer = RestoreListWriter(archive: archive)
        writer.deferred = [try EntryReference("CONSTRAINT:users_pkey")]
        let w = try writer.write().warnings
        XCTAssertEqual(w.map(\.kind), [.deferredNeededEarlier])
        XCTAssertEqual(w.first?.related.map(\.desc), ["FK CONSTRAINT"])
        // An ACL on a deferred table still runs after it (ACL pass), so that is no problem.
        writer.deferred = [try EntryReference("TABLE:public.posts")]
        let kinds = try writer.write().warnings.flatMap(\.related).map(\.desc)
        XCTAssertFalse(kinds.contains("ACL"))
        XCTAssertTrue(kinds.contains("TABLE DATA"))
    }

    func testExcludeDataAndOnlyData() throws {
        for name in ["pg15-custom-default", "pg18-custom-stats", "pg15-custom-schema-only"] {
            let archive = try Fixtures.open(name)
            var writer = RestoreListWriter(archive: archive)
            if name == "pg15-custom-schema-only" {
                writer.excludeData = ["app.events"]
                XCTAssertThrowsError(try writer.write()) { XCTAssertTrue("\($0)".contains("has no TABLE DATA entry")) }
                writer.excludeData = ["app.nosuchtable"]
                XCTAssertThrowsError(try writer.write()) { XCTAssertTrue("\($0)".contains("no table")) }
                continue
            }
            writer.excludeData = ["app.events", "données"]
            var result = try writer.write()
            XCTAssertEqual(Set(result.excluded.map(\.qualifiedName)), ["app.events", "public.données"])
            XCTAssertTrue(result.excluded.allSatisfy { $0.desc == "TABLE DATA" })

            writer = RestoreListWriter(archive: archive)
            writer.onlyData = true
            result = try writer.write()
            let dataTypes: Set<String> = ["TABLE DATA", "SEQUENCE SET", "BLOB", "BLOBS", "BLOB METADATA"]
            for e in result.listed {
                XCTAssertTrue(
                    dataTypes.contains(e.desc) || (e.tag ?? "").hasPrefix("LARGE OBJECT"), "\(name) \(e.label)")
            }
            var dataOnly = RestoreSelection()
            dataOnly.dataOnly = true
            dataOnly.includeStatistics = false
            XCTAssertEqual(
                result.listed.map(\.dumpId),
                RestoreOrder(archive: archive, selection: dataOnly).tocOrder
                    .filter { e in
                        RestoreOrder(archive: archive, selection: dataOnly).steps.contains {
                            $0.entry.dumpId == e.dumpId
                        }
                    }
                    .map(\.dumpId), name)
        }
    }

    func testUnknownOrContradictoryNamesAreErrors() throws {
        let archive = try Fixtures.open("pg15-custom-default")
        var writer = RestoreListWriter(archive: archive)
        writer.exclude = [try EntryReference("INDEX:no_such_index")]
        XCTAssertThrowsError(try writer.write())
        writer.exclude = [try EntryReference("TABLE:users")]
        XCTAssertThrowsError(try writer.write()) { XCTAssertTrue("\($0)".contains("ambiguous")) }
        writer.exclude = [try EntryReference("INDEX:users_email_idx")]
        writer.deferred = writer.exclude
        XCTAssertThrowsError(try writer.write()) { XCTAssertTrue("\($0)".contains("both excluded and deferred")) }
    }

    /// The written list fed to the real pg_restore (-s -L … -f -) gives the same script as
    /// pgdmp computes for that list: the list really means to pg_restore what pgdmp thinks.
    func testRealPgRestoreReadsTheWrittenListAsPgdmpDoes() throws {
        for name in ["pg15-custom-default", "pg16-tar", "pg17-dir-none", "pg18-custom-stats"] {
            let archive = try Fixtures.open(name)
            var writer = RestoreListWriter(archive: archive)
            writer.exclude = [try EntryReference("INDEX:users_email_idx")]
            writer.deferred = [
                try EntryReference("INDEX:public.users_lower_username_idx"),
                try EntryReference("COMMENT:public.TABLE users"),
            ]
            let result = try writer.write()
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-\(UUID().uuidString).list")
            try result.text.write(to: url, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: url) }
            let major = ReferenceRestore(archive: archive).major
            guard
                let real = try PgBinaries.pgRestore(
                    major: major,
                    [
                        "-s", "-L", url.path, "-f", "-", "--restrict-key=K",
                        try Fixtures.archivePath(name),
                    ], cwd: "/")
            else {
                throw XCTSkip("pg_restore \(major) is not installed here (make pg-binaries installs 16-18)")
            }
            XCTAssertEqual(real.status, 0, real.stderr)
            let list = try RestoreListFile(text: result.text, archive: archive)
            let (sql, _) = try SchemaScript(archive: archive, list: list, restrictKey: "K").render()
            XCTAssertEqual(sql, real.text, name)
            XCTAssertFalse(sql.contains("users_email_idx"))
        }
    }
}
