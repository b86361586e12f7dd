/// Walks the commands of a restore in order against a target model, keeping track of what
/// exists, and asks the rules whether each command fails. A command that fails leaves its
/// objects missing, so what depends on them fails too (knock-ons), as on a real server.
struct RestoreSimulation {
    let archive: Archive
    let options: RestorePredictionOptions
    var model: TargetModel
    /// The rules' view of "who is running the statements".
    var restoringRole: String
    var isSuperuser: Bool
    /// Objects created by commands that succeeded.
    var created: [ObjectKind: Set<String>] = [:]
    /// Objects that will not exist: their entry failed (its dump id) or was not restored (nil).
    var unavailable: [CreatedObject: Int32?] = [:]
    /// Entries whose definition failed, with the error's cause.
    var failedDefinitions: [Int32: PredictedError] = [:]
    /// `schema.name` of tables whose data was loaded.
    var loadedTables: Set<String> = []
    /// `schema.name` of tables whose data load failed, with the failing entry.
    var failedLoads: [String: Int32] = [:]
    /// Which entry creates each object, over the whole archive.
    var creator: [CreatedObject: TOCEntry] = [:]
    var errors: [PredictedError] = []
    /// The data checks' findings, when the data was scanned.
    var dataFindings: CheckReport?
    let entriesById: [Int32: TOCEntry]

    init(archive: Archive, model: TargetModel, options: RestorePredictionOptions) {
        self.archive = archive
        self.options = options
        self.model = model
        for r in options.rolesThatExist where model.roles[r] == nil {
            self.model.roles[r] = RoleFacts(
                superuser: false, canLogin: false, createDB: false, createRole: false, memberOf: [])
        }
        restoringRole = model.restoringRole
        isSuperuser = model.isSuperuser
        var byId: [Int32: TOCEntry] = [:]
        for e in archive.entries {
            byId[e.dumpId] = e
            for o in CreatedObject.of(e) where creator[o] == nil { creator[o] = e }
        }
        entriesById = byId
    }

    func exists(_ kind: ObjectKind, _ name: String) -> Bool {
        created[kind]?.contains(name) == true || model.has(kind, name)
    }

    func roleExists(_ name: String) -> Bool {
        model.roles[name] != nil || name.lowercased() == "public"
    }

    /// Runs every command and returns the errors in restore order.
    mutating func run(_ commands: [RestoreCommand], selected: Set<Int32>) -> [PredictedError] {
        // Objects of entries this restore does not run are missing unless the target has them.
        for (o, e) in creator where !selected.contains(e.dumpId) && !model.has(o.kind, o.name) {
            unavailable[o] = .some(nil)
        }
        var lastDefinitionEntry: Int32?
        for cmd in commands {
            if options.exitOnError || options.singleTransaction, !errors.isEmpty { break }
            let failure: PredictedError?
            switch cmd.kind {
            case .session, .setting:
                failure = settingFailure(cmd)
            case .owner:
                failure = ownerFailure(cmd)
            case .dataLoad:
                failure = dataLoadFailure(cmd)
            case .statistics:
                failure = functionCallFailure(cmd) ?? knockOnFailure(cmd)
            case .definition:
                failure = definitionFailure(cmd)
            }
            if let f = failure {
                errors.append(f)
            }
            // pg_restore gives up on the whole restore when it cannot create a large object.
            if failure?.cause == PredictionCause.largeObjectExists.rawValue { break }
            guard let e = cmd.entry else { continue }
            if cmd.kind == .definition {
                let isFirst = lastDefinitionEntry != e.dumpId
                lastDefinitionEntry = e.dumpId
                if let f = failure {
                    if failedDefinitions[e.dumpId] == nil { failedDefinitions[e.dumpId] = f }
                    for o in CreatedObject.of(e) where !exists(o.kind, o.name) { unavailable[o] = e.dumpId }
                } else if isFirst && failedDefinitions[e.dumpId] == nil {
                    for o in CreatedObject.of(e) {
                        created[o.kind, default: []].insert(o.name)
                        unavailable[o] = nil
                    }
                    if e.desc == EntryDesc.extension, let tag = e.tag {
                        model.installedExtensions[tag] = model.availableExtensions[tag]?.defaultVersion ?? ""
                    }
                }
            }
            if cmd.kind == .dataLoad, e.desc == EntryDesc.tableData {
                if failure == nil {
                    loadedTables.insert(e.qualifiedName)
                } else {
                    failedLoads[e.qualifiedName] = e.dumpId
                }
            }
        }
        return errors
    }

    /// A predicted error for a command.
    func error(
        _ cmd: RestoreCommand, _ message: String, _ cause: PredictionCause, causedBy: Int32? = nil,
        fix: String? = nil
    ) -> PredictedError {
        PredictedError(
            dumpId: cmd.entry?.dumpId, desc: cmd.entry?.desc ?? "SESSION",
            schema: cmd.entry?.namespace.flatMap { $0.isEmpty ? nil : $0 }, name: cmd.entry?.tag ?? "",
            statement: cmd.text, message: message, cause: cause.rawValue, causedBy: causedBy, fix: fix)
    }
}
