"""Parse the stderr of `pg_restore -v -d DB ARCHIVE` into the errors it reports.

Each error belongs to the TOC entry named by the latest "from TOC entry N; ..." line
(pg_restore prints that line when the entry it is processing first fails), or to
pg_restore's session set-up when no entry has been named yet. An error is returned as
{"dumpId": N or None, "message": primary message, "statement": "Command was:" text or None,
 "kind": "query" | "copy" | other}.
"""
import re

_FROM = re.compile(r"^pg_restore: from TOC entry (\d+); ")
_ERR = re.compile(r"^pg_restore: error: (.*)$")
_PREFIX = "pg_restore: "


def parse(stderr: str):
    errors = []
    current = None          # dump id of the entry being processed when it failed
    action = None           # the latest verbose progress line after that
    lines = stderr.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FROM.match(line)
        if m:
            current = int(m.group(1))
            action = None
            i += 1
            continue
        if line.startswith(_PREFIX) and not line.startswith("pg_restore: error:") and not line.startswith("pg_restore: warning:"):
            # A verbose progress line: what pg_restore does next. An error that follows it with no
            # "from TOC entry" line of its own (a fatal one) belongs to that action.
            action = line[len(_PREFIX):]
        m = _ERR.match(line)
        if not m:
            i += 1
            continue
        body = m.group(1)
        kind = "other"
        msg = body
        em = re.match(r'^(could not execute query|COPY failed for table "(?:[^"]|"")*"|could not [^:]*): ERROR:  (.*)$', body)
        if em:
            kind = "query" if em.group(1) == "could not execute query" else ("copy" if em.group(1).startswith("COPY") else "other")
            msg = em.group(2)
        # continuation lines up to the next "pg_restore:" line
        j = i + 1
        cont = []
        while j < len(lines) and not lines[j].startswith(_PREFIX):
            cont.append(lines[j])
            j += 1
        statement = None
        for k, c in enumerate(cont):
            if c.startswith("Command was: "):
                statement = "\n".join([c[len("Command was: "):]] + cont[k + 1:]).rstrip("\n")
                break
        errors.append({"dumpId": current, "message": msg, "statement": statement, "kind": kind, "action": action})
        i = j
    return errors
