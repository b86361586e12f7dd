# Sourced by the fixture generators (Fixtures/generate*.sh) and bench/make-archive.sh: one
# throw-away PostgreSQL cluster per run, owned by OS user postgres when run as root, reachable
# only through a unix socket in the run's temporary directory, configured for speed and for
# reproducible output (UTC, C messages, no autovacuum).
#
#   cluster_start BIN_DIR WORK_DIR PORT [postgresql.conf line ...]
#       initdb (UTF8, C locale, trust) in WORK_DIR/data and start the server. Afterwards
#       CLUSTER_CONN=(-h SOCKET_DIR -p PORT -U postgres) reaches it.
#   cluster_stop EXIT_CODE
#       Stop the server if it runs (fast, then immediate). With a non-zero EXIT_CODE, print
#       the tail of the server log first. Safe to call when nothing was started.
#   as_postgres COMMAND ...
#       Run COMMAND as postgres when root (initdb refuses to run as root), else as is.

CLUSTER_BIN=
CLUSTER_DATA=
CLUSTER_LOG=
CLUSTER_STARTED=0
CLUSTER_CONN=()

as_postgres() {
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cluster_start() {
    local bin=$1 work=$2 port=$3
    shift 3
    CLUSTER_BIN=$bin
    CLUSTER_DATA=$work/data
    CLUSTER_LOG=$work/server.log
    local sock=$work/sock
    mkdir -p "$CLUSTER_DATA" "$sock"
    touch "$CLUSTER_LOG"
    if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$CLUSTER_DATA" "$sock" "$CLUSTER_LOG"; fi
    chmod 700 "$CLUSTER_DATA"
    as_postgres env TZ=UTC "$bin/initdb" -D "$CLUSTER_DATA" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >/dev/null
    {
        echo "# throw-away cluster (Fixtures/tools/throwaway-cluster.sh)"
        echo "listen_addresses = ''"
        echo "unix_socket_directories = '$sock'"
        echo "port = $port"
        echo "fsync = off"
        echo "autovacuum = off"
        echo "timezone = 'UTC'"
        echo "lc_messages = 'C'"
        local line
        for line in "$@"; do echo "$line"; done
    } >>"$CLUSTER_DATA/postgresql.conf"
    as_postgres env TZ=UTC "$bin/pg_ctl" -D "$CLUSTER_DATA" -l "$CLUSTER_LOG" -w start >/dev/null
    CLUSTER_STARTED=1
    CLUSTER_CONN=(-h "$sock" -p "$port" -U postgres)
}

cluster_stop() {
    local rc=${1:-0}
    if [[ $rc != 0 && -s $CLUSTER_LOG ]]; then
        echo "---- server log (tail) ----" >&2
        tail -n 30 "$CLUSTER_LOG" >&2 || true
    fi
    if [[ $CLUSTER_STARTED == 1 ]]; then
        as_postgres "$CLUSTER_BIN/pg_ctl" -D "$CLUSTER_DATA" -m fast -w stop >/dev/null 2>&1 ||
            as_postgres "$CLUSTER_BIN/pg_ctl" -D "$CLUSTER_DATA" -m immediate -w stop >/dev/null 2>&1 || true
        CLUSTER_STARTED=0
    fi
}
