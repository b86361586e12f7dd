#!/usr/bin/env python3
"""Capture the expected answers for one fixture case directory.

Everything written here comes from running the real pg_restore (of the same
major version as the pg_dump that wrote the archive) on the archive in the
case directory; pgarchive.py is only used to find the TABLE DATA entries and
the archive version.

Usage: capture.py --case-dir DIR --bin PGBIN --meta JSON --counts FILE
                  [--tz-list] [--filters] [--restrict-key KEY] [--jobs N]
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgarchive  # noqa: E402

ARCHIVE_NAMES = {"custom": "archive.dump", "tar": "archive.tar", "directory": "archive.dir"}

FILTERS = [
    # (file name, pg_restore arguments added to "-l")
    ("t-users.txt", ["-t", "users"]),
    ("n-app.txt", ["-n", "app"]),
    ("n-Mixed_Case.txt", ["-n", "Mixed Case"]),
    ("section-pre-data.txt", ["--section=pre-data"]),
    ("section-data.txt", ["--section=data"]),
    ("section-post-data.txt", ["--section=post-data"]),
]

META_KEYS = [
    "case", "major", "format", "compression", "pipe", "options", "dbname",
    "pg_dump_version", "server_version", "archive_bytes", "large_objects",
    "archive", "archive_version", "data_mode", "pg_restore_version",
    "restrict_key", "downgraded_from",
]


def env_with_tz(tz):
    env = dict(os.environ)
    env["TZ"] = tz
    env["LC_ALL"] = "C"
    env.pop("PGTZ", None)
    return env


class Restorer:
    def __init__(self, pgbin, archive, cwd, restrict_key):
        self.exe = os.path.join(pgbin, "pg_restore")
        self.archive = archive
        self.cwd = cwd
        self.restrict_key = restrict_key
        self.warnings = []

    def run(self, args, tz="UTC", text_output=False):
        cmd = [self.exe] + args
        if text_output and self.restrict_key:
            cmd += ["--restrict-key=" + self.restrict_key]
        cmd.append(self.archive)
        p = subprocess.run(cmd, cwd=self.cwd, env=env_with_tz(tz),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise SystemExit("pg_restore failed (%d): %s\n%s" % (
                p.returncode, " ".join(cmd), p.stderr.decode("utf-8", "replace")))
        if p.stderr:
            self.warnings.append((args, p.stderr.decode("utf-8", "replace")))
        return p.stdout


def sha256_lines(lines):
    h = hashlib.sha256()
    for ln in lines:
        h.update(ln)
        h.update(b"\n")
    return h.hexdigest()


def extract_copy(out, ns, tag):
    lines = out.split(b"\n")
    starts = [i for i, ln in enumerate(lines)
              if ln.startswith(b"COPY ") and ln.endswith(b" FROM stdin;")]
    if len(starts) != 1:
        raise SystemExit("expected exactly one COPY block for %r.%r, found %d" % (ns, tag, len(starts)))
    i = starts[0] + 1
    data = []
    while True:
        if i >= len(lines):
            raise SystemExit("no \\. terminator for %r.%r" % (ns, tag))
        if lines[i] == b"\\.":
            break
        data.append(lines[i])
        i += 1
    return len(data), sha256_lines(data)


def extract_inserts(out, ns, tag):
    """--inserts mode: line_count = number of INSERT statements (lines that
    start with 'INSERT INTO '); sha256 over every line from the first INSERT
    line to the last line ending in ';' that follows it (each with its \\n).
    Values containing newlines make a statement span several lines."""
    lines = out.split(b"\n")
    ins = [i for i, ln in enumerate(lines) if ln.startswith(b"INSERT INTO ")]
    if not ins:
        return 0, sha256_lines([])
    first = ins[0]
    last = max(i for i, ln in enumerate(lines) if i >= ins[-1] and ln.endswith(b";")
               and all(not lines[j].startswith(b"--") for j in range(ins[-1], i + 1)))
    return len(ins), sha256_lines(lines[first:last + 1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case-dir", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--meta", required=True, help="JSON object with the known meta fields")
    ap.add_argument("--counts", required=True, help="schema\\ttable\\tcount for every table")
    ap.add_argument("--lo-count", type=int, required=True)
    ap.add_argument("--tz-list", action="store_true")
    ap.add_argument("--filters", action="store_true")
    ap.add_argument("--restrict-key", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()

    meta = json.loads(a.meta)
    cdir = a.case_dir
    fmt = meta["format"]
    archive = ARCHIVE_NAMES[fmt]
    apath = os.path.join(cdir, archive)
    if not os.path.exists(apath):
        raise SystemExit("missing archive " + apath)

    rs = Restorer(a.bin, archive, cdir, a.restrict_key)

    def write(name, data):
        p = os.path.join(cdir, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)

    write("list.txt", rs.run(["-l"]))
    write("list-verbose.txt", rs.run(["-l", "-v"]))
    if a.tz_list:
        write("list-tz.txt", rs.run(["-l"], tz="America/New_York"))
    if a.filters:
        index = []
        for fname, args in FILTERS:
            write(os.path.join("filters", fname), rs.run(["-l"] + args))
            index.append("%s\t%s\n" % (fname, json.dumps(["-l"] + args, ensure_ascii=False)))
        write(os.path.join("filters", "index.tsv"), "".join(index).encode("utf-8"))
    write("schema.sql", rs.run(["-s", "-f", "-"], text_output=True))

    # TABLE DATA entries, in TOC order
    hdr, entries, _ = pgarchive.load(apath)
    counts = {}
    with open(a.counts, "rb") as f:
        for ln in f.read().split(b"\n"):
            if ln:
                s, t, c = ln.split(b"\t")
                counts[(s, t)] = c
    tdata = [e for e in entries if e["desc"] == b"TABLE DATA"]
    inserts = "--inserts" in meta["options"]
    count_lines = []
    for e in tdata:
        key = (e["namespace"], e["tag"])
        if key not in counts:
            raise SystemExit("no server count for %r" % (key,))
        count_lines.append(b"\t".join([key[0], key[1], counts[key]]) + b"\n")
    write("counts.tsv", b"".join(count_lines))

    def one(e):
        ns = os.fsdecode(e["namespace"])  # raw bytes back on the command line (non-UTF-8 archives)
        tag = os.fsdecode(e["tag"])
        out = rs.run(["-a", "-n", ns, "-t", tag, "-f", "-"], text_output=True)
        if inserts:
            n, h = extract_inserts(out, ns, tag)
        else:
            n, h = extract_copy(out, ns, tag)
        return b"\t".join([e["namespace"], e["tag"], str(n).encode(), h.encode()]) + b"\n"

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        data_lines = list(ex.map(one, tdata))
    write("data.tsv", b"".join(data_lines))

    # cross-check: counts vs data line counts (COPY mode: one line per row)
    for cl, dl in zip(count_lines, data_lines):
        c = int(cl.split(b"\t")[2])
        n = int(dl.split(b"\t")[2])
        if c != n:
            raise SystemExit("count mismatch %r vs %r" % (cl, dl))

    pr_version = subprocess.run([rs.exe, "--version"], stdout=subprocess.PIPE,
                                check=True).stdout.decode().strip()
    has_blobs = any(e["desc"] == b"BLOBS" for e in entries)
    meta.setdefault("archive", archive)
    meta["archive_bytes"] = None if fmt == "directory" else os.path.getsize(apath)
    meta["large_objects"] = a.lo_count if has_blobs else 0
    meta["archive_version"] = pgarchive.version_string(hdr)
    meta["data_mode"] = "inserts" if inserts else "copy"
    meta["pg_restore_version"] = pr_version
    meta["restrict_key"] = a.restrict_key
    meta.setdefault("downgraded_from", None)
    missing = [k for k in META_KEYS if k not in meta]
    if missing:
        raise SystemExit("meta missing keys: %s" % missing)
    ordered = {k: meta[k] for k in META_KEYS}
    write("meta.json", (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))

    for args, err in rs.warnings:
        sys.stderr.write("[%s] pg_restore %s: %s" % (meta["case"], " ".join(args), err))


if __name__ == "__main__":
    main()
