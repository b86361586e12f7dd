#!/usr/bin/env python3
"""Add to a real 1.14 custom archive the two entries old pg_dumps (before 11) wrote that a
fresh PostgreSQL database already has: `CREATE SCHEMA public;` and
`CREATE PROCEDURAL LANGUAGE plpgsql;` (owner postgres, pre-data, first in the TOC). Everything
else is copied; data offsets move by the bytes the TOC grew.

Usage: oldstyle.py SRC.dump DST.dump
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgarchive  # noqa: E402
from pgarchive import vers  # noqa: E402


def entry(dump_id, tableoid, oid, tag, desc, defn, drop):
    b = lambda s: s.encode()
    return {"dump_id": dump_id, "had_dumper": 0, "tableoid": b(tableoid), "oid": b(oid), "tag": b(tag),
            "desc": b(desc), "section": 2, "defn": b(defn), "drop_stmt": b(drop), "copy_stmt": b"", "namespace": None,
            "tablespace": None, "tableam": None, "relkind": None, "owner": b"postgres", "with_oids": b"false", "deps": [],
            "offset": (pgarchive.K_OFFSET_NO_DATA, 0)}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    hdr, entries, buf = pgarchive.load(src)
    if hdr["container"] != "custom" or hdr["version"][:2] != (1, 14):
        raise SystemExit("source must be a 1.14 custom archive")
    top = max(e["dump_id"] for e in entries)
    added = [entry(top + 1, "2615", "2200", "public", "SCHEMA", "CREATE SCHEMA public;\n", "DROP SCHEMA public;\n"),
             entry(top + 2, "2612", "13000", "plpgsql", "PROCEDURAL LANGUAGE", "CREATE PROCEDURAL LANGUAGE plpgsql;\n",
                   "DROP PROCEDURAL LANGUAGE plpgsql;\n")]
    entries = added + entries
    head = buf[:hdr["header_end"]]
    src_data_start = hdr["toc_end"]
    toc = pgarchive.serialize_toc(hdr, entries, vers(1, 14), 0, src_data_start)
    data_start = len(head) + len(toc)
    toc = pgarchive.serialize_toc(hdr, entries, vers(1, 14), data_start, src_data_start)
    with open(dst, "wb") as f:
        f.write(head)
        f.write(toc)
        f.write(buf[src_data_start:])
    h2, e2, _ = pgarchive.load(dst)
    assert [e["dump_id"] for e in e2] == [e["dump_id"] for e in entries]
    print(f"{dst}: {len(e2)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()
