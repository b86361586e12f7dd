/// How a user names a TOC entry on the command line: a dump id (`3335`), or a type and a
/// name (`INDEX:public.users_email_idx`, `INDEX:users_email_idx`, `TABLE DATA:app.events`).
///
/// The type is the entry's desc (case does not matter). The name is compared exactly with the
/// tag, or with `schema.tag`. Tags of constraints, triggers, rules, policies and defaults are
/// `<table> <name>`; for those the bare name (optionally schema-qualified) also matches when
/// nothing matches the whole tag.
package struct EntryReference: Sendable, Hashable, CustomStringConvertible {
    package var dumpId: Int32?
    package var desc: String?
    package var name: String?
    package let text: String

    package init(_ text: String) throws {
        self.text = text
        let trimmed = text.trimmingSpaces()
        if let id = Int32(trimmed), id > 0 {
            dumpId = id
            return
        }
        guard let colon = text.firstIndex(of: ":") else {
            throw PGDumpError(
                .usage, "cannot read entry \"\(text)\": give a dump id or TYPE:NAME, e.g. INDEX:public.users_email_idx")
        }
        let type = text[..<colon].trimmingSpaces().uppercased()
        let name = String(text[text.index(after: colon)...])
        guard !type.isEmpty, !name.isEmpty else {
            throw PGDumpError(.usage, "cannot read entry \"\(text)\": both TYPE and NAME are needed in TYPE:NAME")
        }
        desc = type
        self.name = name
    }

    /// `TYPE:NAME` for a table's data entry (`--exclude-data users`).
    package static func tableData(_ table: String) -> EntryReference {
        // A table name never makes the TYPE:NAME form invalid, so this cannot fail.
        try! EntryReference("TABLE DATA:" + table)
    }

    package var description: String { text }

    /// Every entry this reference names.
    package func matches(in entries: [TOCEntry]) -> [TOCEntry] {
        if let dumpId { return entries.filter { $0.dumpId == dumpId } }
        guard let desc, let name else { return [] }
        // pg_dump's types are upper case already: compare as is first (no string built per entry).
        let ofType = entries.filter {
            $0.desc == desc || ($0.desc.utf8.contains { $0 >= 0x61 } && $0.desc.uppercased() == desc)
        }
        let exact = ofType.filter { e in
            let tag = e.tag ?? ""
            if tag == name { return true }
            if let ns = e.namespace, !ns.isEmpty, name == ns + "." + tag { return true }
            return false
        }
        if !exact.isEmpty { return exact }
        return ofType.filter { e in
            guard let tag = e.tag, tag.contains(" ") else { return false }
            if tag.hasSuffix(" " + name) { return true }
            if let ns = e.namespace, !ns.isEmpty, name.hasPrefix(ns + ".") {
                return tag.hasSuffix(" " + name.dropFirst(ns.count + 1))
            }
            return false
        }
    }

    /// The one entry this reference names; throws if it names none or several.
    package func resolve(in archive: Archive) throws -> TOCEntry {
        let found = matches(in: archive.entries)
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            var message = "no entry \(text) in the archive"
            if let desc, !archive.entries.contains(where: { $0.desc == desc || $0.desc.uppercased() == desc }) {
                let types = Set(archive.entries.map(\.desc)).sorted().joined(separator: ", ")
                message += " (no entries of type \(desc); types here: \(types))"
            }
            throw PGDumpError(.notFound, message, file: archive.path)
        }
        let names = found.map { "\($0.dumpId) (\($0.desc) \($0.qualifiedName))" }.joined(separator: ", ")
        throw PGDumpError(
            .usage,
            "\(text) is ambiguous: it names \(found.count) entries: \(names); use a dump id or TYPE:schema.name",
            file: archive.path)
    }
}

private extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
