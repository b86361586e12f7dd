import ArgumentParser
import PGDump

@main
struct PGDmp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pgdmp",
        abstract: "Look inside PostgreSQL pg_dump archives without a server.",
        discussion: """
            Reads custom (-Fc), directory (-Fd) and tar (-Ft) archives of versions 1.10 to 1.16
            (pg_dump 8.3 to 18). pgdmp never writes to an archive. Use - for standard input.
            Exit status: 0 success, 1 findings (check, verify, diff), 2 error.
            """,
        version: "0.1.0",
        subcommands: [InfoCommand.self, ListCommand.self, SchemaCommand.self, OrderCommand.self, DepsCommand.self]
    )
}
