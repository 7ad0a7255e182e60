#!/usr/bin/env bash
# Benchmark (issue 11): what one exporter can hold on /probe?target=<name>: how many targets, and of how many
# partitions, it serves within a scrape interval.
#
# One throwaway PostgreSQL 15 stands in for a fleet: each target is a database of it (fleet_01 …), TABLES x
# PARTITIONS daily partitions each (benchmarks/schema.sql, copied with CREATE DATABASE … TEMPLATE), reached through
# its own `dsn` in the exporter's `targets:` (no DATA_SOURCE_NAME), so over a connection of its own, with its own
# caches: the exporter does the same work for it as for a separate cluster. One exporter process per K of
# TARGET_COUNTS, its configuration naming K targets, all started at once and measured in turn, round after round,
# so that noise falls on all alike. After WARMUP probes of every target (the first one timed: the cold probe):
#   a. one target probed alone, back to back (curl, gzip): wall time per probe, exporter CPU per probe;
#   b. all K targets probed at once (K curls in parallel, gzip, as Prometheus when their scrapes coincide): wall time
#      of the round, of its slowest probe, exporter CPU per probe; the server backends' CPU per probe too;
#   c. the exporter's VmRSS (configured, after the warm-up, after the measurement) and VmHWM, and the cost of one
#      more target: least-squares slope over K;
#   d. the server connections each exporter holds (one per target database), and that --probe.idle-timeout
#      closes them (an extra exporter with a short timeout, after the rounds).
# Then the extrapolation: targets one exporter serves within INTERVAL seconds at CPU_SHARE of CORES, the memory
# that takes, and the same at 10,000 partitions a target from benchmarks/results/scale.md.
# Every process it starts is stopped on exit; every wait is bounded. Prints a report and writes it to RESULTS. See
# benchmarks/README.md.
#
# Environment (defaults in brackets):
#   TARGETS [16]         targets of the largest exporter (databases fleet_01 … fleet_TARGETS)
#   TARGET_COUNTS ["1 4 TARGETS"]  one exporter per count, each naming that many targets (at least two counts)
#   TABLES [10] PARTITIONS [100] FILLED_TABLES [1] ROWS_PER_TABLE [20000]  each target's schema (run.sh's 1k)
#   RUNS [60]            back-to-back probes of one target per exporter, split over ROUNDS
#   PARALLEL_ROUNDS [30] rounds of all K targets at once per exporter, split over ROUNDS
#   ROUNDS [3]           exporters are measured in turn, round after round
#   WARMUP [3]           sequential probes of every target first (at least 1; the first is the cold probe)
#   SCRAPE_TIMEOUT [30]  sent as X-Prometheus-Scrape-Timeout-Seconds (the README's scrape_timeout)
#   INTERVAL [60] CORES [2] CPU_SHARE [0.5]   the extrapolation: scrape interval, cores, share of them for the exporter
#   IDLE_CHECK [1]       0: no --probe.idle-timeout check
#   SMOKE [0]            1: TARGETS=2 TABLES=2 PARTITIONS=5 RUNS=2 PARALLEL_ROUNDS=2 ROUNDS=1 WARMUP=1, results to
#                        /tmp/probe-smoke.md (each still overridable): about a minute, to check the script
#   SCRATCH_PATH [.build]  SwiftPM scratch path of the release build
#   SKIP_SETUP [0]       1: do not run scripts/setup.sh
#   RESULTS [benchmarks/results/probe.md at the default sizes, else benchmarks/results/probe-<T>x<P>.md]  ("" for
#                        nowhere)
#   RAW_DIR [unset]      if set, raw timings, logs, configurations and bodies are copied there
#   REVISION [unset]     the commit to print, for a copy of the sources without .git (git archive)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh
source benchmarks/lib/processes.sh
source benchmarks/lib/report.sh
source benchmarks/lib/exporter-sql.sh

if [ "${SMOKE:-0}" = 1 ]; then
    TARGETS=${TARGETS:-2} TABLES=${TABLES:-2} PARTITIONS=${PARTITIONS:-5} RUNS=${RUNS:-2}
    PARALLEL_ROUNDS=${PARALLEL_ROUNDS:-2} ROUNDS=${ROUNDS:-1} WARMUP=${WARMUP:-1} RESULTS=${RESULTS-/tmp/probe-smoke.md}
fi
TARGETS=${TARGETS:-16}
if [ "$TARGETS" -ge 8 ]; then TARGET_COUNTS=${TARGET_COUNTS:-"1 $((TARGETS / 4)) $TARGETS"}; else TARGET_COUNTS=${TARGET_COUNTS:-"1 $TARGETS"}; fi
TABLES=${TABLES:-10} PARTITIONS=${PARTITIONS:-100} FILLED_TABLES=${FILLED_TABLES:-1} ROWS_PER_TABLE=${ROWS_PER_TABLE:-20000}
RUNS=${RUNS:-60} PARALLEL_ROUNDS=${PARALLEL_ROUNDS:-30} ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-3}
SCRAPE_TIMEOUT=${SCRAPE_TIMEOUT:-30} INTERVAL=${INTERVAL:-60} CORES=${CORES:-2} CPU_SHARE=${CPU_SHARE:-0.5}
IDLE_CHECK=${IDLE_CHECK:-1}
SCRATCH_PATH=${SCRATCH_PATH:-.build}
default_results=benchmarks/results/probe.md
if [ "$TABLES" != 10 ] || [ "$PARTITIONS" != 100 ]; then default_results=benchmarks/results/probe-${TABLES}x${PARTITIONS}.md; fi
RESULTS=${RESULTS-$default_results}
per_round=$(((RUNS + ROUNDS - 1) / ROUNDS))
parallel_per_round=$(((PARALLEL_ROUNDS + ROUNDS - 1) / ROUNDS))
partitions_per_target=$((TABLES * PARTITIONS))
read -ra counts <<<"$TARGET_COUNTS"
max_k=$(printf '%s\n' "${counts[@]}" | sort -n | tail -n 1)
min_k=$(printf '%s\n' "${counts[@]}" | sort -n | head -n 1)
curl_timeout=$((SCRAPE_TIMEOUT + 30))
started_at=$SECONDS

say() { echo "probe: $*" >&2; }
die() { echo "probe: error: $*" >&2; exit 1; }
[ "${#counts[@]}" -ge 2 ] || die "TARGET_COUNTS needs at least two counts, not '$TARGET_COUNTS'"
[ "$max_k" -eq "$TARGETS" ] || die "the largest of TARGET_COUNTS ($max_k) must be TARGETS ($TARGETS)"
[ "$min_k" -ge 1 ] && [ "$TARGETS" -le 99 ] || die "target counts must be within 1 … 99"
[ "$WARMUP" -ge 1 ] || die "WARMUP must be at least 1: the first probe of each target is the cold one"
[ "$TABLES" -le 1000 ] || die "TABLES must be at most 1000 (schema.sql names them with three digits)"
[ "$FILLED_TABLES" -le "$TABLES" ] || FILLED_TABLES=$TABLES

# --- Tools and build --------------------------------------------------------------------------------------------
if [ "${SKIP_SETUP:-0}" != 1 ]; then scripts/setup.sh; fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
for tool in curl gzip; do command -v "$tool" >/dev/null || die "$tool is missing (run scripts/setup.sh)"; done
revision=$(source_revision)   # before building: what the binary is built from
say "building the exporter (release, scratch path $SCRATCH_PATH)"
swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH" >&2
exporter_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"
[ -x "$exporter_bin" ] || die "no binary at $exporter_bin"

if [ -z "${PG_BIN:-}" ] && [ -d /usr/lib/postgresql/15/bin ]; then PG_BIN=/usr/lib/postgresql/15/bin; fi
pg_find_bin || die "PostgreSQL server binaries not found (run scripts/setup.sh, or set PG_BIN)"
work=$(mktemp -d /tmp/pg_partition_exporter-probe.XXXXXX)

idle_pid=""
declare -A exporter_pid=() exporter_port=()
cleanup() {
    local status=$? pid
    for pid in "${exporter_pid[@]}"; do stop_process "$pid"; done
    stop_process "$idle_pid"
    pg_stop
    if [ -n "${RAW_DIR:-}" ]; then
        mkdir -p "$RAW_DIR" && cp -r "$work"/*.txt "$work"/*.log "$work"/*.prom "$work"/*.yml "$RAW_DIR"/ 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Throwaway PostgreSQL: the fleet ------------------------------------------------------------------------------
pg_port=$(free_port 55732)
# Connections: one per target of every exporter (the sum of TARGET_COUNTS, plus the idle check's TARGETS), and psql.
max_connections=$(( $(printf '%s+' "${counts[@]}")0 + TARGETS + 20 ))
[ "$max_connections" -ge 100 ] || max_connections=100
# As run.sh: fsync and friends off only to build faster (the measured work is read-only); autovacuum off so that
# nothing runs in the background while measuring (the script runs ANALYZE).
# The sizes query locks 4 relations a leaf it measures, up to SizeLedger.batchSize (5,000) leaves a transaction: a cold
# probe of 1,000 partitions takes 4,000 locks, of 10,000 partitions 20,000. The idle check's exporter probes every
# target at once, cold: the shared lock table (max_locks_per_transaction x max_connections, nominally) must hold
# TARGETS such transactions; 256 a connection, as run.sh, or the smallest power of two above that.
leaf_batch=$((partitions_per_target < 5000 ? partitions_per_target : 5000))
locks=256
while [ $((locks * max_connections)) -lt $((4 * leaf_batch * TARGETS)) ]; do locks=$((locks * 2)); done
say "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$pg_port (max_connections=$max_connections, max_locks_per_transaction=$locks)"
pg_start "$work" "$pg_port" -c max_connections="$max_connections" -c max_locks_per_transaction="$locks" \
    -c autovacuum=off -c fsync=off -c synchronous_commit=off -c full_page_writes=off
pg_version=$(pg_psql -d postgres -At -c "SHOW server_version")
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

db() { printf 'fleet_%02d' "$1"; }
say "targets: $(db 1) with $TABLES tables x $PARTITIONS partitions (rows in $FILLED_TABLES), copied up to $(db "$TARGETS")"
setup_started=$SECONDS
pg_psql -d postgres -c "CREATE DATABASE $(db 1)"
pg_psql -d "$(db 1)" -v tables="$TABLES" -v partitions="$PARTITIONS" -v filled="$FILLED_TABLES" \
    -v rows_per_table="$ROWS_PER_TABLE" -v password="$password" -f benchmarks/schema.sql   # also the role bench_monitor
for ((i = 2; i <= TARGETS; i++)); do pg_psql -d postgres -c "CREATE DATABASE $(db "$i") TEMPLATE $(db 1)"; done
for ((i = 2; i <= TARGETS; i++)); do pg_psql -d "$(db "$i")" -c "ANALYZE" >/dev/null; done   # statistics are per database
setup_seconds=$((SECONDS - setup_started))
leaves=$(pg_psql -d "$(db "$TARGETS")" -At -c "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relispartition")
[ "$leaves" -eq "$partitions_per_target" ] || die "$(db "$TARGETS") has $leaves leaf partitions, not $partitions_per_target"
say "estate ready in $setup_seconds s"

# --- Exporters: one per K, all started at once --------------------------------------------------------------------
dsn() { echo "postgresql://bench_monitor:$password@127.0.0.1:$pg_port/$1?sslmode=disable&application_name=$2"; }
write_config() {   # write_config FILE K PREFIX: `targets:` t01 … tK, target i on database fleet_i
    local i
    {
        echo "targets:"
        for ((i = 1; i <= $2; i++)); do
            printf '  - name: t%02d\n    dsn: "%s"\n' "$i" "$(dsn "$(db "$i")" "$(printf '%s_t%02d' "$3" "$i")")"
        done
    } >"$1"
}
start_exporter() {   # start_exporter NAME K LOG_LEVEL [FLAGS…]: sets started_pid, started_port
    local name=$1 k=$2 level=$3
    shift 3
    write_config "$work/$name.yml" "$k" "$name"
    started_port=$(free_port $((10587 + RANDOM % 500)))
    env -u DATA_SOURCE_NAME "$exporter_bin" --web.listen-address "127.0.0.1:$started_port" --config.file "$work/$name.yml" \
        --log.level "$level" "$@" >>"$work/$name.log" 2>&1 &
    started_pid=$!
    wait_http "http://127.0.0.1:$started_port/" "$started_pid" || { cat "$work/$name.log" >&2; die "$name: the exporter did not start"; }
}
kib() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

subjects=()
for k in "${counts[@]}"; do
    name="k$k"
    start_exporter "$name" "$k" warn --probe.idle-timeout 1h   # no target closes during the measurement
    exporter_pid[$name]=$started_pid exporter_port[$name]=$started_port
    subjects+=("$name")
done
sleep 1   # settled after start
for name in "${subjects[@]}"; do kib "${exporter_pid[$name]}" VmRSS >"$work/${name}_rss_configured.txt"; done

# --- Probes -------------------------------------------------------------------------------------------------------
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # user + system of a process (all its threads), clock ticks
backend_pids() { pg_psql -d postgres -At -c "SELECT pid FROM pg_stat_activity WHERE application_name LIKE '$1\\_t%'"; }
backend_sum() {   # $1 an exporter, $2 a file under each of its backends' /proc/PID, $3 awk printing one number: summed
    local pid total=0 value
    for pid in $(backend_pids "$1"); do
        value=$(awk "$3" "/proc/$pid/$2" 2>/dev/null || echo 0)
        total=$((total + value))
    done
    echo "$total"
}
server_ticks() { backend_sum "$1" stat '{ print $14 + $15 }'; }   # user + system ticks of its backends
backends() { pg_psql -d postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '$1\\_t%'"; }
backend_private_kib() { backend_sum "$1" smaps_rollup '/^Private_(Clean|Dirty):/ { s += $2 } END { print s + 0 }'; }   # KiB
probe_url() { printf 'http://127.0.0.1:%s/probe?target=t%02d' "${exporter_port[$1]}" "$2"; }
probe() {   # probe NAME I OUT: one probe as Prometheus sends it (gzip, its timeout header); prints curl's time_total, ms
    curl -sf --max-time "$curl_timeout" -H 'Accept-Encoding: gzip' -H "X-Prometheus-Scrape-Timeout-Seconds: $SCRAPE_TIMEOUT" \
        -D "$3.headers" -o "$3" -w '%{time_total}\n' "$(probe_url "$1" "$2")" | awk '{ printf "%.3f\n", $1 * 1000 }'
}

# Warm-up: every target of every exporter, in turn; the first pass is the cold probe (connection, and the size and
# bounds of every partition), timed with its CPU. Then the premises: every target up, every partition exported,
# the answer gzip.
say "warm-up: $WARMUP probes of every target ($(printf '%s+' "${counts[@]}" | sed 's/+$//') targets)"
for ((w = 1; w <= WARMUP; w++)); do
    for name in "${subjects[@]}"; do
        k=${name#k}
        for ((i = 1; i <= k; i++)); do
            before=$(cpu_ticks "${exporter_pid[$name]}")
            ms=$(probe "$name" "$i" "$work/$name.body") || { cat "$work/$name.log" >&2; die "$name: a warm-up probe of t$i failed"; }
            if [ "$w" = 1 ]; then
                echo "$ms" >>"$work/${name}_cold_http.txt"
                echo "$(($(cpu_ticks "${exporter_pid[$name]}") - before)) 1" >>"$work/${name}_cold_cpu.txt"
            fi
        done
    done
done
for name in "${subjects[@]}"; do
    k=${name#k}
    for ((i = 1; i <= k; i++)); do
        probe "$name" "$i" "$work/check.body" >/dev/null || die "$name: a probe of t$i failed"
        grep -qi '^content-encoding:[[:space:]]*gzip' "$work/check.body.headers" || die "$name: t$i answered without gzip"
        gzip -dc "$work/check.body" >"$work/${name}_t$i.prom" || die "$name: t$i's body is not gzip"
        grep -q "^pg_partition_exporter_up{datname=\"$(db "$i")\"} 1\$" "$work/${name}_t$i.prom" \
            || { cat "$work/$name.log" >&2; die "$name: t$i is not up on $(db "$i")"; }
        exported=$(grep -c '^pg_partition_total_bytes{' "$work/${name}_t$i.prom" || true)
        [ "$exported" -eq "$partitions_per_target" ] || die "$name: t$i exports $exported partitions, not $partitions_per_target"
    done
    held=$(backends "$name")
    [ "$held" -eq "$k" ] || die "$name: holds $held server connections for $k targets"
    kib "${exporter_pid[$name]}" VmRSS >"$work/${name}_rss_warm.txt"
done
series=$(grep -vc '^#' "$work/k${max_k}_t1.prom" || true)
gzip_bytes=$(wc -c <"$work/check.body")
plain_bytes=$(wc -c <"$work/k${max_k}_t${max_k}.prom")

alone() {   # alone NAME COUNT: back-to-back probes of t01; wall ms, exporter and server CPU ticks
    local name=$1 pid=${exporter_pid[$1]} before server_before i
    before=$(cpu_ticks "$pid") server_before=$(server_ticks "$name")
    for ((i = 0; i < $2; i++)); do
        probe "$name" 1 "$work/$name.body" >>"$work/${name}_alone_http.txt" || die "$name: a probe of t01 failed"
    done
    echo "$(($(cpu_ticks "$pid") - before)) $2" >>"$work/${name}_alone_cpu.txt"
    echo "$(($(server_ticks "$name") - server_before)) $2" >>"$work/${name}_alone_server.txt"
}
together() {   # together NAME ROUNDS: rounds of every target at once; round wall ms, slowest probe, CPU ticks
    local name=$1 pid=${exporter_pid[$1]} k=${1#k} before server_before r i start end status
    local -a curls urls=()
    for ((i = 1; i <= k; i++)); do urls[i]=$(probe_url "$name" "$i"); done
    before=$(cpu_ticks "$pid") server_before=$(server_ticks "$name")
    for ((r = 0; r < $2; r++)); do
        curls=()
        start=${EPOCHREALTIME/./}   # microseconds
        for ((i = 1; i <= k; i++)); do   # curl itself in the background, no subshell: the round is the probes'
            curl -sf --max-time "$curl_timeout" -H 'Accept-Encoding: gzip' \
                -H "X-Prometheus-Scrape-Timeout-Seconds: $SCRAPE_TIMEOUT" -o "$work/${name}_p$i.body" \
                -w '%{time_total}\n' "${urls[i]}" >"$work/${name}_p$i.s" &
            curls+=($!)
        done
        status=0
        for i in "${curls[@]}"; do wait "$i" || status=1; done
        end=${EPOCHREALTIME/./}
        [ "$status" = 0 ] || die "$name: a probe of a parallel round failed"
        echo "$(((end - start) / 1000)).$(printf '%03d' $(((end - start) % 1000)))" >>"$work/${name}_round.txt"
        cat "$work/${name}"_p*.s | awk '{ printf "%.3f\n", $1 * 1000 }' >"$work/${name}_probes.txt"
        sort -g "$work/${name}_probes.txt" | tail -n 1 >>"$work/${name}_slowest.txt"
        cat "$work/${name}_probes.txt" >>"$work/${name}_together_http.txt"
    done
    echo "$(($(cpu_ticks "$pid") - before)) $(($2 * k))" >>"$work/${name}_together_cpu.txt"
    echo "$(($(server_ticks "$name") - server_before)) $(($2 * k))" >>"$work/${name}_together_server.txt"
    # The clients' own share of a round: K curls of the landing page, started and awaited the same way.
    curls=()
    start=${EPOCHREALTIME/./}
    for ((i = 1; i <= k; i++)); do
        curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:${exporter_port[$name]}/" &
        curls+=($!)
    done
    for i in "${curls[@]}"; do wait "$i" || die "$name: a landing-page curl failed"; done
    end=${EPOCHREALTIME/./}
    echo "$(((end - start) / 1000)).$(printf '%03d' $(((end - start) % 1000)))" >>"$work/${name}_landing.txt"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= ROUNDS; round++)); do
    say "round $round of $ROUNDS: $per_round probes of one target, $parallel_per_round rounds of all targets at once, per exporter"
    for name in "${subjects[@]}"; do
        alone "$name" "$per_round"
        together "$name" "$parallel_per_round"
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- d. --probe.idle-timeout closes the connections -------------------------------------------------------------------
idle_report="not checked (IDLE_CHECK=0)"
if [ "$IDLE_CHECK" = 1 ]; then
    say "idle check: $TARGETS targets with --probe.idle-timeout 5s"
    start_exporter idle "$TARGETS" info --probe.idle-timeout 5s
    idle_pid=$started_pid
    exporter_port[idle]=$started_port
    curls=()   # every target at once, so that none is idle for 5 s before all are connected
    for ((i = 1; i <= TARGETS; i++)); do probe idle "$i" "$work/idle_$i.body" >/dev/null & curls+=($!); done
    for i in "${curls[@]}"; do wait "$i" || die "idle: a probe failed"; done
    idle_held=$(backends idle)
    [ "$idle_held" -eq "$TARGETS" ] || die "idle: $idle_held connections after probing $TARGETS targets"
    idle_waited="" idle_since=${EPOCHREALTIME/./}
    for ((i = 0; i < 200; i++)); do   # the sweep runs every timeout / 4: all closed by 6.25 s; at most 200 checks
        if [ "$(backends idle)" -eq 0 ]; then
            idle_waited=$(awk -v a="$idle_since" -v b="${EPOCHREALTIME/./}" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
            break
        fi
        sleep 0.1
    done
    [ -n "$idle_waited" ] || die "idle: $(backends idle) connections still open 20 s after the last probe (idle timeout 5 s)"
    before=$(cpu_ticks "$idle_pid")
    again=$(probe idle 1 "$work/idle.body") || die "idle: the probe after the close failed"
    again_cpu=$(($(cpu_ticks "$idle_pid") - before))
    gzip -dc "$work/idle.body" >"$work/idle_again.prom" || die "idle: the probe after the close is not gzip"
    # (into a file: grep -q ending a pipe early would fail gzip with SIGPIPE under pipefail, on a large body)
    grep -q "^pg_partition_exporter_up{datname=\"$(db 1)\"} 1\$" "$work/idle_again.prom" || die "idle: t01 is not up after reconnecting"
    idle_closed_log=$(grep -c 'closed the connections of a target' "$work/idle.log" || true)
    idle_report="$idle_held connections after probing $TARGETS targets; all closed ${idle_waited} s after the probes ended (timeout 5 s, the sweep every 1.25 s), and $idle_closed_log \`closed the connections of a target not probed lately\` log lines; the next probe of t01 connected again in $again ms, $(awk -v t="$again_cpu" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1000 / hz }') ms of exporter CPU (its cached sizes and bounds kept), and was up"
    stop_process "$idle_pid"
    idle_pid=""
fi

# --- Figures ----------------------------------------------------------------------------------------------------
hz=$(getconf CLK_TCK)
cpu_ms() {   # ms of CPU per probe over every batch of a file of "ticks probes" lines
    awk -v hz="$hz" '{ t += $1; n += $2 } END { printf "%.1f", n ? t * 1000 / hz / n : 0 }' "$1"
}
cpu_ms_median() {   # the median over batches of ms of CPU per probe
    awk -v hz="$hz" '$2 > 0 { printf "%.3f\n", $1 * 1000 / hz / $2 }' "$1" >"$1.per_probe"
    median "$1.per_probe"
}
slope() {   # slope "x y" lines: least-squares dy/dx
    awk '{ n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
         END { d = n * sxx - sx * sx; printf "%.2f", d ? (n * sxy - sx * sy) / d : 0 }'
}
intercept() {
    awk '{ n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
         END { d = n * sxx - sx * sx; b = d ? (n * sxy - sx * sy) / d : 0; printf "%.1f", (sy - b * sx) / n }'
}

time_rows="" mem_rows="" rss_points="" hwm_points="" warm_points="" server_mem_points="" round_points=""
for name in "${subjects[@]}"; do
    k=${name#k} pid=${exporter_pid[$name]}
    read -r a_med a_min a_max a_n < <(stats "$work/${name}_alone_http.txt")
    read -r r_med r_min r_max r_n < <(stats "$work/${name}_round.txt")
    s_med=$(median "$work/${name}_slowest.txt") p_med=$(median "$work/${name}_together_http.txt")
    c_med=$(median "$work/${name}_cold_http.txt")
    a_cpu=$(cpu_ms_median "$work/${name}_alone_cpu.txt") t_cpu=$(cpu_ms_median "$work/${name}_together_cpu.txt")
    l_med=$(median "$work/${name}_landing.txt")
    c_cpu=$(cpu_ms "$work/${name}_cold_cpu.txt")
    a_srv=$(cpu_ms "$work/${name}_alone_server.txt") t_srv=$(cpu_ms "$work/${name}_together_server.txt")
    per_probe_in_round=$(awk -v r="$r_med" -v k="$k" 'BEGIN { printf "%.1f", r / k }')
    time_rows+="| $k | **$a_med** | $a_min | $a_max | **$a_cpu** | $a_srv | **$r_med** | $r_min | $r_max | $l_med | $s_med | $p_med | $per_probe_in_round | **$t_cpu** | $t_srv | $c_med | $c_cpu |"$'\n'
    configured=$(cat "$work/${name}_rss_configured.txt") warm=$(cat "$work/${name}_rss_warm.txt")
    rss=$(kib "$pid" VmRSS) hwm=$(kib "$pid" VmHWM) nb=$(backends "$name") srv=$(backend_private_kib "$name")
    threads=$(ls "/proc/$pid/task" | wc -l) fds=$(ls "/proc/$pid/fd" | wc -l)
    mem_rows+="| $k | $(mib "$configured") | $(mib "$warm") | **$(mib "$rss")** | **$(mib "$hwm")** | $nb | $(mib "$srv") | $threads | $fds |"$'\n'
    rss_points+="$k $(mib "$rss")"$'\n' hwm_points+="$k $(mib "$hwm")"$'\n' warm_points+="$k $(mib "$warm")"$'\n'
    server_mem_points+="$k $(mib "$srv")"$'\n' round_points+="$k $r_med"$'\n'
    if [ "$k" = "$max_k" ]; then
        big_alone_cpu=$a_cpu big_together_cpu=$t_cpu big_alone_ms=$a_med big_round_ms=$r_med big_slowest=$s_med
        big_alone_srv=$a_srv big_together_srv=$t_srv big_cold_cpu=$c_cpu big_cold_ms=$c_med
        transient=$(awk -v h="$hwm" -v w="$warm" -v k="$k" 'BEGIN { printf "%.2f", (h - w) / 1024 / k }')
    fi
done
rss_slope=$(slope <<<"${rss_points%$'\n'}") rss_intercept=$(intercept <<<"${rss_points%$'\n'}")
hwm_slope=$(slope <<<"${hwm_points%$'\n'}") hwm_intercept=$(intercept <<<"${hwm_points%$'\n'}")
warm_slope=$(slope <<<"${warm_points%$'\n'}") warm_intercept=$(intercept <<<"${warm_points%$'\n'}")
server_slope=$(slope <<<"${server_mem_points%$'\n'}")
round_slope=$(slope <<<"${round_points%$'\n'}")

# The extrapolation. CPU per probe: the larger of the two ways of probing at K = TARGETS (alone, or all at once).
probe_cpu=$(awk -v a="$big_alone_cpu" -v b="$big_together_cpu" 'BEGIN { printf "%.1f", (a > b ? a : b) }')
budget=$(awk -v s="$CPU_SHARE" -v c="$CORES" -v i="$INTERVAL" 'BEGIN { printf "%g", s * c * i }')   # CPU seconds an interval
fleet() { awk -v b="$budget" -v ms="$1" 'BEGIN { printf "%d", (ms > 0 ? b / (ms / 1000) : 0) }'; }   # fleet MS_PER_PROBE
fleet_1k=$(fleet "$probe_cpu")
in_flight() {   # in_flight TARGETS [GROWTH]: probes in flight on average, a probe's wall time x GROWTH (10k rows)
    awk -v n="$1" -v w="$big_alone_ms" -v g="${2:-1}" -v i="$INTERVAL" 'BEGIN { printf "%.1f", n * w * g / 1000 / i }'
}
at_once() { awk -v f="$1" 'BEGIN { n = int(f); if (n < f) n++; if (n < 1) n = 1; print n }'; }   # ⌈probes in flight⌉, at least 1
mem_at() {   # mem_at A B N AT_ONCE [MIB_A_PROBE]: A + B x N + MIB_A_PROBE [transient] x AT_ONCE, MiB
    awk -v a="$1" -v b="$2" -v n="$3" -v m="$4" -v t="${5:-$transient}" 'BEGIN { printf "%.0f", a + b * n + t * m }'
}
held_1k=$(awk -v a="$warm_intercept" -v b="$warm_slope" -v n="$fleet_1k" 'BEGIN { printf "%.0f", a + b * n }')
in_flight_1k=$(in_flight "$fleet_1k") at_once_1k=$(at_once "$(in_flight "$fleet_1k")")
mem_1k=$(mem_at "$warm_intercept" "$warm_slope" "$fleet_1k" "$at_once_1k")
per_partition_us=$(awk -v ms="$probe_cpu" -v p="$partitions_per_target" 'BEGIN { printf "%.1f", ms * 1000 / p }')
per_partition_kib=$(awk -v s="$warm_slope" -v p="$partitions_per_target" 'BEGIN { printf "%.2f", s * 1024 / p }')
# scale.md: per-scrape CPU (gzip) of one database at 1k and 10k partitions, and peak RSS, as committed.
scale_cpu() { awk -F'|' -v s="$1" '$2 ~ "^ *" s " *$" && NF > 8 && $(NF - 1) ~ / \/ / { split($(NF - 1), a, "/"); gsub(/ /, "", a[1]); v = a[1] } END { print v }' benchmarks/results/scale.md 2>/dev/null; }
scale_rss() { awk -F'|' -v s="$1" '$2 ~ "^ *" s " *$" && NF > 8 && $(NF - 1) ~ / \/ / { split($(NF - 3), a, "/"); gsub(/ /, "", a[1]); v = a[1] } END { print v }' benchmarks/results/scale.md 2>/dev/null; }
s1k_cpu=$(scale_cpu 1k) s10k_cpu=$(scale_cpu 10k) s1k_rss=$(scale_rss 1k) s10k_rss=$(scale_rss 10k)
growth="" growth_row="" fleet_10k_scale=""
if [ -n "$s1k_cpu" ] && [ -n "$s10k_cpu" ]; then
    growth=$(awk -v a="$s1k_cpu" -v b="$s10k_cpu" 'BEGIN { printf "%.1f", b / a }')
    fleet_10k_scale=$(fleet "$s10k_cpu")
fi
linear_factor=$(awk -v p="$partitions_per_target" 'BEGIN { printf "%g", 10000 / p }')
mem_slope_10k=$(awk -v s="$warm_slope" -v f="$linear_factor" 'BEGIN { printf "%.1f", s * f }')
transient10k=$(awk -v t="$transient" -v f="$linear_factor" 'BEGIN { printf "%.1f", t * f }')   # a probe in flight, linear too
if [ -n "$growth" ] && [ "$partitions_per_target" = 1000 ]; then   # scale.md's growth applies from 1k partitions
    probe_cpu_10k=$(awk -v c="$probe_cpu" -v g="$growth" 'BEGIN { printf "%.0f", c * g }')
    fleet_10k=$(fleet "$probe_cpu_10k")
    growth_row="| 10000: × $growth, scale.md's growth from 1k to 10k | $probe_cpu × $growth ≈ $probe_cpu_10k ms | $budget / $(awk -v c="$probe_cpu_10k" 'BEGIN { printf "%.3f", c / 1000 }') = **$fleet_10k** | $warm_intercept + $mem_slope_10k × $fleet_10k + $transient10k × $(at_once "$(in_flight "$fleet_10k" "$growth")") ≈ $(mem_at "$warm_intercept" "$mem_slope_10k" "$fleet_10k" "$(at_once "$(in_flight "$fleet_10k" "$growth")")" "$transient10k") MiB (held: the slope × 10, linear in partitions) |"$'\n'
fi
linear_10k=$(awk -v c="$probe_cpu" -v p="$partitions_per_target" 'BEGIN { printf "%.0f", c * 10000 / p }')
fleet_10k_linear=$(fleet "$linear_10k")
linear_row=""
if [ "$partitions_per_target" -lt 10000 ]; then
    linear_row="| 10000: linear, × $linear_factor | $linear_10k ms | $budget / $(awk -v c="$linear_10k" 'BEGIN { printf "%.3f", c / 1000 }') = $fleet_10k_linear | $warm_intercept + $mem_slope_10k × $fleet_10k_linear + $transient10k × $(at_once "$(in_flight "$fleet_10k_linear" "$linear_factor")") ≈ $(mem_at "$warm_intercept" "$mem_slope_10k" "$fleet_10k_linear" "$(at_once "$(in_flight "$fleet_10k_linear" "$linear_factor")")" "$transient10k") MiB |"$'\n'
fi
per_round_cpu_s=$(awk -v c="$big_together_cpu" -v k="$max_k" 'BEGIN { printf "%.2f", c * k / 1000 }')
nofile=$(awk '/^Max open files/ { print $4 }' "/proc/${exporter_pid[k$max_k]}/limits")

report() {
    cat <<EOF
# pg_partition_exporter benchmark: how many targets one exporter holds on /probe (issue 11)

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $revision, \`benchmarks/probe.sh\` with TARGETS=$TARGETS TARGET_COUNTS="$TARGET_COUNTS" RUNS=$RUNS PARALLEL_ROUNDS=$PARALLEL_ROUNDS ROUNDS=$ROUNDS WARMUP=$WARMUP, in $((SECONDS - started_at)) s (the estate built in $setup_seconds s).

One throwaway PostgreSQL stands in for the fleet: target \`tNN\` is database \`$(db 1)\` … \`$(db "$TARGETS")\`, each with
$TABLES tables x $PARTITIONS daily partitions (**$partitions_per_target partitions a target**, four relations each, $ROWS_PER_TABLE rows in each of $FILLED_TABLES table(s);
\`schema.sql\`, then \`CREATE DATABASE … TEMPLATE\`), named in \`targets:\` with a \`dsn\` of its own (no \`databases:\`,
no DATA_SOURCE_NAME). The exporter cannot tell a database of this server from a separate cluster: each target has its
own connection, its own size and bound caches, and a collection of its own, so its work per probe is the same as for
a remote cluster's. What differs is the server: here it shares the exporter's 2 cores, so the wall times below
include the server's work on the same machine, where a fleet's servers work on their own hosts. CPU seconds of the
exporter process (user + system of all its threads, \`/proc/PID/stat\`) are the figure that scales.

One exporter process per K in TARGET_COUNTS, all measured in turn, round after round. Every probe is
\`GET /probe?target=tNN\` with \`Accept-Encoding: gzip\` and \`X-Prometheus-Scrape-Timeout-Seconds: $SCRAPE_TIMEOUT\`, as Prometheus
sends it, timed by curl (\`time_total\`); WARMUP = $WARMUP sequential probes of every target first (the first is the cold probe). A
target's probe body: $series series, $gzip_bytes bytes gzip ($plain_bytes plain). Times in milliseconds, medians.

## a, b. Time and CPU per probe

- **alone**: $RUNS back-to-back probes of t01 (the other targets idle, connected).
- **all K at once**: $PARALLEL_ROUNDS rounds of K curls started together (as Prometheus when the scrapes of K targets
  coincide); the round is from the first curl's start to the last one's end, so it includes starting K curl
  processes: **K curls of the landing page**, a round of K requests for \`/\` started the same way (once per
  exporter and round), is that share alone. Each probe's own time (curl's \`time_total\`, from its connection) is in
  **probe in a round** (median of all) and **slowest probe in a round** (median of the rounds' slowest).
- **CPU / probe**: the exporter's CPU over a batch ÷ the probes in it, median of the $ROUNDS batches (one a round;
  clock ticks of $((1000 / $(getconf CLK_TCK))) ms); **server CPU / probe**: the same for the server backends of that exporter's
  connections (work that a fleet's own servers do, not the exporter's host), mean over all batches. Cold first
  probe: the first probe of each target (its connection, and the size and bound of every partition), median wall,
  mean CPU.

| K targets | alone: wall | min | max | **CPU / probe** | server CPU / probe | all K at once: round | min | max | K curls of the landing page | slowest probe in a round | probe in a round | round ÷ K | **CPU / probe** | server CPU / probe | cold first probe: wall | its CPU |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${time_rows%$'\n'}

Round time grows by **$round_slope ms a target** (least-squares slope over K = ${counts[*]}).

## c, d. Memory and connections

VmRSS of the exporter: configured (started, never probed), after the warm-up (every target connected, caches full),
and after all the probes; VmHWM (peak) after all the probes; its server connections (\`pg_stat_activity\` by
\`application_name\`) and their backends' private memory (clean + dirty, \`/proc/PID/smaps_rollup\`); its threads and
open file descriptors.

| K targets | RSS configured MiB | RSS warm MiB | **RSS after MiB** | **VmHWM MiB** | connections | their backends' private MiB | threads | fds |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${mem_rows%$'\n'}

One more target of $partitions_per_target partitions (least-squares slope over K = ${counts[*]}):

- **held: $warm_slope MiB** of RSS after the warm-up (every target probed in turn, one at a time: its connection and
  caches), RSS ≈ $warm_intercept + $warm_slope × targets MiB;
- after the rounds of K probes at once, $rss_slope MiB of RSS and $hwm_slope MiB of peak RSS a target (RSS ≈ $rss_intercept + $rss_slope × targets,
  VmHWM ≈ $hwm_intercept + $hwm_slope × targets): these grow with the probes *at once*, K of them, not with the targets held;
  at K = $max_k, (VmHWM − RSS warm) ÷ K = **$transient MiB a probe in flight** (its rows, samples and body while it is
  collected and rendered, each on an HTTP thread of its own, and what malloc keeps of them);
- one server connection, $server_slope MiB of private backend memory.

--probe.idle-timeout: $idle_report.

## Extrapolation: targets per exporter

CPU-bound estimate: the exporter may use CPU_SHARE = $CPU_SHARE of CORES = $CORES cores over a scrape interval of INTERVAL = $INTERVAL s,
$budget CPU seconds an interval; each target costs one probe an interval. CPU per probe at K = $max_k: $big_alone_cpu ms alone,
$big_together_cpu ms all at once; the larger, **$probe_cpu ms**, is used.

RSS then: held ($warm_intercept MiB + $warm_slope MiB a target of $partitions_per_target partitions) + $transient MiB for each probe in flight
(⌈targets × $big_alone_ms ms a probe ÷ $INTERVAL s⌉ when their scrapes are spread over the interval).$(if [ "$partitions_per_target" -lt 10000 ]; then
    printf '%s\n%s\n%s' " At 10,000 partitions the" "held slope, the memory of a probe in flight and a probe's wall time are scaled linearly (× $linear_factor), a bound: to measure" "them, run \`TABLES=100 PARTITIONS=100 FILLED_TABLES=10 TARGETS=4 TARGET_COUNTS=\"1 2 4\" benchmarks/probe.sh\`."
fi)

| partitions a target | CPU per probe | targets per exporter = $CPU_SHARE × $CORES × $INTERVAL s ÷ CPU per probe | RSS then |
|---:|---:|---:|---:|
| $partitions_per_target (measured) | $probe_cpu ms | $budget / $(awk -v c="$probe_cpu" 'BEGIN { printf "%.4f", c / 1000 }') = **$fleet_1k** | $warm_intercept + $warm_slope × $fleet_1k + $transient × $at_once_1k ≈ **$mem_1k MiB** |
${growth_row}${linear_row}| 10000, scale.md's single-database scrape | $s10k_cpu ms | $budget / $(awk -v c="$s10k_cpu" 'BEGIN { printf "%.3f", c / 1000 }') = $fleet_10k_scale | |

- Per partition: $probe_cpu ms ÷ $partitions_per_target = **$per_partition_us µs of exporter CPU a partition a probe**, and
  $warm_slope MiB ÷ $partitions_per_target = **$per_partition_kib KiB of RSS held a partition**. So one exporter serves about
  $budget s ÷ $per_partition_us µs ≈ $(awk -v b="$budget" -v u="$per_partition_us" 'BEGIN { printf "%.1f", b / (u / 1e6) / 1e6 }') million partitions a $INTERVAL s interval, however they are split into targets
  (as long as each target's fixed cost per probe, HTTP and the extension checks, stays small against its partitions).
- 10,000 partitions a target: [\`results/scale.md\`](scale.md) measured one database's steady gzip scrape at $s1k_cpu ms
  of CPU at 1k partitions and $s10k_cpu ms at 10k (×$growth for ×10 partitions: less than linear); its peak RSS $s1k_rss and
  $s10k_rss MiB. $(if [ -n "$growth_row" ]; then echo "Scaling this run's $probe_cpu ms by the same ×$growth gives the second row; linear growth the third, a bound; scale.md's own figure the last."; elif [ "$partitions_per_target" -ge 10000 ]; then echo "This run measured targets of $partitions_per_target partitions itself; scale.md's figure is the last row."; else echo "This run's targets are not of 1,000 partitions, so only linear growth (a bound) and scale.md's own figure are shown."; fi)
- Wall time: at $fleet_1k targets of $partitions_per_target partitions spread over the interval, a probe takes about $big_alone_ms ms, so
  about $fleet_1k × $big_alone_ms ms ÷ $INTERVAL s ≈ $in_flight_1k probes are in flight at a time. If all K = $max_k scrapes coincide, the
  round takes $big_round_ms ms (its slowest probe $big_slowest ms) and $per_round_cpu_s CPU seconds; Prometheus spreads each
  target's scrapes over the interval (a fixed offset per target), so coinciding scrapes are the worst case, not the rule.
- Restarts: a cold probe (connection with SCRAM authentication, the size and bounds of every partition) costs
  $big_cold_cpu ms of exporter CPU ($big_cold_ms ms wall) against $probe_cpu ms steady, once per target after each restart.

What bounds it besides the exporter's CPU:

- **Connections.** Each target holds one server connection per watched database (here one) in every replica that
  probes it, kept between probes (up to --probe.idle-timeout, default 5m); size each cluster's \`max_connections\` or
  the role's \`CONNECTION LIMIT\` for replicas × databases. At the exporter, each connection is a socket: $fleet_1k
  targets are $fleet_1k descriptors (this process may open $nofile; a systemd service gets 1024 unless the unit sets
  \`LimitNOFILE=\`).
- **The servers' own time.** A probe costs the target's server $big_alone_srv ms of backend CPU here (alone; $big_together_srv ms all at
  once), spent on each cluster's own host in a fleet, not the exporter's; here it shared the 2 cores, which is why the
  rounds' wall time is more than the exporter's CPU alone explains. Latency to each cluster adds about a dozen
  round trips a probe (machinery.md, part 3), wall time but no CPU.
- **Concurrent probes.** Probes run on the HTTP server's workers, up to 128 at once (more queue), over up to
  \`--web.max-connections\` (4096) connections: far above the $in_flight_1k probes in flight on average; only scrapes of
  more than 128 targets that coincide, each waiting on a slow server, would queue.
- **Memory**: $warm_slope MiB held a target of $partitions_per_target partitions, and $transient MiB a probe in flight: coinciding
  scrapes cost memory as well as time.

$(machine_line "$pg_version")
EOF
}
publish_report
