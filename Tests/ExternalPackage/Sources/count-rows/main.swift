// Opens the archive given as argument and prints "N entries, M rows": the TOC's entry count and
// the exact rows of all table data, as `pgdmp info` and `pgdmp rows` count them.
import PGDump

#if canImport(Glibc)
import Glibc
#endif

guard CommandLine.arguments.count == 2 else {
    fputs("usage: count-rows ARCHIVE\n", stderr)
    exit(2)
}
do {
    let archive = try Archive.open(path: CommandLine.arguments[1])
    let counts = RowCountReport.make(archive)
    guard counts.complete else {
        fputs("count-rows: the counts are not exact: some data could not be read\n", stderr)
        exit(1)
    }
    print("\(archive.entries.count) entries, \(counts.totalRows) rows")
} catch let error as PGDumpError {
    fputs("count-rows: \(error)\n", stderr)
    exit(2)
} catch {
    fputs("count-rows: \(error)\n", stderr)
    exit(2)
}
