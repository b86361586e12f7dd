#!/usr/bin/env bash
# Make two honestly different archives for `pgdmp diff` tests, in Fixtures/diff/:
#   before.dump  pg_dump -Fc of a small database
#   after.dump   the same database after known changes
#   expected.tsv the changes, as this script makes them (see the header line)
#
# Starts a throw-away PostgreSQL 15 cluster as OS user postgres (unix socket in a temp dir).
#   PG15_BIN   server and client binaries (default /usr/lib/postgresql/15/bin)
#   PGDMP_PORT port for the socket name (default 54325)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/diff
PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGDMP_PORT:-54325}
DB=pgdmp_diff
export LC_ALL=C LANG=C
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE PGOPTIONS || true

# shellcheck source=tools/throwaway-cluster.sh
source "$HERE/tools/throwaway-cluster.sh"
WORK=$(mktemp -d /tmp/pgdmp-diff.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    local rc=$?
    cluster_stop "$rc"
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT

cluster_start "$PG15_BIN" "$WORK" "$PORT"
CONN=("${CLUSTER_CONN[@]}")
psql() { "$PG15_BIN/psql" "${CONN[@]}" -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
"$PG15_BIN/psql" "${CONN[@]}" -X -q -d postgres -c "CREATE DATABASE $DB TEMPLATE template0"

psql <<'SQL'
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, city text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(10,2), placed date);
CREATE TABLE audit (id int, what text);
CREATE TABLE unchanged (k int, v text);
INSERT INTO customers SELECT g, 'customer ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'city ' || (g % 17) END
  FROM generate_series(1, 1000) g;
INSERT INTO orders SELECT g, 1 + g % 1000, (g * 7 % 1000) / 10.0, date '2024-01-01' + g % 365
  FROM generate_series(1, 5000) g;
INSERT INTO audit SELECT g, 'event ' || g FROM generate_series(1, 200) g;
INSERT INTO unchanged SELECT g, repeat('x', g % 20) FROM generate_series(1, 300) g;
SQL

mkdir -p "$OUT"
"$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT/before.dump" "$DB"

count() { psql -At -c "SELECT count(*) FROM $1"; }
c_before=$(count customers); o_before=$(count orders); a_before=$(count audit)

psql <<'SQL'
INSERT INTO orders SELECT g, 1 + g % 1000, 1.00, date '2025-01-01' FROM generate_series(5001, 5037) g;
DELETE FROM customers WHERE id % 25 = 0;
CREATE TABLE refunds (order_id int, amount numeric(10,2));
INSERT INTO refunds SELECT g, 0.5 FROM generate_series(1, 15) g;
ALTER TABLE audit ADD COLUMN note text;
SQL
"$PG15_BIN/pg_dump" "${CONN[@]}" -Fc -f "$OUT/after.dump" "$DB"

c_after=$(count customers); o_after=$(count orders); a_after=$(count audit); r_after=$(count refunds)

{
    printf 'kind\tdesc\tschema\tname\tdetail\n'
    printf 'only_in_b\tTABLE\tpublic\trefunds\t\n'
    printf 'only_in_b\tTABLE DATA\tpublic\trefunds\t\n'
    printf 'changed\tTABLE\tpublic\taudit\tdefinition\n'
    printf 'changed\tTABLE DATA\tpublic\taudit\tcolumns\n'
    # rows: tables whose data changed (row count, or bytes for audit's new column): before, after
    printf 'rows\tTABLE DATA\tpublic\tcustomers\t%s %s\n' "$c_before" "$c_after"
    printf 'rows\tTABLE DATA\tpublic\torders\t%s %s\n' "$o_before" "$o_after"
    printf 'rows\tTABLE DATA\tpublic\taudit\t%s %s\n' "$a_before" "$a_after"
    printf 'rows\tTABLE DATA\tpublic\trefunds\t- %s\n' "$r_after"
} >"$OUT/expected.tsv"
echo "wrote $OUT" >&2
