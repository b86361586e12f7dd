import Foundation
import XCTest
@testable import PGDump

/// Name-based access to the fixture cases, over `FixtureCase` (FixtureSupport.swift), so there
/// is one way to find and decode fixture files.
enum Fixtures {
    static var caseNames: [String] { FixtureCase.all.map(\.name) }

    static func directory(_ name: String) -> URL { FixtureCase.named(name).directory }

    /// The archive path of a case (file or directory), from meta.json.
    static func archivePath(_ name: String) throws -> String { FixtureCase.named(name).archivePath }

    static func meta(_ name: String) throws -> [String: Any] { FixtureCase.named(name).meta }

    /// A stored file, decoded like archive strings (non-UTF-8 bytes compare exactly).
    static func text(_ name: String, _ file: String) throws -> String {
        guard let text = FixtureCase.named(name).text(file) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: file])
        }
        return text
    }

    static func open(_ name: String) throws -> Archive {
        try Archive.open(path: try archivePath(name))
    }

    /// pg_restore prints times in the reader's zone; the fixtures were captured with TZ=UTC.
    static func useUTC() { setTimeZone("UTC") }
}

/// Facts read from a fixture's `pg_restore -l -v` output (list-verbose.txt).
struct VerboseListing {
    struct Line {
        var dumpId: Int32
        /// The rest of the entry line after `id; ` (`tableoid oid desc schema tag owner`).
        var text: String
        var dependencies: [Int32]
    }
    var lines: [Line] = []

    init(_ text: String) {
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix(";\tdepends on:") {
                let ids = line.dropFirst(";\tdepends on:".count).split(separator: " ").compactMap { Int32($0) }
                lines[lines.count - 1].dependencies = ids
            } else if !line.hasPrefix(";"), let semi = line.firstIndex(of: ";"), let id = Int32(line[..<semi]) {
                lines.append(Line(dumpId: id, text: String(line[line.index(semi, offsetBy: 2)...]), dependencies: []))
            }
        }
    }

    static func of(_ name: String) throws -> VerboseListing {
        VerboseListing(try Fixtures.text(name, "list-verbose.txt"))
    }

    /// Dump ids of the entry lines of a plain listing (list.txt), in order.
    static func ids(inListing text: String) -> [Int32] {
        text.split(separator: "\n").compactMap { line -> Int32? in
            guard !line.hasPrefix(";"), let semi = line.firstIndex(of: ";") else { return nil }
            return Int32(line[..<semi])
        }
    }
}
