/// ACL and DEFAULT ACL entries: `GRANT`, `REVOKE`, `SET SESSION AUTHORIZATION` and
/// `ALTER DEFAULT PRIVILEGES`, run as one query, so the first failing statement fails the
/// entry. The server resolves the objects of GRANT/REVOKE before the grantees
/// (`ExecuteGrantStmt`), and for default privileges the grantees, then `FOR ROLE`, then
/// `IN SCHEMA` (`ExecAlterDefaultPrivilegesStmt`).
extension RestoreSimulation {
    func privilegeFailure(_ cmd: RestoreCommand) -> PredictedError? {
        for statement in StatementText.statements(cmd.text) {
            let tokens = SQLTokenizer.tokenize(statement)
            guard let first = tokens.first else { continue }
            if first.isKeyword("SET") {
                if let f = roleSettingFailure(cmd, tokens) { return f }
            } else if first.isKeyword("GRANT") || first.isKeyword("REVOKE") {
                if let f = grantFailure(cmd, tokens) { return f }
            } else if first.isKeyword("ALTER"), tokens.count > 2, tokens[1].isKeyword("DEFAULT") {
                if let f = defaultPrivilegeFailure(cmd, tokens) { return f }
            }
        }
        return nil
    }

    private func missingRole(_ cmd: RestoreCommand, _ role: String) -> PredictedError {
        error(
            cmd, "role \"\(role)\" does not exist", .missingRole,
            fix: "CREATE ROLE \(SQLIdentifier.quote(role)); (or restore with --no-acl)")
    }

    private func grantFailure(_ cmd: RestoreCommand, _ tokens: [SQLToken]) -> PredictedError? {
        let isGrant = tokens[0].isKeyword("GRANT")
        guard let onIndex = tokens.firstIndex(where: { $0.isKeyword("ON") }) else {
            // GRANT role TO role: both must exist.
            let split = tokens.firstIndex { $0.isKeyword(isGrant ? "TO" : "FROM") } ?? tokens.count
            for r in StatementText.roleList(tokens[1..<split])
                + StatementText.roleList(tokens[min(split + 1, tokens.count)...])
            where !roleExists(r) { return missingRole(cmd, r) }
            return nil
        }
        let target = tokens.firstIndex { $0.isKeyword(isGrant ? "TO" : "FROM") } ?? tokens.count
        if let e = cmd.entry, let m = referencedObjectMissing(e, cmd, Array(tokens[onIndex..<target])) { return m }
        for r in StatementText.roleList(tokens[min(target + 1, tokens.count)...]) where !roleExists(r) {
            return missingRole(cmd, r)
        }
        if let g = tokens.firstIndex(where: { $0.isKeyword("GRANTED") }), g + 2 < tokens.count,
            !roleExists(tokens[g + 2].identifier)
        {
            return missingRole(cmd, tokens[g + 2].identifier)
        }
        return nil
    }

    private func defaultPrivilegeFailure(_ cmd: RestoreCommand, _ tokens: [SQLToken]) -> PredictedError? {
        guard let action = tokens.firstIndex(where: { $0.isKeyword("GRANT") || $0.isKeyword("REVOKE") }) else {
            return nil
        }
        let isGrant = tokens[action].isKeyword("GRANT")
        let target = tokens[action...].firstIndex { $0.isKeyword(isGrant ? "TO" : "FROM") } ?? tokens.count
        for r in StatementText.roleList(tokens[min(target + 1, tokens.count)...]) where !roleExists(r) {
            return missingRole(cmd, r)
        }
        // `FOR ROLE a, b` and `IN SCHEMA x, y`, in either order, before the GRANT/REVOKE.
        func names(after keywords: [String]) -> [String] {
            guard let k = tokens[..<action].firstIndex(where: { t in keywords.contains { t.isKeyword($0) } }) else {
                return []
            }
            var out: [String] = []
            var i = k + 1
            while i < action, tokens[i].isIdentifier || tokens[i].isPunct(","),
                !tokens[i].isKeyword("IN"), !tokens[i].isKeyword("FOR")
            {
                if tokens[i].isIdentifier { out.append(tokens[i].identifier) }
                i += 1
            }
            return out
        }
        let roles = names(after: ["ROLE", "USER"])
        let schemas = names(after: ["SCHEMA"])
        for r in roles where !roleExists(r) { return missingRole(cmd, r) }
        for s in schemas where !exists(.schema, s) {
            return error(cmd, "schema \"\(s)\" does not exist", .knockOn, causedBy: causeOf(schema: s))
        }
        return nil
    }
}
