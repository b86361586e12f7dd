/// The data checks (`RestoreCheck`: btree row size, duplicate keys, foreign-key orphans) as
/// predicted errors of the index and constraint statements, when the rows are loaded; and the
/// foreign keys that fail because the unique index they reference could not be built.
extension RestoreSimulation {
    func dataFaultFailure(_ cmd: RestoreCommand, _ e: TOCEntry) -> PredictedError? {
        if let f = lostParentFailure(cmd, e) { return f }
        guard let findings = dataFindings else { return nil }
        if e.desc == EntryDesc.fkConstraint {
            for dep in e.dependencies {
                guard let failed = failedDefinitions[dep],
                    ["CONSTRAINT", "INDEX"].contains(entriesById[dep]?.desc ?? "")
                else { continue }
                if case .foreignKey(let fk)? = try? DDLParser.constraint(e.defn ?? "") {
                    return error(
                        cmd,
                        "there is no unique constraint matching given keys for referenced table \"\(fk.referencedTable.name)\"",
                        .knockOn, causedBy: failed.dumpId)
                }
            }
        }
        if let p = findings.duplicateKeys.first(where: { $0.dumpId == e.dumpId }), loadedTables.contains(p.table) {
            return error(
                cmd, "could not create unique index \"\(p.index)\"", .duplicateKey,
                fix: "remove the duplicate rows (pgdmp check lists them), or leave the index out: pgdmp list --exclude")
        }
        if let p = findings.oversizedIndexRows.first(where: { $0.dumpId == e.dumpId }), loadedTables.contains(p.table),
            let row = p.reportedRow ?? p.rows.first
        {
            return error(
                cmd, row.message, .btreeSize,
                fix:
                    "shorten or delete the rows over the limit, or index md5(value) instead; leave the index out with pgdmp list --exclude"
            )
        }
        if let p = findings.foreignKeyOrphans.first(where: { $0.dumpId == e.dumpId }), loadedTables.contains(p.table) {
            let table = p.table.split(separator: ".", maxSplits: 1).last.map(String.init) ?? p.table
            return error(
                cmd, "insert or update on table \"\(table)\" violates foreign key constraint \"\(p.constraint)\"",
                .foreignKey,
                fix: "delete or fix the orphan rows (pgdmp check lists them), or add the constraint NOT VALID")
        }
        return nil
    }
}
