/// One element of an index's key or INCLUDE list.
package enum IndexElement: Equatable, Sendable, Codable {
    case column(String)
    /// An expression key, as source text (e.g. `lower(username)`).
    case expression(String)

    package var columnName: String? { if case .column(let c) = self { return c } else { return nil } }
    package var text: String {
        switch self {
        case .column(let c): return c
        case .expression(let e): return e
        }
    }
}

/// `CREATE [UNIQUE] INDEX name ON [ONLY] table USING method (…) [INCLUDE (…)] [NULLS [NOT] DISTINCT] … [WHERE …]`,
/// and the index behind `ADD CONSTRAINT … PRIMARY KEY | UNIQUE`.
package struct IndexDefinition: Equatable, Sendable {
    package var name: String
    package var schema: String?
    package var table: QualifiedName
    package var unique: Bool
    package var primaryKey = false
    /// `ON ONLY`: the index of a partitioned table; each partition has its own index entry.
    package var only = false
    package var method = "btree"
    package var keys: [IndexElement]
    /// How each key sorts (collation, operator class, direction), parallel to `keys`; empty for a
    /// constraint's index (plain columns, ascending).
    package var keyOrders: [IndexKeyOrder] = []
    package var include: [IndexElement] = []
    package var nullsNotDistinct = false
    /// The predicate of a partial index, as source text.
    package var predicate: String?
    /// The constraint name when the index comes from ADD CONSTRAINT.
    package var constraint: String?
}

/// What decides how one index key column sorts: the clauses after it in `CREATE INDEX`.
package struct IndexKeyOrder: Equatable, Sendable {
    /// `COLLATE x` (schema dropped).
    package var collation: String?
    /// The operator class, e.g. `text_pattern_ops` (schema dropped).
    package var opclass: String?
    package var descending = false
    /// `NULLS FIRST` / `NULLS LAST`, when given (the default is NULLS FIRST for DESC, else LAST).
    package var nullsFirst: Bool?
    /// Whether NULLs sort before values.
    package var nullsSortFirst: Bool { nullsFirst ?? descending }
}

/// A foreign key's MATCH type, which decides whether a row with NULL key columns must have a
/// referenced row (``ForeignKeyProblem/match``).
public enum ForeignKeyMatch: String, Sendable, Codable {
    /// MATCH SIMPLE (the default): a key with any NULL column is not checked.
    case simple
    /// MATCH FULL: all key columns NULL, or none.
    case full
    /// MATCH PARTIAL (not implemented by PostgreSQL).
    case partial
}

/// `ALTER TABLE [ONLY] t ADD CONSTRAINT name FOREIGN KEY (…) REFERENCES r(…) [MATCH …] … [NOT VALID]`.
package struct ForeignKeyDefinition: Equatable, Sendable {
    package var name: String
    package var table: QualifiedName
    package var columns: [String]
    package var referencedTable: QualifiedName
    /// Empty when the statement names no columns (the referenced table's primary key).
    package var referencedColumns: [String]
    package var match: ForeignKeyMatch
    package var notValid: Bool
}

/// One column of a `CREATE TABLE` statement.
package struct ColumnDefinition: Equatable, Sendable {
    package var name: String
    /// Normalised type name without modifiers, e.g. `text`, `character varying`, `bigint`, `integer[]`.
    package var type: String
    /// The COLLATE clause's collation name (schema dropped), when present.
    package var collation: String? = nil
}

/// `CREATE TABLE t (col type …, …)` plus the `ALTER TABLE … ALTER COLUMN … SET STORAGE|COMPRESSION`
/// statements pg_dump appends to the same definition.
package struct TableDefinition: Equatable, Sendable {
    package var name: QualifiedName
    package var columns: [ColumnDefinition]
    /// Column → `plain`, `external`, `extended` or `main`, when set explicitly.
    package var storage: [String: String] = [:]
    /// Column → `pglz` or `lz4`, when set explicitly.
    package var compression: [String: String] = [:]
}

/// Parsers for the statements pg_dump writes in TOC `defn` fields.
package enum DDLParser {
    /// Parses an INDEX entry's `CREATE INDEX`.
    package static func index(_ sql: String) throws -> IndexDefinition {
        var c = TokenCursor(sql)
        try c.expect("CREATE")
        let unique = c.accept("UNIQUE")
        try c.expect("INDEX")
        _ = c.accept("CONCURRENTLY")
        _ = c.accept("IF", "NOT", "EXISTS")
        let name = try c.identifier()
        try c.expect("ON")
        let only = c.accept("ONLY")
        let table = try c.qualifiedName()
        var method = "btree"
        if c.accept("USING") { method = try c.identifier() }
        try c.expectPunct("(")
        var keyOrders: [IndexKeyOrder] = []
        let keys = try elements(&c, orders: &keyOrders)
        var def = IndexDefinition(
            name: name, schema: table.schema, table: table, unique: unique, only: only,
            method: method, keys: keys, keyOrders: keyOrders)
        while !c.atEnd {
            if c.accept("INCLUDE") {
                try c.expectPunct("(")
                var ignored: [IndexKeyOrder] = []
                def.include = try elements(&c, orders: &ignored)
            } else if c.accept("NULLS", "NOT", "DISTINCT") {
                def.nullsNotDistinct = true
            } else if c.accept("NULLS", "DISTINCT") {
            } else if c.accept("WITH") {
                try c.expectPunct("(")
                _ = try c.balancedText()
            } else if c.accept("TABLESPACE") {
                _ = try c.identifier()
            } else if c.accept("WHERE") {
                var parts: [String] = []
                while !c.atEnd, let t = c.next() { parts.append(t.sourceText) }
                def.predicate = parts.joined(separator: " ")
            } else {
                throw DDLParseError("unexpected \(c.peek?.text ?? "end") in CREATE INDEX")
            }
        }
        return def
    }

    /// Index elements after `(`, through the closing `)`; what follows each (COLLATE, operator
    /// class, ASC/DESC, NULLS FIRST/LAST) goes to `orders`.
    private static func elements(_ c: inout TokenCursor, orders: inout [IndexKeyOrder]) throws -> [IndexElement] {
        var out: [IndexElement] = []
        while true {
            guard let t = c.peek else { throw DDLParseError("unterminated index column list") }
            if t.isPunct("(") {
                _ = c.next()
                out.append(.expression("(" + (try c.balancedText()) + ")"))
            } else if t.isIdentifier, c.peek(1)?.isPunct("(") == true {
                _ = c.next()
                _ = c.next()
                out.append(.expression(t.identifier + "(" + (try c.balancedText()) + ")"))
            } else if t.isIdentifier {
                _ = c.next()
                out.append(.column(t.identifier))
            } else {
                throw DDLParseError("unexpected \(t.text) in index column list")
            }
            // COLLATE x, opclass [(params)], ASC/DESC, NULLS FIRST/LAST
            var order = IndexKeyOrder()
            var depth = 0
            while let u = c.peek {
                if depth == 0 && (u.isPunct(",") || u.isPunct(")")) { break }
                if depth == 0 && u.isKeyword("COLLATE") {
                    _ = c.next()
                    order.collation = (try? c.qualifiedName())?.name
                    continue
                }
                if depth == 0 && u.isKeyword("DESC") {
                    order.descending = true
                } else if depth == 0 && u.isKeyword("NULLS"), let v = c.peek(1) {
                    order.nullsFirst = v.isKeyword("FIRST")
                    _ = c.next()
                } else if depth == 0 && u.isIdentifier && !u.isKeyword("ASC") && order.opclass == nil {
                    order.opclass = (try? c.qualifiedName())?.name
                    continue
                }
                if u.isPunct("(") { depth += 1 }
                if u.isPunct(")") { depth -= 1 }
                _ = c.next()
            }
            orders.append(order)
            if c.acceptPunct(",") { continue }
            try c.expectPunct(")")
            return out
        }
    }

    package enum Constraint: Equatable, Sendable {
        case key(IndexDefinition)
        case foreignKey(ForeignKeyDefinition)
        /// CHECK, EXCLUDE and anything else: named, not analysed.
        case other(name: String, kind: String)
    }

    /// Parses a CONSTRAINT or FK CONSTRAINT entry's `ALTER TABLE … ADD CONSTRAINT`.
    package static func constraint(_ sql: String) throws -> Constraint {
        var c = TokenCursor(sql)
        try c.expect("ALTER", "TABLE")
        _ = c.accept("ONLY")
        let table = try c.qualifiedName()
        try c.expect("ADD", "CONSTRAINT")
        let name = try c.identifier()
        if c.accept("PRIMARY", "KEY") || c.accept("UNIQUE") {
            let pk = c.tokens[c.pos - 1].isKeyword("KEY")
            var def = IndexDefinition(name: name, schema: table.schema, table: table, unique: true, keys: [])
            def.primaryKey = pk
            def.constraint = name
            if c.accept("NULLS", "NOT", "DISTINCT") {
                def.nullsNotDistinct = true
            } else {
                _ = c.accept("NULLS", "DISTINCT")
            }
            def.keys = try c.identifierList().map { .column($0) }
            if c.accept("INCLUDE") { def.include = try c.identifierList().map { .column($0) } }
            return .key(def)
        }
        if c.accept("FOREIGN", "KEY") {
            let cols = try c.identifierList()
            try c.expect("REFERENCES")
            let ref = try c.qualifiedName()
            var refCols: [String] = []
            if c.peek?.isPunct("(") == true { refCols = try c.identifierList() }
            var match = ForeignKeyMatch.simple
            var notValid = false
            while !c.atEnd, let t = c.next() {
                if t.isKeyword("MATCH"), let m = c.next() {
                    match = ForeignKeyMatch(rawValue: m.text.lowercased()) ?? .simple
                } else if t.isKeyword("NOT"), c.accept("VALID") {
                    notValid = true
                }
            }
            return .foreignKey(
                ForeignKeyDefinition(
                    name: name, table: table, columns: cols, referencedTable: ref,
                    referencedColumns: refCols, match: match, notValid: notValid))
        }
        return .other(name: name, kind: c.peek?.text.uppercased() ?? "?")
    }

    /// Parses a TABLE entry's `CREATE TABLE` (and following ALTER COLUMN settings).
    package static func table(_ sql: String) throws -> TableDefinition {
        var c = TokenCursor(sql)
        try c.expect("CREATE")
        _ = c.accept("UNLOGGED")
        _ = c.accept("FOREIGN")
        try c.expect("TABLE")
        let name = try c.qualifiedName()
        var def = TableDefinition(name: name, columns: [])
        if c.accept("OF") || c.accept("PARTITION", "OF") { return def }  // typed tables: columns unknown
        try c.expectPunct("(")
        let stop: Set<String> = [
            "DEFAULT", "NOT", "NULL", "COLLATE", "CONSTRAINT", "GENERATED", "CHECK", "REFERENCES",
            "PRIMARY", "UNIQUE", "COMPRESSION", "STORAGE",
        ]
        let elementStart: Set<String> = ["CONSTRAINT", "CHECK", "PRIMARY", "UNIQUE", "FOREIGN", "EXCLUDE", "LIKE"]
        if !c.acceptPunct(")") {
            while true {
                guard let first = c.peek else { throw DDLParseError("unterminated CREATE TABLE") }
                let isConstraint = first.kind == .word && elementStart.contains(first.text.uppercased())
                var colName: String?
                var typeParts: [String] = []
                var inType = false
                var collation: String?
                if !isConstraint {
                    colName = try c.identifier()
                    inType = true
                }
                var depth = 0
                while let t = c.peek {
                    if depth == 0 && (t.isPunct(",") || t.isPunct(")")) { break }
                    let outer = depth == 0
                    if t.isPunct("(") { depth += 1 }
                    if t.isPunct(")") { depth -= 1 }
                    if inType && outer && t.kind == .word && stop.contains(t.text.uppercased()) { inType = false }
                    if outer && t.isKeyword("COLLATE"), colName != nil {
                        _ = c.next()
                        if let n = try? c.qualifiedName() { collation = n.name }
                        continue
                    }
                    if inType && outer && !t.isPunct("(") {
                        typeParts.append(t.isPunct("[") || t.isPunct("]") ? t.text : t.identifier)
                    }
                    _ = c.next()
                }
                if let n = colName {
                    var type = ""
                    for p in typeParts {
                        if p == "[" || p == "]" || p == "." || type.isEmpty { type += p } else { type += " " + p }
                    }
                    def.columns.append(ColumnDefinition(name: n, type: type, collation: collation))
                }
                if c.acceptPunct(",") { continue }
                try c.expectPunct(")")
                break
            }
        }
        // Later statements: ALTER TABLE ONLY t ALTER COLUMN c SET STORAGE x / SET COMPRESSION y
        while c.pos < c.tokens.count {
            if c.accept("ALTER", "COLUMN") {
                guard let col = try? c.identifier() else { continue }
                if c.accept("SET", "STORAGE"), let v = c.next() {
                    def.storage[col] = v.text.lowercased()
                } else if c.accept("SET", "COMPRESSION"), let v = c.next() {
                    def.compression[col] = v.text.lowercased()
                }
            } else {
                _ = c.next()
            }
        }
        return def
    }

    /// `ALTER TABLE ONLY parent ATTACH PARTITION child …` → (parent, child).
    package static func attachPartition(_ sql: String) throws -> (parent: QualifiedName, child: QualifiedName) {
        var c = TokenCursor(sql)
        try c.expect("ALTER", "TABLE")
        _ = c.accept("ONLY")
        let parent = try c.qualifiedName()
        try c.expect("ATTACH", "PARTITION")
        return (parent, try c.qualifiedName())
    }
}
