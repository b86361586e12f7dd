import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import PGDump

/// Guards against quadratic paths over the TOC (issue 19: `diff A A`, `check` and `list
/// --defer` once grew with the square of the entries). Each analysis runs on a synthetic
/// archive and on one with four times the entries; linear or n·log n work takes about 4×
/// (4.6× for n·log n at this size), a quadratic path 16×. The bound, 6×, leaves room for a
/// shared, noisy machine; each side is the best of two runs.
final class ScaleComplexityTests: XCTestCase {
    static let baseTables = 500
    private static var archives: [Int: Archive] = [:]
    private static var archiveBytes: [String: [UInt8]] = [:]

    private func archive(tables: Int) throws -> Archive {
        if let a = Self.archives[tables] { return a }
        let bytes = SyntheticArchiveWriter(tables: tables).bytes()
        let a = try Archive.open(source: MemoryByteSource(bytes, name: "synthetic-\(tables).dump"))
        Self.archives[tables] = a
        Self.archiveBytes[a.path] = bytes
        return a
    }

    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<2 {
            var t0 = timespec()
            var t1 = timespec()
            clock_gettime(CLOCK_MONOTONIC, &t0)
            try body()
            clock_gettime(CLOCK_MONOTONIC, &t1)
            best = min(best, Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) / 1e9)
        }
        return best
    }

    /// `work` on the 1× and the 4× archive: the 4× time stays within 6× the 1× time.
    private func assertScalesLinearly(
        _ name: String, file: StaticString = #filePath, line: UInt = #line,
        _ work: (Archive) throws -> Void
    ) throws {
        let small = try archive(tables: Self.baseTables)
        let large = try archive(tables: 4 * Self.baseTables)
        try work(small)  // warm up (lazy statics, allocator)
        let t1 = try seconds { try work(small) }
        let t4 = try seconds { try work(large) }
        let ratio = t4 / max(t1, 1e-6)
        print(
            "complexity \(name): \(small.entries.count) entries \(String(format: "%.4f", t1)) s, "
                + "\(large.entries.count) entries \(String(format: "%.4f", t4)) s, ratio \(String(format: "%.1f", ratio))"
        )
        XCTAssertLessThanOrEqual(
            ratio, 6.0, "\(name): 4× the entries took \(ratio)× the time (quadratic?)",
            file: file, line: line)
    }

    func testTheSyntheticArchiveReadsLikeATOC() throws {
        let a = try archive(tables: 20)
        XCTAssertEqual(a.entries.filter { $0.desc == "TABLE" }.count, 20)
        XCTAssertEqual(a.entries.filter { $0.desc == "ACL" }.count, 20)
        let rows = RowCountReport.make(a, workers: 1)
        XCTAssertTrue(rows.complete)
        XCTAssertEqual(rows.totalRows, 60)
    }

    func testReadingTheTOC() throws {
        try assertScalesLinearly("open") { a in
            _ = try Archive.open(source: MemoryByteSource(Self.archiveBytes[a.path]!, name: a.path))
        }
    }

    func testListingOrderAndSchema() throws {
        try assertScalesLinearly("list") { a in _ = TOCListing(archive: a).render() }
        try assertScalesLinearly("order") { a in _ = RestoreOrder(archive: a) }
        try assertScalesLinearly("schema") { a in _ = try SchemaScript(archive: a, restrictKey: "k").render() }
    }

    func testDependenciesAndReferences() throws {
        try assertScalesLinearly("deps") { a in
            for _ in 0..<5 {  // enough work to time: one graph takes milliseconds
                let g = DependencyGraph(archive: a)
                for e in a.entries.prefix(50) {
                    _ = g.allDependents(of: e.dumpId)
                    _ = g.allDependencies(of: e.dumpId)
                }
            }
        }
        try assertScalesLinearly("entry reference") { a in
            for i in 1...20 {  // enough work to time: one lookup takes milliseconds
                _ = try EntryReference("INDEX:public.t\(i)_v_idx").resolve(in: a)
                _ = try EntryReference("TABLE DATA:t\(i)").resolve(in: a)
            }
        }
    }

    func testRestoreListExcludeAndDefer() throws {
        try assertScalesLinearly("list --exclude --defer") { a in
            var w = RestoreListWriter(archive: a)
            w.exclude = [try EntryReference("INDEX:public.t2_v_idx")]
            w.deferred = [try EntryReference("TABLE:public.t1")]
            _ = try w.write()
        }
    }

    func testDiffAndRows() throws {
        try assertScalesLinearly("diff A A") { a in _ = ArchiveDiff.make(a, a, workers: 2) }
        try assertScalesLinearly("rows") { a in _ = RowCountReport.make(a, workers: 2) }
    }
}
