/// Writes the archive summary exactly as `pg_restore -l` does, so the output can be
/// edited and handed back to `pg_restore -L`. The reference is PostgreSQL 15's
/// pg_restore for archives up to 1.14 and the writing major's for 1.15/1.16; the only
/// difference between them is the Compression line (a level before 16, a name after).
public struct TOCListing {
    /// The archive to list.
    public var archive: Archive
    /// pg_restore's selection options: only selected entries are listed.
    public var selection: RestoreSelection
    /// `-v`: list every entry, including ENCODING/STDSTRINGS/SEARCHPATH, with dependency lines.
    public var verbose: Bool
    /// An extra filter on entry types (`pgdmp list --type`), applied on top of pg_restore's selection.
    public var types: Set<String>
    /// `-L`: only the file's entries, in the file's order (what `pg_restore -l -L FILE` prints).
    public var list: RestoreListFile?

    /// A listing of `archive`; see the properties for the parameters.
    public init(
        archive: Archive, selection: RestoreSelection = RestoreSelection(), verbose: Bool = false,
        types: Set<String> = [], list: RestoreListFile? = nil
    ) {
        self.archive = archive
        self.selection = selection
        self.verbose = verbose
        self.types = types
        self.list = list
    }

    /// The TOC as pg_restore walks it (reordered by a `-L` file) and what each entry requires,
    /// index for index. (Kept as two arrays and visited by index: pairing them copied every entry.)
    private func walk() -> (entries: [TOCEntry], requirements: [RestoreSelection.Requirement]) {
        var selection = self.selection
        var entries = archive.entries
        if let list {
            entries = list.reorderedEntries(entries)
            selection.wantedIds = Set(list.ids)
        }
        return (entries, selection.requirements(for: entries))
    }

    /// The header block, ending with `; Selected TOC Entries:`.
    public func headerLines() -> [String] {
        let h = archive.header
        var lines = [";", "; Archive created at \(h.creationTime.listingStamp)"]
        lines.append(";     dbname: \(Self.sanitize(h.databaseName))")
        lines.append(";     TOC Entries: \(archive.entries.count)")
        let compression: String
        if let level = h.compression.level, !h.version.isAtLeast(1, 15) {
            compression = String(level)
        } else {
            compression = h.compression.algorithm.rawValue
        }
        lines.append(";     Compression: \(compression)")
        lines.append(";     Dump Version: \(h.version)")
        lines.append(";     Format: \(archive.format.listingName)")
        lines.append(";     Integer: \(h.intSize) bytes")
        lines.append(";     Offset: \(h.offSize) bytes")
        if let v = h.serverVersion { lines.append(";     Dumped from database version: \(v)") }
        if let v = h.pgDumpVersion { lines.append(";     Dumped by pg_dump version: \(v)") }
        lines += [";", ";", "; Selected TOC Entries:", ";"]
        return lines
    }

    /// One line per selected entry: `dumpId; tableoid oid desc schema tag owner`.
    public static func entryLine(_ e: TOCEntry) -> String {
        var line = ""
        appendEntryLine(e, to: &line)
        return line
    }

    /// `entryLine(e)` appended to `out`, without building the line on its own.
    static func appendEntryLine(_ e: TOCEntry, to out: inout String) {
        out += String(e.dumpId)
        out += "; "
        out += String(e.tableOID)
        out += " "
        out += String(e.oid)
        out += " "
        out += e.desc
        out += " "
        out += e.namespace.map { sanitize($0) } ?? "-"
        out += " "
        out += sanitize(e.tag)
        out += " "
        out += sanitize(e.owner)
    }

    /// The entries that the listing shows, in order.
    public func selectedEntries() -> [TOCEntry] {
        var out: [TOCEntry] = []
        let (entries, reqs) = walk()
        for i in entries.indices {
            let shown = verbose || !reqs[i].intersection([.schema, .data, .statistics]).isEmpty
            if shown && (types.isEmpty || types.contains(entries[i].desc)) { out.append(entries[i]) }
        }
        return out
    }

    /// The full listing text, byte for byte what pg_restore prints.
    public func render() -> String {
        var out = headerLines().joined(separator: "\n") + "\n"
        let (entries, reqs) = walk()
        out.reserveCapacity(out.utf8.count + entries.count * 72)
        for i in entries.indices {
            let typeOK = types.isEmpty || types.contains(entries[i].desc)
            if typeOK && (verbose || !reqs[i].intersection([.schema, .data, .statistics]).isEmpty) {
                Self.appendEntryLine(entries[i], to: &out)
                out += "\n"
            }
            if typeOK && verbose && !entries[i].dependencies.isEmpty {
                out += ";\tdepends on:"
                for d in entries[i].dependencies {
                    out += " "
                    out += String(d)
                }
                out += "\n"
            }
        }
        return out
    }

    /// CR and LF become spaces; NULL becomes the empty string (pg_restore's sanitize_line).
    static func sanitize(_ s: String?) -> String {
        guard let s else { return "" }
        // Bytes, not Characters: CR and LF are always graphemes of their own (or CR LF), and
        // walking graphemes was a tenth of `list`'s time.
        if !s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            out.unicodeScalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar)
        }
        return out
    }
}
