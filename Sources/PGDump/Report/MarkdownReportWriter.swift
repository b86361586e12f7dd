/// `pgdmp report --format md`: the report's figures as Markdown for an issue tracker. No
/// charts; every archive string is escaped for Markdown and for the inline HTML trackers render.
public enum MarkdownReportWriter {
    private static let m = ReportEscaping.markdown
    static let rowsShown = 20

    /// The whole Markdown document for `r`, as one string.
    public static func render(_ r: MigrationReport) -> String {
        let s = r.summary
        var out = "# pgdmp report: \(m(s.databaseName ?? s.path))\n\n"
        out += "Predicted for \(m(HTMLReportWriter.targetText(r.target))), from the archive alone.\n\n"
        out += "## At a glance\n\n| | |\n|---|---|\n"
        var compression = s.compression.rawValue
        if let l = s.compressionLevel { compression += " (level \(l))" }
        let rows: [(String, String)] = [
            ("Archive", r.verify.isWhole ? "whole" : "**damaged** (\(r.verify.problems.count) problem(s))"),
            ("Predicted failing statements", "\(r.failingStatementCount)"),
            ("Rows" + (r.rowsExact ? " (exact)" : " (read so far)"), ReportFormat.count(r.totalRows)),
            (
                "Uncompressed data",
                ReportFormat.bytes(r.totalUncompressedBytes) + " (\(r.totalUncompressedBytes) bytes)"
            ),
            ("Stored data", ReportFormat.bytes(r.totalStoredBytes) + " (\(r.totalStoredBytes) bytes)"),
            ("Tables with data", "\(r.tables.count)"),
            ("Format", m(s.format.rawValue)), ("Archive version", m(s.archiveVersion)), ("Compression", m(compression)),
            ("Created", m(s.createdAtISO8601 ?? s.createdAt)), ("Database", m(s.databaseName ?? "")),
            ("Server version", m(s.serverVersion ?? "")), ("pg\\_dump version", m(s.pgDumpVersion ?? "")),
            ("TOC entries", "\(s.entryCount)"),
        ]
        for (k, v) in rows { out += "| \(k) | \(v) |\n" }

        out += "\n## Tables by size\n\n| Table | Rows | Uncompressed | Stored | Status |\n|---|--:|--:|--:|---|\n"
        for t in r.tables {
            out +=
                "| \(m(HTMLReportWriter.qualified(t.schema, t.name))) | \(t.rows.map(ReportFormat.count) ?? "not counted") "
            out +=
                "| \(t.uncompressedBytes.map(ReportFormat.bytes) ?? "") | \(t.storedBytes.map(ReportFormat.bytes) ?? "") "
            out += "| \(m(t.status.rawValue)) |\n"
        }

        out += "\n## Predicted restore errors\n\n"
        let c = r.check
        if r.failingStatementCount == 0 { out += "None predicted.\n" }
        for (cause, errors) in Dictionary(grouping: c.predictedErrors, by: \.cause).sorted(by: { $0.key < $1.key }) {
            out += "### \(m(cause)) (\(errors.count))\n\n"
            for p in errors {
                out +=
                    "- \(m(p.desc)) \(m(p.name)): \(m(p.message))" + (p.fix.map { " **Fix:** " + m($0) } ?? "") + "\n"
            }
            out += "\n"
        }
        for p in c.oversizedIndexRows {
            out += "\n### Index rows over the btree limit: \(m(p.index))\n\n\(m(p.statement))\n\n"
            out += "\(p.rowCount) row(s) of \(m(p.table)) over \(c.btreeLimit) bytes. **Fix:** restore without it "
            out +=
                "(`pgdmp list ARCHIVE --exclude \(p.dumpId)`), then shorten or remove the rows, or index md5() of the column.\n\n"
            out += "| Row | COPY line | Tuple size |\n|---|--:|--:|\n"
            for row in p.rows.prefix(rowsShown) {
                out += "| \(m(row.row.key ?? "")) | \(row.row.line) | \(row.tupleSize) |\n"
            }
            out += more(p.rowCount, min(rowsShown, p.rows.count))
        }
        for p in c.duplicateKeys {
            out += "\n### Duplicate keys: \(m(p.index))\n\n\(m(p.statement))\n\n"
            out += "\(p.keyCount) duplicate(s) in \(m(p.table)). **Fix:** restore without it "
            out += "(`pgdmp list ARCHIVE --exclude \(p.dumpId)`), remove the repeats, then run the statement.\n\n"
            out += "| Key | Rows |\n|---|---|\n"
            for k in p.keys.prefix(rowsShown) {
                out += "| \(m(k.key)) | \(m(k.rows.map(\.description).joined(separator: ", "))) |\n"
            }
            out += more(p.keyCount, min(rowsShown, p.keys.count))
        }
        for p in c.foreignKeyOrphans {
            out += "\n### Foreign-key orphans: \(m(p.constraint))\n\n\(m(p.statement))\n\n"
            out +=
                "\(p.rowCount) row(s) of \(m(p.table)) with no match in \(m(p.referencedTable)). **Fix:** restore without it "
            out +=
                "(`pgdmp list ARCHIVE --exclude \(p.dumpId)`), delete or complete the rows, then run the statement.\n\n"
            out += "| Row | COPY line | Error |\n|---|--:|---|\n"
            for o in p.rows.prefix(rowsShown) { out += "| \(m(o.row.key ?? "")) | \(o.row.line) | \(m(o.message)) |\n" }
            out += more(p.rowCount, min(rowsShown, p.rows.count))
        }

        if let hs = c.indexSizeHistograms, !hs.isEmpty {
            out +=
                "\n## Index key sizes\n\nLimit \(c.btreeLimit) bytes.\n\n| Index | Table | Rows | Largest tuple | Over the limit |\n"
            out += "|---|---|--:|--:|--:|\n"
            for h in hs.sorted(by: { ($0.rowsOverLimit, $0.maxSize) > ($1.rowsOverLimit, $1.maxSize) }) {
                out += "| \(m(h.index)) | \(m(h.table)) | \(h.rows) | \(h.maxSize) | \(h.rowsOverLimit) |\n"
            }
        }

        out += "\n## Restore timeline\n\n| Section | Steps | Failing |\n|---|--:|--:|\n"
        for p in r.timeline.phases {
            out +=
                "| \(m(p.section)) | \(p.steps) | \(r.timeline.failures.filter { $0.section == p.section }.count) |\n"
        }
        for f in r.timeline.failures {
            out += "\n- step \(f.step) (\(m(f.section))): \(m(f.desc)) \(m(f.name)): \(m(f.reason))"
        }
        if !r.timeline.failures.isEmpty { out += "\n" }

        let lo = r.largeObjects
        out += "\n## Large objects\n\n"
        out +=
            lo.metadataEntries == 0 && lo.dataEntries.isEmpty
            ? "None.\n"
            : "\(lo.objects) object(s), \(ReportFormat.bytes(lo.uncompressedBytes)) uncompressed, \(lo.commentEntries) comment(s).\n"

        out += "\n## Notes\n\n"
        for p in r.verify.problems { out += "- damage: \(m(p.description))\n" }
        for n in c.notChecked { out += "- not checked: \(m(n.object)): \(m(n.reason))\n" }
        for n in c.notes { out += "- \(m(n.kind)): \(m(n.object)): \(m(n.message))\n" }
        for u in c.unreadable { out += "- unreadable: \(m(u))\n" }
        return out
    }

    private static func more(_ total: Int, _ shown: Int) -> String {
        total > shown ? "\n\(total - shown) more not shown (`pgdmp check --json` lists them).\n" : ""
    }
}
