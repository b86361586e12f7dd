import XCTest
@testable import PGDump

/// `pgdmp list` must equal `pg_restore -l` byte for byte on every fixture.
final class ListingTests: XCTestCase {
    override func setUp() { setTimeZone("UTC") }

    func testFixturesExist() {
        XCTAssertGreaterThanOrEqual(FixtureCase.all.count, 40, "fixtures missing: run Fixtures/generate.sh")
    }

    func testListMatchesPgRestoreOnEveryFixture() throws {
        for fixture in FixtureCase.all {
            let archive = try Archive.open(path: fixture.archivePath)
            XCTAssertEqual(TOCListing(archive: archive).render(), fixture.text("list.txt"), fixture.name)
        }
    }

    func testVerboseListMatchesPgRestore() throws {
        for fixture in FixtureCase.all {
            guard let expected = fixture.text("list-verbose.txt") else { continue }
            let archive = try Archive.open(path: fixture.archivePath)
            XCTAssertEqual(TOCListing(archive: archive, verbose: true).render(), expected, fixture.name)
        }
    }

    func testCreationTimeUsesReaderTimeZone() throws {
        var checked = 0
        for fixture in FixtureCase.all {
            guard let expected = fixture.text("list-tz.txt") else { continue }
            setTimeZone("America/New_York")
            defer { setTimeZone("UTC") }
            let archive = try Archive.open(path: fixture.archivePath)
            XCTAssertEqual(TOCListing(archive: archive).render(), expected, fixture.name)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0)
    }

    func testFilteredListsMatchPgRestore() throws {
        var checked = 0
        for fixture in FixtureCase.all {
            for row in fixture.tsv("filters/index.tsv") {
                let args = try JSONSerialization.jsonObject(with: Data(row[1].utf8)) as! [String]
                var sel = RestoreSelection()
                var i = 0
                while i < args.count {
                    let a = args[i]
                    if a == "-l" {
                        i += 1
                        continue
                    }
                    if a.hasPrefix("--section=") {
                        let name = String(a.dropFirst("--section=".count))
                        sel.sections.insert(["pre-data": .preData, "data": .data, "post-data": .postData][name]!)
                        i += 1
                        continue
                    }
                    let v = args[i + 1]
                    switch a {
                    case "-t": sel.tableNames.append(v)
                    case "-n": sel.schemaNames.append(v)
                    case "--section":
                        sel.sections.insert(["pre-data": .preData, "data": .data, "post-data": .postData][v]!)
                    default: XCTFail("unknown filter \(a) in \(fixture.name)")
                    }
                    i += 2
                }
                let archive = try Archive.open(path: fixture.archivePath)
                XCTAssertEqual(
                    TOCListing(archive: archive, selection: sel).render(), fixture.text("filters/" + row[0]),
                    "\(fixture.name) \(args)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10)
    }

    /// `list -L FILE` prints what `pg_restore -l -L FILE` prints: only the file's entries, in the
    /// file's order, with sections tracked along the reordered TOC. Compared with the real
    /// pg_restore of each archive's reference major, run now on lists made from the archive.
    func testListWithRestoreListMatchesRealPgRestore() throws {
        var compared = 0
        for name in ["pg15-custom-default", "pg16-custom-gzip", "pg17-dir-zstd", "pg18-tar", "pg15-downgraded-1.10"] {
            let f = FixtureCase.named(name)
            let archive = try Archive.open(path: f.archivePath)
            let major = ReferenceRestore(archive: archive).major
            let ids = archive.entries.map(\.dumpId)
            let every = ids.map { "\($0); whatever follows is ignored" }
            let lists: [String] = [
                every.reversed().joined(separator: "\n") + "\n",
                // every third entry, shuffled deterministically, with comments, blanks and bad lines
                (["; a comment", "", "  \t"]
                    + stride(from: 0, to: ids.count, by: 3).map { "\(ids[(($0 * 7) % ids.count)])" }
                    + ["abc", "999999", "-4", "\(ids[0])"]).joined(separator: "\n"),
                "",
            ]
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-L-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            for (k, text) in lists.enumerated() {
                let path = dir.appendingPathComponent("list\(k)").path
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                let list = try RestoreListFile(text: text, archive: archive)
                for extra in [[], ["-v"], ["-n", "public"]] {
                    guard
                        let real = try PgBinaries.pgRestore(
                            major: major, ["-l", "-L", path] + extra + [f.archivePath], cwd: "/")
                    else {
                        throw XCTSkip("pg_restore \(major) is not installed here (make pg-binaries installs 16-18)")
                    }
                    XCTAssertEqual(real.status, 0, "\(name) list \(k) \(extra): \(real.stderr)")
                    var sel = RestoreSelection()
                    if extra.first == "-n" { sel.schemaNames = ["public"] }
                    let ours = TOCListing(archive: archive, selection: sel, verbose: extra == ["-v"], list: list)
                        .render()
                    XCTAssertEqual(ours, real.text, "\(name) list \(k) \(extra)")
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, 45)
    }

    func testInfoAgreesWithWhatTheGeneratorKnew() throws {
        for fixture in FixtureCase.all {
            let archive = try Archive.open(path: fixture.archivePath)
            let s = ArchiveSummary(archive)
            XCTAssertEqual(s.format.rawValue, fixture.format, fixture.name)
            XCTAssertEqual(s.compression.rawValue, fixture.meta["compression"] as? String, fixture.name)
            XCTAssertEqual(s.databaseName, fixture.meta["dbname"] as? String, fixture.name)
            XCTAssertEqual(s.serverVersion, fixture.meta["server_version"] as? String, fixture.name)
            XCTAssertTrue((fixture.meta["pg_dump_version"] as! String).hasSuffix(s.pgDumpVersion ?? "?"), fixture.name)
            let v = fixture.meta["archive_version"] as! String
            XCTAssertTrue(s.archiveVersion.hasPrefix(v + "."), "\(fixture.name): \(s.archiveVersion) vs \(v)")
            if fixture.format == "custom" {
                XCTAssertEqual(s.hasDataOffsets, !fixture.isPipe || s.dataEntries == 0, fixture.name)
                XCTAssertEqual(s.fileSize, (fixture.meta["archive_bytes"] as? NSNumber)?.uint64Value, fixture.name)
            }
        }
    }
}
