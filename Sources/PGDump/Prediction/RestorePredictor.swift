/// Predicts every error a restore of an archive will report on a target: runs the commands a
/// serial pg_restore sends (`SchemaScript.commands`) through `RestoreSimulation` against a
/// `TargetModel` (a fresh cluster of a major, or a real server), together with the data
/// checks' findings.
public enum RestorePredictor {
    /// The prediction for `archive`. `model` nil means no model exists for the target major:
    /// only the data findings are turned into errors, and `modelled` is false.
    public static func predict(
        _ archive: Archive, model: TargetModel?, options: RestorePredictionOptions,
        findings: CheckReport? = nil
    ) -> RestorePrediction {
        let pgRestore =
            options.pgRestoreMajor
            ?? PgRestoreChoice.forTarget(options.targetMajor, version: archive.header.version)
        var selection = options.selection
        selection.skipPrivileges = selection.skipPrivileges || options.noPrivileges
        selection.knowsStatistics = pgRestore >= 18
        let script = SchemaScript(
            archive: archive, selection: selection, list: options.list,
            restrictKey: "pgdmp", noOwner: options.noOwner,
            reference: ReferenceRestore(major: max(15, pgRestore)))
        var commands = script.commands()
        if let role = options.role {
            // pg_restore --role: `SET ROLE` follows standard_conforming_strings in the session set-up.
            let at = commands.firstIndex { $0.text.hasPrefix("SET standard_conforming_strings") }.map { $0 + 1 } ?? 0
            commands.insert(
                RestoreCommand(entry: nil, kind: .session, text: "SET ROLE \(SQLIdentifier.quote(role));"), at: at)
        }
        let order = RestoreOrder(archive: archive, selection: selection, list: options.list)
        let selected = Set(order.steps.map(\.entry.dumpId))
        guard var model else {
            var sim = RestoreSimulation(archive: archive, model: FreshCluster.model(major: 15)!, options: options)
            sim.dataFindings = findings
            // Without a model only the data findings are judged: treat every other command as succeeding.
            for cmd in commands {
                guard let e = cmd.entry, cmd.kind == .definition || cmd.kind == .dataLoad else { continue }
                if cmd.kind == .dataLoad, e.desc == EntryDesc.tableData { sim.loadedTables.insert(e.qualifiedName) }
                if cmd.kind == .definition, let f = sim.dataFaultFailure(cmd, e) {
                    sim.errors.append(f)
                    sim.failedDefinitions[e.dumpId] = f
                }
            }
            return RestorePrediction(
                summary: RestorePredictionSummary(
                    targetMajor: options.targetMajor, pgRestoreMajor: pgRestore, targetSource: "none",
                    restoringRole: options.targetUser, superuser: options.superuser, modelled: false),
                errors: sim.errors)
        }
        if let role = options.role, let facts = model.roles[role] {
            model.isSuperuser = facts.superuser
            model.restoringRole = role
        }
        var sim = RestoreSimulation(archive: archive, model: model, options: options)
        sim.dataFindings = findings
        // Objects of this restore that the target database already holds.
        let already = order.steps.filter { step in
            CreatedObject.of(step.entry).contains {
                model.has($0.kind, $0.name) && !["SCHEMA", "EXTENSION"].contains(step.entry.desc)
            }
        }.count
        let errors = sim.run(commands, selected: selected)
        var prediction = RestorePrediction(
            summary: RestorePredictionSummary(
                targetMajor: model.serverMajor, pgRestoreMajor: pgRestore, targetSource: model.source,
                restoringRole: sim.restoringRole, superuser: sim.isSuperuser, modelled: true), errors: errors)
        if already > 0 {
            prediction.notes.append(
                CheckNote(
                    kind: "non-empty-target", object: model.database.name,
                    message:
                        "\(already) object(s) this restore creates are already in the target database: CREATE statements of tables, views, sequences, indexes and types are predicted to fail, but other conflicts (functions, constraints, triggers, rows that duplicate keys) are not; restore into an empty database, or use pg_restore --clean"
                ))
        }
        return prediction
    }
}

/// What `RestorePredictor` found, and under which model.
public struct RestorePrediction: Codable, Sendable {
    /// The assumptions: the target, who restores, with which pg_restore.
    public var summary: RestorePredictionSummary
    /// Every error pg_restore will report, in restore order.
    public var errors: [PredictedError]
    /// What the prediction cannot tell (risks), for the report's notes.
    public var notes: [CheckNote] = []
}

/// The assumptions a prediction was made under (`check --json`'s `prediction`).
public struct RestorePredictionSummary: Codable, Sendable {
    /// The PostgreSQL major of the target server.
    public var targetMajor: Int
    /// The pg_restore major the prediction assumes runs the restore.
    public var pgRestoreMajor: Int
    /// `fresh-cluster`, `server`, or `none` (no model for the target major: data checks only).
    public var targetSource: String
    /// The role the restore runs as.
    public var restoringRole: String
    /// Whether that role is a superuser.
    public var superuser: Bool
    /// False when the target major has no model: only the data checks' errors are predicted.
    public var modelled: Bool
}

extension CheckReport {
    /// Adds a restore prediction to a data check's report. The notes it supersedes (roles
    /// other than the main owner, statements that may need a superuser) are dropped when the
    /// prediction judged them against a model.
    public mutating func add(_ prediction: RestorePrediction) {
        predictedErrors = prediction.errors
        self.prediction = prediction.summary
        notes += prediction.notes
        if prediction.summary.modelled {
            notes.removeAll { $0.kind == "owner" || $0.kind == "superuser" }
        }
    }
}
