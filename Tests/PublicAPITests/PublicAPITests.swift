import Foundation
import PGDump
import XCTest

/// The library as a user of the `PGDump` product sees it: plain `import PGDump` (no @testable),
/// and a package name of its own (Package.swift), so nothing `package` or internal is in reach.
/// Every expected value comes from the fixtures' files written from the real server and the real
/// pg_restore (counts.tsv: the server's `count(*)`; data.tsv: SHA-256 of pg_restore's data lines;
/// list.txt and filters/: `pg_restore -l`; meta.json; restore-errors.txt: a real restore's stderr).
final class PublicAPITests: XCTestCase {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { break }
        }
        return url
    }()

    static func caseDir(_ name: String) -> URL { root.appendingPathComponent("Fixtures/cases/\(name)") }

    static func meta(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: caseDir(name).appendingPathComponent("meta.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func archivePath(_ name: String) throws -> String {
        caseDir(name).appendingPathComponent(try XCTUnwrap(try meta(name)["archive"] as? String)).path
    }

    static func text(_ name: String, _ file: String) throws -> String {
        try String(contentsOf: caseDir(name).appendingPathComponent(file), encoding: .utf8)
    }

    static func tsv(_ name: String, _ file: String) throws -> [[String]] {
        try text(name, file).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Entry lines of a `pg_restore -l` listing: dump id and the text after `id; `.
    static func listing(_ text: String) -> [(id: Int32, rest: String)] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix(";"), let semi = line.firstIndex(of: ";"), let id = Int32(line[..<semi]) else {
                return nil
            }
            return (id, String(line[line.index(semi, offsetBy: 2)...]))
        }
    }

    // MARK: Opening an archive, walking entries

    func testOpenReadsTheHeaderPgRestoreReports() throws {
        for name in ["pg15-custom-default", "pg15-dir-default", "pg15-tar", "pg16-custom-zstd"] {
            let meta = try Self.meta(name)
            let archive = try Archive.open(path: try Self.archivePath(name))
            XCTAssertEqual(archive.format.rawValue, meta["format"] as? String, name)
            XCTAssertEqual(archive.header.databaseName, meta["dbname"] as? String, name)
            XCTAssertEqual(archive.header.serverVersion, meta["server_version"] as? String, name)
            XCTAssertEqual(archive.header.compression.algorithm.rawValue, meta["compression"] as? String, name)
            let version = try XCTUnwrap(meta["archive_version"] as? String)
            XCTAssertEqual("\(archive.header.version.major).\(archive.header.version.minor)", version, name)
            // pg_restore -l's header says how many entries the TOC holds
            let listed = try Self.text(name, "list.txt")
            let count = try XCTUnwrap(listed.split(separator: "\n").first { $0.hasPrefix(";     TOC Entries: ") })
            XCTAssertEqual(String(archive.entries.count), String(count.dropFirst(";     TOC Entries: ".count)), name)
            let summary = ArchiveSummary(archive)
            XCTAssertEqual(summary.entryCount, archive.entries.count)
            XCTAssertEqual(summary.databaseName, meta["dbname"] as? String)
        }
    }

    func testEntriesAreThoseOfPgRestoreList() throws {
        let name = "pg15-custom-default"
        let archive = try Archive.open(path: try Self.archivePath(name))
        let listed = Self.listing(try Self.text(name, "list.txt"))
        XCTAssertGreaterThan(listed.count, 50)
        for (id, rest) in listed {
            let entry = try XCTUnwrap(archive.entry(dumpId: id), "entry \(id)")
            // `tableoid oid DESC schema tag owner`, with `-` for an empty schema and line breaks in
            // names printed as spaces
            let schema = (entry.namespace ?? "").isEmpty ? "-" : entry.namespace!
            let tag = (entry.tag ?? "").replacingOccurrences(of: "\n", with: " ")
            XCTAssertTrue(
                rest.hasPrefix("\(entry.tableOID) \(entry.oid) \(entry.desc) \(schema) \(tag)"),
                "\(rest) vs \(entry.label)")
            XCTAssertEqual(archive.index(ofDumpId: id).map { archive.entries[$0].dumpId }, id)
        }
        // the listing is in TOC order
        let positions = listed.compactMap { archive.index(ofDumpId: $0.id) }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertEqual(
            archive.entries.filter { $0.desc == "TABLE DATA" }.count,
            try Self.tsv(name, "counts.tsv").count)
    }

    func testSelectionListsWhatPgRestoreSelects() throws {
        let name = "pg15-custom-default"
        let archive = try Archive.open(path: try Self.archivePath(name))
        var app = RestoreSelection()
        app.schemaNames = ["app"]
        var data = RestoreSelection()
        data.sections = [.data]
        for (selection, file) in [(app, "filters/n-app.txt"), (data, "filters/section-data.txt")] {
            let expected = Self.listing(try Self.text(name, file)).map(\.id)
            XCTAssertFalse(expected.isEmpty, file)
            let listing = TOCListing(archive: archive, selection: selection)
            XCTAssertEqual(listing.selectedEntries().map(\.dumpId), expected, file)
            // the whole listing is pg_restore's, byte for byte, but for the creation time's zone
            let ours = listing.render().split(separator: "\n").filter { !$0.hasPrefix("; Archive created at") }
            let theirs = try Self.text(name, file).split(separator: "\n").filter {
                !$0.hasPrefix("; Archive created at")
            }
            XCTAssertEqual(ours, theirs, file)
        }
    }

    func testOpeningSomethingElseThrowsAPGDumpError() throws {
        let notes = FileManager.default.temporaryDirectory.appendingPathComponent("public-api-\(getpid()).txt")
        try Data("SELECT 1;\n".utf8).write(to: notes)
        defer { try? FileManager.default.removeItem(at: notes) }
        XCTAssertThrowsError(try Archive.open(path: notes.path)) { error in
            XCTAssertEqual((error as? PGDumpError)?.kind, .notAnArchive, "\(error)")
            XCTAssertEqual((error as? PGDumpError)?.file, notes.path)
        }
        XCTAssertThrowsError(try Archive.open(path: notes.path + ".missing")) { error in
            XCTAssertEqual((error as? PGDumpError)?.kind, .io, "\(error)")
        }
    }

    // MARK: Counting, reading table data

    func testRowCountsAreTheServersCounts() throws {
        for name in ["pg15-custom-default", "pg15-dir-default", "pg16-custom-lz4", "pg15-custom-pipe"] {
            let archive = try Archive.open(path: try Self.archivePath(name))
            let report = RowCountReport.make(archive, workers: 2)
            XCTAssertTrue(report.complete, name)
            let expected = try Self.tsv(name, "counts.tsv")
            var total: UInt64 = 0
            for row in expected {
                let t = try XCTUnwrap(
                    report.tables.first { $0.schema == row[0] && $0.name == row[1] }, "\(name): \(row)")
                XCTAssertEqual(t.status, .ok)
                XCTAssertEqual(t.rows.map(String.init), row[2], "\(name): \(row[0]).\(row[1])")
                total += UInt64(row[2])!
            }
            XCTAssertEqual(report.totalRows, total, name)
            // the large objects pg_dump wrote, counted in the BLOBS entry
            let blobs = report.tables.first { $0.desc == "BLOBS" }
            XCTAssertEqual(blobs?.rows.map(Int.init), try Self.meta(name)["large_objects"] as? Int, name)
        }
    }

    /// Every table's COPY rows, read through the public API, are pg_restore's data lines byte for
    /// byte (data.tsv holds the SHA-256 of pg_restore's lines of each table).
    func testReadingEveryTablesRowsGivesPgRestoresLines() throws {
        for name in ["pg15-custom-default", "pg15-tar", "pg17-dir-zstd"] {
            let archive = try Archive.open(path: try Self.archivePath(name))
            for row in try Self.tsv(name, "data.tsv") {
                let entry = try XCTUnwrap(
                    archive.entries.first {
                        $0.desc == "TABLE DATA" && $0.namespace == row[0] && $0.tag == row[1]
                    }, "\(name): \(row[0]).\(row[1])")
                let lines = CopyLineReader(data: try archive.openData(entry))
                var hash = SHA256()
                var count = 0
                let newline: [UInt8] = [0x0A]
                while let line = try lines.nextLine() {
                    hash.update(line)
                    newline.withUnsafeBytes { hash.update($0) }
                    count += 1
                }
                XCTAssertEqual(String(count), row[2], "\(name): \(row[0]).\(row[1])")
                XCTAssertEqual(UInt64(count), lines.lineNumber)
                XCTAssertEqual(hash.hexDigest(), row[3], "\(name): \(row[0]).\(row[1])")
            }
        }
    }

    /// Fields decode to the table's columns: every row of every table has as many fields as its
    /// COPY statement names, and NULLs are told apart.
    func testFieldsMatchTheCopyStatementsColumns() throws {
        let name = "pg15-custom-default"
        let archive = try Archive.open(path: try Self.archivePath(name))
        var ranges: [Range<Int>] = []
        var checkedRows = 0
        for entry in archive.entries where entry.desc == "TABLE DATA" && entry.hasData {
            let statement = try XCTUnwrap(CopyStatement(entry.copyStmt ?? ""), entry.label)
            let lines = CopyLineReader(data: try archive.openData(entry))
            while let line = try lines.nextLine() {
                CopyText.fieldRanges(line, into: &ranges)
                XCTAssertEqual(ranges.count, max(1, statement.columns.count), entry.label)
                checkedRows += 1
            }
        }
        XCTAssertEqual(String(checkedRows), String(try Self.tsv(name, "counts.tsv").reduce(0) { $0 + Int($1[2])! }))
        // `\N` is NULL, anything else decodes (escapes undone)
        Array(#"\N"#.utf8).withUnsafeBytes { XCTAssertNil(CopyText.decode($0)) }
        Array(#"a\tb\\c"#.utf8).withUnsafeBytes { XCTAssertEqual(CopyText.decode($0), Array("a\tb\\c".utf8)) }
    }

    func testOpenDataThrowsForAnEntryWithoutData() throws {
        let archive = try Archive.open(path: try Self.archivePath("pg15-custom-default"))
        let table = try XCTUnwrap(archive.entries.first { $0.desc == "TABLE" })
        XCTAssertThrowsError(try archive.openData(table)) { error in
            XCTAssertEqual((error as? PGDumpError)?.kind, .notFound, "\(error)")
        }
        XCTAssertThrowsError(try TableResolver.resolve("no_such_table", in: archive)) { error in
            XCTAssertEqual((error as? PGDumpError)?.kind, .notFound, "\(error)")
        }
    }

    // MARK: Verifying, checking, diffing, restore order

    func testVerifyFindsTheWholeArchiveWholeAndACutOneNot() throws {
        let name = "pg15-custom-default"
        let path = try Self.archivePath(name)
        let report = ArchiveVerifier(archive: try Archive.open(path: path), workers: 2).run()
        XCTAssertTrue(report.isWhole, "\(report.problems)")
        for row in try Self.tsv(name, "counts.tsv") {
            let e = try XCTUnwrap(report.entries.first { $0.schema == row[0] && $0.name == row[1] })
            XCTAssertEqual(e.status, .ok)
            XCTAssertEqual(e.rows.map(String.init), row[2])
        }
        // the same file without its last 4 kB: the TOC is whole, the data is not
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("public-api-cut-\(getpid()).dump")
        try bytes.prefix(bytes.count - 4096).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        let damaged = ArchiveVerifier(archive: try Archive.open(path: cut.path), workers: 2).run()
        XCTAssertFalse(damaged.isWhole)
        XCTAssertTrue(damaged.problems.contains { $0.kind == .truncated || $0.kind == .missing }, "\(damaged.problems)")
        XCTAssertFalse(RowCountReport.make(try Archive.open(path: cut.path), workers: 2).complete)
    }

    /// The statements a real pg_restore failed on (restore-errors.txt) are the ones `check` predicts.
    func testCheckPredictsTheStatementsARealRestoreFailedOn() throws {
        let faults = Self.root.appendingPathComponent("Fixtures/faults/mixed")
        let stderr = try String(contentsOf: faults.appendingPathComponent("restore-errors.txt"), encoding: .utf8)
        var failed = Set<String>()
        for block in stderr.components(separatedBy: "Command was: ").dropFirst() {
            var lines: [String] = []
            for line in block.components(separatedBy: "\n") {
                if line.isEmpty { break }
                lines.append(line.trimmingCharacters(in: .whitespaces))
            }
            failed.insert(lines.joined(separator: " "))
        }
        XCTAssertGreaterThan(failed.count, 5)
        var options = CheckOptions()
        options.targetLocale = "C"  // the restore went into a database with LC_CTYPE C
        options.workers = 2
        let report = RestoreCheck.run(
            try Archive.open(path: faults.appendingPathComponent("archive.dump").path),
            options: options)
        let predicted =
            report.oversizedIndexRows.map(\.statement) + report.duplicateKeys.map(\.statement)
            + report.foreignKeyOrphans.map(\.statement)
        XCTAssertEqual(Set(predicted), failed)
        XCTAssertEqual(report.exitCode, 1)
        // the clean archive of the same schema: nothing fails
        let clean = RestoreCheck.run(
            try Archive.open(
                path: Self.root.appendingPathComponent(
                    "Fixtures/faults/clean/archive.dump"
                ).path), options: options)
        XCTAssertEqual(clean.problemCount, 0)
    }

    func testDiffOfTwoDumpsOfTheSameDatabase() throws {
        // The custom and directory fixtures were dumped from one database: same listing, same data.
        XCTAssertEqual(try Self.text("pg15-custom-default", "data.tsv"), try Self.text("pg15-dir-default", "data.tsv"))
        let a = try Archive.open(path: try Self.archivePath("pg15-custom-default"))
        let b = try Archive.open(path: try Self.archivePath("pg15-dir-default"))
        let diff = ArchiveDiff.make(a, b, workers: 2)
        XCTAssertTrue(diff.isEqual, "\(diff.onlyInA) \(diff.onlyInB) \(diff.changed.map(\.entry))")
        XCTAssertEqual(
            diff.tables.filter { $0.desc == "TABLE DATA" }.count,
            try Self.tsv("pg15-custom-default", "counts.tsv").count)
        // against another database's dump, the differences show
        let other = try Archive.open(path: Self.root.appendingPathComponent("Fixtures/faults/mixed/archive.dump").path)
        XCTAssertFalse(ArchiveDiff.make(a, other, schemaOnly: true).isEqual)
    }

    func testRestoreOrderRunsWhatPgRestoreListsInPasses() throws {
        let name = "pg15-custom-default"
        let archive = try Archive.open(path: try Self.archivePath(name))
        let order = RestoreOrder(archive: archive)
        let listed = Self.listing(try Self.text(name, "list.txt")).map(\.id)
        XCTAssertEqual(Set(order.steps.map(\.entry.dumpId)), Set(listed))
        XCTAssertEqual(order.steps.count, listed.count)
        // main pass first (in TOC order), then ACLs
        XCTAssertEqual(order.steps.map(\.pass), order.steps.map(\.pass).sorted())
        XCTAssertTrue(order.steps.filter { $0.entry.desc == "ACL" }.allSatisfy { $0.pass == .acl })
        let main = order.steps.filter { $0.pass == .main }.compactMap { archive.index(ofDumpId: $0.entry.dumpId) }
        XCTAssertEqual(main, main.sorted())
        // every table's data is loaded from the archive
        XCTAssertEqual(
            order.steps.filter(\.readsArchiveData).filter { $0.entry.desc == "TABLE DATA" }.count,
            try Self.tsv(name, "counts.tsv").count)
        let graph = DependencyGraph(archive: archive)
        for step in order.steps where step.entry.desc == "INDEX" {
            XCTAssertFalse(graph.dependencies(of: step.entry.dumpId).isEmpty, step.entry.label)
        }
    }

    // MARK: The documentation's examples, as written

    /// A folder holding the names the examples use, linked to fixtures, as the working directory.
    func inExampleDirectory(_ body: () throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("public-api-examples-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fixture = try Self.archivePath("pg15-custom-default")
        for link in ["mastodon.dump", "nightly.dump"] {
            try FileManager.default.createSymbolicLink(
                atPath: dir.appendingPathComponent(link).path,
                withDestinationPath: fixture)
        }
        try Data("just some notes\n".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir.path))
        defer {
            _ = FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(at: dir)
        }
        try body()
    }

    /// README.md's "As a library" example. The code between the markers must stay identical to the
    /// README's (without its `import PGDump`): testDocumentedExamplesAreTheTestedOnes checks it.
    func testReadmeLibraryExample() throws {
        let userRows = try XCTUnwrap(
            try Self.tsv("pg15-custom-default", "counts.tsv").first {
                $0[0] == "public" && $0[1] == "users"
            }?[2])
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        try inExampleDirectory {
            // BEGIN README.md
            let archive = try Archive.open(path: "mastodon.dump")  // custom, directory, tar, or "-"
            let report = RowCountReport.make(archive)  // exact counts, read on all cores
            for table in report.tables where table.status == .ok {
                print(table.schema ?? "-", table.name, table.rows ?? 0)
            }
            let users = try TableResolver.resolve("public.users", in: archive)  // the CLI's name syntax
            let lines = CopyLineReader(data: try archive.openData(users))
            while let line = try lines.nextLine() {  // one COPY text row, without its newline
                _ = line.count
            }
            // END README.md
            XCTAssertEqual(String(lines.lineNumber), userRows)
        }
        for row in try Self.tsv("pg15-custom-default", "counts.tsv") {
            XCTAssertTrue(printed.contains("\(row[0]) \(row[1]) \(row[2])"), "\(row) in \(printed)")
        }
    }

    /// The landing page's example (PGDump.docc/PGDump.md), as written there.
    func testLandingPageExample() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        try inExampleDirectory {
            // BEGIN PGDump.md
            let archive = try Archive.open(path: "nightly.dump")
            let counts = RowCountReport.make(archive)
            print(counts.totalRows, "rows")
            // END PGDump.md
        }
        let total = try Self.tsv("pg15-custom-default", "counts.tsv").reduce(0) { $0 + Int($1[2])! }
        XCTAssertEqual(printed, ["\(total) rows"])
    }

    /// GettingStarted.md's examples (PGDump.docc), as written there.
    func testGettingStartedExamples() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        try inExampleDirectory {
            // BEGIN GettingStarted.md
            let archive = try Archive.open(path: "nightly.dump")
            print(archive.format, archive.header.version, archive.entries.count, "entries")

            for entry in archive.entries where entry.desc == "TABLE" {
                print(entry.dumpId, entry.qualifiedName, entry.owner ?? "-")
            }
            // END GettingStarted.md
            // BEGIN GettingStarted.md
            let counts = RowCountReport.make(archive)
            print(counts.totalRows, "rows in", counts.tables.count, "data entries; exact:", counts.complete)
            // END GettingStarted.md
            // BEGIN GettingStarted.md
            do {
                _ = try Archive.open(path: "notes.txt")
            } catch let error as PGDumpError where error.kind == .notAnArchive {
                print("not a pg_dump archive:", error)
            }
            // END GettingStarted.md
        }
        let name = "pg15-custom-default"
        let meta = try Self.meta(name)
        let total = try Self.tsv(name, "counts.tsv").reduce(0) { $0 + Int($1[2])! }
        let listed = Self.listing(try Self.text(name, "list.txt")).map { $0.rest.split(separator: " ") }
        // TABLE entries (not TABLE DATA, not TABLE ATTACH)
        let tables = listed.filter { $0[2] == "TABLE" && $0[3] != "DATA" && $0[3] != "ATTACH" }
        let dataEntries = listed.filter { ($0[2] == "TABLE" && $0[3] == "DATA") || $0[2] == "BLOBS" }
        XCTAssertEqual(
            printed.first,
            "custom \(try XCTUnwrap(meta["archive_version"] as? String))-0 "
                + "\(try Self.text(name, "list.txt").components(separatedBy: "TOC Entries: ")[1].prefix { $0.isNumber }) entries"
        )
        XCTAssertEqual(printed.count, 1 + tables.count + 2)
        XCTAssertEqual(printed[printed.count - 2], "\(total) rows in \(dataEntries.count) data entries; exact: true")
        XCTAssertTrue(printed.last!.hasPrefix("not a pg_dump archive: notes.txt: byte 0: "), printed.last!)
    }

    /// ReadingTableData.md's example (PGDump.docc), as written there.
    func testReadingTableDataExample() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        var columnCount = 0
        try inExampleDirectory {
            // BEGIN ReadingTableData.md
            let archive = try Archive.open(path: "nightly.dump")
            let entry = try TableResolver.resolve("public.users", in: archive)
            let columns = CopyStatement(entry.copyStmt ?? "")?.columns ?? []

            let rows = CopyLineReader(data: try archive.openData(entry))
            var ranges: [Range<Int>] = []
            var field: [UInt8] = []
            while let line = try rows.nextLine() {
                CopyText.fieldRanges(line, into: &ranges)
                for (name, range) in zip(columns, ranges) {
                    field.removeAll(keepingCapacity: true)
                    if CopyText.decode(UnsafeRawBufferPointer(rebasing: line[range]), appendingTo: &field) {
                        print(name, "=", String(decoding: field, as: UTF8.self))
                    } else {
                        print(name, "is NULL")
                    }
                }
            }
            // END ReadingTableData.md
            columnCount = columns.count
        }
        let rows = try XCTUnwrap(
            Int(
                try XCTUnwrap(
                    try Self.tsv("pg15-custom-default", "counts.tsv").first {
                        $0[0] == "public" && $0[1] == "users"
                    })[2]))
        XCTAssertGreaterThan(columnCount, 1)
        XCTAssertEqual(printed.count, rows * columnCount)
        // schema.sql (pg_restore -s) creates the table with the columns the COPY statement names
        let schema = try Self.text("pg15-custom-default", "schema.sql")
        let create = try XCTUnwrap(schema.components(separatedBy: "CREATE TABLE public.users (").dropFirst().first)
        let body = create.components(separatedBy: "\n);")[0]
        let firstColumn = try XCTUnwrap(
            body.split(separator: "\n").first?.trimmingCharacters(in: .whitespaces)
                .split(separator: " ").first)
        XCTAssertTrue(printed[0].hasPrefix(String(firstColumn) + " "), "\(printed[0]) vs \(firstColumn)")
    }

    /// Each Swift block of README.md's "As a library" section and of the DocC articles is, line for
    /// line (without `import PGDump`), one of the BEGIN/END blocks above: the documentation shows
    /// only code these tests compile and run.
    func testDocumentedExamplesAreTheTestedOnes() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let docs: [(file: String, marker: String)] = [
            ("README.md", "README.md"),
            ("Sources/PGDump/PGDump.docc/PGDump.md", "PGDump.md"),
            ("Sources/PGDump/PGDump.docc/GettingStarted.md", "GettingStarted.md"),
            ("Sources/PGDump/PGDump.docc/ReadingTableData.md", "ReadingTableData.md"),
        ]
        for doc in docs {
            var text = try String(contentsOf: Self.root.appendingPathComponent(doc.file), encoding: .utf8)
            if doc.file == "README.md" {
                text = try XCTUnwrap(text.components(separatedBy: "## As a library").dropFirst().first)
                text = text.components(separatedBy: "\n## ")[0]
            }
            let documented = Self.swiftBlocks(text)
            let tested = Self.markedBlocks(source, marker: doc.marker)
            XCTAssertFalse(documented.isEmpty, doc.file)
            XCTAssertEqual(documented, tested, doc.file)
        }
    }

    /// The ```swift blocks of a Markdown text, without `import PGDump` and the blank line after it.
    static func swiftBlocks(_ markdown: String) -> [[String]] {
        markdown.components(separatedBy: "```swift\n").dropFirst().map { block in
            var lines = block.components(separatedBy: "\n```")[0].components(separatedBy: "\n")
            if lines.first == "import PGDump" {
                lines.removeFirst()
                if lines.first == "" { lines.removeFirst() }
            }
            return lines
        }
    }

    /// The lines between `// BEGIN marker` and `// END marker`, without their common indentation.
    static func markedBlocks(_ source: String, marker: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        var indent = 0
        for line in source.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "// BEGIN \(marker)" {
                current = []
                indent = line.prefix { $0 == " " }.count
            } else if trimmed == "// END \(marker)", let block = current {
                blocks.append(block)
                current = nil
            } else if current != nil {
                current!.append(
                    line.count >= indent ? String(line.dropFirst(indent)) : line.trimmingCharacters(in: .whitespaces))
            }
        }
        return blocks
    }
}

/// SHA-256 (FIPS 180-4), streaming, for comparing data with the fixtures' hashes without reaching
/// into the library (its own digest is not public API).
struct SHA256 {
    private var h: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        buffer.append(contentsOf: bytes)
        var start = 0
        while buffer.count - start >= 64 {
            compress(buffer[start..<start + 64])
            start += 64
        }
        buffer.removeFirst(start)
    }

    private mutating func compress(_ block: ArraySlice<UInt8>) {
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var w = [UInt32](repeating: 0, count: 64)
        let b = Array(block)
        for i in 0..<16 {
            w[i] =
                UInt32(b[4 * i]) << 24 | UInt32(b[4 * i + 1]) << 16 | UInt32(b[4 * i + 2]) << 8 | UInt32(b[4 * i + 3])
        }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, bb, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        for i in 0..<64 {
            let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ Self.k[i] &+ w[i]
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & bb) ^ (a & c) ^ (bb & c))
            (hh, g, f, e, d, c, bb, a) = (g, f, e, d &+ t1, c, bb, a, t1 &+ t2)
        }
        for (i, v) in [a, bb, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
    }

    mutating func hexDigest() -> String {
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        while (Int(length) + tail.count) % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
        let saved = length
        tail.withUnsafeBytes { update($0) }
        length = saved
        return h.map { String(format: "%08x", $0) }.joined()
    }
}
