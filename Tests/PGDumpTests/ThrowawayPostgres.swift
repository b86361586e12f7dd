import Foundation
import XCTest
@testable import PGDump

/// A PostgreSQL 15 server for one test: its own data directory and unix socket in a fresh
/// temporary directory, no TCP (`listen_addresses = ''`), trust authentication, fsync off.
///
/// PostgreSQL refuses to run as root, so when the tests run as root the server programs
/// (initdb, pg_ctl) run as the OS user `postgres` through `runuser`, and the directory is
/// handed to that user. Clients (psql, pg_restore) run as the test process.
final class ThrowawayPostgres {
    let bin: String
    let directory: String
    var dataDirectory: String { directory + "/data" }
    var logFile: String { directory + "/server.log" }
    private(set) var running = false

    /// Nil when the PostgreSQL 15 server binaries are not installed.
    static func binaries() -> String? {
        let dir = ProcessInfo.processInfo.environment["PG15_BIN"] ?? "/usr/lib/postgresql/15/bin"
        let needed = ["initdb", "pg_ctl", "postgres", "psql", "pg_restore"]
        return needed.allSatisfy({ FileManager.default.isExecutableFile(atPath: "\(dir)/\($0)") }) ? dir : nil
    }

    init(bin: String) throws {
        self.bin = bin
        var template = Array("/tmp/pgdmp-itest.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure("mkdtemp failed: errno \(errno)") }
        directory = String(cString: made)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// How to run a server program: as `postgres` via runuser when we are root.
    private func serverCommand(_ program: String, _ args: [String]) throws -> (String, [String]) {
        guard geteuid() == 0 else { return ("\(bin)/\(program)", args) }
        guard
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
                .first(where: FileManager.default.isExecutableFile(atPath:))
        else {
            throw Failure("running as root but runuser is missing, so the server cannot run as user postgres")
        }
        return (runuser, ["-u", "postgres", "--", "\(bin)/\(program)"] + args)
    }

    /// Runs a server program with its output in a file. This uses posix_spawn and waitpid
    /// rather than Foundation's Process: the server that pg_ctl starts outlives pg_ctl, and it
    /// must not inherit any of our descriptors (Process would wait until the server stops).
    private func runServerProgram(_ program: String, _ args: [String]) throws {
        let (exe, argv) = try serverCommand(program, args)
        let outputPath = directory + "/\(program).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        Self.closeOnExecAll()
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        env["LC_ALL"] = "C"
        // Start in / (our working directory may be closed to the postgres user).
        let command = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh", exe] + argv
        let cArgs = command.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw Failure("cannot start \(exe): error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw Failure("\(program) failed (wait status \(status)): \(text)\n\(log.suffix(2000))")
        }
    }

    /// Marks every descriptor above stderr close-on-exec, so no child keeps one open.
    private static func closeOnExecAll() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    func start() throws {
        if geteuid() == 0 {
            guard let pw = getpwnam("postgres") else {
                throw Failure("running as root but there is no OS user postgres")
            }
            _ = FileManager.default.createFile(atPath: logFile, contents: nil)
            for path in [directory, logFile] {
                guard chown(path, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0 else {
                    throw Failure("chown \(path) failed")
                }
            }
        }
        try runServerProgram(
            "initdb",
            [
                "-D", dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                "--locale=C", "--no-sync",
            ])
        let conf = """

            listen_addresses = ''
            unix_socket_directories = '\(directory)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            autovacuum = off
            timezone = 'UTC'
            lc_messages = 'C'

            """
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
        handle.seekToEndOfFile()
        handle.write(Data(conf.utf8))
        handle.closeFile()
        try runServerProgram("pg_ctl", ["-D", dataDirectory, "-l", logFile, "-w", "-t", "30", "start"])
        running = true
    }

    func stop() {
        if running {
            try? runServerProgram("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
            running = false
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Connection options for clients.
    var connection: [String] { ["-h", directory, "-U", "postgres"] }

    /// Runs SQL with psql and returns its unaligned, tuples-only output; fails on any error.
    @discardableResult
    func psql(_ db: String, _ sql: String) throws -> String {
        let r = try PgBinaries.run(
            "\(bin)/psql",
            connection + [
                "-d", db, "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-c", sql,
            ],
            environment: ["LC_ALL": "C", "PGTZ": "UTC"])
        guard r.status == 0 else { throw Failure("psql failed: \(r.stderr)") }
        return r.text
    }

    /// Runs a script with psql -f: each statement on its own (so CREATE DATABASE and the like work).
    func psqlScript(_ db: String, _ sql: String) throws {
        let path = directory + "/script-\(UUID().uuidString).sql"
        try sql.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try PgBinaries.run(
            "\(bin)/psql", connection + ["-d", db, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", path],
            environment: ["LC_ALL": "C"])
        guard r.status == 0 else { throw Failure("psql -f failed: \(r.stderr)") }
    }

    /// Runs this server's pg_restore against database `db`.
    func pgRestore(_ db: String, _ args: [String]) throws -> PgBinaries.Result {
        try PgBinaries.run("\(bin)/pg_restore", connection + ["-d", db] + args, environment: ["LC_ALL": "C"])
    }
}

extension ThrowawayPostgres {
    /// The server a test class shares (kept in `slot`): started on first use, with `setupSQL` run
    /// once; the test is skipped when the PostgreSQL 15 server binaries are not installed.
    static func shared(in slot: inout ThrowawayPostgres?, setupSQL: String) throws -> ThrowawayPostgres {
        if let s = slot { return s }
        guard let bin = binaries() else {
            throw XCTSkip(
                "PostgreSQL 15 server binaries are not installed in /usr/lib/postgresql/15/bin (or $PG15_BIN)")
        }
        let s = try ThrowawayPostgres(bin: bin)
        try s.start()
        try s.psql("postgres", setupSQL)
        slot = s
        return s
    }
}
