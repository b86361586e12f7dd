import Foundation
import XCTest

/// The real pg_restore/PostgreSQL binaries of each major, where this machine has them
/// (the fixture generator's locations: PG15_BIN or /usr/lib/postgresql/15/bin, and
/// PGDMP_CACHE or ~/.cache/pgdmp, `pg/<major>/bin` for 16–18).
enum PgBinaries {
    static func directory(major: Int) -> String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let d = env["PG\(major)_BIN"] { candidates.append(d) }
        candidates.append("/usr/lib/postgresql/\(major)/bin")
        let cache = env["PGDMP_CACHE"] ?? (NSHomeDirectory() + "/.cache/pgdmp")
        candidates.append("\(cache)/pg/\(major)/bin")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/pg_restore") }
    }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `program` with `arguments`, an optional working directory and extra environment.
    @discardableResult
    static func run(
        _ program: String, _ arguments: [String], cwd: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block.
        let errBox = DataBox()
        let errThread = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errThread.isFinished { usleep(1000) }
        return Result(
            status: p.terminationStatus, stdout: outData, stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Runs the pg_restore of `major` (with its own lib directory on the library path).
    static func pgRestore(major: Int, _ arguments: [String], cwd: String) throws -> Result? {
        guard let dir = directory(major: major) else { return nil }
        return try run(
            dir + "/pg_restore", arguments, cwd: cwd,
            environment: ["LC_ALL": "C", "TZ": "UTC", "LD_LIBRARY_PATH": dir + "/../lib"])
    }
}

/// Bytes handed from the stderr reader thread to the caller (read only after the thread ends).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
