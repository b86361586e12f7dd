/// Data loads: a table's COPY needs the table (and its schema) to exist; large objects of
/// archives older than 1.12 are created again by their data entry, which fails when BLOB
/// entries already created them.
extension RestoreSimulation {
    func dataLoadFailure(_ cmd: RestoreCommand) -> PredictedError? {
        guard let e = cmd.entry else { return nil }
        if e.desc == EntryDesc.blobs {
            return oldLargeObjectFailure(cmd, e)
        }
        guard e.desc == EntryDesc.tableData else { return nil }
        let name = e.qualifiedName
        if exists(.relation, name) { return checkFunctionFailure(cmd, e) }
        let relation = CreatedObject(kind: .relation, name: name, display: name)
        let cause = unavailable[relation] ?? nil
        if let ns = e.namespace, !ns.isEmpty, !exists(.schema, ns) {
            let schemaCause = causeOf(schema: ns) ?? cause
            return error(
                cmd, "schema \"\(ns)\" does not exist", schemaCause == nil ? .missingSchema : .knockOn,
                causedBy: schemaCause,
                fix: schemaCause == nil ? "restore the schema first (pg_restore -s), or create it" : nil)
        }
        return error(
            cmd, "relation \"\(name)\" does not exist", cause == nil ? .missingRelation : .knockOn, causedBy: cause,
            fix: cause == nil ? "restore the table definitions first (pg_restore -s), or create the table" : nil)
    }

    /// Before 1.12 pg_restore creates each large object with `lo_create` while loading the
    /// BLOBS data; when the archive also has BLOB entries (which create them first), the first
    /// one fails as a duplicate.
    func oldLargeObjectFailure(_ cmd: RestoreCommand, _ e: TOCEntry) -> PredictedError? {
        guard !archive.header.version.isAtLeast(1, 12) else { return nil }
        let hasMetadata = archive.entries.contains { $0.desc == EntryDesc.blob || $0.desc == EntryDesc.blobMetadata }
        guard hasMetadata else { return nil }
        var error = self.error(
            cmd, "duplicate key value violates unique constraint \"pg_largeobject_metadata_oid_index\"",
            .largeObjectExists, fix: "restore without the BLOB entries (pgdmp list --exclude) or the BLOBS data")
        error.statement = "lo_create"
        return error
    }
}
