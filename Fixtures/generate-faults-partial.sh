#!/usr/bin/env bash
# Fixture for `pgdmp check` on partial and expression unique indexes: Fixtures/faults/partial.
#
# Starts a throw-away PostgreSQL 15 cluster (unix socket only, temp dir), loads
# sql/faults-partial.sql into a UTF8 database with LC_CTYPE C.UTF-8 (check's default
# --target-locale), dumps it with pg_dump 15 -Fc into faults/partial/archive.dump, restores it
# with the real pg_restore 15 (serial, default options) into a fresh database of the same locale
# and stores exactly what pg_restore printed on stderr in faults/partial/restore-errors.txt.
# faults/mixed and faults/clean (generate-faults.sh) are not touched.
#
# Environment: PG15_BIN (default /usr/lib/postgresql/15/bin), PGDMP_PORT (default 54317).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/faults/partial
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_PORT:-54317}
export LC_ALL=C LANG=C
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# shellcheck source=tools/throwaway-cluster.sh
source "$HERE/tools/throwaway-cluster.sh"
WORK=$(mktemp -d /tmp/pgdmp-faults-partial.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    local rc=$?
    cluster_stop "$rc"
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT

cd "$WORK"
cluster_start "$PG15_BIN" "$WORK" "$PORT" "default_toast_compression = 'pglz'"
CONN=("${CLUSTER_CONN[@]}")
psql15() { "$PG15_BIN/psql" "${CONN[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }

LOCALE="LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
psql15 -d postgres -c "CREATE DATABASE faults_partial TEMPLATE template0 ENCODING 'UTF8' $LOCALE"
psql15 -d faults_partial -f "$HERE/sql/faults-partial.sql" >/dev/null
mkdir -p "$OUT"
TZ=UTC "$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT/archive.dump" faults_partial
psql15 -d postgres -c "CREATE DATABASE restore_partial TEMPLATE template0 ENCODING 'UTF8' $LOCALE"
rc=0
TZ=UTC "$PG15_BIN/pg_restore" "${CONN[@]}" -d restore_partial "$OUT/archive.dump" \
    2>"$OUT/restore-errors.txt" || rc=$?
log "pg_restore exit $rc, $(grep -c 'ERROR:' "$OUT/restore-errors.txt" || true) errors"
"$PG15_BIN/pg_restore" --version >"$OUT/pg_restore-version.txt"
echo "C.UTF-8" >"$OUT/target-locale.txt"
log "done"
