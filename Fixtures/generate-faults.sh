#!/usr/bin/env bash
# Fixtures for `pgdmp check`: archives with restore failures planted on a real server.
#
# Starts a throw-away PostgreSQL 15 cluster (unix socket only, temp dir), loads
# sql/faults.sql twice (faults=1 -> case "mixed", faults=0 -> case "clean"), dumps each
# with pg_dump 15 -Fc into faults/<case>/archive.dump, restores it with the real
# pg_restore 15 (serial, default options) into a fresh database and stores exactly what
# pg_restore printed on stderr in faults/<case>/restore-errors.txt.
# It also measures PostgreSQL's own pglz output sizes for a set of sample values
# (read back from a real btree index with pageinspect) into faults/pglz-sizes.tsv.
#
# Environment: PG15_BIN (default /usr/lib/postgresql/15/bin), PGDMP_PORT (default 54316).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/faults
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_PORT:-54316}
export LC_ALL=C LANG=C
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGSSLMODE || true
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# shellcheck source=tools/throwaway-cluster.sh
source "$HERE/tools/throwaway-cluster.sh"
WORK=$(mktemp -d /tmp/pgdmp-faults.XXXXXX)
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

for case in mixed clean; do
    faults=0; [[ $case == mixed ]] && faults=1
    db=faults_$case
    log "case $case"
    psql15 -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    psql15 -d "$db" -v faults=$faults -f "$HERE/sql/faults.sql" >/dev/null
    mkdir -p "$OUT/$case"
    TZ=UTC "$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT/$case/archive.dump" "$db"
    psql15 -d postgres -c "CREATE DATABASE restore_$case TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    rc=0
    TZ=UTC "$PG15_BIN/pg_restore" "${CONN[@]}" -d "restore_$case" "$OUT/$case/archive.dump" \
        2>"$OUT/$case/restore-errors.txt" || rc=$?
    log "pg_restore exit $rc, $(grep -c 'ERROR:' "$OUT/$case/restore-errors.txt" || true) errors"
    "$PG15_BIN/pg_restore" --version >"$OUT/$case/pg_restore-version.txt"
done

log "pglz sample sizes"
# Ground truth from the index itself: every sample goes into a btree index (samples that
# pglz cannot shrink below the btree limit are left out by the partial-index predicate),
# and pageinspect shows each leaf tuple's key bytes; the key's varlena header says whether
# index_form_tuple (or the heap) compressed it and how long the stored datum is.
psql15 -d faults_clean <<'SQL' >/dev/null
CREATE EXTENSION pageinspect;
CREATE FUNCTION hexchain(seed text, len int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT left(string_agg(md5(seed || i::text), '' ORDER BY i), len)
  FROM generate_series(1, (len / 32) + 1) AS i $$;
CREATE TABLE pglz_samples (id serial, v text, ok boolean NOT NULL DEFAULT false);
ALTER TABLE pglz_samples ALTER COLUMN v SET COMPRESSION pglz;
INSERT INTO pglz_samples (v) SELECT hexchain('h' || n, n) FROM unnest(ARRAY[20,31,32,33,100,300,506,507,511,600,1000,1023,1024,1025,2000,2600]) n;
INSERT INTO pglz_samples (v) SELECT repeat('a', n) FROM unnest(ARRAY[31,32,40,100,273,274,506,507,1000,5000,7000]) n;
INSERT INTO pglz_samples (v) SELECT repeat('abcdefghij', n) FROM unnest(ARRAY[4,50,51,300,700]) n;
INSERT INTO pglz_samples (v) SELECT hexchain('p' || n, n) || repeat('/abc', m) FROM unnest(ARRAY[600,1200,2000,2400], ARRAY[50,200,400,600]) AS t(n, m);
INSERT INTO pglz_samples (v) SELECT repeat('/abc', m) || hexchain('q' || n, n) FROM unnest(ARRAY[600,1100,400], ARRAY[300,100,500]) AS t(n, m);
INSERT INTO pglz_samples (v) SELECT hexchain('r' || n, n) || repeat('x', n / 3) FROM unnest(ARRAY[500,700,900,1100,1300,1500]) n;
INSERT INTO pglz_samples (v) SELECT string_agg('word' || (i * 7919 % 113) || ' ', '') FROM generate_series(1, 800) i;
INSERT INTO pglz_samples (v) SELECT string_agg(chr(65 + (i * i) % 26), '') FROM generate_series(1, 4000) i;
INSERT INTO pglz_samples (v) SELECT string_agg(chr(97 + (i * 31 + i / 7) % 26) || CASE WHEN i % 11 = 0 THEN ' ' ELSE '' END, '') FROM generate_series(1, 3000) i;
INSERT INTO pglz_samples (v) SELECT string_agg(chr(97 + (i * 7 + i / 5) % 26), '') FROM generate_series(1, 900) i;
INSERT INTO pglz_samples (v) SELECT 'https://example.com/' || hexchain('mid' || n, n) || repeat('/abc', 400) FROM generate_series(2300, 2340, 10) n;
UPDATE pglz_samples SET ok = octet_length(v) < 2680 OR (pg_column_compression(v) IS NOT NULL AND pg_column_size(v) < 2680);
CREATE INDEX pglz_samples_v ON pglz_samples USING btree (v) WHERE ok;
CREATE VIEW pglz_index_keys AS
  SELECT s.id, octet_length(s.v) AS len, i.itemlen, i.data,
         ('x' || substr(i.data, 10, 2) || substr(i.data, 7, 2) || substr(i.data, 4, 2) || substr(i.data, 1, 2))::bit(32)::bigint AS hdr,
         s.v
  FROM generate_series(1, (pg_relation_size('pglz_samples_v') / 8192)::int - 1) AS blk,
       LATERAL bt_page_items('pglz_samples_v', blk) AS i
       JOIN pglz_samples s ON s.ctid = i.htid
  WHERE (SELECT type FROM bt_page_stats('pglz_samples_v', blk)) = 'l';
SQL
printf 'length\tindex_tuple_size\tkey_datum_size\tcompressed\tvalue\n' >"$OUT/pglz-sizes.tsv"
psql15 -d faults_clean -A -t -F $'\t' -c "
  SELECT len, itemlen,
         CASE WHEN hdr & 1 = 1 THEN (hdr & 255) >> 1 ELSE hdr >> 2 END,
         CASE WHEN hdr & 3 = 2 THEN 'pglz' ELSE 'none' END, v
  FROM pglz_index_keys ORDER BY id" >>"$OUT/pglz-sizes.tsv"
log "done"
