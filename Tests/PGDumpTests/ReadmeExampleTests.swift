import Foundation
import XCTest
import PGDump

/// The README's library example, as written there (only the archive path differs): it must
/// compile against the public API and give the fixture's counts.
final class ReadmeExampleTests: XCTestCase {
    func testLibraryExampleFromTheReadme() throws {
        let path = FixtureCase.named("pg15-custom-default").archivePath
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        var rowsSeen = 0

        let archive = try Archive.open(path: path)      // custom, directory, tar, or "-"
        let report = RowCountReport.make(archive)                   // exact counts, read on all cores
        for table in report.tables where table.status == .ok {
            print(table.schema ?? "-", table.name, table.rows ?? 0)
        }
        let users = try TableResolver.resolve("public.users", in: archive)  // the CLI's name syntax
        let lines = CopyLineReader(data: try archive.openData(users))
        while let line = try lines.nextLine() {                     // one COPY text row, without its newline
            _ = line.count
            rowsSeen += 1
        }

        let counts = FixtureCase.named("pg15-custom-default").tsv("counts.tsv")
        XCTAssertTrue(printed.contains("public users \(counts.first { $0[0] == "public" && $0[1] == "users" }![2])"), "\(printed)")
        XCTAssertEqual(String(rowsSeen), counts.first { $0[0] == "public" && $0[1] == "users" }![2])
    }
}
