#!/usr/bin/env bash
# Benchmark pgdmp against pg_restore (and its own inflate-only limit) on the archive
# made by bench/make-archive.sh. Interleaved rounds, medians, ratios, peak RSS; writes
# docs/performance.md.
#
# Environment:
#   PGDMP_BENCH_DIR   where the archive (and the pgdumplib venv) live (default ~/.cache/pgdmp/bench)
#   BENCH_ARCHIVE     the archive (default $PGDMP_BENCH_DIR/mastodon.dump)
#   BENCH_ROUNDS      rounds (default 7)
#   BENCH_TABLE       the one-table benchmarks' table (default statuses)
#   BENCH_PEERS=0     skip the pgdumplib (Python) peer, which runs once and takes minutes
#   BENCH_OUT         Markdown output (default docs/performance.md; empty: print only)
#   BENCH_TITLE, BENCH_MAKE_TARGET   the Markdown heading and the make target it names
#   PG_BIN            pg_restore to compare with (default /usr/lib/postgresql/15/bin)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${PGDMP_BENCH_DIR:-$HOME/.cache/pgdmp/bench}
export BENCH_ARCHIVE=${BENCH_ARCHIVE:-$BENCH_DIR/mastodon.dump}
export BENCH_ROUNDS=${BENCH_ROUNDS:-7}
export BENCH_TABLE=${BENCH_TABLE:-statuses}
export BENCH_PEERS=${BENCH_PEERS:-1}
export BENCH_OUT=${BENCH_OUT-$ROOT/docs/performance.md}
export PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
export PGDMP_BENCH_DIR=$BENCH_DIR

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

[[ -s $BENCH_ARCHIVE ]] || { echo "no archive at $BENCH_ARCHIVE: run bench/make-archive.sh (or make bench)" >&2; exit 1; }
[[ -x $PG_BIN/pg_restore ]] || { echo "no pg_restore in $PG_BIN" >&2; exit 1; }
if [[ ! -x /usr/bin/time ]]; then
    log "installing GNU time (Debian package time)"
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

log "swift build -c release"
(cd "$ROOT" && swift build -c release >&2)
export PGDMP=$(cd "$ROOT" && swift build -c release --show-bin-path)/pgdmp

# pgdumplib (Python), in a venv next to the archive; optional
export PGDUMPLIB_PY=
if [[ $BENCH_PEERS != 0 ]]; then
    venv=$BENCH_DIR/venv
    if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import pgdumplib' 2>/dev/null; then
        log "installing pgdumplib into $venv"
        { python3 -m venv "$venv" && timeout 300 "$venv/bin/pip" install -q pgdumplib; } >&2 ||
            log "pgdumplib could not be installed; skipping it"
    fi
    "$venv/bin/python" -c 'import pgdumplib' 2>/dev/null && export PGDUMPLIB_PY=$venv/bin/python
fi

if [[ -s $BENCH_ARCHIVE.counts.tsv ]]; then
    EXACT=$(python3 "$ROOT/bench/check_counts.py")
    log "$EXACT"
else
    EXACT="exactness: not checked (no $BENCH_ARCHIVE.counts.tsv; rebuild with BENCH_FORCE=1 bench/make-archive.sh)"
fi
python3 "$ROOT/bench/bench.py"
if [[ -n $BENCH_OUT ]]; then printf '\n%s\n' "$EXACT" >>"$BENCH_OUT"; fi
