import Foundation
import XCTest
@testable import PGDump

/// `pgdmp check` against archives with failures planted on a real PostgreSQL 15 server
/// (Fixtures/generate-faults.sh) and what the real pg_restore said about them.
final class CheckTests: XCTestCase {
    static let faultsDir = FixtureCase.root.appendingPathComponent("Fixtures/faults")

    /// pglz sizes and index tuple sizes measured by the server (pageinspect on a real btree index).
    func testPGLZAndTupleSizesMatchServer() throws {
        let text = try String(contentsOf: Self.faultsDir.appendingPathComponent("pglz-sizes.tsv"), encoding: .utf8)
        var rows = 0, compressed = 0
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, 5)
            let value = Array(f[4].utf8)
            XCTAssertEqual(value.count, Int(f[0]))
            let spec = KeyColumnSpec(layout: .text)
            let datum = value.withUnsafeBytes { BtreeTupleSize.varlenaSize($0, spec: spec) }
            XCTAssertEqual(datum.size, Int(f[2]), "key datum size for sample of length \(value.count)")
            XCTAssertEqual(BtreeTupleSize.size([value], specs: [spec]), Int(f[1]), "tuple size, length \(value.count)")
            if f[3] == "pglz" {
                compressed += 1
                XCTAssertEqual(PGLZ.compressedSize(value).map { $0 + 8 }, Int(f[2]))
            }
            rows += 1
        }
        XCTAssertGreaterThan(rows, 40)
        XCTAssertGreaterThan(compressed, 15)
    }
}
