#!/usr/bin/env python3
"""Exactness before speed: pgdmp rows, from the file and through a pipe on standard input, must report
exactly the server's count(*) recorded by make-archive.sh. Prints one summary line; exits 1
on any difference."""
import json, os, subprocess, sys

pgdmp, archive = os.environ["PGDMP"], os.environ["BENCH_ARCHIVE"]
expected = {}
with open(archive + ".counts.tsv") as f:
    for line in f:
        s, t, c = line.rstrip("\n").split("\t")
        expected[(s, t)] = int(c)

def counts(report):
    return {(t["schema"], t["name"]): t["rows"] for t in report["tables"] if t["desc"] == "TABLE DATA"}

from_file = json.loads(subprocess.run([pgdmp, "rows", "--json", "-q", archive], check=True,
                                      capture_output=True).stdout)
# Through a real pipe (not stdin redirected from the file, which pgdmp reads like a file):
# the archive is read once, front to back, as from `ssh host cat dump | pgdmp rows -`.
cat = subprocess.Popen(["cat", archive], stdout=subprocess.PIPE)
from_stdin = json.loads(subprocess.run([pgdmp, "rows", "--json", "-q", "-"], stdin=cat.stdout, check=True,
                                       capture_output=True).stdout)
cat.stdout.close()
cat.wait()
bad = []
for name, report in (("file", from_file), ("stdin", from_stdin)):
    if not report["complete"] or counts(report) != expected:
        bad.append(name)
total = sum(expected.values())
if bad:
    print("exactness: pgdmp rows differs from the server's count(*) when read from " + " and ".join(bad))
    sys.exit(1)
print(f"exactness: pgdmp rows = server count(*) for all {len(expected)} tables ({total:,} rows), "
      "read from the file and through a pipe on standard input")
