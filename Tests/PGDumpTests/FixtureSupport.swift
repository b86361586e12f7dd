import Foundation
import XCTest
@testable import PGDump

/// The committed fixtures: real pg_dump archives with the answers real pg_restore gave.
struct FixtureCase {
    let name: String
    let directory: URL
    let meta: [String: Any]

    var archivePath: String { directory.appendingPathComponent(meta["archive"] as! String).path }
    var major: Int { meta["major"] as! Int }
    var format: String { meta["format"] as! String }
    var isPipe: Bool { meta["pipe"] as! Bool }
    var dataMode: String { meta["data_mode"] as? String ?? "copy" }

    /// A stored file as text, decoded like archive strings (so non-UTF-8 bytes compare exactly).
    func text(_ file: String) -> String? {
        bytes(file).map(ArchiveText.decode)
    }

    func bytes(_ file: String) -> [UInt8]? {
        (try? Data(contentsOf: directory.appendingPathComponent(file))).map { [UInt8]($0) }
    }

    /// Lines of a TSV file, split on tabs.
    func tsv(_ file: String) -> [[String]] {
        guard let t = text(file) else { return [] }
        return t.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { break }
        }
        return url
    }()

    static let all: [FixtureCase] = {
        let casesDir = root.appendingPathComponent("Fixtures/cases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDir.path)) ?? []
        return names.sorted().compactMap { name in
            let dir = casesDir.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: dir.appendingPathComponent("meta.json")),
                let meta = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return FixtureCase(name: name, directory: dir, meta: meta)
        }
    }()

    static func named(_ name: String) -> FixtureCase { all.first { $0.name == name }! }
}

/// Sets the process time zone (pg_restore -l prints the creation time in the reader's zone).
func setTimeZone(_ tz: String) {
    setenv("TZ", tz, 1)
    tzset()
}

/// Path of the built command-line tool, for end-to-end tests: `PGDMP_BIN` if set, else the
/// `pgdmp` SwiftPM built next to this test bundle (the same products directory, whatever the
/// configuration or scratch path; the test target depends on the tool, so it is always built).
let pgdmpBinary: String = {
    if let given = ProcessInfo.processInfo.environment["PGDMP_BIN"], !given.isEmpty { return given }
    let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return bundle.deletingLastPathComponent().appendingPathComponent("pgdmp").path
}()

/// The tool is missing where the build should have put it: a failure, not a skip, so a test
/// run can never pass without exercising the command line.
struct MissingPGDmpBinary: Error, CustomStringConvertible {
    var path: String
    var description: String { "pgdmp is not at \(path): build it (swift build) or set PGDMP_BIN" }
}

/// Throws (failing the calling test) when the built tool is not there.
func requirePGDmpBinary() throws {
    guard FileManager.default.isExecutableFile(atPath: pgdmpBinary) else { throw MissingPGDmpBinary(path: pgdmpBinary) }
}

/// Runs the CLI with optional stdin; returns exit code, stdout, stderr.
func runPGDmp(_ args: [String], stdinFile: String? = nil, executable: String = pgdmpBinary) throws -> (
    Int32, Data, String
) {
    if executable == pgdmpBinary { try requirePGDmpBinary() }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    if let stdinFile { p.standardInput = FileHandle(forReadingAtPath: stdinFile) }
    try p.run()
    // Standard output is read on another thread (both pipes drain at once); the group orders the access.
    final class Box: @unchecked Sendable { var data = Data() }
    let outData = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        outData.data = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return (p.terminationStatus, outData.data, String(decoding: errData, as: UTF8.self))
}

/// The exhaustive cut and flip sweeps: every case under `make sweep` (PGDMP_SWEEP=1), an
/// evenly spread quarter of them under `make test`, so the everyday loop stays short while CI
/// still runs them all.
enum Sweep {
    static let isFull = ProcessInfo.processInfo.environment["PGDMP_SWEEP"] == "1"
    /// Every n-th case is run outside a full sweep.
    static let every = isFull ? 1 : 4

    /// The cases to run: all of them in a full sweep, else every `every`-th (first one included).
    static func sample<S: Sequence>(_ cases: S) -> [S.Element] {
        cases.enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }

    /// A minimum count asserted for a full sweep, scaled to the sample.
    static func atLeast(_ full: Int) -> Int { full / every }
}
