/// `ALTER … OWNER TO role` after an entry's definition: the role must exist (and, for a
/// non-superuser, be one the restoring role may become), and the object must exist.
extension RestoreSimulation {
    /// Object types whose owner change goes through ALTER TABLE, which opens the relation before
    /// it looks up the role; every other type looks up the role first (`ExecAlterOwnerStmt`).
    static let relationOwnerCommands = [
        "ALTER TABLE ", "ALTER VIEW ", "ALTER SEQUENCE ", "ALTER MATERIALIZED VIEW ",
        "ALTER FOREIGN TABLE ",
    ]

    func ownerFailure(_ cmd: RestoreCommand) -> PredictedError? {
        let tokens = SQLTokenizer.tokenize(cmd.text)
        guard let toIndex = tokens.lastIndex(where: { $0.isKeyword("TO") }), toIndex + 1 < tokens.count else {
            return nil
        }
        let role = tokens[toIndex + 1].identifier
        let relationFirst = Self.relationOwnerCommands.contains { cmd.text.hasPrefix($0) }
        let missingObject = cmd.entry.flatMap { ownObjectMissing($0, cmd) }
        if relationFirst, let m = missingObject { return m }
        if !roleExists(role) {
            return error(
                cmd, "role \"\(role)\" does not exist", .missingRole,
                fix: "CREATE ROLE \(SQLIdentifier.quote(role)); (or restore with --no-owner)")
        }
        if let m = missingObject { return m }
        // Giving an object the target already had to its current owner changes and checks nothing.
        let alreadyOwned =
            cmd.entry.map { e in
                CreatedObject.of(e).contains {
                    model.has($0.kind, $0.name) && model.owners[$0.kind.rawValue]?[$0.name] == role
                }
            } ?? false
        if alreadyOwned { return nil }
        if !isSuperuser, role != restoringRole, !(model.roles[restoringRole]?.memberOf.contains(role) ?? false) {
            let message =
                model.serverMajor >= 16 ? "must be able to SET ROLE \"\(role)\"" : "must be member of role \"\(role)\""
            return error(
                cmd, message, .privilege,
                fix:
                    "GRANT \(SQLIdentifier.quote(role)) TO \(SQLIdentifier.quote(restoringRole)); (or restore with --no-owner)"
            )
        }
        return nil
    }

    /// The knock-on error when the entry's own object does not exist (its definition failed,
    /// or it was not restored and the target lacks it).
    func ownObjectMissing(_ e: TOCEntry, _ cmd: RestoreCommand) -> PredictedError? {
        for o in CreatedObject.of(e) where !exists(o.kind, o.name) {
            if let ns = e.namespace, !ns.isEmpty, o.kind != .schema, !exists(.schema, ns) {
                return error(cmd, "schema \"\(ns)\" does not exist", .knockOn, causedBy: causeOf(schema: ns))
            }
            return error(cmd, o.missingMessage, .knockOn, causedBy: unavailable[o] ?? nil)
        }
        return nil
    }

    /// The dump id of the failure that left a schema missing, if any.
    func causeOf(schema: String) -> Int32? {
        unavailable[CreatedObject(kind: .schema, name: schema, display: schema)] ?? nil
    }
}
