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
        subcommands: [
            InfoCommand.self, ListCommand.self, RowsCommand.self, CatCommand.self, CheckCommand.self,
            VerifyCommand.self, ReportCommand.self, DiffCommand.self, SchemaCommand.self, OrderCommand.self,
            DepsCommand.self,
            CompareCommand.self,
            InflateBenchCommand.self,
        ]
    )

    /// Like ArgumentParser's main, but usage errors exit 2 (not 64), so pgdmp's exit codes
    /// are exactly: 0 success, 1 findings, 2 error (and `check`'s 3, not fully checked). A mistyped
    /// command is named with the nearest real one, and an error found while a command runs shows that
    /// command's usage.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-V"] {
            print(configuration.version)
            return
        }
        if let message = unknownCommandMessage(arguments) {
            Output.writeStandardError("pgdmp: \(message)\n")
            Platform.exit(2)
        }
        var parsed: ParsableCommand?
        do {
            var command = try parseAsRoot()
            parsed = command
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 || code.rawValue == 2 || code.rawValue == 3 {
                exit(withError: error)
            }
            var text = fullMessage(for: error)
            if let parsed, !(parsed is PGDmp), error is ValidationError {
                // Thrown by run(), after parsing: ArgumentParser would show the top-level usage.
                let sub = type(of: parsed)
                let name = sub.configuration.commandName ?? ""
                text =
                    "Error: \(message(for: error))\nUsage: " + usageString(for: sub)
                    + "\n  See 'pgdmp help \(name)' for more information."
            }
            if !text.isEmpty { Output.writeStandardError(text + "\n") }
            Platform.exit(2)
        }
    }

    /// "unknown command 'lsit'; did you mean 'list'?" for `pgdmp lsit …` and `pgdmp help lsit`.
    static func unknownCommandMessage(_ arguments: [String]) -> String? {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        var typed = first
        if first == "help" {
            guard arguments.count > 1, !arguments[1].hasPrefix("-") else { return nil }
            typed = arguments[1]
        }
        if names.contains(typed) || (typed == "help" && first != "help") { return nil }
        let near = NearNames.near(typed, in: names.filter { $0 != "inflate-bench" }, limit: 1)
        return "unknown command '\(typed)'" + (near.first.map { "; did you mean '\($0)'?" } ?? "")
            + "\npgdmp: commands: \(names.filter { $0 != "inflate-bench" }.joined(separator: ", ")) (pgdmp help COMMAND explains one)"
    }
}
