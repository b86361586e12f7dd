/// An extension that cannot be installed takes its types, functions and languages with it.
/// The archive does not list an extension's member objects, but pg_dump makes every entry that
/// uses one depend on the extension's entry; such an entry fails on the first qualified name
/// it spells that neither the target, this restore, nor another entry provides.
extension RestoreSimulation {
    func extensionKnockOn(_ cmd: RestoreCommand, _ e: TOCEntry, _ tokens: [SQLToken]) -> PredictedError? {
        guard
            let failedExtension = e.dependencies.first(where: { dep in
                guard let d = entriesById[dep], d.desc == EntryDesc.extension else { return false }
                return unavailable[CreatedObject(kind: .extension, name: d.tag ?? "", display: "")] != nil
            })
        else { return nil }
        let own = Set(CreatedObject.of(e).map(\.name))
        var i = 0
        while i + 2 < tokens.count {
            defer { i += 1 }
            guard tokens[i].isIdentifier, tokens[i + 1].isPunct("."), tokens[i + 2].isIdentifier else { continue }
            let name = "\(tokens[i].identifier).\(tokens[i + 2].identifier)"
            if own.contains(name) || ["pg_catalog", "information_schema"].contains(tokens[i].identifier) { continue }
            let known =
                [ObjectKind.type, .relation, .function].contains { exists($0, name) }
                || creator.keys.contains { $0.name == name }
            if known { continue }
            let isCall = i + 3 < tokens.count && tokens[i + 3].isPunct("(")
            if isCall { return nil }  // a function's message names its argument types: not modelled
            return error(cmd, "type \"\(name)\" does not exist", .knockOn, causedBy: failedExtension)
        }
        return nil
    }
}
