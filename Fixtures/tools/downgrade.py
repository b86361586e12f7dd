#!/usr/bin/env python3
"""Rewrite a real archive-version 1.14 *custom* archive (pg_dump 12-15) as an
older archive version (1.13, 1.12, 1.11 or 1.10).

No pg_dump that writes those versions is available here, so these fixtures are
synthesised.  What changes (pgdump-format.md sections 0-2):

  * header: the version bytes; nothing else (1.10-1.14 headers share one
    layout: int compression level, creation time, dbname, server and pg_dump
    version strings);
  * each TOC entry loses the tableam string when the target is < 1.14 and
    the section int when the target is < 1.11;
  * every data offset flagged "set" is moved by the number of bytes the TOC
    shrank; the data blocks after the TOC are copied byte for byte.

Everything else is kept as is, including things a real old pg_dump would
have written differently (e.g. the separate BLOB entries of 1.12+, the
SEARCHPATH entry of 1.13+, schema-qualified COPY statements of 1.13+, and
NULL strings where old versions wrote "").

Usage: downgrade.py --to 1.13 SRC.dump DST.dump
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgarchive  # noqa: E402
from pgarchive import vers  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--to", required=True, choices=["1.13", "1.12", "1.11", "1.10"])
    ap.add_argument("src")
    ap.add_argument("dst")
    a = ap.parse_args()
    tmaj, tmin = (int(x) for x in a.to.split("."))
    target = vers(tmaj, tmin)

    hdr, entries, buf = pgarchive.load(a.src)
    if hdr["container"] != "custom":
        raise SystemExit("only custom-format archives can be rewritten")
    if hdr["version"][:2] != (1, 14):
        raise SystemExit("source must be archive version 1.14, not %d.%d" % hdr["version"][:2])

    src_data_start = hdr["toc_end"]

    # header: same bytes except the version (magic 0-4, version 5-7)
    head = bytearray(buf[:hdr["header_end"]])
    head[5:8] = bytes([tmaj, tmin, 0])

    def serialize_toc(data_start):
        return pgarchive.serialize_toc(hdr, entries, target, data_start, src_data_start)

    # offsets are fixed-width, so the TOC length does not depend on them
    toc = serialize_toc(0)
    data_start = len(head) + len(toc)
    toc = serialize_toc(data_start)
    assert len(head) + len(toc) == data_start

    with open(a.dst, "wb") as f:
        f.write(bytes(head))
        f.write(toc)
        f.write(buf[src_data_start:])

    # self-check: re-read and compare
    h2, e2, _ = pgarchive.load(a.dst)
    assert h2["version"][:2] == (tmaj, tmin)
    assert len(e2) == len(entries)
    for x, y in zip(entries, e2):
        for k in ("dump_id", "tag", "desc", "defn", "namespace", "owner", "deps"):
            assert x[k] == y[k], (k, x[k], y[k])
        if x["offset"][0] == pgarchive.K_OFFSET_POS_SET:
            assert y["offset"][1] - data_start == x["offset"][1] - src_data_start
    print("%s: %d -> %d bytes, archive version %s" % (
        a.dst, len(buf), os.path.getsize(a.dst), a.to), file=sys.stderr)


if __name__ == "__main__":
    main()
