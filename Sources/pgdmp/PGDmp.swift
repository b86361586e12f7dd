#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PGDump

@main
struct PGDmp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pgdmp",
        abstract: "Look inside PostgreSQL pg_dump archives without a server.",
        discussion: """
            Reads custom (-Fc), directory (-Fd) and tar (-Ft) archives of versions 1.10 to 1.16 (pg_dump 8.3 to 18), compressed with gzip, lz4, zstd or not at all. Use - to read standard input. pgdmp never writes to an archive.

            Exit status: 0 success, 1 findings (check, verify, diff), 2 error.
            """,
        version: "0.1.0",
        subcommands: [InfoCommand.self, ListCommand.self, RowsCommand.self, CatCommand.self, CheckCommand.self,
                      VerifyCommand.self, ReportCommand.self, DiffCommand.self, SchemaCommand.self, OrderCommand.self, DepsCommand.self,
                      CompareCommand.self,
                      InflateBenchCommand.self]
    )

    /// Like ArgumentParser's main, but usage errors exit 2 (not 64), so pgdmp's exit codes
    /// are exactly: 0 success, 1 findings, 2 error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 || code.rawValue == 2 {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { fputs(message + "\n", stderr) }
            Glibc.exit(2)
        }
    }
}
