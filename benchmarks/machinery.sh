#!/usr/bin/env bash
# Benchmark (issue 7): what the pg_cron collector and `databases:` cost.
#
#  1. pg_cron. cron.job_run_details grows by a row per run, is never cleaned, and has no index on jobid. With
#     CRON_RUNS runs of CRON_JOBS jobs, as the exporter's role and with its settings, over one warm pgbench
#     connection each (per-transaction latencies): the exporter's jobsQuery (CronCollector.swift, taken from the
#     source) over the runid ranges its scrapes read (CronHistory.swift): the newest chunk (the first scrape), the
#     chunk below it (the second scrape, while some job's last success is unknown), the NEW_RUNS runs since the last
#     scrape (steady state), and, for reference, every run (what the first scrape read before the chunks); the naive
#     per-job query (DISTINCT ON over the whole table, for the latest run and the latest success), and the
#     collector's extension check; EXPLAIN ANALYZE of each. Then the whole scrape of the release exporter on that
#     database (curl time_total): the first and second scrapes of fresh processes against steady-state scrapes,
#     NEW_RUNS new runs (the newest one still running) inserted before each.
#  2. databases. The same exporter with `databases:` naming K = DB_COUNTS databases, each holding DB_TABLES tables x
#     DB_PARTITIONS daily partitions, and K empty databases: one exporter process per K and kind, all measured in
#     turn, round after round; median scrape time, CPU per scrape, peak RSS (VmHWM) per K, and the marginal cost of
#     one more database (least-squares slope over K). Databases are collected concurrently (one connection each).
#  3. latency. How concurrent that is when each round trip costs LATENCY_MS each way (a server across a network,
#     through benchmarks/lib/delayproxy.py): K = 1 and K = max(DB_COUNTS) empty databases, scraped back to back and
#     scraped LATENCY_SPACE seconds apart (as Prometheus does), and how many round trips one database's scrape takes.
#
# One throwaway PostgreSQL 15 on 127.0.0.1 with pg_cron preloaded; every process it starts is stopped on exit and
# every wait is bounded. Prints a report and writes it to benchmarks/results/machinery.md. See benchmarks/README.md.
#
# Environment (defaults in brackets):
#   RUNS [30] ROUNDS [3] WARMUP [3]   timed runs per subject, split over ROUNDS; untimed runs first
#   CRON_JOBS [20] CRON_RUNS [1000000] NEW_RUNS [50]   jobs, rows of job_run_details, runs between two scrapes
#   FIRST_SCRAPES [9]    fresh exporter processes whose first two scrapes are timed (split over ROUNDS)
#   DB_COUNTS ["1 2 4 8"] DB_TABLES [10] DB_PARTITIONS [30]   databases per exporter, and each one's schema
#   LATENCY_MS [20]      one-way delay of part 3 (0: no part 3; it needs python3); LATENCY_SPACE [8] seconds
#   SCRATCH_PATH [.build]  SwiftPM scratch path of the release build
#   SKIP_SETUP [0]       1: do not run scripts/setup.sh
#   RESULTS [benchmarks/results/machinery.md]  where the report goes ("" for nowhere)
#   RAW_DIR [unset]      if set, raw timings, plans, logs and bodies are copied there
#   REVISION [unset]     the commit to print, for a copy of the sources without .git (git archive)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh
source benchmarks/lib/processes.sh
source benchmarks/lib/report.sh
source benchmarks/lib/exporter-sql.sh

RUNS=${RUNS:-30} ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-3}
CRON_JOBS=${CRON_JOBS:-20} CRON_RUNS=${CRON_RUNS:-1000000} NEW_RUNS=${NEW_RUNS:-50}
FIRST_SCRAPES=${FIRST_SCRAPES:-9}
DB_COUNTS=${DB_COUNTS:-"1 2 4 8"} DB_TABLES=${DB_TABLES:-10} DB_PARTITIONS=${DB_PARTITIONS:-30}
LATENCY_MS=${LATENCY_MS:-20} LATENCY_SPACE=${LATENCY_SPACE:-8}
SCRATCH_PATH=${SCRATCH_PATH:-.build}
RESULTS=${RESULTS-benchmarks/results/machinery.md}
per_round=$(((RUNS + ROUNDS - 1) / ROUNDS))
first_per_round=$(((FIRST_SCRAPES + ROUNDS - 1) / ROUNDS))
read -ra db_counts <<<"$DB_COUNTS"
max_k=$(printf '%s\n' "${db_counts[@]}" | sort -n | tail -n 1)
started_at=$SECONDS

say() { echo "machinery: $*" >&2; }
die() { echo "machinery: error: $*" >&2; exit 1; }
[ "$CRON_JOBS" -ge 4 ] || die "CRON_JOBS must be at least 4"
[ "$NEW_RUNS" -ge 2 ] && [ "$CRON_RUNS" -gt "$NEW_RUNS" ] || die "need CRON_RUNS > NEW_RUNS >= 2"
[ "${#db_counts[@]}" -ge 2 ] || die "DB_COUNTS needs at least two counts"

# --- Tools, build and the exporter's SQL ------------------------------------------------------------------------
if [ "${SKIP_SETUP:-0}" != 1 ]; then scripts/setup.sh; fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
command -v curl >/dev/null || die "curl is missing"
revision=$(source_revision)   # before building: what the binary is built from
say "building the exporter (release, scratch path $SCRATCH_PATH)"
swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH" >&2
exporter_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"
[ -x "$exporter_bin" ] || die "no binary at $exporter_bin"

jobs_sql=$(swift_sql "$CRON_COLLECTOR" jobsQuery)
extension_sql=$(swift_sql "$CRON_COLLECTOR" extensionQuery)
[ -n "$jobs_sql" ] && [ -n "$extension_sql" ] || die "cannot find jobsQuery and extensionQuery in $CRON_COLLECTOR"
grep -q '\$1::bigint' <<<"$jobs_sql" && grep -q '\$2::bigint' <<<"$jobs_sql" \
    || die "jobsQuery no longer takes \$1::bigint (from) and \$2::bigint (below); update this script"
chunk=$(cron_chunk) || die "cannot read the chunk size of CronHistory in $CRON_HISTORY"
[ "$CRON_RUNS" -gt "$chunk" ] || say "CRON_RUNS=$CRON_RUNS is not above the chunk ($chunk): the first scrape reads every run"
no_end=9223372036854775807   # Int64.max: the upper bound ($2) of a forward read
pgoptions=$(session_pgoptions) || die "cannot derive the session settings from $WATCHED_DATABASE"

if [ -z "${PG_BIN:-}" ] && [ -d /usr/lib/postgresql/15/bin ]; then PG_BIN=/usr/lib/postgresql/15/bin; fi
pg_find_bin || die "PostgreSQL server binaries not found (run scripts/setup.sh, or set PG_BIN)"
[ -f "$("$PG_BIN/pg_config" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)/pg_cron.so" ] \
    || [ -f /usr/lib/postgresql/15/lib/pg_cron.so ] || die "pg_cron is not installed (postgresql-15-cron)"
work=$(mktemp -d /tmp/pg_partition_exporter-machinery.XXXXXX)

# pgbench scripts. pgbench -M extended sends :from and :below as bound text parameters through an unnamed statement,
# as the exporter's PQsendQueryParams does, so the server plans them with the values (a custom plan) either way.
{ sed -e 's/\$1::bigint/:from::bigint/' -e 's/\$2::bigint/:below::bigint/' <<<"$jobs_sql"; echo ';'; } >"$work/jobs.sql"
jobs_over() { sed -e "s/\\\$1::bigint/$1::bigint/" -e "s/\\\$2::bigint/$2::bigint/" <<<"$jobs_sql"; }   # jobs_over FROM BELOW: literals
{ echo "$extension_sql"; echo ';'; } >"$work/extension.sql"
# What a user would write without a watermark: per job, its latest run and its latest success, over every run.
cat >"$work/naive.sql" <<'EOF'
SELECT j.jobid, j.jobname, j.schedule, j.database, j.username, j.active,
       l.runid, l.status, extract(epoch FROM l.start_time)::float8,
       s.runid, extract(epoch FROM coalesce(s.end_time, s.start_time))::float8
FROM cron.job j
LEFT JOIN (SELECT DISTINCT ON (jobid) jobid, runid, status, start_time
           FROM cron.job_run_details ORDER BY jobid, runid DESC) l ON l.jobid = j.jobid
LEFT JOIN (SELECT DISTINCT ON (jobid) jobid, runid, start_time, end_time
           FROM cron.job_run_details WHERE status = 'succeeded' ORDER BY jobid, runid DESC) s ON s.jobid = j.jobid
ORDER BY j.jobid;
EOF

exporter_pid="" first_pid="" proxy_pid=""
declare -A db_pid=()
cleanup() {
    local status=$? pid
    stop_process "$first_pid"
    stop_process "$exporter_pid"
    for pid in "${db_pid[@]}"; do stop_process "$pid"; done
    stop_process "$proxy_pid"
    pg_stop
    if [ -n "${RAW_DIR:-}" ]; then
        mkdir -p "$RAW_DIR" && cp -r "$work"/*.txt "$work"/*.log "$work"/*.prom "$work"/*.sql "$work"/*.yml "$RAW_DIR"/ 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Throwaway PostgreSQL with pg_cron --------------------------------------------------------------------------
pg_port=$(free_port 55632)
say "starting PostgreSQL ($PG_BIN) with pg_cron on 127.0.0.1:$pg_port"
# fsync and friends off: they only speed up loading; the measured work is read-only (but for the new runs).
# autovacuum off: the script runs VACUUM ANALYZE itself, and nothing runs in the background while measuring.
pg_start "$work" "$pg_port" -c shared_preload_libraries=pg_cron -c cron.database_name=postgres \
    -c cron.use_background_workers=on -c max_connections=200 -c autovacuum=off \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
pg_version=$(pg_psql -d postgres -At -c "SHOW server_version")

say "databases: bench_1 ($DB_TABLES tables x $DB_PARTITIONS partitions), copies up to bench_$max_k, empty_1..$max_k"
pg_psql -d postgres -c "CREATE DATABASE bench_1"
pg_psql -d bench_1 -v tables="$DB_TABLES" -v partitions="$DB_PARTITIONS" -v filled="$DB_TABLES" \
    -v rows_per_table=3000 -v password="$password" -f benchmarks/schema.sql   # also creates the role bench_monitor
for ((k = 2; k <= max_k; k++)); do pg_psql -d postgres -c "CREATE DATABASE bench_$k TEMPLATE bench_1"; done
for ((k = 1; k <= max_k; k++)); do pg_psql -d postgres -c "CREATE DATABASE empty_$k"; done
for ((k = 1; k <= max_k; k++)); do pg_psql -d "bench_$k" -c "ANALYZE" >/dev/null; done

say "pg_cron: $CRON_JOBS jobs, $CRON_RUNS runs in cron.job_run_details, then VACUUM ANALYZE"
load_started=$SECONDS
# Jobs scheduled for 1 January at midnight (none fires during the run); the last two never ran, two are inactive.
# Runs every 30 s over the past, spread over all jobs but the last two; ~3.4 % failed, and the fourth job has failed
# for the newest 6/10 of the history (its last success is old: beyond the exporter's first chunk of 500,000 runs at
# the default 1,000,000, so only its second scrape finds it). Every run is finished.
pg_psql -d postgres -v jobs="$CRON_JOBS" -v runs="$CRON_RUNS" <<'EOF'
SET client_min_messages = warning;
CREATE EXTENSION pg_cron;
SELECT cron.schedule(format('job_%s', lpad(i::text, 2, '0')), '0 0 1 1 *',
                     (ARRAY['CALL partman.run_maintenance_proc()', 'VACUUM (ANALYZE) public.events',
                            'SELECT public.refresh_rollups()', 'DELETE FROM public.sessions WHERE expires < now()'])[1 + i % 4])
FROM generate_series(1, :jobs) i \g /dev/null
UPDATE cron.job SET active = false WHERE jobid IN (SELECT jobid FROM cron.job ORDER BY jobid LIMIT 2 OFFSET 4);
WITH jobs AS (SELECT jobid, command, row_number() OVER (ORDER BY jobid) - 1 AS n FROM cron.job),
runs AS (SELECT g, (g * 7919) % (:jobs - 2) AS n, now() - (:runs - g) * interval '30 s' AS started,
                g % 29 = 0 OR ((g * 7919) % (:jobs - 2) = 3 AND g > :runs - :runs * 6 / 10) AS failing
         FROM generate_series(1::bigint, :runs) g)
INSERT INTO cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message,
                                  start_time, end_time)
SELECT j.jobid, r.g, 10000 + (r.g * 31) % 50000, 'postgres', 'postgres', j.command,
       CASE WHEN r.failing THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN r.failing THEN 'ERROR:  canceling statement due to lock timeout' ELSE '1 row' END,
       r.started, r.started + (40 + r.g % 2000) * interval '1 ms'
FROM runs r JOIN jobs j ON j.n = r.n
ORDER BY r.g;   -- in runid order, as pg_cron appends them (a hash join would group them by job)
SELECT setval('cron.runid_seq', :runs) \g /dev/null
VACUUM (ANALYZE) cron.job_run_details;
ANALYZE cron.job;
CHECKPOINT;
-- What the exporter's role needs for pg_cron (the collector's hints): USAGE on the schema, and BYPASSRLS because
-- row-level security shows a role only the jobs it owns. SELECT on both tables is granted to PUBLIC by pg_cron.
GRANT USAGE ON SCHEMA cron TO bench_monitor;
ALTER ROLE bench_monitor BYPASSRLS;
EOF
loaded=$(pg_psql -d postgres -At -c "SELECT count(*) FROM cron.job_run_details")
[ "$loaded" -eq "$CRON_RUNS" ] || die "cron.job_run_details holds $loaded runs, not $CRON_RUNS"
table_size=$(pg_psql -d postgres -At -c "SELECT pg_size_pretty(pg_table_size('cron.job_run_details')) || ' heap, '
    || pg_size_pretty(pg_indexes_size('cron.job_run_details')) || ' primary key'")
cron_version=$(pg_psql -d postgres -At -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'")
say "loaded in $((SECONDS - load_started)) s ($table_size)"

# NEW_RUNS new runs since the last scrape, as pg_cron writes them: the run that was in flight ends, the new ones
# are inserted as they start and updated as they end, and the newest is still running.
new_runs() {
    pg_psql -d postgres -v n="$NEW_RUNS" -v jobs="$CRON_JOBS" <<'EOF'
UPDATE cron.job_run_details SET status = 'succeeded', return_message = '1 row', end_time = now()
WHERE runid > (SELECT last_value FROM cron.runid_seq) - 1000 AND status = 'running';
WITH jobs AS (SELECT jobid, command, row_number() OVER (ORDER BY jobid) - 1 AS n FROM cron.job),
runs AS (SELECT nextval('cron.runid_seq') AS runid, i FROM generate_series(1, :n) i)
INSERT INTO cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message,
                                  start_time, end_time)
SELECT j.jobid, r.runid, 10000 + (r.runid * 31) % 50000, 'postgres', 'postgres', j.command,
       CASE WHEN r.i = :n THEN 'running' WHEN r.runid % 29 = 0 THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN r.i = :n THEN NULL WHEN r.runid % 29 = 0 THEN 'ERROR:  canceling statement due to lock timeout'
            ELSE '1 row' END,
       now() - (:n - r.i) * interval '30 s', CASE WHEN r.i < :n THEN now() - (:n - r.i) * interval '30 s' END
FROM runs r JOIN jobs j ON j.n = (r.runid * 7919) % (:jobs - 2)
ORDER BY r.runid;
EOF
}
max_runid() { pg_psql -d postgres -At -c "SELECT max(runid) FROM cron.job_run_details"; }

# --- Statistics ------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { r = a / b; printf (r >= 100 ? "%.0f" : r >= 10 ? "%.1f" : "%.2f"), r }'; }

# --- Clients ----------------------------------------------------------------------------------------------------
export PGPASSWORD=$password
monitor_psql() {   # psql as the exporter's role over TCP, with its session settings
    local db=$1
    shift
    env PGOPTIONS="$pgoptions" "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U bench_monitor -d "$db" "$@"
}
pgbench_run() {   # pgbench_run SCRIPT LOGPREFIX TRANSACTIONS [-D …]: one client, one connection; ms of all but WARMUP
    local script=$1 prefix=$2 count=$3
    shift 3
    rm -f "$prefix".[0-9]*
    env PGOPTIONS="$pgoptions" "$PG_BIN/pgbench" -n -M extended -c 1 -j 1 -t "$count" -f "$script" "$@" -l \
        --log-prefix="$prefix" -h 127.0.0.1 -p "$pg_port" -U bench_monitor postgres >"$prefix.report.log" 2>&1 \
        || { cat "$prefix.report.log" >&2; die "pgbench failed"; }
    # The log numbers transactions from 1: the first WARMUP are dropped.
    cat "$prefix".[0-9]* | awk -v w="$WARMUP" '$2 > w { printf "%.3f\n", $3 / 1000 }'
}
start_exporter() {   # start_exporter NAME DSN [CONFIG]: starts an exporter on a free port; sets started_pid, started_url
    local name=$1 dsn=$2 port
    port=$(free_port $((10387 + RANDOM % 500)))
    DATA_SOURCE_NAME=$dsn "$exporter_bin" --web.listen-address "127.0.0.1:$port" --scrape.timeout 60 \
        --log.level warn ${3:+--config.file "$3"} >>"$work/$name.log" 2>&1 &
    started_pid=$!
    started_url="http://127.0.0.1:$port/metrics"
    wait_http "http://127.0.0.1:$port/" "$started_pid" || { cat "$work/$name.log" >&2; die "$name: the exporter did not start"; }
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # user + system time of a process, in clock ticks
family_value() {   # family_value FILE FAMILY [LABEL-REGEX]: the value of the first matching sample, ms for seconds
    awk -v f="$2" -v l="${3:-}" 'index($0, f) == 1 && (l == "" || $1 ~ l) { printf "%.3f\n", $2 * 1000; exit }' "$1"
}
scrape() {   # scrape URL NAME: one timed scrape; appends HTTP ms and the collection's ms; body in NAME.prom
    curl -sf --max-time 120 -o "$work/$2.prom" -w '%{time_total}\n' "$1" | awk '{ printf "%.3f\n", $1 * 1000 }' >>"$work/$2_http.txt"
    family_value "$work/$2.prom" "pg_partition_exporter_scrape_duration_seconds " >>"$work/$2_collect.txt"
    awk 'index($0, "pg_partition_exporter_collector_duration_seconds{") == 1 { s += $2 } END { printf "%.3f\n", s * 1000 }' \
        "$work/$2.prom" >>"$work/$2_collectors.txt"   # every collector of every database, summed
}
cron_ms() { family_value "$1" 'pg_partition_exporter_collector_duration_seconds{' 'collector="cron"'; }

pg_dsn() { echo "postgresql://bench_monitor:$password@127.0.0.1:$pg_port/$1?sslmode=disable&application_name=$2"; }

# --- The exporters of part 2: one per K and kind, started once ---------------------------------------------------
subjects=()
for kind in bench empty; do
    for k in "${db_counts[@]}"; do
        name="${kind}_k$k"
        {
            echo "databases:"
            for ((i = 1; i <= k; i++)); do echo "  - ${kind}_$i"; done
        } >"$work/$name.yml"
        start_exporter "$name" "$(pg_dsn "${kind}_1" "$name")" "$work/$name.yml"
        db_pid[$name]=$started_pid
        declare "url_$name=$started_url"
        subjects+=("$name")
    done
done

# --- Part 1 premises ----------------------------------------------------------------------------------------------
start_exporter cron_steady "$(pg_dsn postgres cron_steady)"
exporter_pid=$started_pid steady_url=$started_url
curl -sf --max-time 120 -o "$work/cron_first.prom" "$steady_url"
grep -q '^pg_partition_exporter_up{datname="postgres"} 1$' "$work/cron_first.prom" \
    || { cat "$work/cron_steady.log" >&2; die "the exporter is not up on postgres"; }
grep -q '^pg_partition_exporter_collector_success{.*collector="cron".*} 1$' "$work/cron_first.prom" \
    || { cat "$work/cron_steady.log" >&2; die "the pg_cron collector did not succeed"; }
job_series=$(grep -c '^pg_cron_job_info{' "$work/cron_first.prom" || true)
[ "$job_series" -eq "$CRON_JOBS" ] || die "the exporter exports $job_series pg_cron jobs, not $CRON_JOBS"
rows0=$(monitor_psql postgres -c "SELECT count(*) FROM ($(jobs_over 0 "$no_end")) q")
[ "$rows0" -eq "$CRON_JOBS" ] || die "jobsQuery returned $rows0 rows for $CRON_JOBS jobs"
# The runid ranges the exporter reads, given the newest run: its first scrape reads the newest chunk forwards, its
# second the chunk below that (while some job's last success is unknown; here two jobs never ran, so always).
chunk_ranges() {   # sets first_from (first chunk: first_from .. end) and older_from (older chunk: older_from .. first_from)
    local newest
    newest=$(max_runid)
    first_from=$((newest + 1 - chunk)) && [ "$first_from" -ge 0 ] || first_from=0
    older_from=$((first_from - chunk)) && [ "$older_from" -ge 0 ] || older_from=0
}
# The chunks lose nothing: after the first scrape the exporter knows the last success of each job that succeeded in
# the first chunk, after the second of each job that succeeded in it or in the chunk below (at the default sizes: every
# job that ever succeeded); the check after the run compares every last success with the whole table's.
chunk_ranges
last_successes() { grep -c '^pg_cron_job_last_success_timestamp_seconds{' "$1" || true; }
succeeded_since() {
    monitor_psql postgres -c "SELECT count(DISTINCT jobid) FROM cron.job_run_details WHERE status = 'succeeded' AND runid >= $1"
}
known_first=$(last_successes "$work/cron_first.prom") want_first=$(succeeded_since "$first_from")
curl -sf --max-time 120 -o "$work/cron_second.prom" "$steady_url"
known_second=$(last_successes "$work/cron_second.prom") want_second=$(succeeded_since "$older_from")
[ "$known_first" -eq "$want_first" ] && [ "$known_second" -eq "$want_second" ] \
    || die "last successes known after the first / second scrape: $known_first / $known_second, not $want_first / $want_second"
say "last successes known after the first scrape: $known_first, after the second: $known_second of $CRON_JOBS jobs"

# EXPLAIN ANALYZE of each query, as the role and with the settings (the range as literals: the same custom plan).
explain() {   # explain NAME SQL
    monitor_psql postgres -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $2" >"$work/explain_$1.txt"
}
steady_watermark=$(($(max_runid) - NEW_RUNS + 1)) plan_first_from=$first_from plan_older_from=$older_from
explain jobs_first "$(jobs_over "$first_from" "$no_end")"
explain jobs_older "$(jobs_over "$older_from" "$first_from")"
explain jobs_all "$(jobs_over 0 "$no_end")"
explain jobs_steady "$(jobs_over "$steady_watermark" "$no_end")"
explain naive "$(sed 's/;$//' "$work/naive.sql")"
explain extension "$extension_sql"

# --- Measurement ------------------------------------------------------------------------------------------------
scrape_loop() {   # scrape_loop NAME COUNT: timed scrapes of one exporter of part 2, and its CPU ticks
    local url_var="url_$1" pid=${db_pid[$1]} before i
    before=$(cpu_ticks "$pid")
    for ((i = 0; i < $2; i++)); do scrape "${!url_var}" "$1"; done
    echo "$(($(cpu_ticks "$pid") - before)) $2" >>"$work/$1_cpu.txt"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for name in "${subjects[@]}"; do   # warm-up, and the premises of part 2
    url_var="url_$name"
    for ((i = 0; i < WARMUP; i++)); do curl -sf --max-time 120 -o "$work/$name.prom" "${!url_var}"; done
    k=${name##*_k} ups=$(grep -c '^pg_partition_exporter_up{.*} 1$' "$work/$name.prom" || true)
    [ "$ups" -eq "$k" ] || { cat "$work/$name.log" >&2; die "$name: $ups of $k databases up"; }
    parts=$(grep -c '^pg_partition_total_bytes{' "$work/$name.prom" || true)
    want=$((k * DB_TABLES * DB_PARTITIONS))
    [ "${name%%_*}" = bench ] || want=0
    [ "$parts" -eq "$want" ] || die "$name: exports $parts partitions, not $want"
done
# The steady-state exporter has scraped twice (the premises above). It reads one older chunk per scrape until the
# table's start (two jobs never ran, so some last success stays unknown), which it reaches at scrape number
# 1 + ⌈first_from / chunk⌉ (an empty range); steady state comes after. Warm up that far, and WARMUP - 1 scrapes anyway.
backfill_scrapes=$((1 + (plan_first_from + chunk - 1) / chunk))
steady_warmup=$((backfill_scrapes - 2 > WARMUP - 1 ? backfill_scrapes - 2 : WARMUP - 1))
for ((i = 0; i < steady_warmup; i++)); do new_runs; curl -sf --max-time 120 -o /dev/null "$steady_url"; done

say "measuring: $ROUNDS rounds of $per_round timed runs per subject (after $WARMUP warm-up runs)"
for ((round = 1; round <= ROUNDS; round++)); do
    # Part 1, SQL: the chunks of a fresh process's first two scrapes, every run, and the watermark of a scrape that
    # follows NEW_RUNS runs.
    chunk_ranges
    watermark=$(($(max_runid) - NEW_RUNS + 1))
    pgbench_run "$work/jobs.sql" "$work/pgbench_first_r$round" $((WARMUP + per_round)) -D from="$first_from" -D below="$no_end" >>"$work/sql_jobs_first.txt"
    pgbench_run "$work/jobs.sql" "$work/pgbench_older_r$round" $((WARMUP + per_round)) -D from="$older_from" -D below="$first_from" >>"$work/sql_jobs_older.txt"
    pgbench_run "$work/jobs.sql" "$work/pgbench_all_r$round" $((WARMUP + per_round)) -D from=0 -D below="$no_end" >>"$work/sql_jobs_all.txt"
    pgbench_run "$work/jobs.sql" "$work/pgbench_steady_r$round" $((WARMUP + per_round)) -D from="$watermark" -D below="$no_end" >>"$work/sql_jobs_steady.txt"
    pgbench_run "$work/naive.sql" "$work/pgbench_naive_r$round" $((WARMUP + per_round)) >>"$work/sql_naive.txt"
    pgbench_run "$work/extension.sql" "$work/pgbench_extension_r$round" $((WARMUP + per_round)) >>"$work/sql_extension.txt"
    # Part 1, exporter: first scrapes of fresh processes (they connect, then read the newest chunk) and their second
    # (the older chunk), then steady state.
    for ((i = 0; i < first_per_round; i++)); do
        start_exporter cron_first "$(pg_dsn postgres cron_first)"
        first_pid=$started_pid
        scrape "$started_url" cron_first
        cron_ms "$work/cron_first.prom" >>"$work/cron_first_collector.txt"
        scrape "$started_url" cron_second
        cron_ms "$work/cron_second.prom" >>"$work/cron_second_collector.txt"
        stop_process "$first_pid"
        first_pid=""
    done
    before=$(cpu_ticks "$exporter_pid")
    for ((i = 0; i < per_round; i++)); do
        new_runs
        scrape "$steady_url" cron_steady
        cron_ms "$work/cron_steady.prom" >>"$work/cron_steady_collector.txt"
    done
    echo "$(($(cpu_ticks "$exporter_pid") - before)) $per_round" >>"$work/cron_steady_cpu.txt"
    # Part 2: every exporter in turn.
    for name in "${subjects[@]}"; do scrape_loop "$name" "$per_round"; done
    say "round $round/$ROUNDS done"
done

# Part 3: the same exporter on empty databases behind a delaying proxy, K = 1 and K = max.
latency_rows=""
if [ "$LATENCY_MS" != 0 ] && command -v python3 >/dev/null; then
    proxy_port=$(free_port 58632)
    python3 benchmarks/lib/delayproxy.py "$proxy_port" "$pg_port" "$(awk -v m="$LATENCY_MS" 'BEGIN { print m / 1000 }')" \
        >"$work/proxy.log" 2>&1 &
    proxy_pid=$!
    for ((i = 0; i < 50; i++)); do (echo >"/dev/tcp/127.0.0.1/$proxy_port") 2>/dev/null && break; sleep 0.1; done
    [ "$i" -lt 50 ] || die "the delaying proxy did not start"
    say "latency: $LATENCY_MS ms each way, K = ${db_counts[0]} and $max_k, back to back and $LATENCY_SPACE s apart"
    for k in "${db_counts[0]}" "$max_k"; do
        name="remote_k$k"
        start_exporter "$name" \
            "postgresql://bench_monitor:$password@127.0.0.1:$proxy_port/empty_1?sslmode=disable&application_name=$name" \
            "$work/empty_k$k.yml"
        db_pid[$name]=$started_pid
        for ((i = 0; i < WARMUP; i++)); do curl -sf --max-time 120 -o "$work/$name.prom" "$started_url"; done
        ups=$(grep -c '^pg_partition_exporter_up{.*} 1$' "$work/$name.prom" || true)
        [ "$ups" -eq "$k" ] || { cat "$work/$name.log" >&2; die "$name: $ups of $k databases up"; }
        for ((i = 0; i < per_round; i++)); do scrape "$started_url" "${name}_b2b"; done
        for ((i = 0; i < 3; i++)); do sleep "$LATENCY_SPACE"; scrape "$started_url" "${name}_spaced"; done
        threads=$(ls "/proc/$started_pid/task" | wc -l)
        stop_process "$started_pid"
        unset "db_pid[$name]"
        b2b=$(median "$work/${name}_b2b_http.txt") spaced=$(median "$work/${name}_spaced_http.txt")
        if [ "$k" = "${db_counts[0]}" ]; then one_b2b=$b2b one_spaced=$spaced; fi
        in_flight() { awk -v k="$k" -v one="$1" -v t="$2" -v k1="${db_counts[0]}" 'BEGIN { printf "%.1f", k / k1 * one / t }'; }
        latency_rows+="| $k | **$b2b** | $(ratio "$b2b" "$one_b2b") | $(in_flight "$one_b2b" "$b2b") | **$spaced** | $(ratio "$spaced" "$one_spaced") | $(in_flight "$one_spaced" "$spaced") | $threads |"$'\n'
    done
    stop_process "$proxy_pid"
    proxy_pid=""
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# The steady-state exporter must still be right: its last successes are the naive query's.
new_runs   # a last scrape after the measurement, then compare with the full query over the same table
curl -sf --max-time 120 -o "$work/cron_check.prom" "$steady_url"
monitor_psql postgres -F ' ' -c "SELECT jobid, extract(epoch FROM coalesce(s.end_time, s.start_time))::float8
    FROM (SELECT DISTINCT ON (jobid) jobid, start_time, end_time FROM cron.job_run_details
          WHERE status = 'succeeded' ORDER BY jobid, runid DESC) s ORDER BY jobid" >"$work/truth.txt"
mismatches=$(awk 'NR == FNR { want[$1] = $2; next }
    /^pg_cron_job_last_success_timestamp_seconds\{/ { match($0, /jobid="[0-9]+"/); id = substr($0, RSTART + 7, RLENGTH - 8)
        seen[id] = 1; d = $NF - want[id]; if (d < -0.001 || d > 0.001) bad++ }
    END { for (id in want) if (!(id in seen)) bad++; print bad + 0 }' "$work/truth.txt" "$work/cron_check.prom")
[ "$mismatches" -eq 0 ] || die "the steady-state exporter's last successes differ from the table's in $mismatches jobs"

# --- Figures ----------------------------------------------------------------------------------------------------
kib() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
cpu_per_scrape() {   # ms of CPU (user + system) per timed scrape, from tick counts
    awk -v hz="$(getconf CLK_TCK)" '{ t += $1; n += $2 } END { printf "%.0f", n ? t * 1000 / hz / n : 0 }' "$work/$1_cpu.txt"
}
backend_private_kib() {   # private memory (clean + dirty) of the server backends of one exporter, summed, in KiB
    local pid total=0 kb
    for pid in $(pg_psql -d postgres -At -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$1'"); do
        kb=$(awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s + 0 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
        total=$((total + kb))
    done
    echo "$total"
}
backends() { pg_psql -d postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$1'"; }
slope() {   # slope "x y" lines: least-squares dy/dx
    awk '{ n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
         END { d = n * sxx - sx * sx; printf "%.2f", d ? (n * sxy - sx * sy) / d : 0 }'
}
plan_summary() {   # what a saved plan does with job_run_details, its buffers and its execution time, on one line
    awk '
        { sub(/^ *(->)? */, "") }
        /^(Parallel )?(Seq Scan|Bitmap Heap Scan|Bitmap Index Scan|Index Only Scan|Index Scan)/ && /job_run_details/ {
            node = $0; sub(/ \(actual.*/, "", node)
            match($0, /rows=[0-9]+ loops=[0-9]+/); rl = substr($0, RSTART, RLENGTH); split(rl, p, /[= ]/)
            out[++n] = node ": " p[2] " rows" (p[4] > 1 ? " x " p[4] " loops" : "")
        }
        /^Sort Method: external/ { m = $0; gsub(/  +/, " ", m); out[++n] = m }
        /^Buffers:/ && !buffers { buffers = $0 }
        /^Execution Time:/ { time = $0 }
        END { for (i = 1; i <= n; i++) printf "%s; ", out[i]; printf "top node %s; %s", buffers, time }
    ' "$work/explain_$1.txt"
}

read -r fq_med fq_min fq_max fq_n < <(stats "$work/sql_jobs_first.txt")
read -r oq_med oq_min oq_max oq_n < <(stats "$work/sql_jobs_older.txt")
read -r aq_med aq_min aq_max aq_n < <(stats "$work/sql_jobs_all.txt")
read -r st_med st_min st_max st_n < <(stats "$work/sql_jobs_steady.txt")
read -r nv_med nv_min nv_max nv_n < <(stats "$work/sql_naive.txt")
read -r ex_med ex_min ex_max ex_n < <(stats "$work/sql_extension.txt")
read -r fh_med fh_min fh_max fh_n < <(stats "$work/cron_first_http.txt")
read -r nh_med nh_min nh_max nh_n < <(stats "$work/cron_second_http.txt")
nc_med=$(median "$work/cron_second_collect.txt") ncc_med=$(median "$work/cron_second_collector.txt")
read -r sh_med sh_min sh_max sh_n < <(stats "$work/cron_steady_http.txt")
fc_med=$(median "$work/cron_first_collect.txt") sc_med=$(median "$work/cron_steady_collect.txt")
fcc_med=$(median "$work/cron_first_collector.txt") scc_med=$(median "$work/cron_steady_collector.txt")

db_rows="" empty_rows="" bench_time_points="" bench_mem_points="" bench_cpu_points="" empty_time_points="" empty_mem_points=""
for name in "${subjects[@]}"; do
    kind=${name%%_*} k=${name##*_k}
    read -r h_med h_min h_max h_n < <(stats "$work/${name}_http.txt")
    c_med=$(median "$work/${name}_collect.txt") sum_med=$(median "$work/${name}_collectors.txt")
    hwm=$(kib "${db_pid[$name]}" VmHWM) rss=$(kib "${db_pid[$name]}" VmRSS) cpu=$(cpu_per_scrape "$name")
    server=$(backend_private_kib "$name") nb=$(backends "$name")
    row="| $k | **$h_med** | $h_min | $h_max | $c_med | $sum_med ($(ratio "$sum_med" "$c_med")) | $cpu | **$(mib "$hwm")** | $(mib "$rss") | $nb | $(mib "$server") | $(grep -vc '^#' "$work/$name.prom" || true) |"
    if [ "$kind" = bench ]; then
        db_rows+="$row"$'\n'
        bench_time_points+="$k $h_med"$'\n' bench_mem_points+="$k $(mib "$hwm")"$'\n' bench_cpu_points+="$k $cpu"$'\n'
        bench_server_points+="$k $(mib "$server")"$'\n'
    else
        empty_rows+="$row"$'\n'
        empty_time_points+="$k $h_med"$'\n' empty_mem_points+="$k $(mib "$hwm")"$'\n'
    fi
done
bench_ms=$(slope <<<"${bench_time_points%$'\n'}") bench_mib=$(slope <<<"${bench_mem_points%$'\n'}")
bench_cpu=$(slope <<<"${bench_cpu_points%$'\n'}") bench_server=$(slope <<<"${bench_server_points%$'\n'}")
empty_ms=$(slope <<<"${empty_time_points%$'\n'}") empty_mib=$(slope <<<"${empty_mem_points%$'\n'}")
per_db=$((DB_TABLES * DB_PARTITIONS))

latency_report() {
    [ -n "$latency_rows" ] || return 0
    cat <<EOF

## 3. databases behind $LATENCY_MS ms of latency each way

Empty databases (a few round trips each, little work) through a proxy that delays every packet, so that a collection
waits on the network rather than on CPU. Medians of $per_round back-to-back scrapes and of 3 scrapes $LATENCY_SPACE s apart.
In flight: how many databases were collected at once on average, (K / K₀) × time(K₀) / time(K) with K₀ = ${db_counts[0]}.

| K | back to back (ms) | / K = ${db_counts[0]} | in flight | $LATENCY_SPACE s apart (ms) | / K = ${db_counts[0]} | in flight | threads of the exporter after |
|---:|---:|---:|---:|---:|---:|---:|---:|
${latency_rows%$'\n'}

A scrape of K = ${db_counts[0]} back to back is about $(awk -v t="$one_b2b" -v m="$LATENCY_MS" 'BEGIN { printf "%.1f", t / (2 * m) }') round trips of $((2 * LATENCY_MS)) ms per database, connection kept (each statement in its own
read-only transaction: a parameterised one takes three round trips, BEGIN with the SET LOCAL settings, the statement, COMMIT).
EOF
}

report() {
    cat <<EOF
# pg_partition_exporter benchmark: pg_cron history and many databases (issue 7)

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $revision, \`benchmarks/machinery.sh\` with RUNS=$RUNS ROUNDS=$ROUNDS WARMUP=$WARMUP, in $((SECONDS - started_at)) s.
Every client as the exporter's role (pg_monitor, USAGE on schema cron, BYPASSRLS) with its settings, over TCP
on 127.0.0.1. Times in milliseconds; medians of $RUNS (first scrapes: $((first_per_round * ROUNDS)) fresh processes).

## 1. pg_cron: $CRON_JOBS jobs, $CRON_RUNS runs in cron.job_run_details

pg_cron $cron_version, \`cron.use_background_workers = on\`; the table is $table_size, vacuumed and analyzed.
The exporter reads $chunk runs per chunk (CronHistory): its first scrape the newest chunk, each later one a chunk
below what it read while some job's last success is unknown (here always: two jobs never ran), down to the table's start.
Steady state: $NEW_RUNS runs since the last scrape (the newest still running), inserted before each timed scrape, once the
long-lived exporter has read down to the table's start (at its scrape number $backfill_scrapes; $((steady_warmup + 2)) untimed scrapes first).

| per query or scrape (ms) | median | min | max | / steady jobsQuery |
|---|---:|---:|---:|---:|
| a. jobsQuery over the newest chunk (first scrape: runid ≥ newest + 1 − $chunk), pgbench | **$fq_med** | $fq_min | $fq_max | $(ratio "$fq_med" "$st_med") |
| a′. jobsQuery over the chunk below it (second scrape), pgbench | **$oq_med** | $oq_min | $oq_max | $(ratio "$oq_med" "$st_med") |
| a″. jobsQuery over every run (runid ≥ 0: the first read before the chunks), pgbench | $aq_med | $aq_min | $aq_max | $(ratio "$aq_med" "$st_med") |
| b. jobsQuery at the steady-state watermark ($NEW_RUNS runs), pgbench | **$st_med** | $st_min | $st_max | 1.00 |
| c. naive: DISTINCT ON (jobid) latest run + latest success, whole table, pgbench | **$nv_med** | $nv_min | $nv_max | $(ratio "$nv_med" "$st_med") |
| &nbsp;&nbsp;the collector's extension check (extensionQuery), pgbench | $ex_med | $ex_min | $ex_max | |
| exporter, first scrape of a fresh process (connect + newest chunk), HTTP | **$fh_med** | $fh_min | $fh_max | |
| &nbsp;&nbsp;its scrape_duration_seconds / cron collector_duration_seconds | $fc_med / $fcc_med | | | |
| exporter, second scrape of that process (new runs + the older chunk), HTTP | **$nh_med** | $nh_min | $nh_max | |
| &nbsp;&nbsp;its scrape_duration_seconds / cron collector_duration_seconds | $nc_med / $ncc_med | | | |
| exporter, steady-state scrape, HTTP | **$sh_med** | $sh_min | $sh_max | |
| &nbsp;&nbsp;its scrape_duration_seconds / cron collector_duration_seconds | $sc_med / $scc_med | | | |

- naive / jobsQuery over every run: **$(ratio "$nv_med" "$aq_med")x**; newest chunk / every run: **$(ratio "$fq_med" "$aq_med")x**; newest chunk / steady state: **$(ratio "$fq_med" "$st_med")x**;
  first / steady-state exporter scrape: **$(ratio "$fh_med" "$sh_med")x**. Steady-state exporter CPU: $(cpu_per_scrape cron_steady) ms per scrape.
- Reading every run costs about $(awk -v m="$aq_med" -v n="$CRON_RUNS" 'BEGIN { printf "%.0f", m * 1e6 / n }') ms per million runs here: at that rate a full read would reach the default
  10 s scrape timeout at about $(awk -v m="$aq_med" -v n="$CRON_RUNS" 'BEGIN { printf "%.0f", 10000 / (m / n) / 1e6 }') million runs. No scrape reads more than one chunk of old runs$(
  if [ "$plan_first_from" -gt 0 ]; then
      echo ": a fresh exporter"
      printf '%s' "  reaches the table's start at scrape number $backfill_scrapes here (1 + ⌈$plan_first_from / $chunk⌉; that last one reads an empty range)."
  else printf '%s' "; here the first chunk holds every run."; fi)
- Last successes the long-lived exporter knew after its first scrape: $known_first of $CRON_JOBS jobs (all that succeeded in the newest chunk); after its
  second: $known_second (all that succeeded from runid $plan_older_from on; $(succeeded_since 0) ever succeeded); the steady-state exporter's \`pg_cron_job_last_success_timestamp_seconds\` matched
  the whole table's after the run.

Plans (EXPLAIN ANALYZE, BUFFERS, one run, as the role):

- a. newest chunk, runid ≥ $plan_first_from: $(plan_summary jobs_first)
- a′. older chunk, $plan_older_from ≤ runid < $plan_first_from: $(plan_summary jobs_older)
- a″. every run: $(plan_summary jobs_all)
- b. watermark $steady_watermark: $(plan_summary jobs_steady)
- c. naive: $(plan_summary naive)

<details><summary>a. jobsQuery, newest chunk (runid ≥ $plan_first_from)</summary>

\`\`\`
$(cat "$work/explain_jobs_first.txt")
\`\`\`
</details>

<details><summary>a′. jobsQuery, older chunk ($plan_older_from ≤ runid < $plan_first_from)</summary>

\`\`\`
$(cat "$work/explain_jobs_older.txt")
\`\`\`
</details>

<details><summary>a″. jobsQuery, every run</summary>

\`\`\`
$(cat "$work/explain_jobs_all.txt")
\`\`\`
</details>

<details><summary>b. jobsQuery, watermark $steady_watermark</summary>

\`\`\`
$(cat "$work/explain_jobs_steady.txt")
\`\`\`
</details>

<details><summary>c. naive DISTINCT ON</summary>

\`\`\`
$(cat "$work/explain_naive.txt")
\`\`\`
</details>

## 2. databases: K databases per exporter, collected concurrently

One exporter process per row, \`databases:\` naming K databases exactly (one persistent connection each), all
measured in turn, round after round. Each schema database: $DB_TABLES tables x $DB_PARTITIONS daily partitions ($per_db
partitions, four relations each). scrape_duration: the exporter's own collection time, all databases; Σ collectors:
the per-database collector durations added up (over scrape_duration: how many databases were in flight on average).
Backends: the exporter's connections; their private MiB: private (clean + dirty) memory of those server processes.

| K with partitions | scrape HTTP median | min | max | scrape_duration | Σ collectors (Σ / scrape_duration) | CPU ms / scrape | VmHWM MiB | VmRSS MiB | backends | their private MiB | series |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${db_rows%$'\n'}

| K empty | scrape HTTP median | min | max | scrape_duration | Σ collectors (Σ / scrape_duration) | CPU ms / scrape | VmHWM MiB | VmRSS MiB | backends | their private MiB | series |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${empty_rows%$'\n'}

Marginal cost of one more database (least-squares slope over K = ${db_counts[*]}):

- with $per_db partitions: **$bench_ms ms** of scrape time, **$bench_cpu ms** of exporter CPU, **$bench_mib MiB** of exporter peak RSS, $bench_server MiB of server backend memory
- empty: **$empty_ms ms** of scrape time, **$empty_mib MiB** of exporter peak RSS
- K = $max_k against K = ${db_counts[0]}, with partitions: $(ratio "$(grep "^$max_k " <<<"$bench_time_points" | cut -d' ' -f2)" "$(grep "^${db_counts[0]} " <<<"$bench_time_points" | cut -d' ' -f2)")x the scrape time for ${max_k}x the databases
$(latency_report)

$(machine_line "$pg_version")
EOF
}
publish_report
