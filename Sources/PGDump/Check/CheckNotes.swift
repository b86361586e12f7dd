/// Notes about a restore that are not failures but cost time: materialized views,
/// owners, and entries that need a superuser.
package enum CheckNotes {
    /// Entry types whose statements need a superuser on the target (or a trusted extension /
    /// language, which pgdmp cannot tell from the archive): EXTENSION, LANGUAGE, EVENT TRIGGER,
    /// FOREIGN DATA WRAPPER.
    static let superuserDescs: Set<String> = [
        "EXTENSION", "LANGUAGE", "PROCEDURAL LANGUAGE", "EVENT TRIGGER",
        "FOREIGN DATA WRAPPER",
    ]

    package static func make(_ archive: Archive) -> [CheckNote] {
        var notes: [CheckNote] = []
        let withData = Set(archive.entries.filter { $0.desc == EntryDesc.materializedViewData }.map(\.qualifiedName))
        for e in archive.entries {
            if e.desc == EntryDesc.materializedViewData {
                notes.append(
                    CheckNote(
                        kind: "materialized-view", object: e.qualifiedName,
                        message:
                            "the archive holds no rows for it: pg_restore runs REFRESH MATERIALIZED VIEW, re-running its query on the target after the data is loaded"
                    ))
            } else if e.desc == EntryDesc.materializedView && !withData.contains(e.qualifiedName) {
                notes.append(
                    CheckNote(
                        kind: "materialized-view", object: e.qualifiedName,
                        message:
                            "created WITH NO DATA (no MATERIALIZED VIEW DATA entry): it stays unpopulated until REFRESH MATERIALIZED VIEW"
                    ))
            }
            if superuserDescs.contains(e.desc) {
                notes.append(
                    CheckNote(
                        kind: "superuser", object: "\(e.desc) \(e.qualifiedName)",
                        message: "needs a superuser on the target (unless the extension or language is trusted)"))
            }
        }
        var counts = [String: Int]()
        for e in archive.entries { if let o = e.owner, !o.isEmpty { counts[o, default: 0] += 1 } }
        if let main = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key {
            for (owner, n) in counts.sorted(by: { $0.key < $1.key }) where owner != main {
                let objs = archive.entries.filter { $0.owner == owner }
                let sample = objs.prefix(5).map { "\($0.desc) \($0.qualifiedName)" }.joined(separator: ", ")
                notes.append(
                    CheckNote(
                        kind: "owner", object: owner,
                        message:
                            "\(n) entries owned by \(owner), not the main owner \(main) (\(sample)\(n > 5 ? ", …" : "")): the role must exist on the target, or restore with --no-owner"
                    ))
            }
        }
        return notes
    }
}
