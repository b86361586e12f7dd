/// One command a serial pg_restore sends to the server (one `PQexec`), attributed to the TOC
/// entry it belongs to. `SchemaScript` produces them in restore order with the same text it
/// prints, so a predicted error's statement is what pg_restore prints after "Command was:".
package struct RestoreCommand: Sendable {
    package enum Kind: Sendable {
        /// `_doSetFixedOutputState`: the settings of a new session.
        case session
        /// `SET search_path` / `default_tablespace` / `default_table_access_method` before an entry.
        case setting
        /// An entry's stored definition (or the commands pg_restore builds for it).
        case definition
        /// `ALTER … OWNER TO` after a definition.
        case owner
        /// A data entry's load: the COPY statement, or empty for INSERT-mode and large-object data.
        case dataLoad
        /// A `STATISTICS DATA` entry's statements.
        case statistics
    }
    /// The entry; nil for the session set-up.
    package var entry: TOCEntry?
    package var kind: Kind
    /// The command without its trailing newlines.
    package var text: String
}
