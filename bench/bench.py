#!/usr/bin/env python3
"""The measuring half of bench/run.sh: interleaved rounds, medians, ratios, peak RSS.

Every command runs under `bash -c`; its wall time is measured here, and the peak RSS of
the program under test (the producer in a pipeline) with GNU time (`/usr/bin/time -f %M`).
"""
import json, os, platform, shlex, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

A = os.environ["BENCH_ARCHIVE"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
TABLE = os.environ.get("BENCH_TABLE", "statuses")
PGDMP = os.environ["PGDMP"]
PG_RESTORE = os.path.join(os.environ["PG_BIN"], "pg_restore")
PGDUMPLIB_PY = os.environ.get("PGDUMPLIB_PY", "")
OUT = os.environ.get("BENCH_OUT", "")

q = shlex.quote

NOTES = """
## How to read this

- `inflate-bench` is pgdmp's own limit: it decompresses the same blocks with the same code and
  discards the bytes. The one-table targets compare against it.
- `rows` decodes tables on all cores, largest first; with one dominant table the wall time
  approaches that table's inflate time (compare `PGDMP_THREADS=1`).
- `cat` decompresses straight into its output buffers and a second thread writes them, so the
  pipe to `wc` costs the decoding thread nothing but the scan for row ends.
- `verify` checks blocks on all cores and applies the results in file order.
- ISA-L inflate is the default; `PGDMP_INFLATE=zlib` shows what zlib alone would give.
- The same measurements on a second archive from a separate generator: `make bench-unseen`,
  docs/performance-unseen.md.
"""
RSS = tempfile.mktemp(prefix="pgdmp-bench-rss.")


def timed(prog, rest=""):
    """`prog` under GNU time (peak RSS to RSS file), followed by `rest` (e.g. `| wc -l`)."""
    return f"/usr/bin/time -f '%M %U %S' -o {RSS} {prog} {rest}"


def cell(text):
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|")


def log(msg):
    print(datetime.now(timezone.utc).strftime("%H:%M:%S"), msg, file=sys.stderr, flush=True)


def has_check():
    # `pgdmp help X` exits 0 even for an unknown X (it prints the top-level help instead)
    p = subprocess.run([PGDMP, "help", "check"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode == 0 and "USAGE: pgdmp check" in p.stdout.decode(errors="replace")


# (key, label shown, shell command)
P, T = q(PGDMP), q(TABLE)
commands = [
    ("pgr_all", "pg_restore -f /dev/null -a A", timed(f"{q(PG_RESTORE)} -f /dev/null -a {q(A)}")),
    ("rows", "pgdmp rows A", timed(f"{P} rows {q(A)}", ">/dev/null")),
    ("inflate_all", "pgdmp inflate-bench A (inflate only)", timed(f"{P} inflate-bench {q(A)}", ">/dev/null")),
    ("rows_zlib", "PGDMP_INFLATE=zlib pgdmp rows A", "PGDMP_INFLATE=zlib " + timed(f"{P} rows {q(A)}", ">/dev/null")),
    ("rows_t1", "PGDMP_THREADS=1 pgdmp rows A", "PGDMP_THREADS=1 " + timed(f"{P} rows {q(A)}", ">/dev/null")),
    ("inflate_all_t1", "PGDMP_THREADS=1 pgdmp inflate-bench A", "PGDMP_THREADS=1 " + timed(f"{P} inflate-bench {q(A)}", ">/dev/null")),
    ("pgr_one", f"pg_restore -a -t {TABLE} -f - A | wc -l", timed(f"{q(PG_RESTORE)} -a -t {T} -f - {q(A)}", "| wc -l")),
    ("cat", f"pgdmp cat A {TABLE} | wc -l", timed(f"{P} cat {q(A)} {T}", "| wc -l")),
    ("rows_one", f"pgdmp rows -t {TABLE} A", timed(f"{P} rows -t {T} {q(A)}", ">/dev/null")),
    ("inflate_one", f"pgdmp inflate-bench A {TABLE} (inflate only)", timed(f"{P} inflate-bench {q(A)} {T}", ">/dev/null")),
    ("inflate_one_zlib", f"PGDMP_INFLATE=zlib pgdmp inflate-bench A {TABLE}",
     "PGDMP_INFLATE=zlib " + timed(f"{P} inflate-bench {q(A)} {T}", ">/dev/null")),
    ("verify", "pgdmp verify A", timed(f"{P} verify -q {q(A)}", ">/dev/null")),
    ("pgr_list", "pg_restore -l A", timed(f"{q(PG_RESTORE)} -l {q(A)}", ">/dev/null")),
    ("list", "pgdmp list A", timed(f"{P} list {q(A)}", ">/dev/null")),
]
CHECK = has_check()
if CHECK:
    # check exits 1 when it finds problems, 3 when something was not checked; only an error (2) fails the run
    commands.append(("check", "pgdmp check A", timed(f"{P} check {q(A)}", ">/dev/null || [ $? -eq 1 -o $? -eq 3 ]")))
    # the migration report: verify's and check's scans plus the page (issue 18); exit 1 = findings
    commands.append(("report", "pgdmp report A -o /dev/null",
                     timed(f"{P} report -q {q(A)} -o /dev/null", ">/dev/null || [ $? -eq 1 ]")))

# The same database dumped by pg_dump 18 with lz4 and zstd (make-archive.sh), against pg_restore 18.
PG18_RESTORE = os.path.join(os.environ.get("PGDMP_CACHE", os.path.expanduser("~/.cache/pgdmp")), "pg/18/bin/pg_restore")
OTHER_CODECS = [c for c in ("lz4", "zstd")
                if os.path.exists(A[:-len(".dump")] + f"-{c}.dump") and os.access(PG18_RESTORE, os.X_OK)]
for c in OTHER_CODECS:
    ac = q(A[:-len(".dump")] + f"-{c}.dump")
    commands.append((f"pgr18_{c}", f"pg_restore(18) -f /dev/null -a A-{c}", timed(f"{q(PG18_RESTORE)} -f /dev/null -a {ac}")))
    commands.append((f"rows_{c}", f"pgdmp rows A-{c}", timed(f"{P} rows {ac}", ">/dev/null")))

# (key, compared with, how the ratio reads). "faster": other/this; "of": this/other.
ratios = {
    "rows": ("pgr_all", "faster"),
    "rows_zlib": ("rows", "of"),
    "rows_t1": ("rows", "of"),
    "inflate_all": ("pgr_all", "faster"),
    "inflate_all_t1": ("inflate_all", "of"),
    "cat": ("pgr_one", "faster"),
    "rows_one": ("inflate_one", "of"),
    "inflate_one": ("pgr_one", "faster"),
    "inflate_one_zlib": ("inflate_one", "of"),
    "list": ("pgr_list", "faster"),
    "check": ("rows", "of"),
    "report": ("check", "of"),
    "verify": ("rows", "of"),
    "rows_lz4": ("pgr18_lz4", "faster"),
    "rows_zstd": ("pgr18_zstd", "faster"),
}


def run_once(cmd):
    if os.path.exists(RSS):
        os.unlink(RSS)
    t0 = time.perf_counter()
    p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"command failed ({p.returncode}): {cmd}\n{p.stderr.decode(errors='replace')}")
    rss_kb, cpu = 0, 0.0
    try:
        with open(RSS) as f:
            last = f.read().strip().splitlines()[-1].split()
            rss_kb, cpu = int(last[0]), float(last[1]) + float(last[2])
    except (OSError, ValueError, IndexError):
        pass
    return dt, rss_kb, cpu, p.stdout.decode().strip()


def main():
    size = os.path.getsize(A)
    log(f"warming the page cache: {A} ({size / 1e6:.0f} MB)")
    subprocess.run(["cat", A], stdout=subprocess.DEVNULL, check=True)
    report = json.loads(subprocess.run([PGDMP, "rows", "--json", A], stdout=subprocess.PIPE, check=True).stdout)
    table_bytes = report["totalUncompressedBytes"]
    big = next((t for t in report["tables"] if t["name"] == TABLE), None)

    times = {k: [] for k, _, _ in commands}
    cpus = {k: [] for k, _, _ in commands}
    load_before = os.getloadavg()
    rss = {k: 0 for k, _, _ in commands}
    outputs = {}
    for r in range(ROUNDS):
        # rotate the order so no command always follows the same neighbour
        order = commands[r % len(commands):] + commands[:r % len(commands)]
        for key, label, cmd in order:
            dt, kb, cpu, out = run_once(cmd)
            times[key].append(dt)
            cpus[key].append(cpu)
            rss[key] = max(rss[key], kb)
            outputs.setdefault(key, out)
        log(f"round {r + 1}/{ROUNDS}: " + ", ".join(f"{k} {times[k][-1]:.2f}" for k, _, _ in commands))

    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpus.items()}
    load_after = os.getloadavg()

    pgdumplib = None
    if PGDUMPLIB_PY:
        log("pgdumplib (Python): load, read every row of the table, once")
        script = ("import sys, pgdumplib\n"
                  "d = pgdumplib.load(sys.argv[1])\n"
                  "print(sum(1 for _ in d.table_data('public', sys.argv[2])))\n")
        try:
            cmd = timed(f"timeout 900 {q(PGDUMPLIB_PY)} -c {q(script)} {q(A)} {T}")
            dt, kb, cpu, out = run_once(cmd)
            pgdumplib = (dt, kb, cpu, out)
        except SystemExit as e:
            log(f"pgdumplib failed: {e}")

    def ratio_text(key):
        if key not in ratios or ratios[key][0] not in med:
            return ""
        other, how = ratios[key]
        other_label = next(l for k, l, _ in commands if k == other)
        if how == "faster":
            x = med[other] / med[key]
            if x < 1:
                return f"{1 / x:.2f}× slower than `{cell(other_label)}`"
            return f"{x:.2f}× faster than `{cell(other_label)}`"
        return f"{med[key] / med[other]:.2f}× the time of `{cell(other_label)}`"

    lines = []
    lines.append("| command | median s | ratio | peak RSS MB | CPU s |")
    lines.append("|---|---:|---|---:|---:|")
    for key, label, _ in commands:
        lines.append(f"| `{cell(label)}` | {med[key]:.3f} | {ratio_text(key)} | {rss[key] / 1024:.1f} | {med_cpu[key]:.2f} |")
    if not CHECK:
        lines.append("| `pgdmp check A` | – | check: not built | – | – |")
    if pgdumplib:
        dt, kb, cpu, out = pgdumplib
        lines.append(f"| `pgdumplib 4 (Python): load, count {TABLE} rows` (1 run, {out} rows) | {dt:.1f} | "
                     f"{dt / med['cat']:.0f}× the time of `pgdmp cat A {TABLE} \\| wc -l` | {kb / 1024:.1f} | {cpu:.1f} |")
    elif os.environ.get("BENCH_PEERS", "1") != "0":
        lines.append("| `pgdumplib (Python)` | – | not installable here | – | – |")
    table = "\n".join(lines)

    def target(name, value, goal, ok):
        return f"| {name} | {value} | {goal} | {'met' if ok else '**not met**'} |"

    rows_x = med["pgr_all"] / med["rows"]
    cat_x = med["pgr_one"] / med["cat"]
    one_lim = med["cat"] / med["inflate_one"]
    rows_one_lim = med["rows_one"] / med["inflate_one"]
    max_rss = max(rss[k] for k in ("rows", "cat", "list", "rows_one", "verify")) / 1024
    tgt = ["| target | measured | goal | |", "|---|---:|---|---|",
           target("`pgdmp rows` vs `pg_restore -f /dev/null -a`", f"{rows_x:.2f}× faster", "≥ 4×", rows_x >= 4),
           target(f"`pgdmp cat {TABLE} \\| wc -l` vs pg_restore", f"{cat_x:.2f}× faster", "≥ 2.5×", cat_x >= 2.5),
           target(f"`pgdmp cat {TABLE}` vs inflate-only {TABLE}", f"{one_lim:.3f}×", "≤ 1.15×", one_lim <= 1.15),
           target(f"`pgdmp rows -t {TABLE}` vs inflate-only {TABLE}", f"{rows_one_lim:.3f}×", "≤ 1.15×", rows_one_lim <= 1.15),
           target("peak RSS of list, rows, cat, verify", f"{max_rss:.1f} MB", "≤ 64 MB", max_rss <= 64)]
    if CHECK:
        check_x = med["check"] / med["rows"]
        tgt.append(target("`pgdmp check` vs `pgdmp rows` (issue 6)", f"{check_x:.2f}×", "≤ 2×", check_x <= 2))
        check_mb = rss["check"] / 1024
        tgt.append(target("peak RSS of `pgdmp check` (issue 14, default --memory 256MB)", f"{check_mb:.1f} MB", "≤ 256 MB",
                          check_mb <= 256))
        report_x = med["report"] / med["check"]
        tgt.append(target("`pgdmp report` vs `pgdmp check` (issue 18)", f"{report_x:.2f}×", "≤ 1.5×", report_x <= 1.5))
    verify_x = med["verify"] / med["rows"]
    tgt.append(target("`pgdmp verify` vs `pgdmp rows` (issue 20)", f"{verify_x:.2f}×", "≤ 1.2×", verify_x <= 1.2))
    for c in OTHER_CODECS:
        x = med[f"pgr18_{c}"] / med[f"rows_{c}"]
        tgt.append(target(f"{c}: `pgdmp rows` vs pg_restore 18 `-f /dev/null -a`", f"{x:.2f}× faster", "≥ 1×", x >= 1))
    targets = "\n".join(tgt)

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    rev = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip()
    pgr_version = subprocess.run([PG_RESTORE, "--version"], stdout=subprocess.PIPE).stdout.decode().strip()
    machine = (f"- machine: {os.cpu_count()} cores (`nproc` {subprocess.run(['nproc'], stdout=subprocess.PIPE).stdout.decode().strip()}), "
               f"{cpu}, {platform.system()} {platform.release()}\n"
               f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, pgdmp at `{rev}`, {pgr_version}\n"
               f"- archive: `{os.path.basename(A)}` (bench/make-archive.sh), {size / 1e6:.0f} MB, "
               f"{len(report['tables'])} data entries, {table_bytes / 1e6:.0f} MB of table data, "
               f"{report['totalRows']:,} rows"
               + (f"; `{TABLE}`: {big['rows']:,} rows, {big['uncompressedBytes'] / 1e6:.0f} MB "
                  f"({big['storedBytes'] / 1e6:.0f} MB stored)" if big else "") + "\n"
               f"- {ROUNDS} interleaved rounds, medians; archive in the page cache; peak RSS is the maximum over "
               f"the rounds of the program under test (GNU time), not of `wc`; CPU s is its median user+sys time\n"
               f"- load average (1/5/15 min) before the rounds {' '.join(f'{x:.2f}' for x in load_before)}, "
               f"after {' '.join(f'{x:.2f}' for x in load_after)}: the machine is shared, and with other work "
               f"running, 2 decoding threads get less than 2 cores\n")
    lines_out = {k: outputs.get(k) for k in ("pgr_one", "cat")}
    title = os.environ.get("BENCH_TITLE", "Performance")
    target_name = os.environ.get("BENCH_MAKE_TARGET", "bench")
    doc = (f"# {title}\n\nMeasured by `make {target_name}` (bench/make-archive.sh, bench/run.sh). "
           "Ratios compare medians of the same run.\n\n"
           + machine + "\n" + table + "\n\n## Targets (issue 5)\n\n" + targets + "\n\n"
           f"`wc -l` of the one-table commands: pg_restore {lines_out['pgr_one']} lines "
           f"(with its SET/COPY/comment lines), pgdmp {lines_out['cat']} lines (data rows only).\n"
           + NOTES)
    print(doc)
    if OUT:
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w") as f:
            f.write(doc)
        log(f"wrote {OUT}")


if __name__ == "__main__":
    try:
        main()
    finally:
        if os.path.exists(RSS):
            os.unlink(RSS)
