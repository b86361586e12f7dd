#!/usr/bin/env bash
# Build the archives of issue 19 ("Scale") once, with a throw-away PostgreSQL 15 cluster and
# pg_dump -Fc, from bench/scale.sql:
#   scale-toc.dump     30,000 tables (PK, index, comment, GRANT, 3 rows each), 3,000 views,
#                      5,000 functions, 2,000 foreign keys: ~190 k TOC entries
#   scale-values.dump  30 rows of 50 MB text (big_t) and one 100 MB bytea (big_b)
#   scale-narrow.dump  rows of one int (narrow) and a 1,500-column table (wide)
# Cached outside git and not rebuilt when present:
#   ${PGDMP_BENCH_DIR:-$HOME/.cache/pgdmp/bench}/scale-*.dump
#
# Environment:
#   SCALE_TABLES (30000)  SCALE_BIG_ROWS (30)  SCALE_NARROW_ROWS (10000000; the issue used
#   50 M, fewer keeps the build cheap on a shared machine; the jsonl/COPY ratio is what counts)
#   SCALE_WIDE_ROWS (20000)  SCALE_ONLY (toc|values|narrow: build one)  BENCH_FORCE=1 rebuild
#   PG15_BIN  PGDMP_BENCH_PORT (54398)
set -euo pipefail

BENCH_DIR=${PGDMP_BENCH_DIR:-$HOME/.cache/pgdmp/bench}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_BENCH_PORT:-54398}
SHAPES=(${SCALE_ONLY:-toc values narrow})

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

todo=()
for s in "${SHAPES[@]}"; do
    if [[ -s $BENCH_DIR/scale-$s.dump && ${BENCH_FORCE:-0} != 1 ]]; then
        log "present: $BENCH_DIR/scale-$s.dump ($(du -h "$BENCH_DIR/scale-$s.dump" | cut -f1)); not rebuilding"
    else
        todo+=("$s")
    fi
done
[[ ${#todo[@]} -gt 0 ]] || exit 0

export LC_ALL=C LANG=C
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true
mkdir -p "$BENCH_DIR"
# shellcheck source=../Fixtures/tools/throwaway-cluster.sh
source "$HERE/../Fixtures/tools/throwaway-cluster.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgdmp-scale.XXXXXX")
chmod 755 "$WORK"
cleanup() {
    local rc=$?
    cluster_stop "$rc"
    rm -rf "$WORK"
    rm -f "$BENCH_DIR"/scale-*.dump.tmp
    exit $rc
}
trap cleanup EXIT

log "initdb"
# max_locks_per_transaction: one transaction creates (and pg_dump locks) 30,000 tables with
# their indexes and TOAST tables (~5 locks each).
cluster_start "$PG15_BIN" "$WORK" "$PORT" "synchronous_commit = off" "full_page_writes = off" \
    "wal_level = minimal" "max_wal_senders = 0" "shared_buffers = 256MB" "max_wal_size = 4GB" \
    "max_locks_per_transaction = 12000" "max_connections = 20"
psql15() { "$PG15_BIN/psql" "${CLUSTER_CONN[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }
for s in "${todo[@]}"; do
    db=scale_$s
    log "$s: generating"
    psql15 -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    psql15 -d "$db" -v shape="$s" -v tables="${SCALE_TABLES:-30000}" -v big_rows="${SCALE_BIG_ROWS:-30}" \
        -v narrow_rows="${SCALE_NARROW_ROWS:-10000000}" -v wide_rows="${SCALE_WIDE_ROWS:-20000}" \
        -f "$HERE/scale.sql" >/dev/null
    log "$s: pg_dump -Fc"
    out=$BENCH_DIR/scale-$s.dump
    "$PG15_BIN/pg_dump" "${CLUSTER_CONN[@]}" -Fc -f "$out.tmp" "$db"
    mv "$out.tmp" "$out"
    psql15 -d postgres -c "DROP DATABASE $db"
    log "$s: wrote $out ($(du -h "$out" | cut -f1))"
done
