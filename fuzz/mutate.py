#!/usr/bin/env python3
"""CLI mutation sweep (issue 20): mutate real fixture archives field by field and run every
pgdmp command on each mutant with a time and a memory limit.

A mutant FAILS the sweep when any command
  * dies by a signal (a Swift runtime trap, a crash) or prints a runtime failure,
  * runs past the time limit (a hang) or past the memory limit (peak RSS),
  * exits with a status other than 0, 1 or 2,
  * or `verify` calls the archive whole (exit 0) while the data it vouches for changed: the
    per-table row counts of `rows --json` or the rows `cat` prints for any table differ from
    the original archive's. (Two tables' files of the same width swapped is the one mutant no
    reader can tell from a whole archive; docs/errors.md says so, and only signals and hangs
    count for it.)

What is mutated (each field of each structure, with a handful of values per field):
  custom   header bytes; the TOC count; each TOC entry's integers (dump id, hadDumper,
           section, relkind), string lengths, data-offset flag and data-offset value (including
           values >= 2^63); each data block's type byte, dump id, chunk lengths, large-object OIDs
  directory  toc.dat as above (file-name lengths instead of offsets); data files swapped in pairs,
           truncated, emptied, deleted; an extra data file nobody claims
  tar      each member header's size, name and checksum (with the checksum fixed up, so the
           change is seen as data), the toc.dat member's fields as above, members truncated

Usage: fuzz/mutate.py [--sample] [--pgdmp PATH] [--jobs N] [--fixture DIR ...]
  --sample   a fixed, short subset (about a minute): `make mutate-sample`, called by `make sweep`
The full sweep is `make mutate`. Exit status 0 when every mutant passes, 1 otherwise.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FIXTURES = [
    "Fixtures/cases/pg15-custom-default/archive.dump",   # gzip, 1.14, large objects
    "Fixtures/cases/pg17-custom-lz4/archive.dump",
    "Fixtures/cases/pg18-custom-zstd/archive.dump",
    "Fixtures/cases/pg16-custom-none/archive.dump",
    "Fixtures/cases/pg15-custom-pipe/archive.dump",       # no data offsets
    "Fixtures/cases/pg15-custom-inserts/archive.dump",    # INSERT-mode data
    "Fixtures/cases/pg15-downgraded-1.10/archive.dump",
    "Fixtures/cases/pg16-dir-gzip/archive.dir",
    "Fixtures/cases/pg18-dir-lz4/archive.dir",
    "Fixtures/cases/pg15-dir-z0/archive.dir",
    "Fixtures/cases/pg16-tar/archive.tar",
    "Fixtures/cases/pg18-tar/archive.tar",
]
SAMPLE_FIXTURES = [
    "Fixtures/cases/pg15-custom-default/archive.dump",
    "Fixtures/cases/pg16-dir-gzip/archive.dir",
    "Fixtures/cases/pg16-tar/archive.tar",
]
TIME_LIMIT = 20.0          # seconds per command
MEMORY_LIMIT_MB = 768      # peak RSS per command


# ---------------------------------------------------------------- archive structure

class Field:
    """One field of the archive: where it is and how it is encoded."""
    def __init__(self, name, offset, size, kind, value=None):
        self.name, self.offset, self.size, self.kind, self.value = name, offset, size, kind, value


class Parser:
    """Walks pg_dump's primitive encodings (sign byte + magnitude ints, length-prefixed strings,
    flagged offsets) and records every field it passes."""
    def __init__(self, data, base=0):
        self.d, self.p, self.base, self.fields = data, 0, base, []
        self.int_size, self.off_size, self.version = 4, 8, (1, 0)

    def byte(self, name, kind="byte"):
        b = self.d[self.p]
        self.fields.append(Field(name, self.base + self.p, 1, kind, b))
        self.p += 1
        return b

    def int(self, name, kind="int"):
        at = self.p
        sign = self.d[at]
        mag = int.from_bytes(self.d[at + 1:at + 1 + self.int_size], "little")
        self.p += 1 + self.int_size
        if self.p > len(self.d):
            raise ValueError("truncated")
        v = -mag if sign else mag
        self.fields.append(Field(name, self.base + at, 1 + self.int_size, kind, v))
        return v

    def string(self, name):
        n = self.int("length of " + name, kind="strlen")
        if n < 0:
            return None
        s = self.d[self.p:self.p + n]
        self.p += n
        return s.decode("utf-8", "replace")

    def at_least(self, minor):
        return self.version >= (1, minor)

    def header(self):
        assert self.d[:5] == b"PGDMP"
        for i in range(5):
            self.fields.append(Field("magic byte %d" % i, self.base + i, 1, "byte", self.d[i]))
        self.p = 5
        major, minor = self.byte("major version"), self.byte("minor version")
        self.version = (major, minor)
        self.byte("revision")
        self.int_size = self.byte("int size", kind="size")
        self.off_size = self.byte("offset size", kind="size") if self.at_least(7) else self.int_size
        fmt = self.byte("format code")
        if self.at_least(15):
            self.byte("compression algorithm")
        else:
            self.int("compression level")
        for f in ["sec", "min", "hour", "mday", "mon", "year", "isdst"]:
            self.int("time " + f)
        for s in ["dbname", "server version", "pg_dump version"]:
            self.string(s)
        return fmt

    def toc(self, custom):
        count = self.int("TOC entry count", kind="count")
        entries = []
        for k in range(count):
            e = {"index": k}
            e["dumpId"] = self.int("dump id of entry %d" % k, kind="dumpid")
            self.int("hadDumper of entry %d" % k, kind="flagint")
            if self.at_least(8):
                self.string("tableoid %d" % k)
            self.string("oid %d" % k)
            e["tag"] = self.string("tag %d" % k)
            e["desc"] = self.string("desc %d" % k)
            if self.at_least(11):
                self.int("section of entry %d" % k, kind="flagint")
            for s in ["defn", "dropStmt"]:
                self.string("%s %d" % (s, k))
            if self.at_least(3):
                e["copyStmt"] = self.string("copyStmt %d" % k)
            if self.at_least(6):
                e["namespace"] = self.string("namespace %d" % k)
            if self.at_least(10):
                self.string("tablespace %d" % k)
            if self.at_least(14):
                self.string("tableam %d" % k)
            if self.at_least(16):
                self.int("relkind %d" % k, kind="flagint")
            self.string("owner %d" % k)
            if self.at_least(9):
                self.string("withOids %d" % k)
            if self.at_least(5):
                while self.string("dependency of entry %d" % k) is not None:
                    pass
            if custom:
                flag_at = self.p
                e["flag"] = self.byte("data offset flag of entry %d" % k, kind="offflag")
                v = int.from_bytes(self.d[self.p:self.p + self.off_size], "little")
                self.fields.append(Field("data offset of entry %d" % k, self.base + self.p, self.off_size, "offset", v))
                self.p += self.off_size
                e["offset"] = v if e["flag"] == 2 else None
                e["flag_at"] = flag_at
            else:
                e["file"] = self.string("file name of entry %d" % k)
            entries.append(e)
        return entries

    def blocks(self):
        """Custom format: the data blocks after the TOC, as far as they parse."""
        try:
            while self.p < len(self.d):
                t = self.byte("block type", kind="blocktype")
                self.int("block dump id", kind="dumpid")
                if t == 1:
                    self.chunks()
                elif t == 3:
                    while self.int("large object OID", kind="oid") != 0:
                        self.chunks()
                else:
                    return
        except (ValueError, IndexError):
            return

    def chunks(self):
        while True:
            n = self.int("chunk length", kind="length")
            if n <= 0:
                return
            self.p += n


def encode_int(v, int_size):
    mag = min(abs(v), (1 << (8 * int_size)) - 1)
    return bytes([1 if v < 0 else 0]) + mag.to_bytes(int_size, "little")


def int_values(f, file_size):
    v = f.value
    vals = {0, 1, -1, v + 1, v - 1, 2 ** 31 - 1, -2 ** 31, 2 ** 32, 2 ** 63 - 1}
    if f.kind in ("length", "strlen"):
        vals |= {v * 2, file_size, file_size * 4}
    if f.kind == "flagint":
        vals |= {2, 3, 255}
    vals.discard(v)
    return sorted(vals)


def field_mutants(data, fields, int_size, label):
    """(name, field kind, offset, length, new bytes): a patch for every value tried in every field."""
    size = len(data)
    for f in fields:
        at, n = f.offset, f.size
        if f.kind in ("byte", "size", "blocktype", "offflag"):
            vals = {0, 1, 2, 3, 4, 255, f.value ^ 1, f.value ^ 0x80}
            if f.kind == "size":
                vals |= {8, 16, 32, 33}
            vals.discard(f.value)
            for v in sorted(vals):
                yield "%s %s=%d" % (label, f.name, v), f.kind, at, 1, bytes([v & 255])
        elif f.kind == "offset":
            vals = {0, 1, size - 1, size, size + 1, 2 ** 63, 2 ** 63 + 12345, 2 ** 64 - 1, (f.value or 0) + 1,
                    max(0, (f.value or 0) - 1), 2 ** 32}
            vals.discard(f.value)
            for v in sorted(vals):
                b = v.to_bytes(8, "little")[:n].ljust(n, b"\0")
                yield "%s %s=%d" % (label, f.name, v), f.kind, at, n, b
        else:
            for v in int_values(f, size):
                yield "%s %s=%d" % (label, f.name, v), f.kind, at, n, encode_int(v, int_size)


def parse_custom(data):
    p = Parser(data)
    p.header()
    entries = p.toc(custom=True)
    p.blocks()
    return p, entries


def parse_toc_dat(data):
    p = Parser(data)
    p.header()
    entries = p.toc(custom=False)
    return p, entries


# ---------------------------------------------------------------- tar

def tar_members(data):
    """(header offset, name, size) of each member."""
    out, at = [], 0
    while at + 512 <= len(data) and any(data[at:at + 512]):
        name = data[at:at + 100].split(b"\0")[0].decode()
        size = int(data[at + 124:at + 136].strip(b"\0 ") or b"0", 8)
        out.append((at, name, size))
        at += 512 + (size + 511) // 512 * 512
    return out


def tar_fix_checksum(block):
    b = bytearray(block)
    b[148:156] = b" " * 8
    b[148:156] = ("%06o\0 " % sum(b)).encode()
    return bytes(b)


def tar_mutants(data):
    members = tar_members(data)
    for at, name, size in members:
        hdr = data[at:at + 512]
        def put(new_hdr, what, fix=True):
            h = tar_fix_checksum(new_hdr) if fix else new_hdr
            return "tar %s: %s" % (name, what), "tar header", at, 512, h
        for nsize in sorted({0, max(0, size - 1), size + 1, size + 512, size * 2 + 1, 8 ** 11 - 1}):
            if nsize != size:
                yield put(hdr[:124] + ("%011o\0" % nsize).encode() + hdr[136:], "size=%d" % nsize)
        yield put(hdr[:124] + b"9" * 12 + hdr[136:], "size not octal")
        yield put(hdr[:148] + b"0000000\0" + hdr[156:], "bad checksum", fix=False)
        if name != "toc.dat":
            new = ("x" + name[1:]) if name else "x"
            yield put(new.encode().ljust(100, b"\0") + hdr[100:], "renamed to %s" % new)
        yield put(hdr[:156] + b"5" + hdr[157:], "typeflag=5")
        yield put(hdr[:257] + b"\0" * 6 + hdr[263:], "no ustar magic")
        # Cut the archive in the middle of this member.
        cut = at + 512 + size // 2
        yield "tar %s: cut at %d" % (name, cut), "cut", cut, len(data) - cut, b""
    if members and members[0][1] == "toc.dat":
        at, _, size = members[0]
        toc = data[at + 512:at + 512 + size]
        try:
            p, _ = parse_toc_dat(toc)
        except Exception:
            return
        for what, kind, off, n, new in field_mutants(toc, p.fields, p.int_size, "tar toc.dat"):
            yield what, kind, at + 512 + off, n, new
    # Trailing garbage, missing end blocks.
    end = members[-1][0] + 512 + (members[-1][2] + 511) // 512 * 512 if members else 0
    yield "tar: no end blocks", "cut", end, len(data) - end, b""
    yield "tar: garbage after end", "append", len(data), 0, b"garbage!" * 64


# ---------------------------------------------------------------- mutants

def custom_mutants(data):
    p, entries = parse_custom(data)
    yield from field_mutants(data, p.fields, p.int_size, "custom")
    yield "custom: garbage after the last block", "append", len(data), 0, b"\x01garbage"
    yield "custom: a zero byte after the last block", "append", len(data), 0, b"\0"


def split_columns(text):
    """Column names in a COPY column list (quoted names may hold commas)."""
    cols, cur, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            cols.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        cols.append(cur)
    return cols


def directory_mutants(path, rng):
    """(name, kind, function that changes a fresh copy of the directory)."""
    files = sorted(os.listdir(path))
    toc = open(os.path.join(path, "toc.dat"), "rb").read()
    p, entries = parse_toc_dat(toc)
    def with_toc(new):
        def build(dst):
            open(os.path.join(dst, "toc.dat"), "wb").write(new)
        return build
    for what, kind, at, n, new in field_mutants(toc, p.fields, p.int_size, "dir toc.dat"):
        yield what, kind, with_toc(toc[:at] + new + toc[at + n:])
    data_files = [f for f in files if f != "toc.dat"]
    width = {}
    for e in entries:
        stmt = e.get("copyStmt") or ""
        if e.get("file") and stmt.startswith("COPY "):
            cols = stmt.split(" FROM stdin")[0].partition("(")[2].rpartition(")")[0]
            width[e["file"]] = len(split_columns(cols))
    def same_width(a, b):
        wa, wb = width.get(a.split(".dat")[0] + ".dat"), width.get(b.split(".dat")[0] + ".dat")
        return wa is not None and wa == wb
    pairs = [(a, b) for i, a in enumerate(data_files) for b in data_files[i + 1:]]
    rng.shuffle(pairs)
    for a, b in pairs[:40]:
        def swap(dst, a=a, b=b):
            os.rename(os.path.join(dst, a), os.path.join(dst, "swap.tmp"))
            os.rename(os.path.join(dst, b), os.path.join(dst, a))
            os.rename(os.path.join(dst, "swap.tmp"), os.path.join(dst, b))
        # Files of two tables with the same number of columns swapped look whole to any reader
        # (documented in docs/errors.md): only signals and hangs count for those.
        yield "dir: swap %s and %s" % (a, b), "swap-same-width" if same_width(a, b) else "swap", swap
    for f in data_files:
        n = os.path.getsize(os.path.join(path, f))
        for keep in sorted({0, n // 2, max(0, n - 1)}):
            def cut(dst, f=f, keep=keep):
                with open(os.path.join(dst, f), "r+b") as h:
                    h.truncate(keep)
            yield "dir: %s cut to %d bytes" % (f, keep), "cut", cut
        def delete(dst, f=f):
            os.unlink(os.path.join(dst, f))
        yield "dir: %s deleted" % f, "delete", delete
    if data_files:
        def extra(dst):
            shutil.copy(os.path.join(dst, data_files[0]), os.path.join(dst, "99999." + data_files[0].split(".", 1)[1]))
        yield "dir: extra data file", "extra", extra
    yield "dir: toc.dat with trailing bytes", "append", with_toc(toc + b"\0" * 100)
    yield "dir: toc.dat cut", "cut", with_toc(toc[:len(toc) * 2 // 3])


# ---------------------------------------------------------------- running

def run_limited(pgdmp, args):
    """Runs pgdmp with a wall-time limit and reports its peak RSS (MB) from wait4."""
    proc = subprocess.Popen([pgdmp] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + TIME_LIMIT
    out_chunks, err_chunks = [], []
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, out_chunks)
    sel.register(proc.stderr, selectors.EVENT_READ, err_chunks)
    open_streams = 2
    timed_out = False
    while open_streams:
        left = deadline - time.time()
        if left <= 0:
            timed_out = True
            break
        for key, _ in sel.select(timeout=min(left, 1.0)):
            chunk = os.read(key.fileobj.fileno(), 1 << 16)
            if not chunk:
                sel.unregister(key.fileobj)
                open_streams -= 1
            elif sum(map(len, key.data)) < (64 << 20):
                key.data.append(chunk)
    if timed_out:
        os.killpg(proc.pid, signal.SIGKILL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped here
    sel.close()
    proc.stdout.close()
    proc.stderr.close()
    if timed_out:
        return "timeout", b"", b"", 0
    rc = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return rc, b"".join(out_chunks), b"".join(err_chunks), usage.ru_maxrss / 1024.0


def commands(archive, tables):
    cmds = [["info", archive], ["list", archive], ["rows", "-q", archive], ["verify", "-q", archive],
            ["verify", "-q", "--threads", "1", archive], ["verify", "-q", "--all", archive],
            ["check", "-q", archive], ["order", archive], ["schema", archive]]
    for t in tables[:3]:
        cmds.append(["cat", archive, t])
    return cmds


def row_counts(report):
    """Rows per table, by name (a dump id renumbered consistently changes no data)."""
    return sorted((t["desc"], t.get("schema") or "", t["name"], t.get("rows") or -1) for t in report["tables"])


class Baseline:
    def __init__(self, pgdmp, archive):
        rc, out, err, _ = run_limited(pgdmp, ["rows", "--json", "-q", archive])
        assert rc == 0, "baseline rows failed on %s: %s" % (archive, err.decode())
        report = json.loads(out)
        self.counts = row_counts(report)
        self.tables = [("%s.%s" % (t["schema"], t["name"])) for t in report["tables"]
                       if t["desc"] == "TABLE DATA" and t.get("schema")]
        self.cat = {}
        for t in self.tables:
            rc, out, _, _ = run_limited(pgdmp, ["cat", archive, t])
            assert rc == 0
            self.cat[t] = hashlib.sha256(out).hexdigest()


UNDETECTABLE_KINDS = {"swap-same-width"}


def check_mutant(pgdmp, path, base, kind=""):
    """A list of failure descriptions (empty: the mutant passes)."""
    failures = []
    verify_rc = None
    for args in commands(path, base.tables):
        rc, out, err, rss = run_limited(pgdmp, args)
        what = " ".join(a if a != path else "ARCHIVE" for a in args)
        if rc == "timeout":
            failures.append("%s: no answer within %.0f s (hang)" % (what, TIME_LIMIT))
            continue
        if rc < 0:
            failures.append("%s: killed by signal %d: %s" % (what, -rc, err.decode(errors="replace")[-300:]))
        elif rc not in (0, 1, 2):
            failures.append("%s: exit status %d" % (what, rc))
        if b"Fatal error" in err or b"runtime failure" in err:
            failures.append("%s: runtime failure: %s" % (what, err.decode(errors="replace")[-300:]))
        if rss > MEMORY_LIMIT_MB:
            failures.append("%s: peak RSS %.0f MB over the %d MB limit" % (what, rss, MEMORY_LIMIT_MB))
        if args[0] == "verify" and verify_rc is None:
            verify_rc = rc
    if verify_rc == 0 and kind not in UNDETECTABLE_KINDS:
        # verify says whole: the data must be the original's.
        rc, out, err, _ = run_limited(pgdmp, ["rows", "--json", "-q", path])
        try:
            counts = row_counts(json.loads(out)) if rc == 0 else None
        except ValueError:
            counts = None
        if counts != base.counts:
            failures.append("verify exits 0 but rows --json differs from the original (rows exit %s)" % rc)
        for t in base.tables:
            rc, out, _, _ = run_limited(pgdmp, ["cat", path, t])
            if hashlib.sha256(out).hexdigest() != base.cat[t]:
                failures.append("verify exits 0 but cat %s differs from the original (cat exit %s)" % (t, rc))
    return failures


def mutants_of(fixture, rng):
    """(name, kind, builder) where builder(tmpdir) writes the mutant and returns its path."""
    full = os.path.join(ROOT, fixture)
    if os.path.isdir(full):
        for what, kind, change in directory_mutants(full, rng):
            def build(tmp, change=change):
                dst = os.path.join(tmp, "archive.dir")
                shutil.copytree(full, dst)
                change(dst)
                return dst
            yield what, kind, build
        return
    data = open(full, "rb").read()
    gen = tar_mutants(data) if full.endswith(".tar") else custom_mutants(data)
    for what, kind, at, n, new in gen:
        if data[at:at + n] == new:
            continue
        def build(tmp, at=at, n=n, new=new, name=os.path.basename(full)):
            dst = os.path.join(tmp, name)
            with open(dst, "wb") as out:
                out.write(data[:at])
                out.write(new)
                out.write(data[at + n:])
            return dst
        yield what, kind, build


def pick(todo, limit, rng):
    """At most `limit` mutants, spread evenly over the field kinds (offsets, counts, flags, ...)."""
    if not limit or len(todo) <= limit:
        return todo
    by_kind = {}
    for m in todo:
        by_kind.setdefault(m[1], []).append(m)
    for ms in by_kind.values():
        rng.shuffle(ms)
    chosen, kinds = [], sorted(by_kind)
    while len(chosen) < limit:
        for k in kinds:
            if by_kind[k] and len(chosen) < limit:
                chosen.append(by_kind[k].pop())
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pgdmp", default=os.environ.get("PGDMP", os.path.join(ROOT, ".build/debug/pgdmp")))
    ap.add_argument("--sample", action="store_true", help="a fixed short subset")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    ap.add_argument("--fixture", action="append", help="fixture path (repeatable)")
    ap.add_argument("--limit", type=int, default=None,
                    help="at most this many mutants per fixture, spread over field kinds (0: all)")
    ap.add_argument("--seed", type=int, default=20)
    args = ap.parse_args()
    fixtures = args.fixture or (SAMPLE_FIXTURES if args.sample else DEFAULT_FIXTURES)
    limit = args.limit if args.limit is not None else (25 if args.sample else 0)
    rng = random.Random(args.seed)
    failed = total = 0
    t0 = time.time()
    for fixture in fixtures:
        base = Baseline(args.pgdmp, os.path.join(ROOT, fixture))
        todo = pick(list(mutants_of(fixture, rng)), limit, rng)
        def one(item):
            what, kind, build = item
            with tempfile.TemporaryDirectory(prefix="pgdmp-mutant-") as tmp:
                path = build(tmp)
                return what, check_mutant(args.pgdmp, path, base, kind)
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for what, failures in pool.map(one, todo):
                total += 1
                if failures:
                    failed += 1
                    print("FAIL %s: %s" % (fixture, what))
                    for f in failures:
                        print("    " + f)
        print("%s: %d mutants checked (%.0f s so far)" % (fixture, len(todo), time.time() - t0), flush=True)
    print("mutate: %d mutants, %d failed, %.0f s" % (total, failed, time.time() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
