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
