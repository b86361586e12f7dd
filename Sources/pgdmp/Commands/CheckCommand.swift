import ArgumentParser
import PGDump

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Predict every error a restore will report on the target, before running it.",
        discussion: """
            check models the target (a fresh cluster of --target-version as initdb makes it, restored into a new \
            database by the bootstrap superuser, unless options say otherwise) and runs the statements pg_restore \
            would send against it: roles that do not exist, settings, schemas, functions, languages, libraries and \
            extensions the target lacks, objects already there, what fails because something before it failed, and \
            the data faults found by reading every row (btree index rows too large, duplicate keys, foreign-key \
            orphans).

            The full model exists for PostgreSQL 15 to 18 (generated from real servers); for other majors only the \
            data checks run, and check says so. pg_restore's own options (-O, -x, -n, -t, -L, -a, -s, --role, -e, -1) \
            change what the restore does and so what fails.

            Exit status: 0 nothing will fail, 1 errors predicted (or values over --values-over), 2 data could not be read \
            or the target could not be reached, 3 nothing failing predicted but something could not be checked (listed \
            under "Not checked").
            """)

    @OptionGroup var input: ArchiveArgument
    @Option(
        name: [.customShort("d"), .customLong("dbname")],
        help:
            "Read the target from this server (a database name, connection string or URI, as pg_restore -d): its version, roles, extensions, settings and the objects already in the database. Read-only."
    )
    var dbname: String?
    @Option(name: .customLong("statement-timeout"), help: "With -d: statement_timeout for pgdmp's queries (e.g. 30s).")
    var statementTimeout: String?
    @Option(help: "PostgreSQL major version of the target server (with -d: the server's).")
    var targetVersion: Int = 15
    @Option(
        help:
            "Major version of the pg_restore that runs the restore (default: the target's own if it can read the archive, else the oldest that can)."
    )
    var pgRestoreVersion: Int?
    @Option(help: "The role pg_restore connects as (pg_restore -U).") var targetUser: String = "postgres"
    @Flag(help: "The restoring role is not a superuser (as on managed services).") var noSuperuser = false
    @Option(help: "A role that exists on the target besides those of a fresh cluster. Repeatable.")
    var roleExists: [String] = []
    @Flag(name: [.customShort("O"), .customLong("no-owner")], help: "As pg_restore -O: no ALTER … OWNER TO.")
    var noOwner = false
    @Option(help: "As pg_restore --role: SET ROLE after connecting.") var role: String?
    @Flag(
        name: [.customShort("e"), .customLong("exit-on-error")],
        help: "As pg_restore -e: the restore stops at the first error.")
    var exitOnError = false
    @Flag(
        name: [.customShort("1"), .customLong("single-transaction")],
        help: "As pg_restore -1: the first error ends the restore.")
    var singleTransaction = false
    @Flag(name: [.customShort("a"), .customLong("data-only")], help: "As pg_restore -a: data only.") var dataOnly =
        false
    @Flag(name: [.customShort("s"), .customLong("schema-only")], help: "As pg_restore -s: schema only.")
    var schemaOnly = false
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var content: ContentOptions
    @Option(
        name: [.customShort("L"), .customLong("use-list")],
        help: "As pg_restore -L: restore only the entries of this list file.")
    var useList: String?
    @Option(help: "default_toast_compression on the target: pglz or lz4.") var toastCompression: String = "pglz"
    @Option(help: "List every value longer than N bytes (in the tables -t selects, else all).") var valuesOver: Int?
    @Option(help: "With --values-over/--histogram: only this column. Repeatable.") var column: [String] = []
    @Flag(help: "Length histogram per column.") var histogram = false
    @Flag(help: "Machine-readable output.") var json = false
    @Option(name: [.customShort("j"), .customLong("threads")], help: "Decoding threads (default: all cores).")
    var threads: Int?
    @Flag(name: [.short, .long], help: "No progress line.") var quiet = false
    @Option(
        help:
            "LC_CTYPE of the target database (lower()/upper() in index expressions follow it; exit 3 when a value cannot be mapped exactly here)."
    )
    var targetLocale: String = "C.UTF-8"
    @Option(
        help:
            "Memory for the key sets of unique checks (e.g. 256MB, 1GB); beyond it they spill to sorted runs in $TMPDIR."
    )
    var memory: String = "256MB"

    func run() throws {
        try runReporting {
            // With -d the target is the server itself: read it first (its major sets the btree limit).
            var serverModel: TargetModel?
            if let dbname {
                if let t = statementTimeout, parseDuration(t) == nil {
                    throw ValidationError("--statement-timeout: \"\(t)\" is not a duration (e.g. 500ms, 30s, 5min)")
                }
                let connection = try TargetConnection(
                    try ConnectionInfo(dbname),
                    options: TargetConnection.Options(
                        statementTimeoutMilliseconds: statementTimeout.flatMap(parseDuration)))
                defer { connection.close() }
                serverModel = try TargetModel.read(from: connection)
            }
            let targetVersion = serverModel?.serverMajor ?? self.targetVersion
            var options = CheckOptions()
            options.targetVersion = targetVersion
            guard let tc = ToastCompression(rawValue: toastCompression) else {
                throw ValidationError("--toast-compression must be pglz or lz4")
            }
            options.toastCompression = tc
            options.valuesOver = valuesOver
            options.tables = selection.table
            options.columns = column
            options.histogram = histogram
            options.workers = threads ?? DataScan.defaultWorkers
            options.targetLocale = serverModel?.database.ctype ?? targetLocale
            guard let memoryLimit = CheckOptions.memoryLimit(parsing: memory) else {
                throw ValidationError("--memory must be a size such as 256MB or 1GB")
            }
            options.memoryLimit = memoryLimit
            // (as for cat: tests shrink the long-row limit so every row takes that path)
            options.longRowLimit = CatCommand.longLineLimit
            let archive = try input.open()

            var restore = RestorePredictionOptions()
            restore.targetMajor = targetVersion
            restore.pgRestoreMajor = pgRestoreVersion
            restore.targetUser = serverModel?.restoringRole ?? targetUser
            restore.superuser = serverModel?.isSuperuser ?? !noSuperuser
            restore.rolesThatExist = roleExists
            restore.noOwner = noOwner
            restore.role = role
            restore.exitOnError = exitOnError
            restore.singleTransaction = singleTransaction
            var s = try selection.selection(in: archive)
            content.apply(to: &s)
            s.dataOnly = dataOnly
            s.schemaOnly = schemaOnly
            restore.selection = s
            restore.noPrivileges = content.noPrivileges
            if let useList { restore.list = try readRestoreList(useList, archive: archive) }
            if let p = pgRestoreVersion, !PgRestoreChoice.canRead(major: p, version: archive.header.version) {
                throw ValidationError("pg_restore \(p) cannot read archive version \(archive.header.version)")
            }

            let progress = ProgressLine.start("check", total: archive.size, quiet: quiet)
            var report = RestoreCheck.run(archive, options: options, progress: progress?.counter)
            progress?.finish()
            let model =
                serverModel
                ?? FreshCluster.model(major: targetVersion, restoringRole: targetUser, superuser: !noSuperuser)
            report.add(RestorePredictor.predict(archive, model: model, options: restore, findings: report))
            if json { try Output.json(report) } else { Output.write(CheckText.render(report, valuesOver: valuesOver)) }
            for u in report.unreadable { Output.error(u) }
            return report.exitCode
        }
    }
}
