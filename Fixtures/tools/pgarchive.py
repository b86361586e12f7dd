"""Minimal reader/writer for the header and TOC of pg_dump archives.

Used by the fixture generator only (to enumerate TABLE DATA entries and to
rewrite custom archives as older archive versions).  It is NOT an oracle for
the Swift reader: the expected answers in the fixtures come from the real
pg_restore.  Format notes: /work/shared/docs/pgdump-format.md sections 0-2.
"""

import io
import os
import tarfile

K_OFFSET_POS_NOT_SET = 1
K_OFFSET_POS_SET = 2
K_OFFSET_NO_DATA = 3

FMT_CUSTOM = 1
FMT_TAR = 3  # also used by the directory format's toc.dat


def vers(major, minor, rev=0):
    return (major * 256 + minor) * 256 + rev


class ArchiveError(Exception):
    pass


class Reader:
    def __init__(self, buf, pos=0):
        self.buf = buf
        self.pos = pos
        self.int_size = 4
        self.off_size = 8
        self.version = vers(1, 0)

    def byte(self):
        if self.pos >= len(self.buf):
            raise ArchiveError("unexpected end of archive at %d" % self.pos)
        b = self.buf[self.pos]
        self.pos += 1
        return b

    def raw(self, n):
        if self.pos + n > len(self.buf):
            raise ArchiveError("unexpected end of archive at %d" % self.pos)
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b

    def int(self):
        sign = 0
        if self.version > vers(1, 0):
            sign = self.byte()
        mag = int.from_bytes(self.raw(self.int_size), "little")
        return -mag if sign else mag

    def str(self):
        n = self.int()
        if n < 0:
            return None
        return self.raw(n)

    def offset(self):
        if self.version < vers(1, 7):
            raise ArchiveError("pre-1.7 offsets not supported")
        flag = self.byte()
        val = int.from_bytes(self.raw(self.off_size), "little")
        return flag, val


class Writer:
    def __init__(self, int_size=4, off_size=8):
        self.out = io.BytesIO()
        self.int_size = int_size
        self.off_size = off_size

    def byte(self, b):
        self.out.write(bytes([b]))

    def int(self, v):
        self.out.write(bytes([1 if v < 0 else 0]))
        self.out.write(abs(v).to_bytes(self.int_size, "little"))

    def str(self, s):
        if s is None:
            self.int(-1)
        else:
            self.int(len(s))
            self.out.write(s)

    def offset(self, flag, val):
        self.byte(flag)
        self.out.write(val.to_bytes(self.off_size, "little"))

    def getvalue(self):
        return self.out.getvalue()


def read_header(r):
    h = {}
    if r.raw(5) != b"PGDMP":
        raise ArchiveError("bad magic")
    vmaj = r.byte()
    vmin = r.byte()
    vrev = 0
    if vmaj > 1 or (vmaj == 1 and vmin > 0):
        vrev = r.byte()
    r.version = vers(vmaj, vmin, vrev)
    h["version"] = (vmaj, vmin, vrev)
    r.int_size = r.byte()
    h["int_size"] = r.int_size
    if r.version >= vers(1, 7):
        r.off_size = r.byte()
    else:
        r.off_size = r.int_size
    h["off_size"] = r.off_size
    h["format"] = r.byte()
    h["compression_level"] = None
    h["compression_algorithm"] = None
    if r.version >= vers(1, 15):
        h["compression_algorithm"] = r.byte()
    elif r.version >= vers(1, 4):
        h["compression_level"] = r.int()
    elif r.version >= vers(1, 2):
        h["compression_level"] = r.byte()
    if r.version >= vers(1, 4):
        h["time"] = [r.int() for _ in range(7)]
        h["dbname"] = r.str()
    if r.version >= vers(1, 10):
        h["server_version"] = r.str()
        h["pgdump_version"] = r.str()
    return h


def read_toc(r, fmt):
    """fmt: 'custom', 'directory' or 'tar' (decides the per-entry extra field)."""
    count = r.int()
    entries = []
    v = r.version
    for _ in range(count):
        e = {"start": r.pos}
        e["dump_id"] = r.int()
        e["had_dumper"] = r.int()
        e["tableoid"] = r.str() if v >= vers(1, 8) else None
        e["oid"] = r.str()
        e["tag"] = r.str()
        e["desc"] = r.str()
        e["section"] = r.int() if v >= vers(1, 11) else None
        e["defn"] = r.str()
        e["drop_stmt"] = r.str()
        e["copy_stmt"] = r.str() if v >= vers(1, 3) else None
        e["namespace"] = r.str() if v >= vers(1, 6) else None
        e["tablespace"] = r.str() if v >= vers(1, 10) else None
        e["tableam"] = r.str() if v >= vers(1, 14) else None
        e["relkind"] = r.int() if v >= vers(1, 16) else None
        e["owner"] = r.str()
        e["with_oids"] = r.str() if v >= vers(1, 9) else None
        deps = []
        if v >= vers(1, 5):
            while True:
                d = r.str()
                if d is None:
                    break
                deps.append(d)
        e["deps"] = deps
        if fmt == "custom":
            e["offset"] = r.offset()
        else:
            e["filename"] = r.str()
        e["end"] = r.pos
        entries.append(e)
    return entries


def serialize_toc(hdr, entries, target, data_start, src_data_start):
    """The TOC bytes of a custom archive of version `target` holding `entries`; every data
    offset that is set moves from `src_data_start` to `data_start`. Offsets are fixed-width,
    so the length does not depend on `data_start`."""
    w = Writer(hdr["int_size"], hdr["off_size"])
    w.int(len(entries))
    for e in entries:
        w.int(e["dump_id"])
        w.int(e["had_dumper"])
        w.str(e["tableoid"])
        w.str(e["oid"])
        w.str(e["tag"])
        w.str(e["desc"])
        if target >= vers(1, 11):
            w.int(e["section"])
        w.str(e["defn"])
        w.str(e["drop_stmt"])
        w.str(e["copy_stmt"])
        w.str(e["namespace"])
        w.str(e["tablespace"])
        if target >= vers(1, 14):
            w.str(e["tableam"])
        if target >= vers(1, 16):
            w.int(e["relkind"] or 0)
        w.str(e["owner"])
        w.str(e["with_oids"])
        for d in e["deps"]:
            w.str(d)
        w.str(None)
        flag, off = e["offset"]
        if flag == K_OFFSET_POS_SET:
            off = off - src_data_start + data_start
        w.offset(flag, off)
    return w.getvalue()


def toc_bytes(path):
    """Return (format, bytes holding header+TOC) for an archive path."""
    if os.path.isdir(path):
        with open(os.path.join(path, "toc.dat"), "rb") as f:
            return "directory", f.read()
    with open(path, "rb") as f:
        head = f.read(5)
    if head == b"PGDMP":
        with open(path, "rb") as f:
            return "custom", f.read()
    with tarfile.open(path, "r:") as tf:
        m = tf.getmember("toc.dat")
        return "tar", tf.extractfile(m).read()


def load(path):
    fmt, buf = toc_bytes(path)
    r = Reader(buf)
    hdr = read_header(r)
    hdr["header_end"] = r.pos
    entries = read_toc(r, fmt)
    hdr["toc_end"] = r.pos
    hdr["container"] = fmt
    return hdr, entries, buf


def version_string(hdr):
    return "%d.%d" % hdr["version"][:2]
