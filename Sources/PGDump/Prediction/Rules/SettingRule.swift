/// `SET name = …` (pg_restore's session set-up and the settings it changes before entries):
/// a parameter the target major does not know fails with "unrecognized configuration parameter".
extension RestoreSimulation {
    func settingFailure(_ cmd: RestoreCommand) -> PredictedError? {
        let tokens = SQLTokenizer.tokenize(cmd.text)
        guard tokens.count >= 2, tokens[0].isKeyword("SET") else { return nil }
        var i = 1
        if tokens[i].isKeyword("SESSION") || tokens[i].isKeyword("LOCAL") { i += 1 }
        guard i < tokens.count, tokens[i].isIdentifier else { return nil }
        if tokens[i].isKeyword("ROLE") || tokens[i].isKeyword("SESSION") { return roleSettingFailure(cmd, tokens) }
        let name = tokens[i].identifier
        // Names with a dot are placeholders for extensions: any value is accepted.
        if i + 1 < tokens.count, tokens[i + 1].isPunct(".") { return nil }
        if model.settings.contains(name.lowercased()) { return nil }
        return error(
            cmd, "unrecognized configuration parameter \"\(name)\"", .unknownSetting,
            fix:
                "harmless: PostgreSQL \(model.serverMajor) does not have \(name); restore with pg_restore \(model.serverMajor) if it can read the archive, or ignore this error"
        )
    }

    /// `SET ROLE r` / `SET SESSION AUTHORIZATION r`.
    func roleSettingFailure(_ cmd: RestoreCommand, _ tokens: [SQLToken]) -> PredictedError? {
        guard let last = tokens.last(where: { $0.isIdentifier || $0.kind == .string }) else { return nil }
        let role = last.kind == .string ? last.text : last.identifier
        if last.isKeyword("DEFAULT") || last.isKeyword("NONE") || last.isKeyword("AUTHORIZATION") { return nil }
        if !roleExists(role) {
            return error(
                cmd, "role \"\(role)\" does not exist", .missingRole, fix: "CREATE ROLE \(SQLIdentifier.quote(role));")
        }
        return nil
    }
}
