#!/usr/bin/env bash
# A hostile archive for `pgdmp report`: schemas, tables, columns, indexes, constraints,
# comments and values named like markup (<script>, <img onerror>, </style>, "'><svg onload>,
# ]]>), with an oversized index row, a duplicate key, a foreign-key orphan and a large
# object, made by a real PostgreSQL 15 server.
#
# Starts a throw-away PostgreSQL 15 cluster (unix socket only, temp dir), loads
# hostile/hostile.sql, dumps it with pg_dump 15 -Fc into hostile/archive.dump, restores it
# with the real pg_restore 15 into a fresh database and stores what pg_restore printed on
# stderr in hostile/restore-errors.txt.
#
# Environment: PG15_BIN (default /usr/lib/postgresql/15/bin), PGDMP_PORT (default 54318).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/hostile
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_PORT:-54318}
export LC_ALL=C LANG=C
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# shellcheck source=tools/throwaway-cluster.sh
source "$HERE/tools/throwaway-cluster.sh"
WORK=$(mktemp -d /tmp/pgdmp-hostile.XXXXXX)
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

db="<script>alert('db')</script>"
psql15 -d postgres -c "CREATE DATABASE \"$db\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
psql15 -d "$db" -f "$OUT/hostile.sql" >/dev/null
TZ=UTC "$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT/archive.dump" "$db"
psql15 -d postgres -c "CREATE DATABASE restore_hostile TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
rc=0
TZ=UTC "$PG15_BIN/pg_restore" "${CONN[@]}" -d restore_hostile "$OUT/archive.dump" \
    2>"$OUT/restore-errors.txt" || rc=$?
log "pg_restore exit $rc, $(grep -c 'ERROR:' "$OUT/restore-errors.txt" || true) errors"
"$PG15_BIN/pg_restore" --version >"$OUT/pg_restore-version.txt"
