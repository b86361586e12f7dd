/// Writes a ready `pg_restore -L` file: the `pg_restore -l` listing (same header, same
/// entry lines, same selection), with
///
/// * excluded entries kept but commented out with a leading `;` (pg_restore ignores
///   everything from the first `;` of a line), so a person sees what was left out;
/// * deferred entries moved to the end, so they run after everything else of their pass
///   (a serial pg_restore still runs ACLs, then event triggers and matview refreshes, after
///   the main pass).
///
/// Problems are returned as warnings, not printed: excluding an entry that included entries
/// depend on, and deferring an entry that included entries need earlier.
package struct RestoreListWriter {
    package var archive: Archive
    /// What the listing shows at all (pg_restore's `-n`, `-t`, `--section`, …).
    package var selection: RestoreSelection
    /// Entries to comment out.
    package var exclude: [EntryReference] = []
    /// Tables whose TABLE DATA entry is commented out (`schema.table` or `table`).
    package var excludeData: [String] = []
    /// Comment out every entry that is not data (like `pg_restore -a`): keeps TABLE DATA,
    /// SEQUENCE SET and large objects.
    package var onlyData = false
    /// Entries to move to the end.
    package var deferred: [EntryReference] = []

    package init(archive: Archive, selection: RestoreSelection = RestoreSelection()) {
        self.archive = archive
        self.selection = selection
    }

    package struct Warning: Sendable, CustomStringConvertible {
        package enum Kind: String, Sendable, Codable {
            /// An excluded entry is needed by entries that stay in the list.
            case excludedHasDependents = "excluded-has-dependents"
            /// A deferred entry is needed by entries that now run before it.
            case deferredNeededEarlier = "deferred-needed-earlier"
            /// A named entry is not in the listing anyway (not selected, or nothing to restore).
            case notListed = "not-listed"
        }
        package var kind: Kind
        package var entry: TOCEntry
        package var related: [TOCEntry]

        package var description: String {
            let names = related.map { "\($0.desc) \($0.qualifiedName) (\($0.dumpId))" }.joined(separator: ", ")
            switch kind {
            case .excludedHasDependents:
                return
                    "excluded \(entry.label) is needed by \(related.count) entr\(related.count == 1 ? "y" : "ies") still in the list: \(names)"
            case .deferredNeededEarlier:
                return
                    "deferred \(entry.label) is needed by \(related.count) entr\(related.count == 1 ? "y that now runs" : "ies that now run") before it: \(names)"
            case .notListed:
                return
                    "\(entry.label) is not in the listing (not selected, or nothing to restore); nothing to do for it"
            }
        }
    }

    /// The written list and what happened.
    package struct Result {
        package var text: String
        package var warnings: [Warning]
        /// Entries commented out, in listing order.
        package var excluded: [TOCEntry]
        /// Entries moved to the end, in their new order.
        package var deferred: [TOCEntry]
        /// Entries pg_restore will restore from the list, in list order.
        package var listed: [TOCEntry]
    }

    package func write() throws -> Result {
        let listing = TOCListing(archive: archive, selection: selection)
        let shown = listing.selectedEntries()
        let shownIds = Set(shown.map(\.dumpId))
        var warnings: [Warning] = []

        var explicitExcluded: [Int32] = []
        for ref in exclude { explicitExcluded.append(try ref.resolve(in: archive).dumpId) }
        for table in excludeData {
            let ref = EntryReference.tableData(table)
            let found = ref.matches(in: archive.entries)
            if found.isEmpty {
                let tables = try? EntryReference("TABLE:" + table).resolve(in: archive)
                throw PGDumpError(
                    .notFound,
                    tables == nil
                        ? "no table \(table) in the archive"
                        : "table \(table) has no TABLE DATA entry in this archive", file: archive.path)
            }
            explicitExcluded.append(try ref.resolve(in: archive).dumpId)
        }
        var deferredIds: [Int32] = []
        let explicitExcludedSet = Set(explicitExcluded)
        for ref in deferred {
            let e = try ref.resolve(in: archive)
            if explicitExcludedSet.contains(e.dumpId) {
                throw PGDumpError(.usage, "\(e.label) is both excluded and deferred", file: archive.path)
            }
            deferredIds.append(e.dumpId)
        }
        for id in Set(explicitExcluded + deferredIds) where !shownIds.contains(id) {
            if let e = archive.entry(dumpId: id) { warnings.append(Warning(kind: .notListed, entry: e, related: [])) }
        }

        var excludedSet = Set(explicitExcluded)
        if onlyData {
            let reqs = selection.requirements(for: archive.entries)
            for (e, r) in zip(archive.entries, reqs) where !r.contains(.data) { excludedSet.insert(e.dumpId) }
        }
        let deferredSet = Set(deferredIds)

        // Excluded lines stay where they were; deferred ones go last, in TOC order.
        let ordered =
            shown.filter { !deferredSet.contains($0.dumpId) } + shown.filter { deferredSet.contains($0.dumpId) }
        var text = listing.headerLines().joined(separator: "\n") + "\n"
        let changed = !excludedSet.isEmpty || !deferredSet.isEmpty
        if changed {
            text +=
                "; pgdmp: excluded entries are commented out with a leading ';'; deferred entries are at the end.\n;\n"
        }
        var deferredHeaderWritten = false
        for e in ordered {
            if deferredSet.contains(e.dumpId) && !deferredHeaderWritten {
                text += ";\n; Deferred by pgdmp (run after everything else in their pass):\n;\n"
                deferredHeaderWritten = true
            }
            if excludedSet.contains(e.dumpId) { text += ";" }
            TOCListing.appendEntryLine(e, to: &text)
            text += "\n"
        }

        let listed = ordered.filter { !excludedSet.contains($0.dumpId) }
        let listedIds = Set(listed.map(\.dumpId))
        let graph = DependencyGraph(archive: archive)
        for id in explicitExcluded where shownIds.contains(id) {
            let needing = graph.dependents(of: id).filter { listedIds.contains($0.dumpId) }
            if !needing.isEmpty, let e = archive.entry(dumpId: id) {
                warnings.append(Warning(kind: .excludedHasDependents, entry: e, related: needing))
            }
        }
        if !deferredIds.isEmpty {
            // Where each entry runs once pg_restore has read the list (passes included).
            let list = try RestoreListFile(text: text, archive: archive)
            let order = RestoreOrder(archive: archive, selection: selection, list: list)
            var step: [Int32: Int] = [:]
            for (i, s) in order.steps.enumerated() { step[s.entry.dumpId] = i }
            for id in deferredIds {
                guard let mine = step[id], let e = archive.entry(dumpId: id) else { continue }
                let early = graph.dependents(of: id).filter { d in step[d.dumpId].map { $0 < mine } ?? false }
                if !early.isEmpty { warnings.append(Warning(kind: .deferredNeededEarlier, entry: e, related: early)) }
            }
        }
        return Result(
            text: text, warnings: warnings,
            excluded: ordered.filter { excludedSet.contains($0.dumpId) },
            deferred: ordered.filter { deferredSet.contains($0.dumpId) && !excludedSet.contains($0.dumpId) },
            listed: listed)
    }
}
