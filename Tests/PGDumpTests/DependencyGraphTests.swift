import XCTest
@testable import PGDump

/// Dependencies checked against what `pg_restore -l -v` printed for every fixture.
final class DependencyGraphTests: XCTestCase {
    func testDirectDependenciesAndDependentsMatchPgRestoreVerboseListing() throws {
        for name in Fixtures.caseNames {
            let archive = try Fixtures.open(name)
            let facts = try VerboseListing.of(name)
            XCTAssertEqual(facts.lines.count, archive.entries.count, name)
            let graph = DependencyGraph(archive: archive)
            let present = Set(facts.lines.map(\.dumpId))
            var expectedDependents: [Int32: Set<Int32>] = [:]
            for line in facts.lines {
                XCTAssertEqual(
                    archive.entry(dumpId: line.dumpId)?.dependencies, line.dependencies, "\(name) \(line.dumpId)")
                var seen = Set<Int32>()
                let unique = line.dependencies.filter { present.contains($0) && seen.insert($0).inserted }
                XCTAssertEqual(graph.dependencies(of: line.dumpId).map(\.dumpId), unique, "\(name) \(line.dumpId)")
                XCTAssertEqual(
                    graph.missingDependencies(of: line.dumpId), line.dependencies.filter { !present.contains($0) })
                for d in unique { expectedDependents[d, default: []].insert(line.dumpId) }
            }
            for line in facts.lines {
                XCTAssertEqual(
                    Set(graph.dependents(of: line.dumpId).map(\.dumpId)), expectedDependents[line.dumpId] ?? [],
                    "\(name) dependents of \(line.dumpId)")
            }
        }
    }

    func testTransitiveClosureMatchesAFixpointOverTheListing() throws {
        for name in ["pg15-custom-default", "pg17-dir-gzip", "pg18-custom-stats"] {
            let archive = try Fixtures.open(name)
            let facts = try VerboseListing.of(name)
            var deps: [Int32: Set<Int32>] = [:]
            let present = Set(facts.lines.map(\.dumpId))
            for l in facts.lines { deps[l.dumpId] = Set(l.dependencies.filter(present.contains)) }
            let graph = DependencyGraph(archive: archive)
            for l in facts.lines {
                // Independent computation: grow the set until nothing changes.
                var closure = deps[l.dumpId] ?? []
                var changed = true
                while changed {
                    let grown = closure.union(closure.flatMap { deps[$0] ?? [] })
                    changed = grown != closure
                    closure = grown
                }
                closure.remove(l.dumpId)
                let links = graph.allDependencies(of: l.dumpId)
                XCTAssertEqual(Set(links.map(\.entry.dumpId)), closure, "\(name) \(l.dumpId)")
                XCTAssertEqual(
                    links.filter { $0.depth == 1 }.map(\.entry.dumpId).sorted(), Array(deps[l.dumpId] ?? []).sorted())
                XCTAssertEqual(links.map(\.depth), links.map(\.depth).sorted(), "nearest first")
                let reverse = Set(graph.allDependents(of: l.dumpId).map(\.entry.dumpId))
                XCTAssertEqual(
                    reverse,
                    Set(
                        facts.lines.filter { other in
                            other.dumpId != l.dumpId
                                && graph.allDependencies(of: other.dumpId).contains { $0.entry.dumpId == l.dumpId }
                        }.map(\.dumpId)), "\(name) dependents of \(l.dumpId)")
            }
        }
    }

    func testEntryReferences() throws {
        let archive = try Fixtures.open("pg15-custom-default")
        let facts = try VerboseListing.of("pg15-custom-default")
        func idOf(_ suffix: String) -> Int32 { facts.lines.first { $0.text.contains(suffix) }!.dumpId }
        let index = idOf(" INDEX public users_email_idx ")
        XCTAssertEqual(try EntryReference("INDEX:users_email_idx").resolve(in: archive).dumpId, index)
        XCTAssertEqual(try EntryReference("index:public.users_email_idx").resolve(in: archive).dumpId, index)
        XCTAssertEqual(try EntryReference(String(index)).resolve(in: archive).dumpId, index)
        XCTAssertEqual(
            try EntryReference("CONSTRAINT:users_pkey").resolve(in: archive).dumpId,
            idOf(" CONSTRAINT public users users_pkey "))
        XCTAssertEqual(
            try EntryReference("CONSTRAINT:public.users users_pkey").resolve(in: archive).dumpId,
            idOf(" CONSTRAINT public users users_pkey "))
        XCTAssertEqual(
            try EntryReference("TABLE DATA:app.events").resolve(in: archive).dumpId,
            idOf(" TABLE DATA app events "))
        XCTAssertThrowsError(try EntryReference("TABLE:users").resolve(in: archive)) { error in
            XCTAssertEqual((error as? PGDumpError)?.kind, .usage)
            XCTAssertTrue("\(error)".contains("ambiguous"))
        }
        XCTAssertThrowsError(try EntryReference("INDEX:nope").resolve(in: archive)) { error in
            XCTAssertEqual((error as? PGDumpError)?.kind, .notFound)
        }
        XCTAssertThrowsError(try EntryReference("WIDGET:x").resolve(in: archive)) { error in
            XCTAssertTrue("\(error)".contains("no entries of type WIDGET"))
        }
        XCTAssertThrowsError(try EntryReference("users_email_idx"))
    }
}
