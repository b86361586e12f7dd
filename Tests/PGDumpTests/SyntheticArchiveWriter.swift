@testable import PGDump

/// A test-only writer of small custom-format archives (version 1.14, as pg_dump 15 writes,
/// uncompressed) shaped like a multi-tenant database: `tables` tables, each with a primary key,
/// an index, a comment, a GRANT and three rows, plus views, functions and foreign keys in the
/// issue-19 proportions. Only for timing: the complexity tests build 1× and 4× archives in
/// memory in milliseconds, where pg_dump would need a server and seconds. Entry fields follow
/// pg_dump's layout (docs/format.md); the answers the real commands give on real pg_dump
/// archives are tested elsewhere against pg_restore.
struct SyntheticArchiveWriter {
    var tables: Int

    private struct Entry {
        var dumpId: Int32
        var hadDumper = false
        var tag: String
        var desc: String
        var section: Int32
        var defn: String
        var drop: String = ""
        var copyStmt: String?
        var namespace: String? = "public"
        var deps: [Int32] = []
        var data: [UInt8]?
    }

    private func entries() -> [Entry] {
        var pre: [Entry] = []
        var data: [Entry] = []
        var post: [Entry] = []
        var next: Int32 = 1
        func id() -> Int32 {
            defer { next += 1 }
            return next
        }
        pre.append(
            Entry(
                dumpId: id(), tag: "ENCODING", desc: "ENCODING", section: 2, defn: "SET client_encoding = 'UTF8';\n",
                namespace: nil))
        pre.append(
            Entry(
                dumpId: id(), tag: "STDSTRINGS", desc: "STDSTRINGS", section: 2,
                defn: "SET standard_conforming_strings = 'on';\n", namespace: nil))
        var tableIds: [Int32] = []
        for i in 1...tables {
            let t = "t\(i)"
            let table = id()
            tableIds.append(table)
            pre.append(
                Entry(
                    dumpId: table, tag: t, desc: "TABLE", section: 2,
                    defn: "CREATE TABLE public.\(t) (\n    id integer NOT NULL,\n    ref integer,\n    v text\n);\n",
                    drop: "DROP TABLE public.\(t);\n"))
            pre.append(
                Entry(
                    dumpId: id(), tag: "TABLE \(t)", desc: "COMMENT", section: 1,
                    defn: "COMMENT ON TABLE public.\(t) IS 'tenant table \(i)';\n", deps: [table]))
            data.append(
                Entry(
                    dumpId: id(), hadDumper: true, tag: t, desc: "TABLE DATA", section: 3, defn: "",
                    copyStmt: "COPY public.\(t) (id, ref, v) FROM stdin;\n", deps: [table],
                    data: Array("1\t1\ta\n2\t2\tb\n3\t3\t\\N\n\\.\n\n".utf8)))
            let pkey = id()
            post.append(
                Entry(
                    dumpId: pkey, tag: "\(t) \(t)_pkey", desc: "CONSTRAINT", section: 4,
                    defn: "ALTER TABLE ONLY public.\(t)\n    ADD CONSTRAINT \(t)_pkey PRIMARY KEY (id);\n",
                    deps: [table]))
            post.append(
                Entry(
                    dumpId: id(), tag: "\(t)_v_idx", desc: "INDEX", section: 4,
                    defn: "CREATE INDEX \(t)_v_idx ON public.\(t) USING btree (v);\n", deps: [table]))
            post.append(
                Entry(
                    dumpId: id(), tag: "TABLE \(t)", desc: "ACL", section: 1,
                    defn: "GRANT SELECT ON TABLE public.\(t) TO scale_reader;\n", deps: [table]))
        }
        for i in 1...max(1, tables / 10) {
            pre.append(
                Entry(
                    dumpId: id(), tag: "v\(i)", desc: "VIEW", section: 2,
                    defn: "CREATE VIEW public.v\(i) AS\n SELECT t\(i).id FROM public.t\(i);\n", deps: [tableIds[i - 1]])
            )
        }
        for i in 1...max(1, tables / 6) {
            pre.append(
                Entry(
                    dumpId: id(), tag: "f\(i)(x integer)", desc: "FUNCTION", section: 2,
                    defn:
                        "CREATE FUNCTION public.f\(i)(x integer) RETURNS integer\n    LANGUAGE sql IMMUTABLE\n    AS $$SELECT x + \(i)$$;\n"
                ))
        }
        for i in 1..<max(2, tables / 15) where i < tables {
            post.append(
                Entry(
                    dumpId: id(), tag: "t\(i) t\(i)_ref_fk", desc: "FK CONSTRAINT", section: 4,
                    defn:
                        "ALTER TABLE ONLY public.t\(i)\n    ADD CONSTRAINT t\(i)_ref_fk FOREIGN KEY (ref) REFERENCES public.t\(i + 1)(id);\n",
                    deps: [tableIds[i - 1], tableIds[i]]))
        }
        return pre + data + post
    }

    /// The archive's bytes.
    func bytes() -> [UInt8] {
        var out: [UInt8] = Array("PGDMP".utf8) + [1, 14, 0, 4, 8, 1]  // version 1.14, int 4, offset 8, custom
        func int(_ v: Int32, _ o: inout [UInt8]) {
            o.append(v < 0 ? 1 : 0)
            let m = UInt32(v.magnitude)
            for k in 0..<4 { o.append(UInt8(truncatingIfNeeded: m >> (8 * UInt32(k)))) }
        }
        func str(_ s: String?, _ o: inout [UInt8]) {
            guard let s else {
                int(-1, &o)
                return
            }
            int(Int32(s.utf8.count), &o)
            o += Array(s.utf8)
        }
        int(0, &out)  // compression level 0
        for v: Int32 in [0, 0, 12, 1, 0, 125, 0] { int(v, &out) }  // 2025-01-01 12:00:00
        str("scale", &out)
        str("15.0", &out)
        str("15.0", &out)
        let list = entries()
        func toc(_ offsets: [Int32: UInt64]) -> [UInt8] {
            var o: [UInt8] = []
            int(Int32(list.count), &o)
            for e in list {
                int(e.dumpId, &o)
                int(e.hadDumper ? 1 : 0, &o)
                str("0", &o)
                str(String(16384 + e.dumpId), &o)
                str(e.tag, &o)
                str(e.desc, &o)
                int(e.section, &o)
                str(e.defn, &o)
                str(e.drop, &o)
                str(e.copyStmt, &o)
                str(e.namespace, &o)
                str("", &o)
                str(e.desc == "TABLE" ? "heap" : "", &o)
                str("postgres", &o)
                str("false", &o)
                for d in e.deps { str(String(d), &o) }
                str(nil, &o)
                if let at = offsets[e.dumpId] {
                    o.append(2)
                    for k in 0..<8 { o.append(UInt8(truncatingIfNeeded: at >> (8 * UInt64(k)))) }
                } else {
                    o += [3, 0, 0, 0, 0, 0, 0, 0, 0]
                }
            }
            return o
        }
        // The TOC's size does not depend on the offsets' values: lay out the data after it.
        var offsets: [Int32: UInt64] = [:]
        for e in list where e.data != nil { offsets[e.dumpId] = 0 }
        var at = UInt64(out.count + toc(offsets).count)
        var blocks: [UInt8] = []
        for e in list {
            guard let d = e.data else { continue }
            offsets[e.dumpId] = at
            var b: [UInt8] = [1]
            int(e.dumpId, &b)
            int(Int32(d.count), &b)
            b += d
            int(0, &b)
            blocks += b
            at += UInt64(b.count)
        }
        return out + toc(offsets) + blocks
    }
}
