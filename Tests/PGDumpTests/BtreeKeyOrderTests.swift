import Foundation
import XCTest
@testable import PGDump

/// The oversized row an index build names is the first in the index's key order (it sorts the
/// keys before it fills the pages), not the first in the data. `BtreeKeyOrder` reproduces that
/// order where it can; a real server shows which row PostgreSQL names.
final class BtreeKeyOrderTests: XCTestCase {
    private func column(_ type: String, collation: String? = nil) -> ColumnDefinition {
        ColumnDefinition(name: "c", type: type, collation: collation)
    }
    private func key(_ parts: String?...) -> [[UInt8]?] { parts.map { $0.map { Array($0.utf8) } } }

    func testOrders() throws {
        let text = try XCTUnwrap(BtreeKeyOrder(columns: [column("text")], orders: [], targetCollation: "C"))
        XCTAssertTrue(text.precedes(key("abc"), key("abd")))
        XCTAssertTrue(text.precedes(key("ab"), key("abc")))  // a prefix first
        XCTAssertTrue(text.precedes(key("Z"), key("a")))  // bytes, not dictionary order
        XCTAssertTrue(text.precedes(key("z"), key(nil)))  // NULLS LAST by default
        XCTAssertFalse(text.precedes(key("abc"), key("abc")))
        let descNullsLast = try XCTUnwrap(
            BtreeKeyOrder(
                columns: [column("bigint"), column("character varying")],
                orders: [IndexKeyOrder(descending: true, nullsFirst: false), IndexKeyOrder()],
                targetCollation: "C.UTF-8"))
        XCTAssertTrue(descNullsLast.precedes(key("10", "b"), key("9", "a")))  // numeric, descending
        XCTAssertTrue(descNullsLast.precedes(key("7", "a"), key("7", "b")))
        XCTAssertTrue(descNullsLast.precedes(key("-3", "a"), key(nil, "a")))
        let descDefault = try XCTUnwrap(
            BtreeKeyOrder(
                columns: [column("integer")], orders: [IndexKeyOrder(descending: true)], targetCollation: "C"))
        XCTAssertTrue(descDefault.precedes(key(nil), key("5")))  // DESC puts NULLs first
        // Orders pgdmp does not model: no order, so the first row in the data is named.
        XCTAssertNil(BtreeKeyOrder(columns: [column("text")], orders: [], targetCollation: "en_US.UTF-8"))
        XCTAssertNil(BtreeKeyOrder(columns: [column("text", collation: "de-x-icu")], orders: [], targetCollation: "C"))
        XCTAssertNil(BtreeKeyOrder(columns: [nil], orders: [], targetCollation: "C"))
        XCTAssertNil(BtreeKeyOrder(columns: [column("numeric")], orders: [], targetCollation: "C"))
        XCTAssertNotNil(
            BtreeKeyOrder(
                columns: [column("text")], orders: [IndexKeyOrder(opclass: "text_pattern_ops")],
                targetCollation: "en_US.UTF-8"))
    }

    func testSortClausesAreParsed() throws {
        let idx = try DDLParser.index(
            "CREATE INDEX i ON public.t USING btree (a DESC NULLS LAST, b COLLATE pg_catalog.\"C\" text_pattern_ops, c);"
        )
        XCTAssertEqual(
            idx.keyOrders,
            [
                IndexKeyOrder(descending: true, nullsFirst: false),
                IndexKeyOrder(collation: "C", opclass: "text_pattern_ops"), IndexKeyOrder(),
            ])
    }

    /// Three rows over the limit, inserted in an order that is not their key order, under three
    /// indexes (a text_pattern_ops unique index, a two-column index descending on its first column,
    /// and a COLLATE "C" one); the indexes are made not-ready while the rows go in. The real
    /// pg_restore's error for each index names the size of one row: check must predict exactly it.
    func testPredictsTheRowTheServerNames() throws {
        guard let bin = ThrowawayPostgres.binaries() else {
            throw XCTSkip("PostgreSQL 15 server binaries are not installed")
        }
        let server = try ThrowawayPostgres(bin: bin)
        try server.start()
        defer { server.stop() }
        for db in ["src", "dst"] {
            try server.psql("postgres", "CREATE DATABASE \(db) TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        }
        try server.psqlScript(
            "src",
            """
            CREATE TABLE links (id bigint PRIMARY KEY, url text NOT NULL, note text);
            INSERT INTO links SELECT i, 'https://example.test/' || i, 'n' FROM generate_series(1, 50) i;
            CREATE UNIQUE INDEX links_url ON links (url text_pattern_ops);
            CREATE INDEX links_id_url ON links (id DESC, url);
            CREATE INDEX links_note ON links (note COLLATE "C");
            UPDATE pg_index SET indisready = false WHERE indrelid = 'links'::regclass AND NOT indisprimary;
            """)
        // md5 hex does not compress: each url is over the limit by its own amount.
        try server.psql(
            "src",
            """
            INSERT INTO links
            SELECT 1000 + k, 'https://example.test/' || (SELECT string_agg(md5(k || ':' || j), '' ORDER BY j)
                                                     FROM generate_series(1, 88 + k) j),
                   (SELECT string_agg(md5('n' || k || ':' || j), '' ORDER BY j) FROM generate_series(1, 90 + 2 * k) j)
            FROM unnest(ARRAY[2, 5, 1, 4, 3]) k
            """)
        try server.psql("src", "UPDATE pg_index SET indisready = true WHERE indrelid = 'links'::regclass")
        let path = server.directory + "/links.dump"
        let dump = try PgBinaries.run(bin + "/pg_dump", server.connection + ["-Fc", "-f", path, "src"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let restore = try server.pgRestore("dst", [path])
        let real = restore.stderr.split(separator: "\n").filter { $0.contains("exceeds btree version 4 maximum") }
            .map { String($0.drop(while: { $0 != "i" }).prefix { $0 != "\n" }) }
        XCTAssertEqual(real.count, 3, restore.stderr)
        var options = CheckOptions()
        options.targetLocale = "C"
        let archive = try Archive.open(path: path)
        var check = RestoreCheck.run(archive, options: options)
        var restoreOptions = RestorePredictionOptions()
        restoreOptions.targetMajor = 15
        check.add(
            RestorePredictor.predict(
                archive, model: FreshCluster.model(major: 15), options: restoreOptions, findings: check))
        let predicted = check.predictedErrors.map(\.message).filter { $0.contains("exceeds btree version 4 maximum") }
        XCTAssertEqual(Set(predicted), Set(real))
        // The data's first oversized row (k = 2) is none of the three the server names.
        let inData = check.oversizedIndexRows.map { $0.rows.first?.message ?? "" }
        XCTAssertTrue(Set(inData).isDisjoint(with: Set(real)), "\(inData) vs \(real)")
    }
}
