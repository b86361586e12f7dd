#!/usr/bin/env bash
# `make bench-check-scale`: check's spill path on one big table. Builds (once, cached) an archive
# with a table of SCALE_ROWS rows (default 50 M) carrying a bigint primary key and a unique text
# key, then runs `pgdmp rows` and `pgdmp check --memory $CHECK_MEMORY` (default 128MB) under
# /usr/bin/time -v and prints wall time, peak RSS and the disk check used for sorted runs.
#
# Environment: PGDMP_BENCH_DIR (default ~/.cache/pgdmp/bench), SCALE_ROWS, CHECK_MEMORY,
# PG15_BIN (default /usr/lib/postgresql/15/bin), PGDMP_BENCH_PORT (default 54397).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${PGDMP_BENCH_DIR:-$HOME/.cache/pgdmp/bench}
ROWS=${SCALE_ROWS:-50000000}
MEMORY=${CHECK_MEMORY:-128MB}
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_BENCH_PORT:-54397}
OUT=$BENCH_DIR/check-scale-$ROWS.dump
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [[ ! -s $OUT ]]; then
    export LC_ALL=C LANG=C
    unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
          PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true
    mkdir -p "$BENCH_DIR"
    # shellcheck source=../Fixtures/tools/throwaway-cluster.sh
    source "$ROOT/Fixtures/tools/throwaway-cluster.sh"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgdmp-check-scale.XXXXXX")
    chmod 755 "$WORK"
    cleanup() { local rc=$?; cluster_stop "$rc"; rm -rf "$WORK" "$OUT.tmp"; exit $rc; }
    trap cleanup EXIT
    cd "$WORK"
    cluster_start "$PG15_BIN" "$WORK" "$PORT" "synchronous_commit = off" "full_page_writes = off" \
        "wal_level = minimal" "max_wal_senders = 0" "max_wal_size = 4GB"
    CONN=("${CLUSTER_CONN[@]}")
    psql15() { "$PG15_BIN/psql" "${CONN[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }
    psql15 -d postgres -c "CREATE DATABASE scale TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    log "generating $ROWS rows"
    psql15 -d scale <<SQL
BEGIN;
CREATE TABLE events (id bigint NOT NULL, code text NOT NULL, n integer NOT NULL);
INSERT INTO events SELECT i, 'ev-' || to_hex(i * 2654435761 % 4294967311) || '-' || i, i % 1000
FROM generate_series(1, $ROWS) i;
COMMIT;
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX events_code_key ON events (code);
SQL
    log "pg_dump -Fc"
    "$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT.tmp" scale
    mv "$OUT.tmp" "$OUT"
    cluster_stop 0
    trap - EXIT
    rm -rf "$WORK"
fi
cd "$ROOT"
log "archive $OUT ($(du -h "$OUT" | cut -f1))"
PGDMP=${PGDMP:-$(cd "$ROOT" && swift build -c release --show-bin-path)/pgdmp}
measure() {
    local what=$1; shift
    local t; t=$(mktemp)
    local rc=0
    /usr/bin/time -v "$@" >"$t.out" 2>"$t" || rc=$?
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$t" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$t" | awk '{print $NF}')
    printf '%-40s exit %d  wall %s  peak RSS %d MB\n' "$what" "$rc" "$wall" $((rss / 1024))
    rm -f "$t"
    LAST_OUT=$t.out
}
DOC=${CHECK_SCALE_OUT-$ROOT/docs/performance-check-scale.md}
RESULTS=$(mktemp)
{
    measure "pgdmp rows" "$PGDMP" rows -q "$OUT"
    rm -f "$LAST_OUT"
    measure "pgdmp check --memory $MEMORY" "$PGDMP" check -q --json --memory "$MEMORY" "$OUT"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("check: %d failing statement(s), peak RSS %d MB by its own count, key buffers %d MB (sum of tables), %d MB of sorted runs on disk, limit %d MB" % (len(r["duplicateKeys"])+len(r["oversizedIndexRows"])+len(r["foreignKeyOrphans"]), r["peakResidentBytes"]>>20, r["keySetBytes"]>>20, r["spilledBytes"]>>20, r["memoryLimit"]>>20))' "$LAST_OUT"
    rm -f "$LAST_OUT"
} | tee "$RESULTS"
if [[ -n $DOC ]]; then
    {
        echo "# check's spill path at scale"
        echo
        echo "Measured by \`make bench-check-scale\` (bench/check-scale.sh): one table of $ROWS rows with a bigint"
        echo "primary key and a unique text key, \`pg_dump -Fc\` by PostgreSQL 15 ($(du -h "$OUT" | cut -f1)),"
        echo "\`check --memory $MEMORY\`; $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC, pgdmp at \`$(git -C "$ROOT" rev-parse --short HEAD)\`."
        echo
        echo '```'
        cat "$RESULTS"
        echo '```'
    } >"$DOC"
    log "wrote $DOC"
fi
rm -f "$RESULTS"
