/// An object a TOC entry creates when its definition succeeds, in the terms of
/// `TargetModel.objects`: a kind and a qualified name (`schema.name`, or the bare name for
/// objects without a schema; functions without their arguments).
struct CreatedObject: Hashable, Sendable {
    var kind: ObjectKind
    var name: String
    /// How PostgreSQL names it in "does not exist" messages (functions with their arguments).
    /// Not part of its identity.
    var display: String

    static func == (a: CreatedObject, b: CreatedObject) -> Bool { a.kind == b.kind && a.name == b.name }
    func hash(into h: inout Hasher) {
        h.combine(kind)
        h.combine(name)
    }

    /// What `entry` creates; empty for entries that create nothing by name.
    static func of(_ entry: TOCEntry) -> [CreatedObject] {
        let tag = entry.tag ?? ""
        let ns = entry.namespace.flatMap { $0.isEmpty ? nil : $0 }
        func q(_ n: String) -> String { ns.map { "\($0).\(n)" } ?? n }
        switch entry.desc {
        case EntryDesc.schema: return [CreatedObject(kind: .schema, name: tag, display: tag)]
        case EntryDesc.table, EntryDesc.view, EntryDesc.materializedView, EntryDesc.foreignTable:
            return [
                CreatedObject(kind: .relation, name: q(tag), display: q(tag)),
                CreatedObject(kind: .type, name: q(tag), display: q(tag)),
            ]
        case EntryDesc.sequence, EntryDesc.index:
            return [CreatedObject(kind: .relation, name: q(tag), display: q(tag))]
        case EntryDesc.type, EntryDesc.domain:
            return [CreatedObject(kind: .type, name: q(tag), display: q(tag))]
        case EntryDesc.function, EntryDesc.procedure, EntryDesc.aggregate:
            let name = tag.split(separator: "(", maxSplits: 1).first.map(String.init) ?? tag
            return [CreatedObject(kind: .function, name: q(name), display: q(tag))]
        case EntryDesc.proceduralLanguage: return [CreatedObject(kind: .language, name: tag, display: tag)]
        case EntryDesc.collation: return [CreatedObject(kind: .collation, name: q(tag), display: q(tag))]
        case EntryDesc.textSearchConfiguration:
            return [CreatedObject(kind: .textSearchConfiguration, name: q(tag), display: q(tag))]
        case EntryDesc.textSearchDictionary:
            return [CreatedObject(kind: .textSearchDictionary, name: q(tag), display: q(tag))]
        case EntryDesc.foreignDataWrapper: return [CreatedObject(kind: .foreignDataWrapper, name: tag, display: tag)]
        case EntryDesc.server: return [CreatedObject(kind: .server, name: tag, display: tag)]
        case EntryDesc.eventTrigger: return [CreatedObject(kind: .eventTrigger, name: tag, display: tag)]
        case EntryDesc.publication: return [CreatedObject(kind: .publication, name: tag, display: tag)]
        case EntryDesc.extension: return [CreatedObject(kind: .extension, name: tag, display: tag)]
        default: return []
        }
    }

    /// The server's "does not exist" message for a reference to this object.
    var missingMessage: String {
        switch kind {
        case .schema: return "schema \"\(display)\" does not exist"
        case .relation: return "relation \"\(display)\" does not exist"
        case .type: return "type \"\(display)\" does not exist"
        case .function: return "function \(display) does not exist"
        case .language: return "language \"\(display)\" does not exist"
        case .collation: return "collation \"\(display)\" for encoding \"UTF8\" does not exist"
        case .textSearchConfiguration: return "text search configuration \"\(display)\" does not exist"
        case .textSearchDictionary: return "text search dictionary \"\(display)\" does not exist"
        case .foreignDataWrapper: return "foreign-data wrapper \"\(display)\" does not exist"
        case .server: return "server \"\(display)\" does not exist"
        case .eventTrigger: return "event trigger \"\(display)\" does not exist"
        case .publication: return "publication \"\(display)\" does not exist"
        case .extension: return "extension \"\(display)\" does not exist"
        default: return "\(kind.rawValue) \"\(display)\" does not exist"
        }
    }
}
