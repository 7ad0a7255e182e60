# shellcheck shell=bash
# A throwaway PostgreSQL for the scripts that need a real server for a few minutes (scripts/demo.sh,
# benchmarks/run.sh, benchmarks/soak.sh, benchmarks/sanitize.sh): a fresh cluster in a temporary directory, on
# 127.0.0.1 and a Unix socket in that directory, stopped by the caller's exit trap. Source it; sourcing only
# defines the functions below.
#
# When the caller is root, initdb and pg_ctl run as the postgres OS user (runuser -u postgres --), because initdb
# refuses to run as root and the server must own its data directory; the directory is chowned to postgres first.
# psql needs no such switch: it connects over the socket as the database superuser "postgres" (trust).
#
#   pg_find_bin              PG_BIN: the server binaries (an existing PG_BIN is kept; else the newest
#                            /usr/lib/postgresql/*/bin); fails unless PG_BIN/initdb is executable
#   free_port FIRST          prints the first port from FIRST on that nothing on 127.0.0.1 listens on (200 tries)
#   pg_start DIR PORT [OPT…] initdb in DIR/data and start the server on 127.0.0.1:PORT with its socket and
#                            server.log in DIR; OPT are extra server options (-c name=value); sets PG_BIN, PG_PORT,
#                            PG_SOCKET_DIR, PG_DATA
#   pg_psql [ARG…]           psql as the superuser over the socket, -X -q with ON_ERROR_STOP
#   pg_stop                  stops the server (immediate, at most 30 s) if there is one; safe to call twice, or
#                            before pg_start; removes nothing (the caller owns DIR)
# Every wait is bounded. Functions report problems on stderr and return non-zero rather than exit.

# _pg_as_owner SECONDS COMMAND…: runs COMMAND for at most SECONDS as the owner of the cluster: the postgres OS user
# when we are root, else ourselves.
_pg_as_owner() {
    local seconds=$1
    shift
    if [ "$(id -u)" -eq 0 ]; then timeout "$seconds" runuser -u postgres -- "$@"; else timeout "$seconds" "$@"; fi
}

pg_find_bin() {
    if [ -z "${PG_BIN:-}" ]; then
        PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
    fi
    if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
        echo "throwaway-postgres: no PostgreSQL server binaries in '${PG_BIN:-/usr/lib/postgresql/*/bin}'" >&2
        return 1
    fi
}

free_port() {
    local port=$1 tries
    for ((tries = 0; tries < 200; tries++)); do
        (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
        port=$((port + 1))
    done
    echo "throwaway-postgres: no free port from $1" >&2
    return 1
}

pg_start() {
    local dir=$1 port=$2
    shift 2
    pg_find_bin || return 1
    chmod 755 "$dir" || return 1
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir" || return 1; fi
    PG_DATA=$dir/data PG_SOCKET_DIR=$dir PG_PORT=$port
    _pg_as_owner 300 "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale C -N \
        --auth-local trust --auth-host scram-sha-256 >/dev/null || {
        echo "throwaway-postgres: initdb failed" >&2
        return 1
    }
    _pg_as_owner 90 "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null || {
        echo "throwaway-postgres: the server did not start within 60 s; the end of $dir/server.log:" >&2
        tail -n 20 "$dir/server.log" >&2 2>/dev/null
        return 1
    }
}

pg_psql() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "$@"
}

# Keyed on the data directory rather than on a "started" flag, so that a signal arriving while pg_ctl start is still
# waiting (bash runs the trap only once pg_ctl returns) does not leave a running server behind.
pg_stop() {
    [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ] || return 0
    _pg_as_owner 45 "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}
