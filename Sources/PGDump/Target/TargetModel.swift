/// What pgdmp knows, or assumes, about the server an archive will be restored into.
///
/// Restore prediction (`pgdmp check`) asks this model every question that depends on the
/// target: does role X exist, is extension Y available, does the server know setting Z, does
/// object W already exist in the database. It is filled in one of two ways, and both give the
/// same shape, so every rule works the same on an assumption and on a real server:
/// - `FreshCluster.model(major:)`: a fresh cluster of a major as `initdb` makes it, with the
///   contrib extensions the standard packages ship, restoring into a new database made from
///   template0 (data generated from real servers by `Fixtures/tools/target-catalog.sh`);
/// - a live server read through the connection layer (`check -d CONNINFO`).
public struct TargetModel: Codable, Sendable, Equatable {
    /// Where the facts come from: `fresh-cluster` (assumed) or `server` (read from a connection).
    public var source: String
    /// The server's major version (e.g. 15).
    public var serverMajor: Int
    /// The full `server_version` when read from a server.
    public var serverVersion: String?
    /// The role pg_restore connects as.
    public var restoringRole: String
    /// Whether `restoringRole` is a superuser.
    public var isSuperuser: Bool
    /// Roles that exist in the cluster, by name.
    public var roles: [String: RoleFacts]
    /// The target database's facts (encoding, locale, owner).
    public var database: DatabaseFacts
    /// Every configuration parameter (`pg_settings.name`) the server knows, lower case.
    public var settings: Set<String>
    /// Extensions that `CREATE EXTENSION` can install (`pg_available_extensions`), by name.
    public var availableExtensions: [String: AvailableExtension]
    /// Extensions installed in the target database, name → version.
    public var installedExtensions: [String: String]
    /// Shared libraries in `$libdir` (file names without `.so`); nil when unknown (a live server
    /// lets only privileged roles list its files).
    public var libraries: Set<String>?
    /// Objects that already exist in the target database, by kind (`ObjectKind`) and
    /// qualified name (`schema.name`, or the bare name for objects without a schema; functions
    /// by `schema.name` without arguments).
    public var objects: [String: Set<String>]
    /// Owners of objects that already exist, by kind and name, where known (schemas and
    /// languages of a fresh cluster); an owner change to the current owner checks nothing.
    public var owners: [String: [String: String]] = [:]

    /// A model from its facts. ``FreshCluster/model(major:restoringRole:superuser:)`` and
    /// ``read(from:)`` make complete ones; build one by hand to ask "what if the target had …".
    public init(
        source: String, serverMajor: Int, serverVersion: String? = nil, restoringRole: String,
        isSuperuser: Bool, roles: [String: RoleFacts], database: DatabaseFacts, settings: Set<String>,
        availableExtensions: [String: AvailableExtension], installedExtensions: [String: String],
        libraries: Set<String>?, objects: [String: Set<String>]
    ) {
        self.source = source
        self.serverMajor = serverMajor
        self.serverVersion = serverVersion
        self.restoringRole = restoringRole
        self.isSuperuser = isSuperuser
        self.roles = roles
        self.database = database
        self.settings = settings
        self.availableExtensions = availableExtensions
        self.installedExtensions = installedExtensions
        self.libraries = libraries
        self.objects = objects
    }

    /// Whether an object of this kind and qualified name already exists in the target database.
    public func has(_ kind: ObjectKind, _ qualifiedName: String) -> Bool {
        if kind == .extension { return installedExtensions[qualifiedName] != nil }
        return objects[kind.rawValue]?.contains(qualifiedName) ?? false
    }
}

/// The kinds of database object the model records (keys of `TargetModel.objects`).
public enum ObjectKind: String, Codable, Sendable, CaseIterable {
    /// A schema.
    case schema
    /// A type.
    case type
    /// A function, procedure or aggregate.
    case function
    /// A table, view, sequence, index or other `pg_class` relation.
    case relation
    /// A procedural language.
    case language
    /// A collation.
    case collation
    /// An access method.
    case accessMethod = "access method"
    /// Languages a non-superuser may create functions in (`pg_language.lanpltrusted`).
    case trustedLanguage = "trusted language"
    /// A text search configuration.
    case textSearchConfiguration = "text search configuration"
    /// A text search dictionary.
    case textSearchDictionary = "text search dictionary"
    /// An operator.
    case operatorName = "operator"
    /// A cast.
    case castName = "cast"
    /// A foreign-data wrapper.
    case foreignDataWrapper = "foreign data wrapper"
    /// A foreign server.
    case server
    /// An event trigger.
    case eventTrigger = "event trigger"
    /// A publication.
    case publication
    /// Extensions are kept in `installedExtensions`; this kind names them in knock-ons.
    case `extension`
}

/// One role of the target cluster.
public struct RoleFacts: Codable, Sendable, Equatable {
    /// `rolsuper`.
    public var superuser: Bool
    /// `rolcanlogin`.
    public var canLogin: Bool
    /// `rolcreatedb`.
    public var createDB: Bool
    /// `rolcreaterole`.
    public var createRole: Bool
    /// Roles this role is a member of, directly or through others.
    public var memberOf: Set<String>
    /// A role's facts.
    public init(superuser: Bool, canLogin: Bool, createDB: Bool, createRole: Bool, memberOf: Set<String>) {
        self.superuser = superuser
        self.canLogin = canLogin
        self.createDB = createDB
        self.createRole = createRole
        self.memberOf = memberOf
    }
}

/// The target database.
public struct DatabaseFacts: Codable, Sendable, Equatable {
    /// The database's name.
    public var name: String
    /// The role that owns it.
    public var owner: String
    /// Its server encoding (`UTF8`, …).
    public var encoding: String
    /// Its LC_COLLATE.
    public var collate: String
    /// Its LC_CTYPE: `lower()`/`upper()` of non-ASCII text follow it.
    public var ctype: String
    /// A database's facts.
    public init(name: String, owner: String, encoding: String, collate: String, ctype: String) {
        self.name = name
        self.owner = owner
        self.encoding = encoding
        self.collate = collate
        self.ctype = ctype
    }
}

/// An extension the server can install.
public struct AvailableExtension: Codable, Sendable, Equatable {
    /// The version `CREATE EXTENSION` installs without `VERSION`.
    public var defaultVersion: String
    /// Every version a `CREATE EXTENSION … VERSION` can name.
    public var versions: Set<String>
    /// Installing it needs a superuser unless it is trusted (PostgreSQL 13+).
    public var superuser: Bool
    /// Whether a non-superuser with CREATE on the database may install it (PostgreSQL 13+).
    public var trusted: Bool
    /// Extensions it requires.
    public var requires: [String]
    /// An extension's facts.
    public init(defaultVersion: String, versions: Set<String>, superuser: Bool, trusted: Bool, requires: [String]) {
        self.defaultVersion = defaultVersion
        self.versions = versions
        self.superuser = superuser
        self.trusted = trusted
        self.requires = requires
    }
}
