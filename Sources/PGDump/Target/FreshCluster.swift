/// The target model of a fresh cluster: what `initdb` of a PostgreSQL major provides, with the
/// contrib extensions its standard packages ship, restored into a new database made from
/// template0 by the bootstrap superuser.
///
/// The facts are data read from real servers by `Fixtures/tools/target-catalog.py` (the
/// generated `FreshClusterPG<N>.swift` files), never typed by hand. Majors without such data
/// have no model: prediction then runs only the data checks and says so.
public enum FreshCluster {
    /// The majors a catalogue exists for.
    public static let majors = [15, 16, 17, 18]

    /// A fresh cluster of `major`, restored into by `restoringRole` (the bootstrap superuser
    /// `postgres` unless told otherwise; another name is modelled as a role that exists,
    /// a superuser unless `superuser` is false). Nil when no catalogue exists for the major.
    public static func model(major: Int, restoringRole: String = "postgres", superuser: Bool = true) -> TargetModel? {
        guard let text = catalogue(major) else { return nil }
        var model = parse(text)
        model.restoringRole = restoringRole
        if model.roles[restoringRole] == nil {
            model.roles[restoringRole] = RoleFacts(
                superuser: superuser, canLogin: true, createDB: true,
                createRole: superuser, memberOf: [])
        }
        if !superuser { model.roles[restoringRole]?.superuser = false }
        model.isSuperuser = model.roles[restoringRole]?.superuser ?? false
        return model
    }

    static func catalogue(_ major: Int) -> String? {
        switch major {
        case 15: return pg15
        case 16: return pg16
        case 17: return pg17
        case 18: return pg18
        default: return nil
        }
    }

    /// Parses the generated lines: `kind<TAB>field<TAB>…`.
    static func parse(_ text: String) -> TargetModel {
        var model = TargetModel(
            source: "fresh-cluster", serverMajor: 0, restoringRole: "postgres", isSuperuser: true,
            roles: [:], database: DatabaseFacts(name: "", owner: "", encoding: "", collate: "", ctype: ""),
            settings: [], availableExtensions: [:], installedExtensions: [:], libraries: [],
            objects: [:])
        var libraries = Set<String>()
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 2 else { continue }
            switch f[0] {
            case "major": model.serverMajor = Int(f[1]) ?? 0
            case "version": model.serverVersion = f[1]
            case "database" where f.count >= 6:
                model.database = DatabaseFacts(name: f[1], owner: f[2], encoding: f[3], collate: f[4], ctype: f[5])
            case "setting": model.settings.insert(f[1])
            case "role" where f.count >= 6:
                model.roles[f[1]] = RoleFacts(
                    superuser: f[2] == "t", canLogin: f[3] == "t", createDB: f[4] == "t",
                    createRole: f[5] == "t", memberOf: model.roles[f[1]]?.memberOf ?? [])
            case "member" where f.count >= 3:
                model.roles[
                    f[1],
                    default: RoleFacts(
                        superuser: false, canLogin: false, createDB: false,
                        createRole: false, memberOf: [])
                ].memberOf.insert(f[2])
            case "extension" where f.count >= 7:
                var ext =
                    model.availableExtensions[f[1]]
                    ?? AvailableExtension(
                        defaultVersion: f[2], versions: [], superuser: f[4] == "t", trusted: f[5] == "t",
                        requires: f[6].isEmpty ? [] : f[6].split(separator: ",").map(String.init))
                ext.versions.insert(f[3])
                model.availableExtensions[f[1]] = ext
            case "installed" where f.count >= 3: model.installedExtensions[f[1]] = f[2]
            case "object" where f.count >= 3: model.objects[f[1], default: []].insert(f[2])
            case "library": libraries.insert(f[1])
            case "owner" where f.count >= 4: model.owners[f[1], default: [:]][f[2]] = f[3]
            default: break
            }
        }
        model.libraries = libraries
        return model
    }
}
