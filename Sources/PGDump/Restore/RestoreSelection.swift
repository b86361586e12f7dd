/// pg_restore's selection options (`-n`, `-t`, `--section`, `-a`, `-s`, `-L`, …) and the
/// rule it uses to decide what each entry contributes. `pgdmp list`, `schema` and
/// the `-L` writer all go through this one rule so they agree with a real restore.
///
/// Build one with the options a user would give pg_restore and pass it to ``RowCountReport``,
/// ``RestoreOrder``, ``TOCListing`` or ``SchemaScript`` to see exactly what that restore would do.
public struct RestoreSelection: Sendable {
    /// `-n`: only objects in these schemas.
    public var schemaNames: [String] = []
    /// `-N`: no objects in these schemas.
    public var excludeSchemaNames: [String] = []
    /// `-t`: only these tables (and their data), by tag.
    public var tableNames: [String] = []
    /// For a `-t` name typed with its schema (`app.events`): the schemas its tag is limited to.
    /// Tags not in here match in every schema, as pg_restore's `-t` does.
    public var tableSchemas: [String: Set<String>] = [:]
    /// `-I`: only these indexes.
    public var indexNames: [String] = []
    /// `-P`: only these functions, as `name(argtypes)`.
    public var functionNames: [String] = []
    /// `-T`: only these triggers.
    public var triggerNames: [String] = []
    /// Empty means all three sections.
    public var sections: Set<Section> = []
    /// `-a`: data only.
    public var dataOnly = false
    /// `-s`: schema only.
    public var schemaOnly = false
    /// `-C`: include the DATABASE entries.
    public var createDatabase = false
    /// `-x`: skip ACL entries.
    public var skipPrivileges = false
    /// `--no-comments`: skip COMMENT entries.
    public var skipComments = false
    /// `-L`: only these dump ids are wanted.
    public var wantedIds: Set<Int32>?
    /// Whether the pg_restore knows STATISTICS DATA entries (18+). An older pg_restore reading a
    /// 1.16 archive treats them as ordinary schema entries and runs them in TOC order.
    public var knowsStatistics = true
    /// Whether STATISTICS DATA is restored (pg_restore 18's default).
    public var includeStatistics = true

    /// Everything pg_restore restores by default (no options).
    public init() {}

    /// Whether a `-t`/`-I`/`-P`/`-T` style filter is in force (pg_restore's selTypes).
    var selectsTypes: Bool {
        !tableNames.isEmpty || !indexNames.isEmpty || !functionNames.isEmpty || !triggerNames.isEmpty
    }
    var isSelective: Bool { !schemaNames.isEmpty || !excludeSchemaNames.isEmpty || selectsTypes }

    /// What restoring an entry involves.
    public struct Requirement: OptionSet, Sendable, Hashable {
        /// The bits of the set.
        public let rawValue: UInt8
        /// A set from its bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The entry's SQL definition runs (pg_restore's REQ_SCHEMA).
        public static let schema = Requirement(rawValue: 1)
        /// The entry's data is loaded (REQ_DATA).
        public static let data = Requirement(rawValue: 2)
        /// ENCODING, STDSTRINGS, SEARCHPATH: always applied, never listed.
        public static let special = Requirement(rawValue: 4)
        /// The entry restores planner statistics (REQ_STATS, pg_restore 18).
        public static let statistics = Requirement(rawValue: 8)
    }

    /// Computes every entry's requirement in TOC order, as pg_restore does (entries that
    /// depend on others look at the marks already given to those).
    public func requirements(for entries: [TOCEntry]) -> [Requirement] {
        var marks: [Int32: Requirement] = [:]
        var result: [Requirement] = []
        result.reserveCapacity(entries.count)
        // Parents and marks are only looked at by a selective run (`-n`, `-t`, …); entries are
        // visited by index, as binding each one would copy it.
        var parents: [Int32: (String, String)] = [:]
        if isSelective {
            for i in entries.indices { parents[entries[i].dumpId] = (entries[i].desc, entries[i].tag ?? "") }
        }
        var current = Section.preData
        for i in entries.indices {
            if entries[i].section != .none { current = entries[i].section }
            let r = requirement(for: entries[i], currentSection: current, marks: marks, parents: parents)
            if isSelective { marks[entries[i].dumpId] = r }
            result.append(r)
        }
        return result
    }

    func requirement(
        for te: TOCEntry, currentSection: Section, marks: [Int32: Requirement],
        parents: [Int32: (String, String)]
    ) -> Requirement {
        var res: Requirement = [.schema, .data]
        let tag = te.tag ?? ""
        switch te.desc {
        case EntryDesc.encoding, EntryDesc.stdStrings, EntryDesc.searchPath: return .special
        case EntryDesc.statisticsData where knowsStatistics, EntryDesc.extendedStatisticsData where knowsStatistics:
            if !includeStatistics { return [] }
            res = .statistics
        case EntryDesc.database, EntryDesc.databaseProperties:
            return createDatabase ? .schema : []
        default: break
        }
        if skipPrivileges && ["ACL", "DEFAULT ACL", "ACL LANGUAGE"].contains(te.desc) { return [] }
        if skipComments && te.desc == EntryDesc.comment { return [] }
        if !sections.isEmpty && !sections.contains(currentSection) { return [] }
        if currentSection == .none { return [] }
        if let wanted = wantedIds, !wanted.contains(te.dumpId) { return [] }

        if te.desc == EntryDesc.acl || te.desc == EntryDesc.comment || te.desc == EntryDesc.securityLabel {
            if tag.hasPrefix("DATABASE ") {
                if !createDatabase { return [] }
            } else if isSelective {
                let parentWanted = te.dependencies.contains { dep in
                    guard let (pdesc, _) = parents[dep] else { return false }
                    if pdesc == EntryDesc.acl { return false }
                    return (marks[dep] ?? []) != []
                }
                if !parentWanted { return [] }
            }
        } else {
            if !schemaNames.isEmpty {
                guard let ns = te.namespace, schemaNames.contains(ns) else { return [] }
            }
            if let ns = te.namespace, excludeSchemaNames.contains(ns) { return [] }
            if selectsTypes {
                switch te.desc {
                case EntryDesc.statisticsData:
                    // Statistics follow the table or index they describe (matched by the parent's tag).
                    let parentSelected = te.dependencies.contains { dep in
                        guard let (pdesc, ptag) = parents[dep] else { return false }
                        if !tableNames.isEmpty,
                            ["TABLE", "VIEW", "FOREIGN TABLE", "MATERIALIZED VIEW"].contains(pdesc),
                            tableNames.contains(ptag),
                            tableSchemas[ptag].map({ $0.contains(te.namespace ?? "") }) ?? true
                        {
                            return true
                        }
                        return !indexNames.isEmpty && pdesc == EntryDesc.index && indexNames.contains(ptag)
                    }
                    if !parentSelected { return [] }
                case EntryDesc.table, EntryDesc.tableData, EntryDesc.view, EntryDesc.foreignTable,
                    EntryDesc.materializedView,
                    "MATERIALIZED VIEW DATA", "SEQUENCE", "SEQUENCE SET":
                    if tableNames.isEmpty || !tableNames.contains(tag) { return [] }
                    if let allowed = tableSchemas[tag], !allowed.contains(te.namespace ?? "") { return [] }
                case EntryDesc.index:
                    if indexNames.isEmpty || !indexNames.contains(tag) { return [] }
                case EntryDesc.function, EntryDesc.aggregate, EntryDesc.procedure:
                    if functionNames.isEmpty || !functionNames.contains(tag) { return [] }
                case EntryDesc.trigger:
                    if triggerNames.isEmpty || !triggerNames.contains(tag) { return [] }
                default:
                    return []
                }
            }
        }

        if !te.hadDumper {
            let lo = tag.hasPrefix("LARGE OBJECT")
            if te.desc == EntryDesc.sequenceSet || te.desc == EntryDesc.blob || te.desc == EntryDesc.blobMetadata
                || (lo
                    && (te.desc == EntryDesc.acl || te.desc == EntryDesc.comment || te.desc == EntryDesc.securityLabel))
            {
                res.formIntersection(.data)
            } else {
                res.subtract(.data)
            }
        }
        if (te.defn ?? "").isEmpty || (te.defn ?? "").hasPrefix("-- load via partition root ") {
            res.subtract(.schema)
        }
        if te.desc == "<Init>" && tag == "Max OID" { return [] }
        if schemaOnly { res.formIntersection([.schema, .statistics]) }
        if dataOnly { res.formIntersection([.data, .statistics]) }
        return res
    }

}
