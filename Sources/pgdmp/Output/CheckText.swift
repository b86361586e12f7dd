import PGDump

/// The human output of `pgdmp check`: counts by cause first, then each failing statement
/// grouped by cause with the server's message, the data faults' rows, and last what to run.
enum CheckText {
    static func render(_ r: CheckReport, valuesOver: Int?) -> String {
        var out = ""
        let errors = r.predictedErrors
        let target = "PostgreSQL \(r.prediction?.targetMajor ?? r.targetVersion)"
        if let p = r.prediction {
            out += "Target: \(target) (\(p.targetSource == "server" ? "the server" : "a fresh cluster")), restored by "
            out +=
                "\(p.restoringRole)\(p.superuser ? " (superuser)" : " (not a superuser)") with pg_restore \(p.pgRestoreMajor)\n"
            if !p.modelled {
                out += "No target model for \(target): only the data checks ran (models exist for "
                out += FreshCluster.majors.map(String.init).joined(separator: ", ") + ").\n"
            }
        }
        var byCause: [String: [PredictedError]] = [:]
        var causes: [String] = []
        for e in errors {
            if byCause[e.cause] == nil { causes.append(e.cause) }
            byCause[e.cause, default: []].append(e)
        }
        if !errors.isEmpty {
            out += "\(errors.count) statement(s) will fail:\n"
            for c in causes.sorted(by: { byCause[$0]!.count > byCause[$1]!.count }) {
                out += "  \(byCause[c]!.count.description.leftPadded(6))  \(c)\n"
            }
            for c in causes {
                out += "\n[\(c)]\n"
                for e in byCause[c]! {
                    let id = e.dumpId.map { "entry \($0)" } ?? "session set-up"
                    let name = e.schema.map { "\($0).\(e.name)" } ?? e.name
                    out += "  \(id) \(e.desc) \(name): ERROR:  \(e.message)\n"
                    out += "    Command was: \(oneLine(e.statement))\n"
                    if let by = e.causedBy { out += "    (because entry \(by) failed)\n" }
                }
            }
        }
        out += dataDetails(r)
        if let lv = r.largeValues {
            out += "\(lv.count) value(s) longer than \(valuesOver ?? 0) bytes:\n"
            for v in lv { out += "  \(v.table).\(v.column) \(v.row): \(v.length) bytes\n" }
        }
        for h in r.histograms ?? [] {
            out += "\(h.table).\(h.column): max \(h.maxLength), nulls \(h.nulls); "
            out += h.buckets.map { "\($0.from)-\($0.to): \($0.count)" }.joined(separator: ", ") + "\n"
        }
        if !r.notChecked.isEmpty {
            out += "\nNot checked:\n"
            for n in r.notChecked { out += "  \(n.object): \(n.reason)\n" }
        }
        if !r.notes.isEmpty {
            out += "\nNotes:\n"
            for n in r.notes { out += "  [\(n.kind)] \(n.object): \(n.message)\n" }
        }
        out += fixes(errors, archive: r.archive)
        var memory = "peak memory \(r.peakResidentBytes >> 20) MB (--memory \(r.memoryLimit >> 20) MB)"
        if r.spilledBytes > 0 { memory += ", \(r.spilledBytes >> 20) MB of sorted key runs on disk (removed)" }
        out += "\n\(errors.count) failing statement(s) predicted for \(target); \(memory)\n"
        return out
    }

    /// The rows behind the data faults.
    static func dataDetails(_ r: CheckReport) -> String {
        var out = ""
        for p in r.oversizedIndexRows {
            out += "\nINDEX \(p.index): \(p.rowCount) row(s) of \(p.table) exceed the btree limit \(r.btreeLimit):\n"
            for row in p.rows {
                let lens = row.valueLengths.map { $0.map(String.init) ?? "NULL" }.joined(separator: ", ")
                out += "    \(row.row) (COPY line \(row.row.line)): tuple size \(row.tupleSize), value length \(lens)"
                out += row.acceptedByPG11 && r.btreeLimit == 2704 ? " (accepted by PostgreSQL <= 11)\n" : "\n"
            }
        }
        for p in r.duplicateKeys {
            out += "\nUNIQUE \(p.index): \(p.keyCount) duplicate key(s) in \(p.table):\n"
            for k in p.keys { out += "    \(k.message) rows: \(k.rows.map(\.description).joined(separator: ", "))\n" }
        }
        for p in r.foreignKeyOrphans {
            out +=
                "\nFOREIGN KEY \(p.constraint): \(p.rowCount) row(s) of \(p.table) (MATCH \(p.match.rawValue.uppercased())):\n"
            for o in p.rows { out += "    \(o.row): \(o.message)\n" }
        }
        return out
    }

    /// What to run: the CREATE ROLE statements, then one line per other kind of fix.
    static func fixes(_ errors: [PredictedError], archive: String) -> String {
        guard !errors.isEmpty else { return "" }
        var roles: [String] = []
        var seen = Set<String>()
        var other: [String] = []
        for e in errors {
            if e.cause == PredictionCause.missingRole.rawValue, let fix = e.fix, let end = fix.firstIndex(of: ";") {
                let stmt = String(fix[...end])
                if seen.insert(stmt).inserted { roles.append(stmt) }
            } else if let fix = e.fix, e.cause != PredictionCause.missingRole.rawValue, seen.insert(fix).inserted {
                other.append(fix)
            }
        }
        var out = "\nTo do before the restore:\n"
        if !roles.isEmpty {
            out += "  -- on the target, the roles it lacks (or restore with --no-owner --no-acl):\n"
            for r in roles { out += "  \(r)\n" }
        }
        for o in other { out += "  - \(o)\n" }
        // The entries whose own statement cannot succeed (not an owner or role matter, not a
        // harmless session setting): a ready -L list without them.
        var leaveOut: [Int32] = []
        var left = Set<Int32>()
        for e in errors {
            guard let id = e.dumpId, !left.contains(id),
                ![PredictionCause.missingRole.rawValue, PredictionCause.unknownSetting.rawValue].contains(e.cause),
                !e.statement.contains(" OWNER TO ")
            else { continue }
            leaveOut.append(id)
            left.insert(id)
        }
        if !leaveOut.isEmpty {
            out += "  -- a restore list without the \(leaveOut.count) entries that cannot succeed:\n"
            out +=
                "  pgdmp list \(shellQuoted(archive))" + leaveOut.map { " --exclude \($0)" }.joined()
                + " > restore.list\n"
            out += "  pg_restore -L restore.list … \(shellQuoted(archive))\n"
        }
        return out
    }

    static func shellQuoted(_ s: String) -> String {
        let plain = s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || "0123456789/._-+,:@".unicodeScalars.contains($0))
        }
        if plain { return s }
        var out = "'"
        for ch in s { out += ch == "'" ? "'\\''" : String(ch) }
        return out + "'"
    }

    static func oneLine(_ s: String) -> String {
        let line = s.split(whereSeparator: { $0 == "\n" }).map { $0.drop(while: { $0 == " " || $0 == "\t" }) }
            .joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + " …" : line
    }
}
