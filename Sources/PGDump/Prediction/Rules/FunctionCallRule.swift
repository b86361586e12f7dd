/// A statement that calls a `pg_catalog` function the target does not have (statistics
/// entries call `pg_restore_relation_stats`, new in PostgreSQL 18) fails with the server's
/// "function … does not exist", whose argument types are those of the literals in the call.
extension RestoreSimulation {
    func functionCallFailure(_ cmd: RestoreCommand) -> PredictedError? {
        let tokens = SQLTokenizer.tokenize(cmd.text)
        var i = 0
        while i + 3 < tokens.count {
            if tokens[i].isIdentifier, tokens[i].identifier == "pg_catalog", tokens[i + 1].isPunct("."),
                tokens[i + 2].isIdentifier, tokens[i + 3].isPunct("(")
            {
                let name = tokens[i + 2].identifier
                if !exists(.function, "pg_catalog.\(name)") {
                    let types = Self.argumentTypes(tokens, from: i + 4)
                    return error(
                        cmd, "function pg_catalog.\(name)(\(types.joined(separator: ", "))) does not exist",
                        .missingFunction,
                        fix:
                            "PostgreSQL \(model.serverMajor) has no pg_catalog.\(name): restore without these entries (pg_restore 18: --no-statistics)"
                    )
                }
            }
            i += 1
        }
        return nil
    }

    /// The types the parser gives the arguments of a call: `'…'` is unknown, `'…'::T` is T,
    /// an integer literal is integer, a decimal one numeric.
    static func argumentTypes(_ tokens: [SQLToken], from start: Int) -> [String] {
        var types: [String] = []
        var i = start
        var depth = 0
        var current: String?
        while i < tokens.count {
            let t = tokens[i]
            if t.isPunct("(") { depth += 1 }
            if t.isPunct(")") {
                if depth == 0 {
                    if let c = current { types.append(c) }
                    break
                }
                depth -= 1
            }
            if depth == 0 {
                if t.isPunct(",") {
                    if let c = current { types.append(c) }
                    current = nil
                    i += 1
                    continue
                }
                if t.kind == .string, current == nil { current = "unknown" }
                if t.kind == .number, current == nil { current = t.text.contains(".") ? "numeric" : "integer" }
                if t.kind == .op, t.text == "::", i + 1 < tokens.count {
                    var name = tokens[i + 1].identifier
                    i += 2
                    if i < tokens.count, tokens[i].kind == .op, tokens[i].text.hasPrefix("[]") {
                        name += "[]"
                        i += 1
                    }
                    current = typeDisplayName(name)
                    continue
                }
            }
            i += 1
        }
        return types
    }

    static func typeDisplayName(_ name: String) -> String {
        switch name {
        case "int4", "int": return "integer"
        case "int8": return "bigint"
        case "int2": return "smallint"
        case "float4": return "real"
        case "float8": return "double precision"
        case "bool": return "boolean"
        default: return name
        }
    }
}
