#!/usr/bin/env bash
# Build the benchmark archive once: a Mastodon-shaped database (≥ 1 GB of table data,
# one dominant `statuses` table of ~2 M rows) in a throw-away PostgreSQL 15 cluster,
# dumped with `pg_dump -Fc` (default gzip compression).
#
# The archive is cached outside git and not rebuilt when present:
#   ${PGDMP_BENCH_DIR:-$HOME/.cache/pgdmp/bench}/mastodon.dump
#
# Environment:
#   PGDMP_BENCH_DIR     cache directory (see above)
#   PG15_BIN            PostgreSQL 15 binaries (default /usr/lib/postgresql/15/bin)
#   PGDMP_BENCH_PORT    port number for the unix socket name (default 54399)
#   BENCH_SCALE         row-count multiplier (default 1; 0.01 makes a small archive for profiling)
#   BENCH_ARCHIVE       output path (default $PGDMP_BENCH_DIR/mastodon.dump)
#   BENCH_SQL           the generator (default bench/mastodon.sql; bench/unseen.sql makes
#                       the second, never-tuned-on archive of `make bench-unseen`)
#   BENCH_FORCE=1       rebuild even when the archive exists
set -euo pipefail

BENCH_DIR=${PGDMP_BENCH_DIR:-$HOME/.cache/pgdmp/bench}
OUT=${BENCH_ARCHIVE:-$BENCH_DIR/mastodon.dump}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_BENCH_PORT:-54399}
SCALE=${BENCH_SCALE:-1}
SQL=${BENCH_SQL:-$HERE/mastodon.sql}
[[ $SQL == /* ]] || SQL=$PWD/$SQL
DB=mastodon

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [[ -s $OUT && -s $OUT.counts.tsv && ${BENCH_FORCE:-0} != 1 ]]; then
    log "benchmark archive present: $OUT ($(du -h "$OUT" | cut -f1)); not rebuilding"
    exit 0
fi
for b in initdb pg_ctl psql pg_dump; do
    [[ -x $PG15_BIN/$b ]] || { echo "no $b in $PG15_BIN (apt-get install postgresql-15)" >&2; exit 1; }
done

export LC_ALL=C LANG=C
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true

mkdir -p "$(dirname "$OUT")"
# shellcheck source=../Fixtures/tools/throwaway-cluster.sh
source "$HERE/../Fixtures/tools/throwaway-cluster.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgdmp-bench.XXXXXX")
chmod 755 "$WORK"
cleanup() {
    local rc=$?
    cluster_stop "$rc"
    rm -rf "$WORK" "$OUT.tmp"
    exit $rc
}
trap cleanup EXIT
cd "$WORK"

log "initdb"
cluster_start "$PG15_BIN" "$WORK" "$PORT" "synchronous_commit = off" "full_page_writes = off" \
    "wal_level = minimal" "max_wal_senders = 0" "shared_buffers = 256MB" "maintenance_work_mem = 256MB" \
    "max_wal_size = 4GB"
CONN=("${CLUSTER_CONN[@]}")
psql15() { "$PG15_BIN/psql" "${CONN[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql15 -d postgres -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"

log "generating tables from $(basename "$SQL") (scale $SCALE)"
# Each table is created and filled in one transaction (no WAL with wal_level=minimal).
# Text is built from md5 (incompressible-ish hex) and slices of a fixed word list
# (compressible), so the archive compresses about like a real one (~3-4x).
psql15 -d "$DB" -v scale="$SCALE" -f "$SQL" >/dev/null
psql15 -d "$DB" -c 'VACUUM (ANALYZE)' >/dev/null

# The server's exact count(*) of every table, beside the archive: bench/run.sh checks that
# pgdmp rows (from the file and from standard input) reports exactly these.
psql15 -d "$DB" -A -t -F $'\t' >"$OUT.counts.tsv" <<'SQL'
SELECT n.nspname, c.relname,
       (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname),
                                            false, true, '')))[1]::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY 1, 2;
SQL
log "pg_dump -Fc"
"$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT.tmp" "$DB"
mv "$OUT.tmp" "$OUT"
# The same database as pg_dump 18 writes it with lz4 and zstd, for the issue's
# "lz4/zstd: rows at least as fast as pg_restore 18" comparison.
# shellcheck source=../Fixtures/tools/pg-binaries.sh
source "$HERE/../Fixtures/tools/pg-binaries.sh"
if ensure_pg 18; then
    for c in lz4 zstd; do
        log "pg_dump 18 -Fc -Z $c"
        "$PGDMP_CACHE/pg/18/bin/pg_dump" "${CONN[@]}" -Fc -Z "$c" -f "${OUT%.dump}-$c.dump" "$DB"
    done
else
    log "PostgreSQL 18 binaries not available: no lz4/zstd benchmark archives"
fi
log "wrote $OUT ($(du -h "$OUT" | cut -f1))"
