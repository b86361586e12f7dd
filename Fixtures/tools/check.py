#!/usr/bin/env python3
"""Sanity-check the generated fixture cases.  Usage: check.py Fixtures/cases"""

import json
import os
import sys

REQUIRED = ["list.txt", "list-verbose.txt", "schema.sql", "counts.tsv", "data.tsv", "meta.json"]
NONEMPTY = ["list.txt", "list-verbose.txt", "schema.sql", "meta.json"]
TZ_CASES = {"pg15-custom-default", "pg17-custom-gzip"}
FILTER_CASES = {"pg15-custom-default", "pg17-custom-zstd", "pg15-downgraded-1.10"}
MAX_ARCHIVE = 2 * 1024 * 1024


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def main():
    base = sys.argv[1]
    problems = []
    cases = sorted(d for d in os.listdir(base) if os.path.isdir(os.path.join(base, d)))
    for c in cases:
        d = os.path.join(base, c)
        for f in REQUIRED:
            if not os.path.isfile(os.path.join(d, f)):
                problems.append("%s: missing %s" % (c, f))
        for f in NONEMPTY:
            p = os.path.join(d, f)
            if os.path.isfile(p) and os.path.getsize(p) == 0:
                problems.append("%s: empty %s" % (c, f))
        try:
            meta = json.load(open(os.path.join(d, "meta.json")))
        except Exception as e:  # noqa: BLE001
            problems.append("%s: meta.json: %s" % (c, e))
            continue
        arch = os.path.join(d, meta["archive"])
        if not os.path.exists(arch):
            problems.append("%s: missing archive %s" % (c, meta["archive"]))
            continue
        size = du(arch)
        if size > MAX_ARCHIVE:
            problems.append("%s: archive is %d bytes" % (c, size))
        lst = open(os.path.join(d, "list.txt"), "rb").read()
        if not lst.startswith(b";\n; Archive created at "):
            problems.append("%s: odd list.txt start" % c)
        if c in TZ_CASES and not os.path.isfile(os.path.join(d, "list-tz.txt")):
            problems.append("%s: missing list-tz.txt" % c)
        if c in FILTER_CASES:
            idx = os.path.join(d, "filters", "index.tsv")
            if not os.path.isfile(idx):
                problems.append("%s: missing filters/index.tsv" % c)
            else:
                for ln in open(idx, encoding="utf-8"):
                    fn = ln.split("\t")[0]
                    p = os.path.join(d, "filters", fn)
                    if not os.path.isfile(p) or os.path.getsize(p) == 0:
                        problems.append("%s: filters/%s missing or empty" % (c, fn))
        counts = open(os.path.join(d, "counts.tsv"), "rb").read().splitlines()
        data = open(os.path.join(d, "data.tsv"), "rb").read().splitlines()
        if len(counts) != len(data):
            problems.append("%s: counts.tsv/data.tsv length differ" % c)
        if "-s" not in meta["options"] and not counts:
            problems.append("%s: no TABLE DATA entries" % c)
        print("%-28s %-9s %-5s %9d bytes  %2d tables  %s" % (
            c, meta["format"], meta["compression"], size, len(counts), meta["archive_version"]))
    total = du(os.path.dirname(os.path.abspath(base)))
    print("%d cases; Fixtures/ total %d bytes (%.1f MB)" % (len(cases), total, total / 1048576))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
