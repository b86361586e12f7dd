import Foundation
import XCTest
@testable import PGDump

/// A JSON value as decoded, keeping booleans, integers and other numbers apart.
enum JSONValue: Decodable, Equatable {
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else if let u = try? c.decode(UInt64.self) {
            self = .integer(Int64(bitPattern: u))
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }
}

/// The shapes documented in docs/json.md (```json shape=NAME blocks), and a checker that
/// says where a document leaves its shape: a missing or undocumented key, or a wrong type.
struct JSONShapes {
    let shapes: [String: JSONValue]

    static func load() throws -> JSONShapes {
        let text = try String(contentsOf: FixtureCase.root.appendingPathComponent("docs/json.md"), encoding: .utf8)
        var shapes: [String: JSONValue] = [:]
        var current: String?
        var body = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let name = current {
                if line == "```" {
                    shapes[name] = try JSONValue.parse(Data(body.utf8))
                    current = nil
                } else {
                    body += line + "\n"
                }
            } else if line.hasPrefix("```json shape=") {
                current = String(line.dropFirst("```json shape=".count))
                body = ""
            }
        }
        return JSONShapes(shapes: shapes)
    }

    /// Problems found, each with its path ("tables[3].rows: expected integer, found string").
    static func problems(_ value: JSONValue, _ shape: JSONValue, path: String = "$") -> [String] {
        switch shape {
        case .string(let typeName):
            let type = typeName.hasSuffix("?") ? String(typeName.dropLast()) : typeName
            let ok: Bool
            switch (type, value) {
            case ("any", _), ("string", .string), ("integer", .integer), ("boolean", .bool),
                ("number", .integer), ("number", .number):
                ok = true
            default: ok = false
            }
            return ok ? [] : ["\(path): expected \(typeName), found \(value)"]
        case .array(let element):
            guard case .array(let items) = value else { return ["\(path): expected an array, found \(value)"] }
            guard let elementShape = element.first else { return [] }
            return items.enumerated().flatMap { problems($0.element, elementShape, path: "\(path)[\($0.offset)]") }
        case .object(let keys):
            guard case .object(let fields) = value else { return ["\(path): expected an object, found \(value)"] }
            if let any = keys["*"], keys.count == 1 {
                return fields.sorted { $0.key < $1.key }.flatMap { problems($0.value, any, path: "\(path).\($0.key)") }
            }
            // A key spelled `name?` may be absent, whatever its shape.
            var shapes: [String: JSONValue] = [:]
            var optionalKeys = Set<String>()
            for (k, s) in keys {
                if k.hasSuffix("?") {
                    shapes[String(k.dropLast())] = s
                    optionalKeys.insert(String(k.dropLast()))
                } else {
                    shapes[k] = s
                }
            }
            var found: [String] = []
            for (k, v) in fields.sorted(by: { $0.key < $1.key }) {
                guard let s = shapes[k] else {
                    found.append("\(path).\(k): not in the documented shape")
                    continue
                }
                found += problems(v, s, path: "\(path).\(k)")
            }
            for (k, s) in shapes where fields[k] == nil {
                if optionalKeys.contains(k) { continue }
                if case .string(let t) = s, t.hasSuffix("?") { continue }
                found.append("\(path).\(k): missing")
            }
            return found
        default:
            return ["\(path): the shape itself is not a type (\(shape))"]
        }
    }
}

/// Every reporting command's `--json` output, on real archives, against docs/json.md.
final class JSONShapeTests: XCTestCase {
    var shapes: JSONShapes!

    override func setUpWithError() throws {
        try requirePGDmpBinary()
        shapes = try JSONShapes.load()
    }

    /// Runs pgdmp, expects `code`, and checks its output against the shape named `shape`.
    func check(_ shape: String, _ args: [String], code: Int32 = 0, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let documented = try XCTUnwrap(
            shapes.shapes[shape], "docs/json.md has no `json shape=\(shape)` block", file: file, line: line)
        let (rc, out, err) = try runPGDmp(args)
        XCTAssertEqual(rc, code, "\(args): \(err)", file: file, line: line)
        let value = try JSONValue.parse(out)
        let problems = JSONShapes.problems(value, documented)
        XCTAssertEqual(problems, [], "pgdmp \(args.joined(separator: " "))", file: file, line: line)
        guard case .object(let o) = value else { return XCTFail("not an object", file: file, line: line) }
        XCTAssertEqual(o["formatVersion"], .integer(1), file: file, line: line)
    }

    func testTheCheckerCatchesWhatItShould() throws {
        let shape = try JSONValue.parse(
            Data(#"{"a": "integer", "b": "string?", "c": [{"d": "boolean"}], "m": {"*": "integer"}}"#.utf8))
        let good = try JSONValue.parse(Data(#"{"a": 1, "c": [{"d": true}], "m": {"x": 2}}"#.utf8))
        XCTAssertEqual(JSONShapes.problems(good, shape), [])
        let bad = try JSONValue.parse(Data(#"{"a": "1", "b": 3, "c": [{"d": 1, "e": 2}], "m": {"x": "y"}}"#.utf8))
        XCTAssertEqual(JSONShapes.problems(bad, shape).count, 5, "\(JSONShapes.problems(bad, shape))")
        let missing = try JSONValue.parse(Data(#"{"c": [], "m": {}}"#.utf8))
        XCTAssertEqual(JSONShapes.problems(missing, shape), ["$.a: missing"])
    }

    func testEveryReportingCommandMatchesItsDocumentedShape() throws {
        for name in ["pg15-custom-default", "pg17-dir-zstd", "pg18-tar"] {
            let a = FixtureCase.named(name).archivePath
            try check("info", ["info", "--json", a])
            try check("list", ["list", "--json", a])
            try check("list", ["list", "--json", "-v", "-t", "public.users", a])
            try check(
                "list-restore",
                ["list", "--json", "--exclude-data", "public.users", "--defer", "TABLE DATA:app.events", a])
            try check("rows", ["rows", "--json", "-q", a])
            try check("schema", ["schema", "--json", a])
            try check("order", ["order", "--json", a])
            try check("deps", ["deps", "--json", "--all", a, "TABLE:public.users"])
        }
        let fixtures = FixtureCase.root.appendingPathComponent("Fixtures")
        try check(
            "check",
            [
                "check", "--json", "-q", "--values-over", "1000", "--histogram",
                FixtureCase.named("pg15-custom-default").archivePath,
            ], code: 1)
        try check(
            "check", ["check", "--json", "-q", fixtures.appendingPathComponent("faults/mixed/archive.dump").path],
            code: 1)
        try check(
            "check",
            [
                "check", "--json", "-q", "--target-version", "11",
                fixtures.appendingPathComponent("faults/mixed/archive.dump").path,
            ], code: 1)
        let diff = FixtureCase.root.appendingPathComponent("Fixtures/diff")
        try check(
            "diff",
            [
                "diff", "--json", diff.appendingPathComponent("before.dump").path,
                diff.appendingPathComponent("after.dump").path,
            ], code: 1)
    }

    /// A damaged archive's report fills the optional fields (`error`, statuses other than ok).
    func testDamagedRowsReportMatchesItsShape() throws {
        let f = FixtureCase.named("pg15-custom-default")
        let b = try Data(contentsOf: URL(fileURLWithPath: f.archivePath))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("json-cut-\(getpid()).dump").path
        try b.prefix(b.count * 2 / 3).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        try check("rows", ["rows", "--json", "-q", path], code: 2)
    }

    /// `cat` is not a report: `--json` is an error that names `--format jsonl`.
    func testCatJSONPointsToJSONLines() throws {
        let (rc, _, err) = try runPGDmp([
            "cat", "--json", FixtureCase.named("pg15-custom-default").archivePath, "public.users",
        ])
        XCTAssertEqual(rc, 2)
        XCTAssertTrue(err.contains("--format jsonl"), err)
    }
}
