/// `pgdmp report`'s page: one self-contained HTML file (inline CSS, inline SVG, one inline
/// script allowed by its hash) that opens from a ticket attachment with no network.
///
/// Safety: every archive string is escaped by `ReportEscaping.html` for the text or
/// double-quoted attribute it lands in; the Content-Security-Policy allows nothing but the
/// page's own styles, its one script (by SHA-256) and `data:` images, so even a mistake in
/// escaping could not load or run anything else.
public enum HTMLReportWriter {
    private static let e = ReportEscaping.html
    /// Rows listed per failing statement in the page (all are counted; `check --json` lists them all).
    static let rowsShown = 20
    /// Indexes drawn as charts; the rest are in a table.
    static let chartsShown = 12

    /// The whole HTML page for `r`, as one string.
    public static func render(_ r: MigrationReport) -> String {
        let title = "pgdmp report: " + (r.summary.databaseName ?? r.summary.path)
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="generator" content="pgdmp">
            <title>\(e(title))</title>
            <style>\(css)</style>
            </head>
            <body>
            <main>
            <header><h1>\(e(title))</h1>
            <p class="sub">\(e(r.summary.path)) · predicted for \(e(targetText(r.target)))</p></header>
            <nav><a href="#glance">At a glance</a> <a href="#tables">Tables</a> <a href="#failures">Restore errors</a> \
            <a href="#keys">Index key sizes</a> <a href="#timeline">Timeline</a> <a href="#large-objects">Large objects</a> \
            <a href="#notes">Notes</a></nav>

            """
        out += glance(r) + tables(r) + failures(r) + keySizes(r) + timeline(r) + largeObjects(r) + notes(r)
        out += "<footer>Made by pgdmp from the archive alone (no server was contacted).</footer>\n</main>\n"
        out += "<script>\(script)</script>\n</body>\n</html>\n"
        return out
    }

    /// `default-src 'none'`: nothing loads from anywhere; only inline styles, the one script by
    /// hash, and `data:` images.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; script-src \(CSPHash.source(script)); img-src data:; "
            + "base-uri 'none'; form-action 'none'"
    }

    static func targetText(_ t: ReportTarget) -> String {
        var s = "PostgreSQL \(t.major)"
        if let v = t.serverVersion {
            s += " (server \(v)" + (t.database.map { ", database \($0)" } ?? "") + ")"
        } else if t.source == "fresh-cluster" {
            s += " (a fresh cluster)"
        }
        return s
    }

    // MARK: sections

    static func glance(_ r: MigrationReport) -> String {
        let s = r.summary
        var compression = s.compression.rawValue
        if let l = s.compressionLevel { compression += " (level \(l))" }
        let whole = r.verify.isWhole
        var items: [(String, String, String)] = [  // label, value (escaped), class
            ("Archive", whole ? "whole" : "damaged (\(r.verify.problems.count) problem(s))", whole ? "ok" : "bad"),
            (
                "Predicted failing statements", ReportFormat.count(r.failingStatementCount),
                r.failingStatementCount == 0 ? "ok" : "bad"
            ),
            ("Rows" + (r.rowsExact ? " (exact)" : " (read so far)"), ReportFormat.count(r.totalRows), ""),
            ("Uncompressed data", ReportFormat.bytes(r.totalUncompressedBytes), ""),
            ("Stored data", ReportFormat.bytes(r.totalStoredBytes), ""),
            ("Tables with data", ReportFormat.count(r.tables.count), ""),
            ("Format", s.format.rawValue, ""),
            ("Archive version", s.archiveVersion, ""),
            ("Compression", compression, ""),
            ("Created", s.createdAtISO8601 ?? s.createdAt, ""),
            ("Database", s.databaseName ?? "", ""),
            ("Server version", s.serverVersion ?? "", ""),
            ("pg_dump version", s.pgDumpVersion ?? "", ""),
            ("Encoding", s.encoding ?? "", ""),
            ("TOC entries", ReportFormat.count(s.entryCount), ""),
            ("File size", s.fileSize.map(ReportFormat.bytes) ?? "", ""),
        ]
        items = items.map { ($0.0, e($0.1), $0.2) }
        var out = "<section id=\"glance\"><h2>At a glance</h2>\n<dl class=\"glance\">"
        for (label, value, cls) in items {
            out += "<div class=\"\(cls)\"><dt>\(e(label))</dt><dd>\(value)</dd></div>"
        }
        out += "</dl>\n"
        if !r.rowsExact {
            out += "<p class=\"warn\">Some data entries could not be read to their end: their rows are not counted "
            out += "and the totals are not exact (see Notes).</p>\n"
        }
        return out + "</section>\n"
    }

    static func tables(_ r: MigrationReport) -> String {
        let tables = r.tables
        var out = "<section id=\"tables\"><h2>Tables by size</h2>\n"
        guard !tables.isEmpty else { return out + "<p>The archive holds no table data.</p></section>\n" }
        let top = Array(tables.prefix(20))
        let max = top.first?.uncompressedBytes ?? 0
        out += "<p class=\"legend\"><span class=\"key raw\"></span> uncompressed (restored COPY text) "
        out += "<span class=\"key stored\"></span> stored in the archive"
        out += tables.count > top.count ? " · the \(top.count) largest of \(tables.count) tables</p>\n" : "</p>\n"
        out += "<div class=\"bars\">"
        for t in top {
            let name = qualified(t.schema, t.name)
            let raw = t.uncompressedBytes ?? 0
            let stored = t.storedBytes ?? 0
            out += "<div class=\"row\"><span class=\"name\" title=\"\(e(name))\">\(e(name))</span>"
            out += ReportCharts.sizeBar(
                raw: raw, stored: stored, max: max,
                title: "\(name): \(raw) bytes uncompressed, \(stored) bytes stored")
            out += "<span class=\"fig\">\(ReportFormat.bytes(raw)) · \(ReportFormat.bytes(stored))</span></div>"
        }
        out += "</div>\n<div class=\"scroll\"><table class=\"sortable\" id=\"table-sizes\"><thead><tr>"
        out += "<th>Table</th><th class=\"n\" data-numeric>Rows</th><th class=\"n\" data-numeric>Uncompressed</th>"
        out += "<th class=\"n\" data-numeric>Stored</th><th class=\"n\" data-numeric>Stored/raw</th><th>Status</th>"
        out += "</tr></thead><tbody>\n"
        for t in tables {
            let name = qualified(t.schema, t.name)
            out += "<tr data-dump-id=\"\(t.dumpId)\"><td>\(e(name))</td>"
            out +=
                "<td class=\"n\" data-v=\"\(t.rows.map(String.init) ?? "-1")\">\(t.rows.map(ReportFormat.count) ?? "not counted")</td>"
            out += "<td class=\"n\" data-v=\"\(t.uncompressedBytes ?? 0)\" title=\"\(t.uncompressedBytes ?? 0) bytes\">"
            out += "\(t.uncompressedBytes.map(ReportFormat.bytes) ?? "")</td>"
            out += "<td class=\"n\" data-v=\"\(t.storedBytes ?? 0)\" title=\"\(t.storedBytes ?? 0) bytes\">"
            out += "\(t.storedBytes.map(ReportFormat.bytes) ?? "")</td>"
            let ratio = ReportFormat.ratio(t.storedBytes, t.uncompressedBytes)
            out += "<td class=\"n\" data-v=\"\(ratio.dropLast())\">\(ratio)</td>"
            out += "<td class=\"\(t.status == .ok ? "" : "bad")\">\(e(t.status.rawValue))</td></tr>\n"
        }
        return out + "</tbody></table></div>\n</section>\n"
    }

    static func failures(_ r: MigrationReport) -> String {
        let c = r.check
        var out = "<section id=\"failures\"><h2>Predicted restore errors</h2>\n"
        if r.failingStatementCount == 0 && c.unreadable.isEmpty {
            out += "<p class=\"ok\">No statement is predicted to fail on \(e(targetText(r.target))). "
            out += "What was not checked is listed under Notes.</p>\n"
        }
        if !c.predictedErrors.isEmpty {
            let causes = Dictionary(grouping: c.predictedErrors, by: \.cause).sorted {
                ($0.value.count, $1.key) > ($1.value.count, $0.key)
            }
            for (cause, errors) in causes {
                out += "<div class=\"card\"><h3>\(e(cause)) <span class=\"count\">\(errors.count)</span></h3>\n"
                let fixes = Set(errors.compactMap(\.fix))
                if fixes.count == 1, let fix = fixes.first { out += "<p class=\"fix\"><b>Fix:</b> \(e(fix))</p>\n" }
                out += "<div class=\"scroll\"><table><thead><tr><th>Entry</th><th>Error</th>"
                out += fixes.count > 1 ? "<th>Fix</th>" : ""
                out += "</tr></thead><tbody>\n"
                for p in errors {
                    out +=
                        "<tr><td>\(e(p.desc)) \(e(p.name))\(p.dumpId.map { " <span class=\"id\">(dump id \($0))</span>" } ?? "")</td>"
                    out += "<td><code>\(e(p.message))</code>"
                    if let by = p.causedBy { out += "<br><small>follows from dump id \(by)</small>" }
                    out += "<details><summary>statement</summary><pre>\(e(p.statement))</pre></details></td>"
                    out += fixes.count > 1 ? "<td>\(e(p.fix ?? ""))</td>" : ""
                    out += "</tr>\n"
                }
                out += "</tbody></table></div></div>\n"
            }
        }
        if c.problemCount > 0 {
            out += "<h3 class=\"group\">Rows that make statements fail</h3>\n"
        }
        for p in c.oversizedIndexRows {
            out += finding(
                title: "Index rows over the btree limit", statement: p.statement, dumpId: p.dumpId,
                summary: "\(ReportFormat.count(p.rowCount)) row(s) of \(p.table) have an index tuple over "
                    + "\(c.btreeLimit) bytes: \((p.reportedRow ?? p.rows.first)?.message ?? "")",
                fix: "Restore without this index (\(excludeHint(r, p.dumpId))), then shorten or remove the rows "
                    + "below, or build the index on md5() of the column or as a hash index.",
                head: ["Row", "COPY line", "Tuple size", "Value lengths"],
                rows: p.rows.prefix(rowsShown).map { row in
                    [
                        row.row.key ?? "–", String(row.row.line), ReportFormat.count(row.tupleSize),
                        row.valueLengths.map { $0.map(String.init) ?? "NULL" }.joined(separator: ", "),
                    ]
                }, shown: p.rows.count, total: p.rowCount)
        }
        for p in c.duplicateKeys {
            out += finding(
                title: "Duplicate keys", statement: p.statement, dumpId: p.dumpId,
                summary: "could not create unique index \"\(p.index)\": \(ReportFormat.count(p.keyCount)) "
                    + "duplicate(s) in \(p.table)",
                fix: "Restore without this statement (\(excludeHint(r, p.dumpId))), delete or change the "
                    + "repeated rows below, then run the statement.",
                head: ["Key", "Rows"],
                rows: p.keys.prefix(rowsShown).map { [$0.key, $0.rows.map(\.description).joined(separator: ", ")] },
                shown: p.keys.count, total: p.keyCount)
        }
        for p in c.foreignKeyOrphans {
            out += finding(
                title: "Foreign-key orphans", statement: p.statement, dumpId: p.dumpId,
                summary: "\(ReportFormat.count(p.rowCount)) row(s) of \(p.table) violate foreign key "
                    + "constraint \"\(p.constraint)\" (no matching row in \(p.referencedTable))",
                fix: "Restore without this constraint (\(excludeHint(r, p.dumpId))), delete the rows below "
                    + "or add their missing \(p.referencedTable) rows, then run the statement.",
                head: ["Row", "COPY line", "Error"],
                rows: p.rows.prefix(rowsShown).map { [$0.row.key ?? "–", String($0.row.line), $0.message] },
                shown: p.rows.count, total: p.rowCount)
        }
        if !c.unreadable.isEmpty {
            out +=
                "<p class=\"warn\">\(c.unreadable.count) data entr\(c.unreadable.count == 1 ? "y" : "ies") could not be "
            out += "read, so their tables were not checked:</p><ul>"
            for u in c.unreadable { out += "<li>\(e(u))</li>" }
            out += "</ul>\n"
        }
        return out + "</section>\n"
    }

    static func excludeHint(_ r: MigrationReport, _ dumpId: Int32) -> String {
        "pgdmp list \(r.summary.path) --exclude \(dumpId) gives the pg_restore -L list"
    }

    /// One failing statement with its rows (all cells escaped here).
    static func finding(
        title: String, statement: String, dumpId: Int32, summary: String, fix: String,
        head: [String], rows: [[String]], shown: Int, total: Int
    ) -> String {
        var out = "<div class=\"card finding\" data-dump-id=\"\(dumpId)\"><h4>\(e(title))</h4>\n"
        out +=
            "<pre class=\"stmt\">\(e(statement))</pre>\n<p>\(e(summary))</p>\n<p class=\"fix\"><b>Fix:</b> \(e(fix))</p>\n"
        out +=
            "<div class=\"scroll\"><table><thead><tr>" + head.map { "<th>\(e($0))</th>" }.joined()
            + "</tr></thead><tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n" }
        out += "</tbody></table></div>"
        if total > rows.count {
            out += "<p class=\"more\">\(ReportFormat.count(total - rows.count)) more not shown "
            out += "(pgdmp check --json lists \(ReportFormat.count(shown)); every one is counted).</p>"
        }
        return out + "</div>\n"
    }

    static func keySizes(_ r: MigrationReport) -> String {
        var out = "<section id=\"keys\"><h2>Index key sizes</h2>\n"
        guard let hs = r.check.indexSizeHistograms else {
            return out
                + "<p>Not measured: the check this report was made from ran without index size histograms.</p></section>\n"
        }
        guard !hs.isEmpty else {
            return out + "<p>No btree index over table data in the archive could be sized.</p></section>\n"
        }
        let sorted = hs.sorted {
            ($0.rowsOverLimit, $0.maxSize * 1000 / Swift.max(1, $0.limit)) > (
                $1.rowsOverLimit, $1.maxSize * 1000 / Swift.max(1, $1.limit)
            )
        }
        out += "<p>Every row's btree key tuple size as PostgreSQL \(r.target.major) builds it (after the compression "
        out += "index_form_tuple applies), against the limit of \(r.check.btreeLimit) bytes. "
        // Drawn: indexes with rows over the limit or keys reaching a quarter of it (fixed-width keys
        // make one bar far from the line), at most `chartsShown`; at least the closest three.
        var drawn = sorted.filter { $0.rowsOverLimit > 0 || $0.maxSize * 4 >= $0.limit }.prefix(chartsShown)
        if drawn.count < 3 { drawn = sorted.prefix(3) }
        for h in drawn {
            let over = h.rowsOverLimit
            out +=
                "<figure class=\"card\" data-index=\"\(e(h.index))\"><figcaption><b>\(e(h.index))</b> on \(e(h.table)) · "
            out += "\(ReportFormat.count(h.rows)) rows, largest \(ReportFormat.count(h.maxSize)) bytes · "
            out +=
                over > 0
                ? "<span class=\"bad\">\(ReportFormat.count(over)) row(s) over the limit</span>"
                : "<span class=\"ok\">all within the limit</span>"
            out += "</figcaption><div class=\"scroll\">\(ReportCharts.tupleSizes(h))</div></figure>\n"
        }
        out += "<p>\(hs.count) index(es) sized; \(drawn.count) drawn (those closest to the limit).</p>\n"
        if hs.count > drawn.count {
            out +=
                "<details><summary>All \(hs.count) sized indexes</summary><div class=\"scroll\"><table class=\"sortable\">"
            out += "<thead><tr><th>Index</th><th>Table</th><th class=\"n\" data-numeric>Rows</th>"
            out +=
                "<th class=\"n\" data-numeric>Largest tuple</th><th class=\"n\" data-numeric>Over the limit</th></tr></thead><tbody>\n"
            for h in sorted {
                out += "<tr><td>\(e(h.index))</td><td>\(e(h.table))</td><td class=\"n\" data-v=\"\(h.rows)\">"
                out +=
                    "\(ReportFormat.count(h.rows))</td><td class=\"n\" data-v=\"\(h.maxSize)\">\(ReportFormat.count(h.maxSize))</td>"
                out +=
                    "<td class=\"n\" data-v=\"\(h.rowsOverLimit)\">\(ReportFormat.count(h.rowsOverLimit))</td></tr>\n"
            }
            out += "</tbody></table></div></details>\n"
        }
        return out + "</section>\n"
    }

    static func timeline(_ r: MigrationReport) -> String {
        let t = r.timeline
        var out = "<section id=\"timeline\"><h2>Restore timeline</h2>\n"
        out +=
            "<p>A serial pg_restore runs \(ReportFormat.count(t.totalSteps)) steps: the main pass in TOC order, then "
        out += "privileges (ACL pass). Each step is one slice of the strip; red marks are failing statements.</p>\n"
        out += ReportCharts.timeline(t, sections: t.stepSections)
        out +=
            "<p class=\"legend\"><span class=\"key sec-pre-data\"></span> pre-data <span class=\"key sec-data\"></span> data "
        out += "<span class=\"key sec-post-data\"></span> post-data <span class=\"key fail\"></span> fails</p>\n"
        out +=
            "<div class=\"scroll\"><table><thead><tr><th>Section</th><th class=\"n\">Steps</th><th class=\"n\">Data loaded</th>"
        out += "<th class=\"n\">Failing</th><th>Mostly</th></tr></thead><tbody>\n"
        for p in t.phases {
            let failing = t.failures.filter { $0.section == p.section }.count
            out += "<tr><td>\(e(p.section))</td><td class=\"n\">\(ReportFormat.count(p.steps))</td>"
            out += "<td class=\"n\">\(ReportFormat.bytes(p.dataBytes))</td>"
            out += "<td class=\"n \(failing > 0 ? "bad" : "")\">\(failing)</td><td>"
            out += p.byType.prefix(4).map { "\(e($0.desc)) \(ReportFormat.count($0.count))" }.joined(separator: ", ")
            out += "</td></tr>\n"
        }
        out += "</tbody></table></div>\n"
        if !t.failures.isEmpty {
            out +=
                "<h3>Failing steps</h3><div class=\"scroll\"><table><thead><tr><th class=\"n\">Step</th><th>Section</th>"
            out += "<th>Entry</th><th>Why</th></tr></thead><tbody>\n"
            for f in t.failures {
                out +=
                    "<tr><td class=\"n\">\(f.step)</td><td class=\"nw\">\(e(f.section))</td><td>\(e(f.desc)) \(e(f.name)) "
                out += "<span class=\"id\">(dump id \(f.dumpId))</span></td><td>\(e(f.reason))</td></tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        return out + "</section>\n"
    }

    static func largeObjects(_ r: MigrationReport) -> String {
        let lo = r.largeObjects
        var out = "<section id=\"large-objects\"><h2>Large objects</h2>\n"
        guard lo.metadataEntries > 0 || !lo.dataEntries.isEmpty else {
            return out + "<p>The archive holds no large objects.</p></section>\n"
        }
        let exact = lo.dataEntries.allSatisfy { $0.status == .ok }
        out += "<dl class=\"glance\">"
        out +=
            "<div><dt>Objects in the data\(exact ? "" : " (not all read)")</dt><dd>\(ReportFormat.count(lo.objects))</dd></div>"
        out += "<div><dt>Uncompressed</dt><dd>\(ReportFormat.bytes(lo.uncompressedBytes))</dd></div>"
        out += "<div><dt>Stored</dt><dd>\(ReportFormat.bytes(lo.storedBytes))</dd></div>"
        out += "<div><dt>Metadata entries</dt><dd>\(ReportFormat.count(lo.metadataEntries))</dd></div>"
        out += "<div><dt>Comments</dt><dd>\(ReportFormat.count(lo.commentEntries))</dd></div>"
        out += "<div><dt>Privileges, labels</dt><dd>\(ReportFormat.count(lo.aclEntries))</dd></div>"
        out += "</dl>\n"
        return out + "</section>\n"
    }

    static func notes(_ r: MigrationReport) -> String {
        var out = "<section id=\"notes\"><h2>Notes</h2>\n"
        if !r.verify.problems.isEmpty {
            out += "<h3>Damage</h3><ul>"
            for p in r.verify.problems { out += "<li class=\"bad\">\(e(p.kind.rawValue)): \(e(p.description))</li>" }
            out += "</ul>\n"
        }
        if !r.check.notChecked.isEmpty {
            out +=
                "<h3>Not checked</h3><div class=\"scroll\"><table><thead><tr><th>Object</th><th>Why</th></tr></thead><tbody>\n"
            for n in r.check.notChecked { out += "<tr><td>\(e(n.object))</td><td>\(e(n.reason))</td></tr>\n" }
            out += "</tbody></table></div>\n"
        }
        if !r.check.notes.isEmpty {
            out += "<h3>Notes from the check</h3><div class=\"scroll\"><table><thead><tr><th>Kind</th><th>Object</th>"
            out += "<th>Note</th></tr></thead><tbody>\n"
            for n in r.check.notes {
                out += "<tr><td>\(e(n.kind))</td><td>\(e(n.object))</td><td>\(e(n.message))</td></tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        if r.verify.problems.isEmpty && r.check.notChecked.isEmpty && r.check.notes.isEmpty {
            out += "<p>Nothing to note.</p>\n"
        }
        return out + "</section>\n"
    }

    static func qualified(_ schema: String?, _ name: String) -> String {
        if let s = schema, !s.isEmpty { return s + "." + name }
        return name
    }

    // MARK: style and script (no archive string is ever placed in either)

    static let css = """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1c2230;--muted:#5d6678;--card:#f4f6f9;--line:#d8dde6;\
        --raw:#3467d6;--stored:#a9c1f2;--bad:#c62828;--ok:#2e7d32;--warn:#9a5b00;--pre:#8e6bd1;--data:#3467d6;--post:#0f8a7e}
        @media (prefers-color-scheme:dark){:root{--bg:#121419;--fg:#e4e8ef;--muted:#9ba4b4;--card:#1c2028;--line:#313847;\
        --raw:#6e9cff;--stored:#2c4a86;--bad:#ff6e6e;--ok:#6cc070;--warn:#f0b45a;--pre:#a98ae6;--data:#5b8cf0;--post:#36b3a5}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1180px;margin:0 auto;padding:16px 20px 40px}
        h1{font-size:1.55rem;margin:.2em 0;overflow-wrap:anywhere}h2{font-size:1.25rem;margin:1.6em 0 .5em;border-bottom:2px solid var(--line);padding-bottom:.2em}
        h3{font-size:1.05rem;margin:1em 0 .4em}h4{margin:0 0 .4em;font-size:1rem}
        .sub{color:var(--muted);margin:0;overflow-wrap:anywhere}
        nav{display:flex;flex-wrap:wrap;gap:4px 14px;margin:10px 0;font-size:14px}nav a{color:var(--raw)}
        .glance{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:8px;margin:0}
        .glance div{background:var(--card);border-radius:6px;padding:8px 12px;border-left:4px solid var(--line)}
        .glance div.ok{border-left-color:var(--ok)}.glance div.bad{border-left-color:var(--bad)}
        .glance dt{font-size:12px;color:var(--muted)}.glance dd{margin:0;font-weight:600;overflow-wrap:anywhere}
        .nw{white-space:nowrap}.ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}
        .glance div.ok dd{color:var(--ok)}.glance div.bad dd{color:var(--bad)}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;width:100%;font-size:14px;margin:.4em 0}
        th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:break-word}
        td:first-child{min-width:8em}
        th{font-weight:600;background:var(--card)}th.n,td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-align:inherit}
        th[aria-sort=ascending] button::after{content:" \\2191"}th[aria-sort=descending] button::after{content:" \\2193"}
        code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:13px}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0;background:var(--card);padding:6px 8px;border-radius:4px}
        .card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}
        .fix{border-left:3px solid var(--ok);padding-left:8px}.more,.id,small{color:var(--muted)}
        .count{background:var(--bad);color:#fff;border-radius:9px;padding:0 7px;font-size:.8em}
        .legend{font-size:13px;color:var(--muted)}
        .key{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin:0 4px 0 10px}
        .key.raw{background:var(--raw)}.key.stored{background:var(--stored)}
        .key.sec-pre-data{background:var(--pre)}.key.sec-data{background:var(--data)}.key.sec-post-data{background:var(--post)}.key.fail{background:var(--bad)}
        .bars .row{display:grid;grid-template-columns:minmax(0,15em) minmax(0,1fr) 13em;gap:10px;align-items:center;font-size:14px;margin:2px 0}
        .bars .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bars .fig{color:var(--muted);text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        svg.bar{width:100%;height:18px;display:block}svg .raw{fill:var(--raw)}svg .stored{fill:var(--stored)}
        svg.hist{width:100%;min-width:520px;height:auto;display:block}
        svg .fits{fill:var(--raw)}svg .over{fill:var(--bad)}svg .grid{stroke:var(--line);stroke-width:1}svg .axis{stroke:var(--muted)}
        svg text{fill:var(--muted);font-size:12px;font-family:inherit}svg .label{fill:var(--fg)}
        svg .limit{stroke:var(--bad);stroke-width:2;stroke-dasharray:6 4}svg .limit-label{fill:var(--bad);font-weight:600}
        svg.strip{width:100%;height:36px;display:block;margin:8px 0}
        svg .sec-pre-data{fill:var(--pre)}svg .sec-data{fill:var(--data)}svg .sec-post-data{fill:var(--post)}svg .fail{fill:var(--bad)}
        figure{margin:10px 0}figcaption{margin-bottom:6px;overflow-wrap:anywhere}
        details summary{cursor:pointer;color:var(--muted)}
        footer{margin-top:3em;color:var(--muted);font-size:13px}
        @media (max-width:640px){main{padding:10px 12px 30px}.bars .row{grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2px 8px}\
        .bars svg.bar{grid-column:1 / -1;grid-row:2}.glance{grid-template-columns:repeat(2,minmax(0,1fr))}h1{font-size:1.3rem}}
        @media print{:root{--bg:#fff;--fg:#000;--muted:#444;--card:#f3f3f3;--line:#bbb}nav,details summary{display:none}\
        details{display:block}details>*{display:block}main{max-width:none;padding:0}.card,figure,tr{break-inside:avoid}\
        h2{break-after:avoid}.scroll{overflow:visible}svg.hist{min-width:0}body{font-size:11pt}\
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """

    /// Makes tables with class `sortable` sortable by clicking a header, then marks the body
    /// `data-script="ok"` (the browser test checks that the script ran to its end).
    static let script = """
        (function(){"use strict";
        var tables=document.querySelectorAll("table.sortable");
        Array.prototype.forEach.call(tables,function(t){
        var heads=t.tHead.rows[0].cells;
        Array.prototype.forEach.call(heads,function(th,i){
        var b=document.createElement("button");b.type="button";b.textContent=th.textContent;th.textContent="";th.appendChild(b);
        b.addEventListener("click",function(){
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),dir=th.getAttribute("aria-sort")==="ascending"?-1:1,num=th.hasAttribute("data-numeric");
        Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
        th.setAttribute("aria-sort",dir===1?"ascending":"descending");
        function key(r){var c=r.cells[i],v=c.getAttribute("data-v");return v===null?c.textContent:v;}
        rows.sort(function(a,b){var x=key(a),y=key(b);return (num?Number(x)-Number(y):x.localeCompare(y))*dir;});
        rows.forEach(function(r){body.appendChild(r);});
        });});});
        document.body.setAttribute("data-script","ok");
        })();
        """
}
