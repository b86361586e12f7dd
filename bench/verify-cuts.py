#!/usr/bin/env python3
"""Issue 8's acceptance check: cut an archive at every 1 % step and prove `pgdmp verify`
catches each cut and names the entry whose block the cut falls in. The cut is streamed
through standard input (`head -c N | pgdmp verify -`), so nothing is written to disk.

usage: bench/verify-cuts.py [ARCHIVE] [STEPS]   (default: the make bench archive, 100)"""
import json, os, subprocess, sys

pgdmp = os.environ.get("PGDMP", ".build/release/pgdmp")
archive = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/pgdmp/bench/mastodon.dump")
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 100
size = os.path.getsize(archive)

entries = json.loads(subprocess.run([pgdmp, "list", "--json", "-v", archive], check=True,
                                    capture_output=True).stdout)
blocks = sorted((e["dataOffset"], e["dumpId"]) for e in entries if e.get("dataOffset") is not None)
if not blocks:
    sys.exit("the archive has no data offsets (pipe-written): use one written to a file")

def block_at(n):
    owner = None
    for off, dump_id in blocks:
        if off < n:
            owner = dump_id
    return owner

caught = right = 0
failures = []
for k in range(1, steps):
    n = size * k // steps
    head = subprocess.Popen(["head", "-c", str(n), archive], stdout=subprocess.PIPE)
    v = subprocess.run([pgdmp, "verify", "--json", "-q", "-"], stdin=head.stdout, capture_output=True)
    head.wait()
    expected = block_at(n)
    if v.returncode == 0:
        failures.append(f"cut at {n}: verify exited 0")
        continue
    caught += 1
    if expected is None:            # inside the header or TOC: an unreadable archive (exit 2)
        right += v.returncode == 2
        continue
    try:
        problems = json.loads(v.stdout)["problems"]
    except (ValueError, KeyError):
        failures.append(f"cut at {n}: no JSON report ({v.stderr.decode()[:200]})")
        continue
    if problems and problems[0].get("dumpId") == expected:
        right += 1
    else:
        failures.append(f"cut at {n}: expected dump id {expected}, got {problems[:1]}")

print(f"{archive}: {steps - 1} cuts at 1/{steps} steps: {caught} caught (non-zero exit), "
      f"{right} named the right entry")
for f in failures[:20]:
    print("  " + f)
sys.exit(0 if caught == right == steps - 1 else 1)
