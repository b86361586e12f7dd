/// The three passes of a serial pg_restore over the TOC (`RestoreArchive`).
public enum RestorePass: String, Sendable, Codable, CaseIterable, Comparable {
    /// Everything not named below.
    case main
    /// `ACL`, `DEFAULT ACL` (and 7.4's `ACL LANGUAGE`).
    case acl
    /// Event triggers, materialized view refreshes, comments and security labels on event
    /// triggers, and post-data `STATISTICS DATA`.
    case postACL = "post-acl"

    /// The pass pg_restore runs an entry in (`_tocEntryRestorePass`).
    public static func of(_ e: TOCEntry, knowsStatistics: Bool = true) -> RestorePass {
        switch e.desc {
        case EntryDesc.acl, EntryDesc.aclLanguage, EntryDesc.defaultACL: return .acl
        case EntryDesc.eventTrigger, EntryDesc.materializedViewData: return .postACL
        case EntryDesc.comment, EntryDesc.securityLabel:
            return (e.tag ?? "").hasPrefix("EVENT TRIGGER ") ? .postACL : .main
        case EntryDesc.statisticsData:
            return e.section == .postData && knowsStatistics ? .postACL : .main
        default: return .main
        }
    }

    private var rank: Int {
        switch self {
        case .main: return 0
        case .acl: return 1
        case .postACL: return 2
        }
    }

    /// Orders the passes as pg_restore runs them: main, ACL, post-ACL.
    public static func < (a: RestorePass, b: RestorePass) -> Bool { a.rank < b.rank }
}

/// One thing a serial restore does, in the order it does it.
public struct RestoreStep: Sendable {
    /// The entry restored in this step.
    public var entry: TOCEntry
    /// The pass it runs in.
    public var pass: RestorePass
    /// What pg_restore's selection rule wants from the entry.
    public var requirement: RestoreSelection.Requirement
    /// Runs the entry's SQL definition (CREATE …, ALTER …, REFRESH MATERIALIZED VIEW, …).
    public var runsDefinition: Bool { requirement.contains(.schema) }
    /// Loads data: a COPY or INSERT stream, large objects, or a data statement such as `setval`.
    public var loadsData: Bool { requirement.contains(.data) }
    /// Restores planner statistics (pg_restore 18).
    public var restoresStatistics: Bool { requirement.contains(.statistics) }
    /// The data comes from a data block or file in the archive (TABLE DATA, BLOBS).
    public var readsArchiveData: Bool { loadsData && entry.hadDumper }
    /// The section the entry is judged by (section-less entries take the one before them).
    public var effectiveSection: Section
}

/// The order in which a serial `pg_restore` (no `-j`) restores the selected entries:
/// the main pass in TOC order, then the ACL pass, then the post-ACL pass. There is no
/// sorting by section or dependency; a `-L` file changes the TOC order first.
///
/// Use it to see what a restore will run, in which order (`pgdmp order`), without running it.
public struct RestoreOrder: Sendable {
    /// The selected entries in the order pg_restore restores them, each with its pass and what it does.
    public var steps: [RestoreStep]
    /// The TOC order the passes walk (after any `-L` reordering).
    public var tocOrder: [TOCEntry]
    /// Requirements of `tocOrder`, index for index (including unselected entries, which are empty).
    public var requirements: [RestoreSelection.Requirement]

    /// Computes the serial restore order of `archive` under `selection` (no I/O; nothing throws).
    /// - Parameters:
    ///   - archive: An opened archive.
    ///   - selection: pg_restore's selection options (everything by default).
    ///   - list: a `-L` file; its ids become the wanted set and its order the TOC order.
    public init(archive: Archive, selection: RestoreSelection = RestoreSelection(), list: RestoreListFile? = nil) {
        var selection = selection
        var toc = archive.entries
        if let list {
            toc = list.reorderedEntries(toc)
            selection.wantedIds = Set(list.ids)
        }
        let reqs = selection.requirements(for: toc)
        var sections: [Section] = []
        var current = Section.preData
        for e in toc {
            if e.section != .none { current = e.section }
            sections.append(current)
        }
        var steps: [RestoreStep] = []
        for pass in RestorePass.allCases {
            for (i, e) in toc.enumerated() {
                let r = reqs[i].intersection([.schema, .data, .statistics])
                if r.isEmpty || RestorePass.of(e, knowsStatistics: selection.knowsStatistics) != pass { continue }
                steps.append(RestoreStep(entry: e, pass: pass, requirement: r, effectiveSection: sections[i]))
            }
        }
        self.steps = steps
        self.tocOrder = toc
        self.requirements = reqs
    }
}
