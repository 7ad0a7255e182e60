# shellcheck shell=bash
# The processes a benchmark starts: stopping them and waiting for them to answer. Source it; sourcing only defines
# the functions below. The caller defines say (a message on stderr).
#
#   stop_process PID     SIGTERM, then SIGKILL after 5 s; nothing when PID is empty or gone
#   wait_http URL PID    waits up to 20 s for URL to answer, failing early if process PID died

stop_process() {
    local pid=$1 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

wait_http() {
    local i
    for ((i = 0; i < 200; i++)); do
        curl -sf -o /dev/null --max-time 2 "$1" && return 0
        kill -0 "$2" 2>/dev/null || { say "the process behind $1 exited"; return 1; }
        sleep 0.1
    done
    say "$1 did not answer within 20 s"
    return 1
}
