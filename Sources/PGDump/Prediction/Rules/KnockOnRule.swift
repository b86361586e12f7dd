/// Knock-ons: a statement that names an object which will not exist (its entry failed, or was
/// not restored and the target lacks it) fails with the server's "does not exist" message for
/// the first such name it spells; an entry that depends on such an object in the TOC fails too.
extension RestoreSimulation {
    /// The first missing object `tokens` name, or that `entry` depends on.
    func referencedObjectMissing(_ entry: TOCEntry, _ cmd: RestoreCommand, _ tokens: [SQLToken]) -> PredictedError? {
        if unavailable.isEmpty { return nil }
        for (schema, name) in StatementText.qualifiedNames(tokens) {
            let s = CreatedObject(kind: .schema, name: schema, display: schema)
            if let cause = unavailable[s] {
                return error(cmd, s.missingMessage, .knockOn, causedBy: cause)
            }
            for kind in [ObjectKind.relation, .type, .function] {
                let key = CreatedObject(kind: kind, name: "\(schema).\(name)", display: "")
                if let hit = unavailable.first(where: { $0.key.kind == kind && $0.key.name == key.name }) {
                    return error(cmd, hit.key.missingMessage, .knockOn, causedBy: hit.value)
                }
            }
        }
        for dep in entry.dependencies {
            guard let d = entriesById[dep] else { continue }
            for o in CreatedObject.of(d) {
                // An extension's members are not in the archive: ExtensionKnockOnRule names them,
                // unless the statement is about the extension itself.
                if o.kind == .extension && !tokens.contains(where: { $0.isKeyword("EXTENSION") }) { continue }
                if let cause = unavailable[o] {
                    if let ns = d.namespace, !ns.isEmpty, o.kind != .schema, !exists(.schema, ns) {
                        return error(cmd, "schema \"\(ns)\" does not exist", .knockOn, causedBy: causeOf(schema: ns))
                    }
                    return error(cmd, o.missingMessage, .knockOn, causedBy: cause)
                }
            }
        }
        return nil
    }

    func knockOnFailure(_ cmd: RestoreCommand) -> PredictedError? {
        guard let e = cmd.entry else { return nil }
        return referencedObjectMissing(e, cmd, SQLTokenizer.tokenize(cmd.text))
    }
}
