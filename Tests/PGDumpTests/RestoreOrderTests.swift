import XCTest
@testable import PGDump

/// The serial restore order, checked against what pg_restore really printed.
final class RestoreOrderTests: XCTestCase {
    override func setUp() { Fixtures.useUTC() }

    /// `-- Name: …; Type: …; Schema: …; Owner: …` lines of schema.sql, in order.
    static func schemaHeaders(_ sql: String) -> [String] {
        sql.split(separator: "\n").filter { $0.hasPrefix("-- Name: ") }.map { String($0.dropFirst(3)) }
    }

    static func header(_ e: TOCEntry) -> String {
        "Name: \(TOCListing.sanitize(e.tag)); Type: \(e.desc); Schema: \(e.namespace.map { TOCListing.sanitize($0) } ?? "-"); "
            + "Owner: \(e.owner.map { TOCListing.sanitize($0) } ?? "-")"
            + ((e.tablespace ?? "").isEmpty ? "" : "; Tablespace: \(e.tablespace!)")
    }

    func testSchemaStepsFollowPgRestoreSchemaOutputOrder() throws {
        for name in Fixtures.caseNames {
            let archive = try Fixtures.open(name)
            let order = RestoreOrder(archive: archive, selection: SchemaScript.schemaOnlySelection())
            XCTAssertTrue(order.steps.allSatisfy { $0.runsDefinition && !$0.loadsData }, name)
            XCTAssertEqual(
                order.steps.map { Self.header($0.entry) }, Self.schemaHeaders(try Fixtures.text(name, "schema.sql")),
                name)
        }
    }

    func testDefaultOrderRestoresExactlyTheListedEntriesInPassOrder() throws {
        for name in Fixtures.caseNames {
            let archive = try Fixtures.open(name)
            let order = RestoreOrder(archive: archive)
            let listed = VerboseListing.ids(inListing: try Fixtures.text(name, "list.txt"))
            XCTAssertEqual(Set(order.steps.map(\.entry.dumpId)), Set(listed), name)
            // Within each pass the TOC (= listing) order is kept, and the passes come in order.
            let position = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($1, $0) })
            for pass in RestorePass.allCases {
                let ids = order.steps.filter { $0.pass == pass }.map { position[$0.entry.dumpId]! }
                XCTAssertEqual(ids, ids.sorted(), "\(name) \(pass)")
            }
            XCTAssertEqual(order.steps.map(\.pass), order.steps.map(\.pass).sorted(), name)
            for s in order.steps {
                switch s.entry.desc {
                case "ACL", "DEFAULT ACL": XCTAssertEqual(s.pass, .acl)
                case "MATERIALIZED VIEW DATA": XCTAssertEqual(s.pass, .postACL)
                case "STATISTICS DATA": XCTAssertEqual(s.pass, s.entry.section == .postData ? .postACL : .main)
                default: XCTAssertEqual(s.pass, .main, "\(name) \(s.entry.label)")
                }
            }
        }
    }

    func testDataStepsAreTheTablesOfCountsTsvInOrder() throws {
        for name in Fixtures.caseNames {
            let archive = try Fixtures.open(name)
            let counts = try Fixtures.text(name, "counts.tsv").split(separator: "\n").map { line -> String in
                let f = line.split(separator: "\t", omittingEmptySubsequences: false)
                return "\(f[0]).\(f[1])"
            }
            let order = RestoreOrder(archive: archive)
            let tableData = order.steps.filter { $0.entry.desc == "TABLE DATA" }
            XCTAssertEqual(tableData.map(\.entry.qualifiedName), counts, name)
            XCTAssertTrue(tableData.allSatisfy { $0.readsArchiveData && !$0.runsDefinition }, name)
            for s in order.steps where s.entry.desc == "SEQUENCE SET" {
                XCTAssertTrue(s.loadsData && !s.readsArchiveData && !s.runsDefinition, name)
            }
            let dataOnly = RestoreOrder(
                archive: archive,
                selection: {
                    var s = RestoreSelection()
                    s.dataOnly = true
                    s.includeStatistics = false
                    return s
                }())
            XCTAssertTrue(dataOnly.steps.allSatisfy { $0.loadsData && !$0.runsDefinition }, name)
            XCTAssertFalse(dataOnly.steps.contains { $0.entry.desc == "MATERIALIZED VIEW DATA" }, "-a does not refresh")
        }
    }

    func testStatisticsStepsInPg18() throws {
        let archive = try Fixtures.open("pg18-custom-stats")
        let order = RestoreOrder(archive: archive)
        let stats = order.steps.filter { $0.entry.desc == "STATISTICS DATA" }
        XCTAssertFalse(stats.isEmpty)
        XCTAssertTrue(stats.allSatisfy { $0.restoresStatistics && !$0.runsDefinition && !$0.loadsData })
        XCTAssertTrue(
            RestoreOrder(archive: archive, selection: SchemaScript.schemaOnlySelection()).steps
                .allSatisfy { $0.entry.desc != "STATISTICS DATA" }, "pg_restore 18 -s restores no statistics")
    }

    func testListFileReordersAndSelects() throws {
        let archive = try Fixtures.open("pg15-custom-default")
        let listed = VerboseListing.ids(inListing: try Fixtures.text("pg15-custom-default", "list.txt"))
        let reversedMain = Array(listed.reversed())
        let text =
            "; a comment\n\n" + reversedMain.map { "\($0); whatever follows is ignored" }.joined(separator: "\n")
            + "\n  abc\n0\n\(listed[0])\n999999\n"
        let list = try RestoreListFile(text: text, archive: archive)
        XCTAssertEqual(list.ids, reversedMain)
        XCTAssertEqual(
            list.warnings,
            [
                "line ignored:   abc", "line ignored: 0", "line ignored: \(listed[0])",
                "line ignored: 999999",
            ])
        let order = RestoreOrder(archive: archive, list: list)
        let main = order.steps.filter { $0.pass == .main }.map(\.entry.dumpId)
        XCTAssertEqual(main, reversedMain.filter { id in main.contains(id) })
        XCTAssertEqual(Set(order.steps.map(\.entry.dumpId)), Set(listed))

        // An id inside the range that names no entry stops pg_restore.
        let ids = Set(archive.entries.map(\.dumpId))
        let gap = (1...ids.max()!).first { !ids.contains($0) }!
        XCTAssertThrowsError(try RestoreListFile(text: "\(gap)\n", archive: archive))
    }
}
