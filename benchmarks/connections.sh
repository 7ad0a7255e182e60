#!/usr/bin/env bash
# Benchmark (issue 10): what hostile HTTP clients cost the exporter. One release exporter against a throwaway
# PostgreSQL 15 (one small partitioned table): its resident memory (VmRSS) and threads at rest, with IDLE connections
# that send nothing and as many that send part of a request (slowloris), during a scrape beside them (curl's
# time_total, median of RUNS), and after the header timeout has closed them all. Prints a report and writes it to
# benchmarks/results/connections.md. Needs python3 for the client sockets. See benchmarks/README.md.
#
# Environment (defaults in brackets):
#   IDLE [1000]            silent connections; as many again send half a request (2,000 in all by default)
#   RUNS [9]               scrapes timed beside them
#   HEADER_TIMEOUT [30s]   the exporter's --web.header-timeout (long enough to measure; then waited for)
#   SCRATCH_PATH [.build]  SwiftPM scratch path of the release build
#   SKIP_SETUP [0]         1: do not run scripts/setup.sh
#   RESULTS [benchmarks/results/connections.md]  where the report goes ("" for nowhere)
#   REVISION [unset]       the commit to print, for a copy of the sources without .git (git archive)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh
source benchmarks/lib/processes.sh

IDLE=${IDLE:-1000} RUNS=${RUNS:-9} HEADER_TIMEOUT=${HEADER_TIMEOUT:-30s}
SCRATCH_PATH=${SCRATCH_PATH:-.build} RESULTS=${RESULTS-benchmarks/results/connections.md}
say() { echo "connections: $*" >&2; }
[ "${SKIP_SETUP:-0}" = 1 ] || scripts/setup.sh
command -v python3 >/dev/null || { say "python3 is needed for the client sockets (apt-get install python3)"; exit 1; }
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

work=$(mktemp -d /tmp/ppe-connections-XXXXXX)
exporter_pid="" clients_pid=""
cleanup() {
    stop_process "$clients_pid"
    stop_process "$exporter_pid"
    pg_stop
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH" >&2
exporter_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"

pg_port=$(free_port 29742)
pg_start "$work" "$pg_port" -c autovacuum=off -c fsync=off
pg_psql -d postgres -c "CREATE TABLE public.events (ts timestamptz NOT NULL) PARTITION BY RANGE (ts)" \
    -c "CREATE TABLE public.events_today PARTITION OF public.events FOR VALUES
        FROM (date_trunc('day', now())) TO (date_trunc('day', now()) + interval '1 day')" >/dev/null

http_port=$(free_port 19387)
# Enough descriptors for the clients of this shell's children.
ulimit -n "$(ulimit -Hn)"
DATA_SOURCE_NAME="host=$PG_SOCKET_DIR port=$pg_port dbname=postgres user=postgres" "$exporter_bin" \
    --web.listen-address "127.0.0.1:$http_port" --web.header-timeout "$HEADER_TIMEOUT" 2>"$work/exporter.log" &
exporter_pid=$!
wait_http "http://127.0.0.1:$http_port/" "$exporter_pid"
curl -sf -o /dev/null "http://127.0.0.1:$http_port/metrics"

status() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$exporter_pid/status"; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }
scrape_median() {
    local i
    for ((i = 0; i < RUNS; i++)); do
        curl -s -o /dev/null -H 'Accept-Encoding: gzip' --max-time 30 -w '%{time_total}\n' \
            "http://127.0.0.1:$http_port/metrics"
    done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] * 1000 }'
}

rest_rss=$(status VmRSS) rest_threads=$(status Threads) rest_ms=$(scrape_median)
say "at rest: $(mib "$rest_rss") MiB, $rest_threads threads, scrape $rest_ms ms"

# The clients: IDLE silent connections and IDLE half-sent requests, held until this script signals them.
python3 - "$http_port" "$IDLE" >"$work/clients.log" 2>&1 <<'EOF' &
import signal, socket, sys, time
port, idle = int(sys.argv[1]), int(sys.argv[2])
held = []
for index in range(2 * idle):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    if index % 2:
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    held.append(s)
print("connected", len(held), flush=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while True:
    time.sleep(1)
EOF
clients_pid=$!
for ((i = 0; i < 300; i++)); do grep -qs connected "$work/clients.log" && break; sleep 0.1; done
grep -q connected "$work/clients.log" || { say "the clients could not connect: $(cat "$work/clients.log")"; exit 1; }
for ((i = 0; i < 100; i++)); do
    [ "$(ls "/proc/$exporter_pid/fd" | wc -l)" -ge $((2 * IDLE)) ] && break
    sleep 0.1
done
held=$(ls "/proc/$exporter_pid/fd" | wc -l)
held_rss=$(status VmRSS) held_threads=$(status Threads) held_ms=$(scrape_median)
say "with $((2 * IDLE)) connections: $(mib "$held_rss") MiB, $held_threads threads, scrape $held_ms ms"

timeout_seconds=$(echo "$HEADER_TIMEOUT" | sed 's/s$//')
say "waiting for the header timeout ($HEADER_TIMEOUT) to close them"
closed_after=""
for ((i = 0; i < (timeout_seconds + 30) * 10; i++)); do
    if [ "$(ls "/proc/$exporter_pid/fd" | wc -l)" -lt 64 ]; then closed_after=$(awk -v i="$i" 'BEGIN { print i / 10 }'); break; fi
    sleep 0.1
done
after_rss=$(status VmRSS) after_hwm=$(status VmHWM) after_threads=$(status Threads)
per_connection=$(awk -v a="$held_rss" -v b="$rest_rss" -v n="$((2 * IDLE))" 'BEGIN { printf "%.1f", (a - b) / n }')

report=$(cat <<EOF
# pg_partition_exporter benchmark: $((2 * IDLE)) hostile connections

$(date -u '+%Y-%m-%d %H:%M UTC'), commit ${REVISION:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}, \`benchmarks/connections.sh\` with IDLE=$IDLE RUNS=$RUNS HEADER_TIMEOUT=$HEADER_TIMEOUT.
$IDLE connections that send nothing and $IDLE that send half a request, held open by one client process, beside
scrapes of a small database (median of $RUNS, gzip, curl time_total).

| state | VmRSS (MiB) | threads | descriptors | scrape (ms) |
|---|---:|---:|---:|---:|
| at rest | $(mib "$rest_rss") | $rest_threads | | $rest_ms |
| with $((2 * IDLE)) hostile connections | $(mib "$held_rss") | $held_threads | $held | $held_ms |
| after the header timeout closed them (${closed_after:-not} s after waiting began) | $(mib "$after_rss") | $after_threads | | |

Memory per hostile connection: $per_connection KiB (the RSS difference over $((2 * IDLE))). Peak RSS (VmHWM): $(mib "$after_hwm") MiB.
Threads do not grow with connections: epoll polling threads serve them all, and handlers run on workers.

Machine: $(nproc) CPUs, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg).
EOF
)
echo "$report"
[ -z "$RESULTS" ] || echo "$report" >"$RESULTS"
