import Foundation
import XCTest
@testable import PGDump

/// The report decompresses the data once: the check's scan carries verify's content checks, and
/// verify takes its clean readings as its own (`ContentVerdicts`). The verify part of a report
/// must be exactly what `verify` alone reports: on every fixture, and on damaged copies where the
/// check's reading fails or never happens.
final class ReportSharedScanTests: XCTestCase {
    static let root = FixtureCase.root.appendingPathComponent("Fixtures").path

    /// `verify --all` alone, and again with the verdicts of a check run on the same archive.
    private func bothWays(_ path: String, workers: Int) throws -> (alone: String, shared: String, verdicts: Int) {
        let alone = ArchiveVerifier(archive: try Archive.open(path: path), all: true, workers: workers).run()
        let verdicts = ContentVerdicts()
        var options = CheckOptions()
        options.workers = workers
        _ = RestoreCheck.run(try Archive.open(path: path), options: options, progress: nil, verdicts: verdicts)
        var verifier = ArchiveVerifier(archive: try Archive.open(path: path), all: true, workers: workers)
        verifier.knownContent = verdicts
        let shared = verifier.run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (
            String(decoding: try encoder.encode(alone), as: UTF8.self),
            String(decoding: try encoder.encode(shared), as: UTF8.self), verdicts.count
        )
    }

    func testEveryFixtureVerifiesTheSame() throws {
        var paths = try Fixtures.caseNames.map { try Fixtures.archivePath($0) }
        paths += ["faults/clean", "faults/mixed", "faults/partial", "prediction/target-gaps"].map {
            Self.root + "/" + $0 + "/archive.dump"
        }
        paths.append(Self.root + "/hostile/archive.dump")
        var verdicts = 0
        for path in paths {
            let r = try bothWays(path, workers: 2)
            XCTAssertEqual(r.shared, r.alone, path)
            verdicts += r.verdicts
        }
        // The tables the checks read were taken from the check's scan (else this proves nothing).
        XCTAssertGreaterThan(verdicts, 50)
    }

    /// Damaged copies of a custom archive and a directory archive: bytes flipped across the data and
    /// the files cut short. Damage inside a table the check reads gives no verdict, so verify reads
    /// that table itself and names the damage exactly as it does alone.
    func testDamagedCopiesVerifyTheSame() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pgdmp-shared-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let source = Self.root + "/faults/mixed/archive.dump"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let archive = try Archive.open(path: source)
        let dataStart = Int(archive.tocEndOffset)
        var damaged = 0
        var sawVerdictMissing = false
        let whole = try bothWays(source, workers: 2).verdicts
        for k in 1...12 {
            var copy = bytes
            let at = dataStart + (bytes.count - dataStart) * k / 13
            copy[at] ^= 0x5A
            let flipped = tmp.appendingPathComponent("flip-\(k).dump").path
            try copy.write(to: URL(fileURLWithPath: flipped))
            let cut = tmp.appendingPathComponent("cut-\(k).dump").path
            try bytes.prefix(at).write(to: URL(fileURLWithPath: cut))
            for path in [flipped, cut] {
                for workers in [1, 2] {
                    let r = try bothWays(path, workers: workers)
                    XCTAssertEqual(r.shared, r.alone, "\(path), \(workers) worker(s)")
                    if r.alone.contains("\"damaged\"") { damaged += 1 }
                }
            }
            // Fewer clean verdicts than on the whole file: the damage hit a table the check reads.
            if try bothWays(flipped, workers: 2).verdicts < whole { sawVerdictMissing = true }
        }
        XCTAssertGreaterThan(damaged, 10)
        XCTAssertTrue(sawVerdictMissing, "no flip landed in a table the check reads")
    }
}
