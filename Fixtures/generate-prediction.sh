#!/usr/bin/env bash
# Fixtures for restore prediction (`pgdmp check`, `make oracle`): archives whose restore fails
# because of the target, not the data. Made with the real PostgreSQL 15 server and pg_dump.
#
#   prediction/target-gaps/archive.dump   roles app_owner and reporting (grants, default
#       privileges, owners), an extension (pgdmp_demo: a type and a language) and a C library
#       (pgdmp_gone) that exist only while this script runs, and a CHECK whose function reads
#       another table by an unqualified name (see sql/prediction.sql).
#   prediction/old-format/archive.dump    pg15-custom-default's archive with the entries old
#       pg_dumps wrote that a fresh database already has: CREATE SCHEMA public and
#       CREATE PROCEDURAL LANGUAGE plpgsql (tools/oldstyle.py adds them to the TOC).
#
# The extension's files and the library are put into the Debian PostgreSQL 15 installation
# and removed again on exit (run as root). The expected errors are not stored here: make
# oracle restores these archives into fresh 15-18 clusters and compares.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/prediction
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_PORT:-54317}
export LC_ALL=C LANG=C
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

SHARE=$("$PG15_BIN/pg_config" --sharedir)/extension
LIBDIR=$("$PG15_BIN/pg_config" --pkglibdir)
# shellcheck source=tools/throwaway-cluster.sh
source "$HERE/tools/throwaway-cluster.sh"
WORK=$(mktemp -d /tmp/pgdmp-prediction.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    local rc=$?
    cluster_stop "$rc"
    rm -f "$SHARE/pgdmp_demo.control" "$SHARE/pgdmp_demo--1.0.sql" "$LIBDIR/pgdmp_gone.so"
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT

cat >"$SHARE/pgdmp_demo.control" <<'CTL'
comment = 'pgdmp test extension: exists only while Fixtures/generate-prediction.sh runs'
default_version = '1.0'
relocatable = false
schema = public
superuser = true
CTL
cat >"$SHARE/pgdmp_demo--1.0.sql" <<'SQL'
CREATE DOMAIN pgdmp_text AS text CHECK (VALUE <> '');
CREATE LANGUAGE plpgdmp HANDLER plpgsql_call_handler;
SQL
cp "$LIBDIR/citext.so" "$LIBDIR/pgdmp_gone.so"

cluster_start "$PG15_BIN" "$WORK" "$PORT"
CONN=("${CLUSTER_CONN[@]}")
psql15() { "$PG15_BIN/psql" "${CONN[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }

psql15 -d postgres -c "CREATE ROLE app_owner" -c "CREATE ROLE reporting" \
    -c "CREATE DATABASE gaps TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' OWNER app_owner"
psql15 -d gaps -c "CREATE EXTENSION citext" -f "$HERE/sql/prediction.sql" >/dev/null
mkdir -p "$OUT/target-gaps" "$OUT/old-format"
TZ=UTC "$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT/target-gaps/archive.dump" gaps
log "target-gaps: $(stat -c %s "$OUT/target-gaps/archive.dump") bytes"

python3 "$HERE/tools/oldstyle.py" "$HERE/cases/pg15-custom-default/archive.dump" "$OUT/old-format/archive.dump"
log "done"
