import XCTest
@testable import PGDump

/// `pgdmp report`: the page's figures are the library's (verify, rows, check) and real
/// pg_restore's, the page references nothing outside itself, every hostile string from a real
/// server's archive renders as text, and a real browser renders it without a script error.
final class ReportTests: XCTestCase {
    static let mixed = FixtureCase.root.appendingPathComponent("Fixtures/faults/mixed/archive.dump").path
    static let hostile = FixtureCase.root.appendingPathComponent("Fixtures/hostile/archive.dump").path

    static func report(_ path: String) throws -> MigrationReport {
        ReportBuilder.make(try Archive.open(path: path))
    }

    /// Parses HTML with Python's html.parser (an independent parser) into tags, attributes,
    /// the text of text nodes, and the content of <style>/<script>.
    struct ParsedPage: Decodable {
        struct Tag: Decodable {
            var name: String
            var attrs: [[String?]]
        }
        var tags: [Tag]
        var text: String
        var style: [String]
        var script: [String]
        var comments: [String]
    }

    static let parser = #"""
        import sys, json
        from html.parser import HTMLParser
        class P(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.tags, self.text, self.style, self.script, self.comments, self.raw = [], [], [], [], [], None
            def handle_starttag(self, tag, attrs):
                self.tags.append({"name": tag, "attrs": [[k, v] for k, v in attrs]})
                if tag in ("style", "script"): self.raw = tag
            def handle_startendtag(self, tag, attrs):
                self.tags.append({"name": tag, "attrs": [[k, v] for k, v in attrs]})
            def handle_endtag(self, tag):
                self.raw = None
            def handle_data(self, data):
                if self.raw == "style": self.style.append(data)
                elif self.raw == "script": self.script.append(data)
                else: self.text.append(data)
            def handle_comment(self, data): self.comments.append(data)
            def unknown_decl(self, data): self.comments.append(data)
        p = P(); p.feed(sys.stdin.read()); p.close()
        json.dump({"tags": p.tags, "text": "".join(p.text), "style": p.style, "script": p.script, "comments": p.comments}, sys.stdout)
        """#

    static func parse(_ html: String) throws -> ParsedPage {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-report-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = dir.appendingPathComponent("parse.py")
        let page = dir.appendingPathComponent("page.html")
        try parser.write(to: script, atomically: true, encoding: .utf8)
        try html.write(to: page, atomically: true, encoding: .utf8)
        let (code, out, err) = try run("/usr/bin/env", ["python3", script.path], stdin: page.path)
        XCTAssertEqual(code, 0, err)
        return try JSONDecoder().decode(ParsedPage.self, from: out)
    }

    static func run(_ exe: String, _ args: [String], stdin: String? = nil) throws -> (Int32, Data, String) {
        try runPGDmp(args, stdinFile: stdin, executable: exe)
    }

    /// Every tag the writer emits; anything else in a page was injected.
    static let vocabulary: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "h4", "p", "nav", "a",
        "section", "dl", "div", "dt", "dd", "span", "svg", "rect", "line", "text", "table", "thead", "tbody", "tr",
        "th", "td", "pre", "code", "b", "br", "small", "details", "summary", "ul", "li", "figure", "figcaption",
        "footer", "script",
    ]
    static let attributes: Set<String> = [
        "lang", "charset", "http-equiv", "content", "name", "href", "class", "id", "title", "viewbox",
        "preserveaspectratio", "role", "aria-label", "x", "y", "width", "height", "x1", "x2", "y1", "y2",
        "text-anchor", "transform", "data-v", "data-numeric", "data-dump-id", "data-index",
    ]

    /// The structure a page may have: the writer's tags and attributes only, one style and one
    /// script (the writer's own), links only to the page's own sections, nothing loaded.
    func assertOnlyOwnContent(_ page: ParsedPage, file: StaticString = #filePath, line: UInt = #line) {
        for t in page.tags {
            XCTAssert(Self.vocabulary.contains(t.name), "unexpected element <\(t.name)>", file: file, line: line)
            for a in t.attrs {
                let name = a[0] ?? ""
                let value = a.count > 1 ? (a[1] ?? "") : ""
                XCTAssert(
                    Self.attributes.contains(name), "unexpected attribute \(name) on <\(t.name)>", file: file,
                    line: line)
                if name == "href" {
                    XCTAssert(value.hasPrefix("#"), "link out of the page: \(value)", file: file, line: line)
                }
                for bad in ["http:", "https:", "//", "url(", "javascript:"] where name != "content" || t.name != "meta"
                {
                    XCTAssertFalse(
                        value.lowercased().contains(bad), "\(bad) in \(name)=\(value)", file: file, line: line)
                }
            }
        }
        XCTAssertEqual(page.tags.filter { $0.name == "script" }.count, 1, file: file, line: line)
        XCTAssertEqual(page.tags.filter { $0.name == "style" }.count, 1, file: file, line: line)
        XCTAssertEqual(page.script, [HTMLReportWriter.script], file: file, line: line)
        XCTAssertEqual(page.style, [HTMLReportWriter.css], file: file, line: line)
        XCTAssertEqual(page.comments, [], file: file, line: line)
        for code in page.style + page.script {
            for bad in ["http:", "https:", "//", "url(", "@import", "src="] {
                XCTAssertFalse(code.contains(bad), "\(bad) in the page's own style or script", file: file, line: line)
            }
        }
        let csp = page.tags.first { $0.name == "meta" && $0.attrs.contains { $0[0] == "http-equiv" } }
        XCTAssertEqual(
            csp?.attrs.first { $0[0] == "content" }?[1], HTMLReportWriter.contentSecurityPolicy, file: file, line: line)
    }

    func testFiguresAreTheLibrarysAndRealPgRestores() throws {
        let archive = try Archive.open(path: Self.mixed)
        let report = ReportBuilder.make(archive)
        let rows = RowCountReport.make(archive)
        var co = CheckOptions()
        co.targetVersion = 15
        let check = RestoreCheck.run(archive, options: co)

        // exact counts and sizes: verify's per-entry figures equal `rows`
        XCTAssertTrue(report.rowsExact)
        XCTAssertEqual(report.totalRows, rows.totalRows)
        XCTAssertEqual(report.totalUncompressedBytes, rows.totalUncompressedBytes)
        XCTAssertEqual(report.totalStoredBytes, rows.totalStoredBytes)
        let byId = Dictionary(uniqueKeysWithValues: rows.tables.map { ($0.dumpId, $0) })
        for t in report.tables {
            XCTAssertEqual(t.rows, byId[t.dumpId]?.rows, t.name)
            XCTAssertEqual(t.uncompressedBytes, byId[t.dumpId]?.uncompressedBytes, t.name)
        }

        // the findings are the check's (histograms on or off), and the failing statements are the
        // ones the real pg_restore 15 reported
        func summary(_ c: CheckReport) -> [String] {
            c.oversizedIndexRows.map { "\($0.dumpId) \($0.rowCount)" }
                + c.duplicateKeys.map { "\($0.dumpId) \($0.keyCount)" }
                + c.foreignKeyOrphans.map { "\($0.dumpId) \($0.rowCount)" }
        }
        XCTAssertEqual(summary(report.check), summary(check))
        let realErrors = try String(
            contentsOfFile: FixtureCase.root
                .appendingPathComponent("Fixtures/faults/mixed/restore-errors.txt").path, encoding: .utf8
        )
        .components(separatedBy: "\n").filter { $0.contains("ERROR:") }
        XCTAssertEqual(report.failingStatementCount, realErrors.count)
        XCTAssertEqual(report.timeline.failures.count, realErrors.count)
        XCTAssertTrue(report.timeline.failures.allSatisfy { $0.section == "post-data" })

        // each size histogram: one size per row of its table, and the rows over the limit are the check's
        let histograms = try XCTUnwrap(report.check.indexSizeHistograms)
        let preview = try XCTUnwrap(histograms.first { $0.index == "index_preview_cards_on_url" })
        XCTAssertEqual(preview.rows, rows.tables.first { $0.name == "preview_cards" }?.rows)
        XCTAssertEqual(preview.limit, 2704)
        for p in check.oversizedIndexRows {
            let h = try XCTUnwrap(histograms.first { $0.dumpId == p.dumpId && $0.table == p.table }, p.index)
            XCTAssertEqual(h.rowsOverLimit, UInt64(p.rowCount), p.index)
            XCTAssertEqual(h.maxSize, p.rows.map(\.tupleSize).max(), p.index)
        }
        for h in histograms where !check.oversizedIndexRows.contains(where: { $0.dumpId == h.dumpId }) {
            XCTAssertEqual(h.rowsOverLimit, 0, h.index)
        }

        // the page shows those figures
        let html = HTMLReportWriter.render(report)
        let page = try Self.parse(html)
        assertOnlyOwnContent(page)
        for id in ["glance", "tables", "table-sizes", "failures", "keys", "timeline", "large-objects", "notes"] {
            XCTAssert(page.tags.contains { t in t.attrs.contains { $0 == ["id", id] } }, "section \(id)")
        }
        for t in rows.tables where t.desc == "TABLE DATA" {
            let row =
                "<tr data-dump-id=\"\(t.dumpId)\"><td>\(t.schema ?? "").\(t.name)</td><td class=\"n\" data-v=\"\(t.rows ?? 0)\">"
            XCTAssert(html.contains(row), row)
        }
        for s in summary(check) {
            let id = s.split(separator: " ")[0]
            XCTAssert(html.contains("<div class=\"card finding\" data-dump-id=\"\(id)\">"), "finding \(id)")
        }
        XCTAssert(page.text.contains("2,075"), "exact total rows")
        XCTAssert(html.contains("data-index=\"index_preview_cards_on_url\""))
        XCTAssert(page.text.contains("limit 2704"))

        let md = MarkdownReportWriter.render(report)
        for heading in [
            "## At a glance", "## Tables by size", "## Predicted restore errors", "## Index key sizes",
            "## Restore timeline", "## Large objects", "## Notes",
        ] {
            XCTAssert(md.contains("\n\(heading)\n"), heading)
        }
    }

    func testHostileArchiveRendersAsText() throws {
        let report = try Self.report(Self.hostile)
        // the planted failures are found (so their hostile names and values reach the page)
        XCTAssertEqual(report.check.oversizedIndexRows.count, 1)
        XCTAssertEqual(report.check.duplicateKeys.count, 1)
        XCTAssertEqual(report.check.foreignKeyOrphans.count, 1)
        XCTAssertEqual(report.largeObjects.objects, 1)
        let realErrors = try String(
            contentsOfFile: FixtureCase.root
                .appendingPathComponent("Fixtures/hostile/restore-errors.txt").path, encoding: .utf8
        )
        .components(separatedBy: "\n").filter { $0.contains("ERROR:") }
        XCTAssertEqual(report.failingStatementCount, realErrors.count)
        let html = HTMLReportWriter.render(report)
        let page = try Self.parse(html)
        assertOnlyOwnContent(page)
        for t in page.tags { for a in t.attrs { XCTAssertFalse((a[0] ?? "").hasPrefix("on"), "event handler \(a)") } }
        let payloads = [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</style>", "\"'><svg onload=alert(1)>",
            "]]><script>alert(2)</script>", "</title><svg/onload=alert(5)>", "<iframe src=javascript:alert(6)>",
            "<script>alert('db')</script>", "(\"</style>\")=(<script>alert(1)</script>)",
        ]
        for p in payloads { XCTAssert(page.text.contains(p), "payload not shown as text: \(p)") }

        let md = MarkdownReportWriter.render(report)
        XCTAssertFalse(md.contains("<"), "raw < in Markdown")
        XCTAssertFalse(md.contains(">"), "raw > in Markdown")
        XCTAssert(md.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"))
    }

    func testNoExternalReferenceOnEveryFormat() throws {
        for name in ["pg15-custom-default", "pg16-dir-lz4", "pg17-tar", "pg18-custom-zstd", "pg15-custom-schema-only"] {
            let html = HTMLReportWriter.render(try Self.report(try Fixtures.archivePath(name)))
            assertOnlyOwnContent(try Self.parse(html))
        }
    }

    /// The library API the target layer will call: a `TargetModel` decides the version, a
    /// prepared `CheckReport` is used as given.
    func testTargetModelAndPreparedCheck() throws {
        let archive = try Archive.open(path: Self.mixed)
        var options = ReportOptions()
        options.target = TargetModel(
            source: "fresh-cluster", serverMajor: 11, restoringRole: "postgres", isSuperuser: true,
            roles: [:],
            database: DatabaseFacts(
                name: "x", owner: "postgres", encoding: "UTF8",
                collate: "C", ctype: "C"),
            settings: [], availableExtensions: [:], installedExtensions: [:], libraries: nil,
            objects: [:])
        let old = ReportBuilder.make(archive, options: options)
        XCTAssertEqual(old.check.btreeLimit, 2712)
        XCTAssertEqual(old.target.major, 11)
        XCTAssert(HTMLReportWriter.render(old).contains("predicted for PostgreSQL 11 (a fresh cluster)"))
        // 2712-byte rows are accepted by PostgreSQL 11: "Links Href Idx" no longer fails
        XCTAssertFalse(old.check.oversizedIndexRows.contains { $0.index == "Links Href Idx" })
        XCTAssertTrue(old.check.indexSizeHistograms?.first { $0.index == "Links Href Idx" }?.rowsOverLimit == 0)

        var co = CheckOptions()
        co.maxRowsPerProblem = 1
        options = ReportOptions()
        options.check = RestoreCheck.run(archive, options: co)
        let prepared = ReportBuilder.make(archive, options: options)
        XCTAssertNil(prepared.check.indexSizeHistograms)
        XCTAssertEqual(prepared.check.duplicateKeys.map(\.keyCount), options.check?.duplicateKeys.map(\.keyCount))
        XCTAssert(
            HTMLReportWriter.render(prepared).contains("Not measured: the check this report was made from ran without"))
    }

    func testCSPHashIsOpenSSLs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-report-csp-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let f = dir.appendingPathComponent("script.js")
        try HTMLReportWriter.script.write(to: f, atomically: true, encoding: .utf8)
        let (code, out, err) = try Self.run(
            "/bin/sh", ["-c", "openssl dgst -sha256 -binary '\(f.path)' | openssl base64 -A"])
        try XCTSkipIf(code == 127, "openssl is not installed")
        XCTAssertEqual(code, 0, err)
        XCTAssertEqual(CSPHash.source(HTMLReportWriter.script), "'sha256-\(String(decoding: out, as: UTF8.self))'")
    }

    func testCommandLineWritesHTMLAndMarkdown() throws {
        try requirePGDmpBinary()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-report-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let html = dir.appendingPathComponent("r.html").path
        let md = dir.appendingPathComponent("r.md").path
        var (code, _, err) = try runPGDmp(["report", Self.mixed, "-o", html, "-q"])
        XCTAssertEqual(code, 1, err)  // failures predicted: a finding, as for check
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertEqual(page, HTMLReportWriter.render(try Self.report(Self.mixed)))
        (code, _, err) = try runPGDmp([
            "report", Self.mixed, "-o", md, "--format", "md", "--target-version", "11", "-q",
        ])
        XCTAssertEqual(code, 1, err)
        XCTAssert(try String(contentsOfFile: md, encoding: .utf8).contains("Limit 2712 bytes."))
        let clean = FixtureCase.root.appendingPathComponent("Fixtures/faults/clean/archive.dump").path
        // Nothing predicted to fail (real pg_restore printed no error into its C-locale database), archive whole.
        (code, _, err) = try runPGDmp(["report", clean, "-o", html, "-q", "--target-locale", "C"])
        XCTAssertEqual(code, 0, err)
        (code, _, err) = try runPGDmp(["report", Self.mixed, "-o", md, "--format", "pdf"])
        XCTAssertEqual(code, 2)
        (code, _, err) = try runPGDmp(["report", "/nonexistent.dump", "-o", md])
        XCTAssertEqual(code, 2)
    }

    // MARK: a real browser

    /// Debian's chromium, installed with apt-get when missing (as root); nil when it cannot be.
    static let chromium: String? = {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        guard getuid() == 0 else { return nil }
        _ = try? run("/bin/sh", ["-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null 2>&1"])
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") ? "/usr/bin/chromium" : nil
    }()

    func testRendersInHeadlessChromiumWithoutScriptErrors() throws {
        guard let browser = Self.chromium else {
            throw XCTSkip("chromium is not installed and apt-get could not install it (apt-get install chromium)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-report-browser-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, path) in [("mixed", Self.mixed), ("hostile", Self.hostile)] {
            let page = dir.appendingPathComponent("\(name).html")
            try HTMLReportWriter.render(try Self.report(path)).write(to: page, atomically: true, encoding: .utf8)
            let common = [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=\(dir.appendingPathComponent("profile-\(name)").path)",
                "--enable-logging=stderr", "--v=0",
            ]
            // the DOM after load: the script ran to its end, and nothing was logged to the console
            let (code, dom, log) = try Self.run(browser, common + ["--dump-dom", page.absoluteString])
            XCTAssertEqual(code, 0, log)
            let domText = String(decoding: dom, as: UTF8.self)
            XCTAssert(domText.contains("data-script=\"ok\""), "\(name): the page's script did not run to its end")
            XCTAssert(domText.contains("<button type=\"button\">Rows</button>"), "\(name): sortable headers not set up")
            let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
            XCTAssertEqual(console, [], "\(name): console messages (script errors, CSP violations)")
            for width in [1366, 390] {
                let shot = dir.appendingPathComponent("\(name)-\(width).png")
                let (c, _, l) = try Self.run(
                    browser,
                    common + [
                        "--window-size=\(width),2000", "--screenshot=\(shot.path)",
                        page.absoluteString,
                    ])
                XCTAssertEqual(c, 0, l)
                XCTAssertEqual(
                    l.split(separator: "\n").filter { $0.contains(":CONSOLE") }, [], "\(name) at \(width) px")
                let distinct = try Self.distinctPixelBytes(shot.path)
                XCTAssertGreaterThan(
                    distinct, 64, "\(name) at \(width) px looks blank (\(distinct) distinct byte values)")
            }
        }
    }

    /// Distinct byte values in a PNG's decoded image data: a blank page has a handful.
    static func distinctPixelBytes(_ png: String) throws -> Int {
        let code = #"""
            import sys, zlib, struct
            d = open(sys.argv[1], "rb").read()
            assert d[:8] == b"\x89PNG\r\n\x1a\n"
            i, idat = 8, b""
            while i < len(d):
                n, t = struct.unpack(">I4s", d[i:i+8]); i += 8
                if t == b"IDAT": idat += d[i:i+n]
                i += n + 4
            print(len(set(zlib.decompress(idat))))
            """#
        let (c, out, err) = try run("/usr/bin/env", ["python3", "-c", code, png])
        XCTAssertEqual(c, 0, err)
        return Int(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}

/// The histogram's short-key sizing agrees with the full sizing (decode, then `size(_:specs:)`).
final class UncompressedTupleSizeTests: XCTestCase {
    func testAgreesWithFullSizing() {
        let text = KeyColumnSpec(layout: .text)
        let int8 = KeyColumnSpec(layout: .fixed(length: 8, align: 8))
        let int4 = KeyColumnSpec(layout: .fixed(length: 4, align: 4))
        let plain = KeyColumnSpec(layout: .text, compressible: false)
        let layouts: [([KeyColumnSpec], [KeyTransform])] = [
            ([text], [.column]), ([int8, text], [.column, .column]), ([text, int4], [.column, .column]),
            ([plain], [.column]), ([text, text], [.column, .column]),
            ([int4, text, int8], [.column, .column, .column]),
        ]
        var rng = SystemRandomNumberGenerator()
        var compared = 0
        for (specs, transforms) in layouts {
            let check = SizeCheck(
                id: 0, positions: Array(specs.indices), specs: specs, transforms: transforms, predicate: nil)
            for _ in 0..<400 {
                // COPY fields: NULL, integers, or text with escapes, 0–700 bytes long
                let fields: [[UInt8]] = specs.map { spec in
                    if Int.random(in: 0..<8, using: &rng) == 0 { return Array("\\N".utf8) }
                    if case .fixed = spec.layout {
                        return Array(String(Int.random(in: -99999...99999, using: &rng)).utf8)
                    }
                    let n = [0, 1, 100, 125, 126, 127, 128, 300, 505, 506, 507, 700][
                        Int.random(in: 0..<12, using: &rng)]
                    var f: [UInt8] = []
                    for i in 0..<n { f += i % 37 == 5 ? Array("\\t".utf8) : [UInt8(ascii: "a") + UInt8(i % 26)] }
                    return f
                }
                let buffers = fields.map { f -> UnsafeMutableRawBufferPointer in
                    let b = UnsafeMutableRawBufferPointer.allocate(byteCount: f.count, alignment: 1)
                    b.copyBytes(from: f)
                    return b
                }
                defer { buffers.forEach { $0.deallocate() } }
                guard let fast = BtreeTupleSize.uncompressedSize(check, { UnsafeRawBufferPointer(buffers[$0]) }) else {
                    continue
                }
                let values: [[UInt8]?] = fields.map { f in f.withUnsafeBytes { raw in CopyText.decode(raw) } }
                XCTAssertEqual(fast, BtreeTupleSize.size(values, specs: specs), "\(specs) \(fields.map { $0.count })")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 1000)
    }
}
