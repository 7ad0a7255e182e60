#!/usr/bin/env bash
# Benchmark (issue 2): the cost of one scrape of pg_partition_exporter on 10,000 partitions, against the bare SQL
# it runs (the floor) and against Debian's prometheus-postgres-exporter with an equivalent custom query.
#
# Starts its own throwaway PostgreSQL on 127.0.0.1 (benchmarks/schema.sql: 100 tables x 100 daily partitions),
# both exporters as a pg_monitor-only role, measures, prints a table and writes it to benchmarks/results/latest.md.
# Every process it starts is stopped on exit; every wait and loop is bounded. See benchmarks/README.md.
#
# Environment (defaults in brackets):
#   RUNS [30]            timed scrapes / iterations per subject, split over ROUNDS
#   ROUNDS [3]           subjects are measured in turn, round after round, so machine noise hits all alike
#   WARMUP [3]           untimed scrapes / iterations first, on the same connection
#   TABLES [100] PARTITIONS [100] FILLED_TABLES [10] ROWS_PER_TABLE [20000]
#   SCRATCH_PATH [.build]  SwiftPM scratch path of the release build
#   SKIP_SETUP [0]       1: do not run scripts/setup.sh (packages already there)
#   SKIP_POSTGRES_EXPORTER [0]  1: do not measure prometheus-postgres-exporter
#   RESULTS [benchmarks/results/latest.md]  where the figures go ("" for nowhere)
#   RAW_DIR [unset]      if set, raw timings, logs and bodies are copied there
#   REVISION [unset]     the commit to print, for a copy of the sources without .git (git archive)
#   BUDGET [1.5]         the exporter/bare-SQL ratio the exporter must not exceed; STRICT=1 exits 1 beyond it
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh

RUNS=${RUNS:-30} ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-3}
TABLES=${TABLES:-100} PARTITIONS=${PARTITIONS:-100} FILLED_TABLES=${FILLED_TABLES:-10}
ROWS_PER_TABLE=${ROWS_PER_TABLE:-20000}
SCRATCH_PATH=${SCRATCH_PATH:-.build}
RESULTS=${RESULTS-benchmarks/results/latest.md}
BUDGET=${BUDGET:-1.5} STRICT=${STRICT:-0}
per_round=$(((RUNS + ROUNDS - 1) / ROUNDS))

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

# --- Tools and build --------------------------------------------------------------------------------------------
if [ "${SKIP_SETUP:-0}" != 1 ]; then scripts/setup.sh hyperfine prometheus-postgres-exporter; fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
for tool in curl hyperfine; do command -v "$tool" >/dev/null || die "$tool is missing (run scripts/setup.sh hyperfine)"; done
pe_bin=/usr/bin/prometheus-postgres-exporter
measure_pe=1 pe_version=""
if [ "${SKIP_POSTGRES_EXPORTER:-0}" = 1 ] || [ ! -x "$pe_bin" ]; then measure_pe=0; fi

source benchmarks/lib/exporter-sql.sh
revision=$(source_revision)   # before building: what the binary is built from
say "building the exporter (release, scratch path $SCRATCH_PATH)"
swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH" >&2
exporter_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"
[ -x "$exporter_bin" ] || die "no binary at $exporter_bin"

# The bare SQL must be the SQL the exporter runs. benchmarks/scrape.sql is a copy of the partition collector's queries
# (PartitionQueries.swift) in pgbench form; the same form is derived from the Swift source here. If they differ
# (whitespace aside), the source changed since the copy: measure the derived SQL, so the comparison stays with what
# the binary runs, and say so.
derived_sql() {   # statements of the structure batch joined with \; (one query string), then the sizes query
    swift_sql "$PARTITION_QUERIES" structure | sed 's/^        //; s/;[[:space:]]*$/ \\;/'
    echo ';'
    swift_sql "$PARTITION_QUERIES" sizes | sed "s/^        //; s/\$1::oid\[\]/':leaves'::oid[]/"
    echo ';'
}
normalized() { grep -v '^[[:space:]]*--' | tr -d ' \t\n'; }
[ -n "$(swift_sql "$PARTITION_QUERIES" structure)" ] && [ -n "$(swift_sql "$PARTITION_QUERIES" sizes)" ] \
    || die "cannot find the queries in $PARTITION_QUERIES"
pgoptions=$(session_pgoptions) || die "cannot derive the session settings from $WATCHED_DATABASE"
bare_sql=benchmarks/scrape.sql sql_drift=""
# --- Throwaway PostgreSQL ---------------------------------------------------------------------------------------
if [ -z "${PG_BIN:-}" ] && [ -d /usr/lib/postgresql/15/bin ]; then PG_BIN=/usr/lib/postgresql/15/bin; fi
pg_find_bin || die "PostgreSQL server binaries not found (run scripts/setup.sh, or set PG_BIN)"
work=$(mktemp -d /tmp/pg_partition_exporter-bench.XXXXXX)
if [ "$(derived_sql | normalized)" != "$(normalized <benchmarks/scrape.sql)" ]; then
    bare_sql=$work/scrape-derived.sql
    derived_sql >"$bare_sql"
    sql_drift="benchmarks/scrape.sql differs from $PARTITION_QUERIES: measured the SQL derived from the Swift source instead (refresh the copy)"
    say "WARNING: $sql_drift"
fi

exporter_pid="" pe_pid=""
stop_process() {   # SIGTERM, then SIGKILL after 5 s
    local pid=$1 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local status=$?
    stop_process "$exporter_pid"
    stop_process "$pe_pid"
    pg_stop
    if [ -n "${RAW_DIR:-}" ]; then mkdir -p "$RAW_DIR" && cp -r "$work"/*.txt "$work"/*.log "$work"/*.json "$work"/*.prom "$RAW_DIR"/ 2>/dev/null || true; fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port 55532)
say "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$pg_port"
# fsync and friends off: they only speed up creating 10,000 tables; the measured work is read-only.
# autovacuum off: no background work on 10,000 tables competes with the measurement (the script runs ANALYZE).
pg_start "$work" "$pg_port" -c max_locks_per_transaction=256 -c autovacuum=off \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off
pg_psql -d postgres -c "CREATE DATABASE bench"

password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
say "creating $TABLES tables x $PARTITIONS partitions (rows in $FILLED_TABLES tables), then ANALYZE"
setup_started=$SECONDS
pg_psql -d bench -v tables="$TABLES" -v partitions="$PARTITIONS" -v filled="$FILLED_TABLES" \
    -v rows_per_table="$ROWS_PER_TABLE" -v password="$password" -f benchmarks/schema.sql
say "schema ready in $((SECONDS - setup_started)) s"

# The leaf oids, found by the exporter's own tree query: the array the exporter binds to the sizes query.
leaves=$(pg_psql -d bench -At -c "
    WITH RECURSIVE tree AS (
        SELECT i.inhrelid AS relid FROM pg_inherits i
        JOIN pg_class p ON p.oid = i.inhparent AND p.relkind = 'p' AND NOT p.relispartition
        UNION ALL
        SELECT i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid)
    SELECT '{' || string_agg(c.oid::text, ',' ORDER BY c.oid) || '}' FROM tree t JOIN pg_class c ON c.oid = t.relid
    WHERE c.relkind = 'r'")
leaf_count=$(tr ',' '\n' <<<"$leaves" | grep -c '[0-9]')
[ "$leaf_count" -eq $((TABLES * PARTITIONS)) ] || die "expected $((TABLES * PARTITIONS)) leaf partitions, found $leaf_count"
pg_version=$(pg_psql -d bench -At -c "SHOW server_version")

dsn="postgresql://bench_monitor:$password@127.0.0.1:$pg_port/bench?sslmode=disable"
# pgbench runs as the same role with the exporter's settings (WatchedDatabase.transactionSettings, read from the
# source above).
export PGPASSWORD=$password
pgbench_env=(env PGOPTIONS="$pgoptions")

# The two halves of scrape.sql, for the breakdown: the structure batch, and the sizes query.
awk -v s="$work/structure.sql" -v z="$work/sizes.sql" \
    '!/^--/ { if (part) print > z; else print > s; if (!part && /;$/ && !/\\;$/) part = 1 }' "$bare_sql"
sized=$("${pgbench_env[@]}" "$PG_BIN/psql" -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U bench_monitor -d bench \
    -v leaves="$leaves" -f - < <(echo "SELECT count(*) FROM ("; sed -e "s/':leaves'/:'leaves'/" -e 's/;$//' "$work/sizes.sql"; echo ") s;"))
[ "$sized" -eq "$leaf_count" ] || die "the sizes query returned $sized rows for $leaf_count leaves"

# --- The exporters ----------------------------------------------------------------------------------------------
wait_http() {   # waits up to 20 s for $1 to answer, failing early if process $2 died
    local i
    for ((i = 0; i < 200; i++)); do
        curl -sf -o /dev/null --max-time 2 "$1" && return 0
        kill -0 "$2" 2>/dev/null || { say "the process behind $1 exited"; return 1; }
        sleep 0.1
    done
    say "$1 did not answer within 20 s"
    return 1
}

exporter_port=$(free_port 10287)
say "starting pg_partition_exporter on 127.0.0.1:$exporter_port"
DATA_SOURCE_NAME=$dsn "$exporter_bin" --web.listen-address "127.0.0.1:$exporter_port" --scrape.timeout 60 \
    --log.level warn >"$work/exporter.log" 2>&1 &
exporter_pid=$!
exporter_url="http://127.0.0.1:$exporter_port/metrics"
wait_http "http://127.0.0.1:$exporter_port/" "$exporter_pid" || { cat "$work/exporter.log" >&2; exit 1; }

if [ "$measure_pe" = 1 ]; then
    pe_port=$(free_port 19287)
    say "starting prometheus-postgres-exporter on 127.0.0.1:$pe_port"
    pe_version=$("$pe_bin" --version 2>&1 | head -n 1 | sed -n 's/.*version \([^ ]*\).*/\1/p')
    DATA_SOURCE_NAME=$dsn "$pe_bin" --web.listen-address="127.0.0.1:$pe_port" --disable-default-metrics \
        --disable-settings-metrics --no-collector.database --no-collector.bgwriter \
        --extend.query-path=benchmarks/postgres_exporter_queries.yaml --log.level=warn >"$work/postgres_exporter.log" 2>&1 &
    pe_pid=$!
    pe_url="http://127.0.0.1:$pe_port/metrics"
    wait_http "http://127.0.0.1:$pe_port/" "$pe_pid" || { cat "$work/postgres_exporter.log" >&2; exit 1; }
fi

# Warm-up, and a check that each exporter really exports every partition.
for ((i = 0; i < WARMUP; i++)); do
    curl -sf --max-time 120 -o "$work/exporter.prom" "$exporter_url"
    if [ "$measure_pe" = 1 ]; then curl -sf --max-time 120 -o "$work/postgres_exporter.prom" "$pe_url"; fi
done
grep -q '^pg_partition_exporter_up{datname="bench"} 1$' "$work/exporter.prom" || { cat "$work/exporter.log" >&2; die "pg_partition_exporter is not up"; }
exporter_partitions=$(grep -c '^pg_partition_total_bytes{' "$work/exporter.prom" || true)
[ "$exporter_partitions" -eq "$leaf_count" ] || die "pg_partition_exporter exports $exporter_partitions partitions, not $leaf_count"
if [ "$measure_pe" = 1 ]; then
    pe_partitions=$(grep -c '^pg_partition_table_bytes{' "$work/postgres_exporter.prom" || true)
    [ "$pe_partitions" -eq "$leaf_count" ] || { cat "$work/postgres_exporter.log" >&2; die "postgres_exporter exports $pe_partitions partitions, not $leaf_count"; }
fi

# --- Measurement ------------------------------------------------------------------------------------------------
pgbench_run() {   # pgbench_run SCRIPT LOGPREFIX TRANSACTIONS: one client, one connection; latencies (ms) of all but the first WARMUP
    rm -f "$2".[0-9]*
    "${pgbench_env[@]}" "$PG_BIN/pgbench" -n -c 1 -j 1 -t "$3" -f "$1" -D leaves="$leaves" -l --log-prefix="$2" \
        -h 127.0.0.1 -p "$pg_port" -U bench_monitor bench >"$2.report.log" 2>&1 || { cat "$2.report.log" >&2; die "pgbench failed"; }
    cat "$2".[0-9]* | awk -v w="$WARMUP" '$2 > w { printf "%.3f\n", $3 / 1000 }'   # numbered from 1
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # user + system time of a process, in clock ticks
scrape_loop() {   # scrape_loop URL NAME COUNT PID: HTTP time (ms) per scrape; the exporter's collection time and CPU too
    local i before
    before=$(cpu_ticks "$4")
    for ((i = 0; i < $3; i++)); do
        curl -sf --max-time 120 -o "$work/$2.prom" -w '%{time_total}\n' "$1" | awk '{ printf "%.3f\n", $1 * 1000 }' >>"$work/$2_http.txt"
        awk '/^pg_partition_exporter_scrape_duration_seconds / { printf "%.3f\n", $2 * 1000 }' "$work/$2.prom" >>"$work/$2_collect.txt"
    done
    echo "$(($(cpu_ticks "$4") - before)) $3" >>"$work/$2_cpu.txt"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "measuring: $ROUNDS rounds of $per_round timed runs per subject (after $WARMUP warm-up runs)"
for ((round = 1; round <= ROUNDS; round++)); do
    pgbench_run "$bare_sql" "$work/pgbench_r$round" $((WARMUP + per_round)) >>"$work/bare_sql.txt"
    scrape_loop "$exporter_url" exporter "$per_round" "$exporter_pid"
    if [ "$measure_pe" = 1 ]; then scrape_loop "$pe_url" postgres_exporter "$per_round" "$pe_pid"; fi
    # Breakdown of the bare SQL: each half alone, over its own warm connection.
    pgbench_run "$work/structure.sql" "$work/pgbench_structure_r$round" $((WARMUP + per_round)) >>"$work/bare_structure.txt"
    pgbench_run "$work/sizes.sql" "$work/pgbench_sizes_r$round" $((WARMUP + per_round)) >>"$work/bare_sizes.txt"
    say "round $round/$ROUNDS done"
done
# Cross-check with hyperfine (wall time of a whole curl process, so a few ms of process start on top).
hyperfine_median() {   # hyperfine_median URL NAME: median in ms
    hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/hyperfine_$2.json" \
        "curl -sf -o /dev/null $1" >"$work/hyperfine_$2.log" 2>&1 || { cat "$work/hyperfine_$2.log" >&2; die "hyperfine failed"; }
    sed -n 's/^ *"median": *\([0-9.eE+-]*\),*$/\1/p' "$work/hyperfine_$2.json" | head -n 1 | awk '{ printf "%.1f", $1 * 1000 }'
}
hf_exporter=$(hyperfine_median "$exporter_url" exporter)
hf_pe="–"
if [ "$measure_pe" = 1 ]; then hf_pe=$(hyperfine_median "$pe_url" postgres_exporter); fi
hf_floor=$(hyperfine_median "http://127.0.0.1:$exporter_port/" landing_page)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Figures ----------------------------------------------------------------------------------------------------
stats() {   # "median min max n" of a file of numbers
    sort -g "$1" | awk '{ a[NR] = $1 } END {
        if (NR == 0) { print "nan nan nan 0"; exit }
        m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%.1f %.1f %.1f %d\n", m, a[1], a[NR], NR }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$(sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status")" 'BEGIN { printf "%.1f", k / 1024 }'; }
series() { grep -vc '^#' "$1" || true; }
cpu_per_scrape() {   # ms of CPU (user + system) per timed scrape, from the tick counts scrape_loop recorded
    awk -v hz="$(getconf CLK_TCK)" '{ t += $1; n += $2 } END { printf "%.0f", n ? t * 1000 / hz / n : 0 }' "$work/$1_cpu.txt"
}

read -r bare_med bare_min bare_max bare_n < <(stats "$work/bare_sql.txt")
read -r struct_med struct_min struct_max struct_n < <(stats "$work/bare_structure.txt")
read -r sizes_med sizes_min sizes_max sizes_n < <(stats "$work/bare_sizes.txt")
read -r ours_med ours_min ours_max ours_n < <(stats "$work/exporter_http.txt")
read -r coll_med coll_min coll_max coll_n < <(stats "$work/exporter_collect.txt")
ours_ratio=$(ratio "$ours_med" "$bare_med")
ours_hwm=$(mib "$exporter_pid" VmHWM) ours_rss=$(mib "$exporter_pid" VmRSS)
ours_series=$(series "$work/exporter.prom") ours_bytes=$(wc -c <"$work/exporter.prom")
verdict=$(awk -v r="$ours_ratio" -v b="$BUDGET" 'BEGIN { print (r <= b) ? "within" : "OVER" }')
pe_row="| prometheus-postgres-exporter $pe_version, HTTP (curl time_total) | not measured | | | |"
pe_mem_row=""
if [ "$measure_pe" = 1 ]; then
    read -r pe_med pe_min pe_max pe_n < <(stats "$work/postgres_exporter_http.txt")
    pe_row="| prometheus-postgres-exporter ${pe_version:-?}, HTTP (curl time_total) | **$pe_med** | $pe_min | $pe_max | $(ratio "$pe_med" "$bare_med") |"
    pe_mem_row="| prometheus-postgres-exporter ${pe_version:-?} | $(mib "$pe_pid" VmHWM) | $(mib "$pe_pid" VmRSS) | $(cpu_per_scrape postgres_exporter) | $(series "$work/postgres_exporter.prom") | $(wc -c <"$work/postgres_exporter.prom") |"
fi

report() {
    cat <<EOF
# pg_partition_exporter benchmark: $leaf_count partitions

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $revision, \`benchmarks/run.sh\` with RUNS=$RUNS ROUNDS=$ROUNDS WARMUP=$WARMUP.
$TABLES range-partitioned tables x $PARTITIONS daily partitions, each with a primary key and a TOAST table; rows in $FILLED_TABLES tables.
Every client on one warm connection, as a pg_monitor-only role, over TCP on 127.0.0.1. Times in milliseconds.

| per scrape (ms) | median | min | max | / bare SQL |
|---|---:|---:|---:|---:|
| bare SQL: structure batch + sizes query (pgbench, 1 connection) | **$bare_med** | $bare_min | $bare_max | 1.00 |
| &nbsp;&nbsp;structure batch alone | $struct_med | $struct_min | $struct_max | |
| &nbsp;&nbsp;sizes query alone | $sizes_med | $sizes_min | $sizes_max | |
| pg_partition_exporter (release), HTTP (curl time_total) | **$ours_med** | $ours_min | $ours_max | **$ours_ratio** |
| &nbsp;&nbsp;its scrape_duration_seconds (collection, before rendering) | $coll_med | $coll_min | $coll_max | $(ratio "$coll_med" "$bare_med") |
$pe_row
| hyperfine medians, whole curl process: ours / postgres_exporter / landing page | $hf_exporter / $hf_pe / $hf_floor | | | |

Budget: pg_partition_exporter / bare SQL ≤ $BUDGET: **$verdict** ($ours_ratio).
$([ -n "$sql_drift" ] && echo "WARNING: $sql_drift")

| process | peak RSS (VmHWM, MiB) | RSS now (MiB) | CPU per scrape (ms, user+sys) | series | body bytes |
|---|---:|---:|---:|---:|---:|
| pg_partition_exporter | $ours_hwm | $ours_rss | $(cpu_per_scrape exporter) | $ours_series | $ours_bytes |
$pe_mem_row

Machine: $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r), PostgreSQL $pg_version, $(swift --version 2>/dev/null | head -n 1 | sed 's/ (.*//'), load average $load_before before / $load_after after.
EOF
}
echo >&2
report
if [ -n "$RESULTS" ]; then
    mkdir -p "$(dirname "$RESULTS")"
    report >"$RESULTS"
    say "written to $RESULTS"
fi
if [ "$STRICT" = 1 ] && [ "$verdict" = OVER ]; then exit 1; fi
