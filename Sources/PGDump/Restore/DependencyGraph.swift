/// The dependencies pg_dump recorded between TOC entries, in both directions.
///
/// pg_dump stores, for each entry, the dump ids it depends on (an object on its schema, an
/// index on its table, a comment on its object, …). Ids that are not in the archive (partial
/// dumps) are kept apart as `missing`.
///
/// Use it to answer "what must exist before this object restores?" and "what breaks if this
/// object fails?" (`pgdmp deps`).
public struct DependencyGraph {
    /// The archive whose entries the graph links.
    public let archive: Archive
    private let forward: [Int32: [Int32]]
    private let backward: [Int32: [Int32]]
    private let missing: [Int32: [Int32]]
    private let position: [Int32: Int]

    /// A related entry and how many dependency steps away it is (1 = direct).
    public struct Link {
        /// The related entry.
        public var entry: TOCEntry
        /// Dependency steps from the starting entry (1 = direct).
        public var depth: Int
        /// A link to `entry`, `depth` steps away.
        public init(entry: TOCEntry, depth: Int) {
            self.entry = entry
            self.depth = depth
        }
    }

    /// Indexes the dependencies of every entry of `archive` in both directions (linear in the
    /// number of entries and links).
    public init(archive: Archive) {
        self.archive = archive
        var forward: [Int32: [Int32]] = [:]
        var backward: [Int32: [Int32]] = [:]
        var missing: [Int32: [Int32]] = [:]
        var position: [Int32: Int] = [:]
        let entries = archive.entries
        for i in entries.indices { position[entries[i].dumpId] = i }  // by index: no entry copies
        var seen = Set<Int32>()
        for i in entries.indices {
            let id = entries[i].dumpId
            seen.removeAll(keepingCapacity: true)
            for d in entries[i].dependencies where seen.insert(d).inserted {
                if position[d] != nil {
                    forward[id, default: []].append(d)
                    backward[d, default: []].append(id)
                } else {
                    missing[id, default: []].append(d)
                }
            }
        }
        self.forward = forward
        self.backward = backward
        self.missing = missing
        self.position = position
    }

    /// Entries `id` depends on directly, in stored order, each once.
    public func dependencies(of id: Int32) -> [TOCEntry] {
        (forward[id] ?? []).compactMap(archive.entry(dumpId:))
    }

    /// Entries that depend directly on `id`, in TOC order.
    public func dependents(of id: Int32) -> [TOCEntry] {
        (backward[id] ?? []).compactMap(archive.entry(dumpId:))
    }

    /// Dependency ids of `id` that name no entry in this archive.
    public func missingDependencies(of id: Int32) -> [Int32] { missing[id] ?? [] }

    /// Everything `id` needs, directly or through others, nearest first (then TOC order).
    public func allDependencies(of id: Int32) -> [Link] { walk(from: id, edges: forward) }

    /// Everything that needs `id`, directly or through others, nearest first (then TOC order).
    public func allDependents(of id: Int32) -> [Link] { walk(from: id, edges: backward) }

    private func walk(from start: Int32, edges: [Int32: [Int32]]) -> [Link] {
        var depth: [Int32: Int] = [start: 0]
        var frontier = [start]
        var level = 0
        var found: [Link] = []
        while !frontier.isEmpty {
            level += 1
            var next: [Int32] = []
            for id in frontier {
                for n in edges[id] ?? [] where depth[n] == nil {
                    depth[n] = level
                    next.append(n)
                }
            }
            next.sort { (position[$0] ?? 0) < (position[$1] ?? 0) }
            found += next.compactMap { archive.entry(dumpId: $0) }.map { Link(entry: $0, depth: level) }
            frontier = next
        }
        return found
    }
}
