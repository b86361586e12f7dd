import Foundation
import XCTest
@testable import PGDump

/// The fixture cases under `Fixtures/cases`: real archives next to real pg_restore output.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cases")

    static var caseNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func directory(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// The archive path of a case (file or directory), from meta.json.
    static func archivePath(_ name: String) throws -> String {
        let meta = try self.meta(name)
        return directory(name).appendingPathComponent(meta["archive"] as! String).path
    }

    static func meta(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory(name).appendingPathComponent("meta.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func text(_ name: String, _ file: String) throws -> String {
        String(decoding: try Data(contentsOf: directory(name).appendingPathComponent(file)), as: UTF8.self)
    }

    static func open(_ name: String) throws -> Archive {
        try Archive.open(path: try archivePath(name))
    }

    /// pg_restore prints times in the reader's zone; the fixtures were captured with TZ=UTC.
    static func useUTC() {
        setenv("TZ", "UTC", 1)
        tzset()
    }
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

    static func of(_ name: String) throws -> VerboseListing { VerboseListing(try Fixtures.text(name, "list-verbose.txt")) }

    /// Dump ids of the entry lines of a plain listing (list.txt), in order.
    static func ids(inListing text: String) -> [Int32] {
        text.split(separator: "\n").compactMap { line -> Int32? in
            guard !line.hasPrefix(";"), let semi = line.firstIndex(of: ";") else { return nil }
            return Int32(line[..<semi])
        }
    }
}
