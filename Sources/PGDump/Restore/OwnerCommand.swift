/// The object part of the `ALTER … OWNER TO role;` command pg_restore writes after an
/// entry's definition (`_getObjectDescription`), which differs between majors:
/// pg_restore 15 says `ALTER TABLE` for views, sequences and materialized views.
enum OwnerCommand {
    enum Outcome: Equatable {
        /// Write `ALTER «text» OWNER TO role;`.
        case alter(String)
        /// The type has no separate owner.
        case none
        /// pg_restore does not know the type: 15 warns and writes nothing, 16+ stops.
        case unknownType
    }

    static func describe(_ e: TOCEntry, reference: ReferenceRestore) -> Outcome {
        let major = reference.major
        var type = e.desc
        if reference.ownerCommandsUseAlterTable && ["VIEW", "SEQUENCE", "MATERIALIZED VIEW"].contains(type) {
            type = "TABLE"
        }
        if plainTypes.contains(type) {
            var s = type + " "
            if let ns = e.namespace, !ns.isEmpty { s += SQLIdentifier.quote(ns, major: major) + "." }
            s += SQLIdentifier.quote(e.tag ?? "", major: major)
            return .alter(s)
        }
        if type == "BLOB" { return .alter("LARGE OBJECT \(e.tag ?? "")") }
        if signatureTypes.contains(type) {
            // The DROP command already spells the object with its signature: drop "DROP ",
            // then any trailing semicolons and newlines.
            let drop = Array((e.dropStmt ?? "").utf8)
            var body = drop.count > 5 ? Array(drop[5...]) : []
            while let last = body.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: ";") { body.removeLast() }
            return .alter(String(decoding: body, as: UTF8.self))
        }
        if ownerlessTypes.contains(type) { return .none }
        return .unknownType
    }

    /// Types written as `TYPE schema.name`.
    private static let plainTypes: Set<String> = [
        "COLLATION", "CONVERSION", "DOMAIN", "FOREIGN TABLE", "MATERIALIZED VIEW", "SEQUENCE", "STATISTICS",
        "TABLE", "TEXT SEARCH DICTIONARY", "TEXT SEARCH CONFIGURATION", "TYPE", "VIEW",
        "DATABASE", "PROCEDURAL LANGUAGE", "SCHEMA", "EVENT TRIGGER", "FOREIGN DATA WRAPPER", "SERVER",
        "PUBLICATION", "SUBSCRIPTION",
    ]
    /// Types whose name includes a signature, taken from the DROP command.
    private static let signatureTypes: Set<String> = [
        "AGGREGATE", "FUNCTION", "OPERATOR", "OPERATOR CLASS", "OPERATOR FAMILY", "PROCEDURE",
    ]
    private static let ownerlessTypes: Set<String> = [
        "CAST", "CHECK CONSTRAINT", "CONSTRAINT", "DATABASE PROPERTIES", "DEFAULT", "FK CONSTRAINT", "INDEX",
        "RULE", "TRIGGER", "ROW SECURITY", "POLICY", "USER MAPPING",
    ]
}
