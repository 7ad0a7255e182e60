#!/usr/bin/env bash
# Benchmark (issues 2 and 9): the cost of a scrape of pg_partition_exporter on 1,000, 10,000 or 100,000 partitions,
# side by side in one run with Debian's prometheus-postgres-exporter running an equivalent custom query, and with
# the bare SQL of a cold scrape (the structure batch and the sizes of every leaf) as a floor.
#
# Starts its own throwaway PostgreSQL on 127.0.0.1 (benchmarks/schema.sql: TABLES tables x PARTITIONS daily
# partitions), the exporter twice (as configured by default, and with `partition_series: N`) and postgres_exporter,
# all as a pg_monitor-only role; measures steady-state scrapes (after WARMUP untimed ones, the first of which is
# reported as the cold scrape) with and without gzip, prints a table and writes it to RESULTS, with the same figures
# as key=value lines next to it (for scale.sh). Every process it starts is stopped on exit; every wait and loop is
# bounded. See benchmarks/README.md.
#
# Environment (defaults in brackets):
#   SCALE [10k]          1k: 10 tables x 100 daily partitions, rows in 1 table; 10k: 100 x 100, rows in 10 tables;
#                        100k: 500 x 200, rows in 50 tables (about 12 minutes to build: keep it out of CI; its
#                        presets also lower RUNS to 15, turn HYPERFINE off and raise SCRAPE_TIMEOUT to 120)
#   TABLES PARTITIONS FILLED_TABLES ROWS_PER_TABLE   override the preset (ROWS_PER_TABLE [20000] at every scale)
#   RUNS [30]            timed scrapes / iterations per subject, split over ROUNDS
#   ROUNDS [3]           subjects are measured in turn, round after round, so machine noise hits all alike
#   WARMUP [3]           untimed scrapes / iterations first, on the same connection; the first scrape of each
#                        exporter is timed on its own (the cold scrape), so at least 1
#   PARTITION_SERIES [10]  N for the second exporter's `defaults: partition_series: N` ("" leaves it out)
#   EXPORTER_FLAGS [""]  extra flags for both exporter instances (e.g. --sizes.max-age 1m)
#   SCRAPE_TIMEOUT [60]  the exporter's --scrape.timeout; curl gives up 60 s later
#   LOCKS [256 up to 10,000 partitions, else enough for all]  max_locks_per_transaction of the server
#   HYPERFINE [1]        0: no hyperfine cross-check
#   SCRATCH_PATH [.build]  SwiftPM scratch path of the release build
#   SKIP_SETUP [0]       1: do not run scripts/setup.sh (packages already there)
#   SKIP_POSTGRES_EXPORTER [0]  1: do not measure prometheus-postgres-exporter
#   RESULTS [benchmarks/results/latest.md at 10k, else benchmarks/results/<scale>.md]  where the figures go ("" for
#                        nowhere); the key=value figures go to the same name ending in .kv
#   RAW_DIR [unset]      if set, raw timings, logs and bodies are copied there
#   REVISION [unset]     the commit to print, for a copy of the sources without .git (git archive)
#   TARGET_TIME TARGET_RSS [issue 9's at 10k and 100k]  the exporter/postgres_exporter ratios not to exceed
#   BUDGET [1.5]         issue 2's exporter/bare-SQL ratio, information now (see README)
#   STRICT [0]           1: exit 1 when a target ratio is OVER
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh
source benchmarks/lib/processes.sh
source benchmarks/lib/report.sh

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

# --- Scale ------------------------------------------------------------------------------------------------------
# Presets: tables, partitions, filled tables (a tenth of the tables, as at 10k, so that not every size is zero).
# 100k is the estate issue 9 measured: 500 tables of 200 daily partitions (400,000 relations with the indexes and
# TOAST tables); rows go to 50 tables, 100 per partition, which adds seconds, not minutes, to the build.
SCALE=${SCALE:-10k}
case "$SCALE" in
    1k) preset=(10 100 1) ;;
    10k) preset=(100 100 10) ;;
    100k) preset=(500 200 50) ;;
    *) die "SCALE must be 1k, 10k or 100k, not '$SCALE'" ;;
esac
TABLES=${TABLES:-${preset[0]}} PARTITIONS=${PARTITIONS:-${preset[1]}} FILLED_TABLES=${FILLED_TABLES:-${preset[2]}}
ROWS_PER_TABLE=${ROWS_PER_TABLE:-20000}
# A run at other sizes than the preset's is labelled by its sizes, so it never overwrites a preset's results.
label=$SCALE
if [ "$TABLES" != "${preset[0]}" ] || [ "$PARTITIONS" != "${preset[1]}" ]; then label="${TABLES}x${PARTITIONS}"; fi
# At 100k a postgres_exporter scrape takes seconds and every subject is measured with and without gzip: fewer runs
# and no hyperfine (which would scrape everything RUNS more times) keep the measurement near a quarter of an hour.
big=0
if [ "$SCALE" = 100k ]; then big=1; fi
RUNS=${RUNS:-$([ "$big" = 1 ] && echo 15 || echo 30)} ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-3}
HYPERFINE=${HYPERFINE:-$([ "$big" = 1 ] && echo 0 || echo 1)}
SCRAPE_TIMEOUT=${SCRAPE_TIMEOUT:-$([ "$big" = 1 ] && echo 120 || echo 60)}
curl_timeout=$((SCRAPE_TIMEOUT + 60))
PARTITION_SERIES=${PARTITION_SERIES-10} EXPORTER_FLAGS=${EXPORTER_FLAGS:-}
SCRATCH_PATH=${SCRATCH_PATH:-.build}
if [ "$label" = 10k ]; then default_results=benchmarks/results/latest.md; else default_results=benchmarks/results/$label.md; fi
RESULTS=${RESULTS-$default_results}
BUDGET=${BUDGET:-1.5} STRICT=${STRICT:-0}
per_round=$(((RUNS + ROUNDS - 1) / ROUNDS))
leaves_expected=$((TABLES * PARTITIONS))
[ "$WARMUP" -ge 1 ] || die "WARMUP must be at least 1: the first scrape of each exporter is the cold one"
# schema.sql names tables events_000 … with lpad(…, 3): a thousand or more would collide.
[ "$TABLES" -le 1000 ] || die "TABLES must be at most 1000 (schema.sql names them with three digits)"
# Issue 9's targets, exporter / postgres_exporter: time ≤ 0.3 at 10k partitions and ≤ 0.25 at 100k, peak RSS ≤ 0.5
# at 100k. Other sizes get none (the ratios are printed as information).
if [ "$leaves_expected" -ge 100000 ]; then target_time=0.25 target_rss=0.5
elif [ "$leaves_expected" -ge 10000 ]; then target_time=0.3 target_rss=""
else target_time="" target_rss=""; fi
TARGET_TIME=${TARGET_TIME-$target_time} TARGET_RSS=${TARGET_RSS-$target_rss}
# The size query takes an ACCESS SHARE lock on every leaf's heap, TOAST table, TOAST index and primary key for the
# rest of its transaction (so do postgres_exporter's query and pgbench's): 4 per leaf, 400,000 at 100k, far beyond a
# backend's 16 fast-path slots, so in the shared lock table, which holds max_locks_per_transaction x (max_connections
# + max_prepared_transactions) entries, nominally (the autovacuum, worker and WAL sender slots add 22 backends more,
# and it borrows spare shared memory beyond that). 256 has always sufficed up to 10,000 partitions and is what the
# committed 10k samples ran with; above, the smallest power of two that holds 4 per leaf in max_connections (100)
# alone: 4096 at 100k, 409,600 entries. One such transaction runs at a time (the subjects take turns).
if [ "$leaves_expected" -le 10000 ]; then locks=256; else
    locks=256
    while [ $((locks * 100)) -lt $((leaves_expected * 4)) ]; do locks=$((locks * 2)); done
fi
LOCKS=${LOCKS:-$locks}

# --- Tools and build --------------------------------------------------------------------------------------------
if [ "${SKIP_SETUP:-0}" != 1 ]; then scripts/setup.sh hyperfine prometheus-postgres-exporter; fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
for tool in curl gzip; do command -v "$tool" >/dev/null || die "$tool is missing (run scripts/setup.sh)"; done
if [ "$HYPERFINE" = 1 ]; then command -v hyperfine >/dev/null || die "hyperfine is missing (run scripts/setup.sh hyperfine)"; fi
pe_bin=/usr/bin/prometheus-postgres-exporter
measure_pe=1 pe_version=""
if [ "${SKIP_POSTGRES_EXPORTER:-0}" = 1 ] || [ ! -x "$pe_bin" ]; then measure_pe=0; fi

source benchmarks/lib/exporter-sql.sh
revision=$(source_revision)   # before building: what the binary is built from
say "building the exporter (release, scratch path $SCRATCH_PATH)"
swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH" >&2
exporter_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"
[ -x "$exporter_bin" ] || die "no binary at $exporter_bin"

# The bare SQL must be the SQL the exporter runs: it is derived from the Swift source (PartitionQueries.swift) at
# every run, so there is no copy to drift.
[ -n "$(swift_sql "$PARTITION_QUERIES" structure)" ] && [ -n "$(swift_sql "$PARTITION_QUERIES" sizes)" ] \
    || die "cannot find the queries in $PARTITION_QUERIES"
has_bounds=0   # issue 9's bounds and indexes queries; absent from older commits measured from a snapshot
if [ -n "$(swift_sql "$PARTITION_QUERIES" bounds)" ]; then has_bounds=1; fi
pgoptions=$(session_pgoptions) || die "cannot derive the session settings from $WATCHED_DATABASE"

# --- Throwaway PostgreSQL ---------------------------------------------------------------------------------------
if [ -z "${PG_BIN:-}" ] && [ -d /usr/lib/postgresql/15/bin ]; then PG_BIN=/usr/lib/postgresql/15/bin; fi
pg_find_bin || die "PostgreSQL server binaries not found (run scripts/setup.sh, or set PG_BIN)"
work=$(mktemp -d /tmp/pg_partition_exporter-bench.XXXXXX)

exporter_pid="" top_pid="" pe_pid=""
cleanup() {
    local status=$?
    stop_process "$exporter_pid"
    stop_process "$top_pid"
    stop_process "$pe_pid"
    pg_stop
    if [ -n "${RAW_DIR:-}" ]; then
        mkdir -p "$RAW_DIR" && cp -r "$work"/*.txt "$work"/*.log "$work"/*.json "$work"/*.prom "$work"/*.body \
            "$work"/*.headers "$work"/*.sql "$work"/*.yml "$RAW_DIR"/ 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port 55532)
say "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$pg_port (max_locks_per_transaction=$LOCKS)"
# fsync and friends off: they only speed up creating the tables; the measured work is read-only.
# autovacuum off: no background work on thousands of tables competes with the measurement (the script runs ANALYZE).
# max_connections stated, since max_locks_per_transaction above is sized by it.
pg_start "$work" "$pg_port" -c max_connections=100 -c max_locks_per_transaction="$LOCKS" -c autovacuum=off \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off
pg_psql -d postgres -c "CREATE DATABASE bench"

password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
say "creating $TABLES tables x $PARTITIONS partitions (rows in $FILLED_TABLES tables), then ANALYZE"
setup_started=$SECONDS
pg_psql -d bench -v tables="$TABLES" -v partitions="$PARTITIONS" -v filled="$FILLED_TABLES" \
    -v rows_per_table="$ROWS_PER_TABLE" -v password="$password" -f benchmarks/schema.sql
setup_seconds=$((SECONDS - setup_started))
say "schema ready in $setup_seconds s"

# The leaf oids, found by the exporter's own tree query: the array the exporter binds to the sizes query. Every
# partition here is a direct one, so it is also the array a cold scrape binds to the bounds query. It goes into the
# pgbench scripts as a literal, not through -D or psql -v: at 100k it is 700 kB, beyond Linux's 128 kB limit on one
# command-line argument.
pg_psql -d bench -At -o "$work/leaves.txt" -c "
    WITH RECURSIVE tree AS (
        SELECT i.inhrelid AS relid FROM pg_inherits i
        JOIN pg_class p ON p.oid = i.inhparent AND p.relkind = 'p' AND NOT p.relispartition
        UNION ALL
        SELECT i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid)
    SELECT '''{' || string_agg(c.oid::text, ',' ORDER BY c.oid) || '}''::oid[]' FROM tree t JOIN pg_class c ON c.oid = t.relid
    WHERE c.relkind = 'r'"
leaf_count=$(tr ',' '\n' <"$work/leaves.txt" | grep -c '[0-9]' || true)
[ "$leaf_count" -eq "$leaves_expected" ] || die "expected $leaves_expected leaf partitions, found $leaf_count"
pg_version=$(pg_psql -d bench -At -c "SHOW server_version")

dsn="postgresql://bench_monitor:$password@127.0.0.1:$pg_port/bench?sslmode=disable"
# pgbench runs as the same role with the exporter's settings (WatchedDatabase.transactionSettings, read from the
# source above).
export PGPASSWORD=$password
pgbench_env=(env PGOPTIONS="$pgoptions")

# The pgbench scripts, from the Swift source, $1 replaced by the leaf array: the structure batch as one query string
# (joined with \;, one round trip, as the exporter sends it), the bounds query (when the source has one) and the
# sizes query. cold.sql is all of them: what a cold scrape runs, every size and bound read.
bind_leaves() { sed 's/^        //' | awk -v f="$work/leaves.txt" 'BEGIN { getline lit < f } { gsub(/\$1::oid\[\]/, lit); print }'; }
{ swift_sql "$PARTITION_QUERIES" structure | sed 's/^        //; s/;[[:space:]]*$/ \\;/'; echo ';'; } >"$work/structure.sql"
# The sizes query goes SizeLedger.batchSize leaves a statement, as the exporter sends it (older commits: one).
batch_size=$(sed -n 's/.*static let batchSize = \([0-9_]*\).*/\1/p' Sources/PartitionExporterCore/SizeLedger.swift 2>/dev/null \
    | tr -d _)
swift_sql "$PARTITION_QUERIES" sizes | sed 's/^        //' >"$work/sizes.template"
tr -d "'{}\n" <"$work/leaves.txt" | sed 's/::oid\[\]$//' | tr ',' '\n' | awk -v n="${batch_size:-1000000000}" \
    -v t="$work/sizes.template" '
    function emit(  s) { s = tpl; gsub(/\$1::oid\[\]/, "'"'"'{" ids "}'"'"'::oid[]", s); printf "%s;\n", s; ids = ""; c = 0 }
    BEGIN { while ((getline line < t) > 0) tpl = tpl (tpl == "" ? "" : "\n") line }
    /[0-9]/ { ids = ids (c ? "," : "") $1; if (++c == n) emit() }
    END { if (c) emit() }' >"$work/sizes.sql"
: >"$work/bounds.sql"
if [ "$has_bounds" = 1 ]; then
    { swift_sql "$PARTITION_QUERIES" indexes | sed 's/^        //'; echo ';'; swift_sql "$PARTITION_QUERIES" bounds | bind_leaves
      echo ';'; } >"$work/bounds.sql"
fi
cat "$work/structure.sql" "$work/bounds.sql" "$work/sizes.sql" >"$work/cold.sql"
grep -q '\$[0-9]' "$work/cold.sql" && die "a query of $PARTITION_QUERIES has a parameter this script does not bind"
sized=$("${pgbench_env[@]}" "$PG_BIN/psql" -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U bench_monitor -d bench \
    -f "$work/sizes.sql" | grep -c . || true)
[ "$sized" -eq "$leaf_count" ] || die "the sizes query returned $sized rows for $leaf_count leaves"

# --- The exporters ----------------------------------------------------------------------------------------------
# EXPORTER_FLAGS is split into words on purpose (flags and values).
read -r -a exporter_flags <<<"$EXPORTER_FLAGS"

exporter_port=$(free_port 10287)
say "starting pg_partition_exporter on 127.0.0.1:$exporter_port"
DATA_SOURCE_NAME=$dsn "$exporter_bin" --web.listen-address "127.0.0.1:$exporter_port" --scrape.timeout "$SCRAPE_TIMEOUT" \
    --log.level warn "${exporter_flags[@]}" >"$work/exporter.log" 2>&1 &
exporter_pid=$!
exporter_url="http://127.0.0.1:$exporter_port/metrics"
wait_http "http://127.0.0.1:$exporter_port/" "$exporter_pid" || { cat "$work/exporter.log" >&2; exit 1; }

# The second instance: `partition_series: N` keeps per-partition series for each table's N largest partitions only
# (issue 9). A binary without the setting refuses the file (status 2): then this instance is reported as not
# measured, and the rest of the run goes on.
measure_top=0 top_note=""
if [ -z "$PARTITION_SERIES" ]; then top_note="the \`partition_series\` exporter left out (PARTITION_SERIES is empty)"; fi
if [ -n "$PARTITION_SERIES" ]; then
    printf 'defaults:\n  partition_series: %s\n' "$PARTITION_SERIES" >"$work/partition_series.yml"
    top_port=$(free_port $((exporter_port + 1)))
    say "starting pg_partition_exporter with partition_series: $PARTITION_SERIES on 127.0.0.1:$top_port"
    DATA_SOURCE_NAME=$dsn "$exporter_bin" --web.listen-address "127.0.0.1:$top_port" --scrape.timeout "$SCRAPE_TIMEOUT" \
        --log.level warn --config.file "$work/partition_series.yml" "${exporter_flags[@]}" >"$work/exporter_top.log" 2>&1 &
    top_pid=$!
    top_url="http://127.0.0.1:$top_port/metrics"
    if wait_http "http://127.0.0.1:$top_port/" "$top_pid"; then
        measure_top=1
    else
        top_note="not measured: the exporter did not start with \`partition_series: $PARTITION_SERIES\` ($(grep -m 1 . "$work/exporter_top.log" | sed "s|$work/||" | cut -c 1-400))"
        say "WARNING: $top_note"
        stop_process "$top_pid"
        top_pid=""
    fi
fi

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

# --- Scrapes ----------------------------------------------------------------------------------------------------
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # user + system time of a process, in clock ticks
scrape() {   # scrape URL OUT [gzip]: one scrape, asking for gzip as Prometheus does when told; OUT gets the body as
             # received (compressed when the answer is), OUT.headers the headers; prints "ms bytes" (curl's
             # time_total, and the body's bytes on the wire)
    local -a accept=()
    if [ "${3:-}" = gzip ]; then accept=(-H 'Accept-Encoding: gzip'); fi
    curl -sf --max-time "$curl_timeout" "${accept[@]}" -D "$2.headers" -o "$2" -w '%{time_total} %{size_download}\n' "$1" \
        | awk '{ printf "%.3f %d\n", $1 * 1000, $2 }'
}
gzipped() { grep -qi '^content-encoding:[[:space:]]*gzip' "$1.headers"; }   # gzipped OUT: the answer was gzip
decoded() {   # decoded IN OUT: the body as text, whether or not it came compressed
    if gzipped "$1"; then gzip -dc "$1" >"$2"; else cp "$1" "$2"; fi
}
first_scrape() {   # first_scrape NAME URL PID: the first scrape of a fresh process, gzip: its time, bytes and CPU ticks
    local before r
    before=$(cpu_ticks "$3")
    r=$(scrape "$2" "$work/$1.first.body" gzip) || { cat "$work/$1.log" >&2; die "the first scrape of $2 failed"; }
    echo "$r $(($(cpu_ticks "$3") - before))" >"$work/$1_first.txt"
    decoded "$work/$1.first.body" "$work/$1.prom"
}
warm_up() {   # warm_up URL: the rest of the untimed scrapes (gzip, as Prometheus scrapes)
    local i
    for ((i = 1; i < WARMUP; i++)); do scrape "$1" "$work/warmup.body" gzip >/dev/null || die "a warm-up scrape of $1 failed"; done
}
scrape_loop() {   # scrape_loop NAME URL PID COUNT [gzip]: HTTP time (ms) and bytes per scrape, CPU ticks of the loop;
                  # for a plain exporter body, its collection time too
    local name=$1 i before r
    before=$(cpu_ticks "$3")
    for ((i = 0; i < $4; i++)); do
        r=$(scrape "$2" "$work/$name.body" "${5:-}") || die "a scrape of $2 failed"
        echo "${r% *}" >>"$work/${name}_http.txt"
        if [ -z "${5:-}" ]; then
            awk '/^pg_partition_exporter_scrape_duration_seconds / { printf "%.3f\n", $2 * 1000 }' "$work/$name.body" >>"$work/${name}_collect.txt"
        fi
    done
    echo "$(($(cpu_ticks "$3") - before)) $4" >>"$work/${name}_cpu.txt"
}

# Cold scrapes first, each exporter alone: the exporter keeps a size cache, so its first scrape is the expensive one
# (connection, and the size of every leaf); then the remaining warm-up, and checks that each exporter really exports
# every partition.
say "first (cold) scrapes"
first_scrape exporter "$exporter_url" "$exporter_pid"
if [ "$measure_top" = 1 ]; then first_scrape exporter_top "$top_url" "$top_pid"; fi
if [ "$measure_pe" = 1 ]; then first_scrape postgres_exporter "$pe_url" "$pe_pid"; fi
warm_up "$exporter_url"
if [ "$measure_top" = 1 ]; then warm_up "$top_url"; fi
if [ "$measure_pe" = 1 ]; then warm_up "$pe_url"; fi

grep -q '^pg_partition_exporter_up{datname="bench"} 1$' "$work/exporter.prom" || { cat "$work/exporter.log" >&2; die "pg_partition_exporter is not up"; }
exporter_partitions=$(grep -c '^pg_partition_total_bytes{' "$work/exporter.prom" || true)
[ "$exporter_partitions" -eq "$leaf_count" ] || die "pg_partition_exporter exports $exporter_partitions partitions, not $leaf_count"
top_partitions=""
if [ "$measure_top" = 1 ]; then
    grep -q '^pg_partition_exporter_up{datname="bench"} 1$' "$work/exporter_top.prom" || { cat "$work/exporter_top.log" >&2; die "pg_partition_exporter (partition_series) is not up"; }
    top_partitions=$(grep -c '^pg_partition_total_bytes{' "$work/exporter_top.prom" || true)
    if [ "$top_partitions" -ge "$leaf_count" ]; then
        top_note="partition_series: $PARTITION_SERIES kept series for all $leaf_count partitions"
        say "WARNING: $top_note"
    fi
fi
if [ "$measure_pe" = 1 ]; then
    pe_partitions=$(grep -c '^pg_partition_table_bytes{' "$work/postgres_exporter.prom" || true)
    [ "$pe_partitions" -eq "$leaf_count" ] || { cat "$work/postgres_exporter.log" >&2; die "postgres_exporter exports $pe_partitions partitions, not $leaf_count"; }
fi

# --- Measurement ------------------------------------------------------------------------------------------------
pgbench_run() {   # pgbench_run SCRIPT LOGPREFIX TRANSACTIONS: one client, one connection; latencies (ms) of all but the first WARMUP
    rm -f "$2".[0-9]*
    "${pgbench_env[@]}" "$PG_BIN/pgbench" -n -c 1 -j 1 -t "$3" -f "$1" -l --log-prefix="$2" \
        -h 127.0.0.1 -p "$pg_port" -U bench_monitor bench >"$2.report.log" 2>&1 || { cat "$2.report.log" >&2; die "pgbench failed"; }
    cat "$2".[0-9]* | awk -v w="$WARMUP" '$2 > w { printf "%.3f\n", $3 / 1000 }'   # numbered from 1
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "measuring: $ROUNDS rounds of $per_round timed runs per subject (after $WARMUP warm-up runs)"
measure_started=$SECONDS
for ((round = 1; round <= ROUNDS; round++)); do
    pgbench_run "$work/cold.sql" "$work/pgbench_r$round" $((WARMUP + per_round)) >>"$work/bare_sql.txt"
    scrape_loop exporter_gzip "$exporter_url" "$exporter_pid" "$per_round" gzip
    scrape_loop exporter "$exporter_url" "$exporter_pid" "$per_round"
    if [ "$measure_top" = 1 ]; then
        scrape_loop exporter_top_gzip "$top_url" "$top_pid" "$per_round" gzip
        scrape_loop exporter_top "$top_url" "$top_pid" "$per_round"
    fi
    if [ "$measure_pe" = 1 ]; then
        scrape_loop postgres_exporter_gzip "$pe_url" "$pe_pid" "$per_round" gzip
        scrape_loop postgres_exporter "$pe_url" "$pe_pid" "$per_round"
    fi
    # Breakdown of the bare SQL: each part alone, over its own warm connection.
    pgbench_run "$work/structure.sql" "$work/pgbench_structure_r$round" $((WARMUP + per_round)) >>"$work/bare_structure.txt"
    if [ "$has_bounds" = 1 ]; then
        pgbench_run "$work/bounds.sql" "$work/pgbench_bounds_r$round" $((WARMUP + per_round)) >>"$work/bare_bounds.txt"
    fi
    pgbench_run "$work/sizes.sql" "$work/pgbench_sizes_r$round" $((WARMUP + per_round)) >>"$work/bare_sizes.txt"
    say "round $round/$ROUNDS done ($((SECONDS - measure_started)) s)"
done
measure_seconds=$((SECONDS - measure_started))
# Cross-check with hyperfine (wall time of a whole curl process, so a few ms of process start on top), gzip.
hyperfine_median() {   # hyperfine_median URL NAME: median in ms
    hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/hyperfine_$2.json" \
        "curl -sf -o /dev/null -H 'Accept-Encoding: gzip' $1" >"$work/hyperfine_$2.log" 2>&1 \
        || { cat "$work/hyperfine_$2.log" >&2; die "hyperfine failed"; }
    sed -n 's/^ *"median": *\([0-9.eE+-]*\),*$/\1/p' "$work/hyperfine_$2.json" | head -n 1 | awk '{ printf "%.1f", $1 * 1000 }'
}
hf_exporter="–" hf_pe="–" hf_floor="–"
if [ "$HYPERFINE" = 1 ]; then
    hf_exporter=$(hyperfine_median "$exporter_url" exporter)
    if [ "$measure_pe" = 1 ]; then hf_pe=$(hyperfine_median "$pe_url" postgres_exporter); fi
    hf_floor=$(hyperfine_median "http://127.0.0.1:$exporter_port/" landing_page)
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# The gzip bodies must be what the plain ones are, compressed.
for name in exporter exporter_top postgres_exporter; do
    if [ -f "$work/${name}_gzip.body" ] && gzipped "$work/${name}_gzip.body"; then
        gzip -t "$work/${name}_gzip.body" || die "$name answered Content-Encoding: gzip with a body that is not gzip"
    fi
done

# --- Figures ----------------------------------------------------------------------------------------------------
stats() {   # "median min max n" of a file of numbers; "– – – 0" when there is none
    [ -s "$1" ] || { echo "– – – 0"; return; }
    sort -g "$1" | awk '{ a[NR] = $1 } END {
        m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%.1f %.1f %.1f %d\n", m, a[1], a[NR], NR }'
}
number() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
ratio() { if number "$1" && number "$2" && [ "$2" != 0 ] && [ "$2" != 0.0 ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo "–"; fi; }
verdict() {   # verdict RATIO TARGET: within, OVER, or – when either is missing
    if number "$1" && number "$2"; then awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "within" : "OVER" }'; else echo "–"; fi
}
mib() { awk -v k="$(sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status")" 'BEGIN { printf "%.1f", k / 1024 }'; }
series() { if [ -f "$1" ]; then grep -vc '^#' "$1" || true; else echo "–"; fi; }
bytes() { if [ -f "$1" ]; then wc -c <"$1" | tr -d ' '; else echo "–"; fi; }
hz=$(getconf CLK_TCK)
cpu_per_scrape() {   # ms of CPU (user + system) per timed scrape, from the tick counts scrape_loop recorded
    [ -s "$work/$1_cpu.txt" ] || { echo "–"; return; }
    awk -v hz="$hz" '{ t += $1; n += $2 } END { printf "%.0f", n ? t * 1000 / hz / n : 0 }' "$work/$1_cpu.txt"
}
first_field() {   # first_field NAME FIELD: of NAME's first scrape, 1 ms, 2 bytes, 3 CPU ms
    [ -s "$work/$1_first.txt" ] || { echo "–"; return; }
    awk -v f="$2" -v hz="$hz" '{ if (f == 3) printf "%.0f", $3 * 1000 / hz; else if (f == 1) printf "%.1f", $1; else print $2 }' "$work/$1_first.txt"
}
encoding() { if [ -f "$work/$1_gzip.body" ]; then if gzipped "$work/$1_gzip.body"; then echo gzip; else echo plain; fi; else echo "–"; fi; }
partition_count() { if [ -f "$1" ]; then grep -c "^$2{" "$1" || true; else echo "–"; fi; }
# The served sizes' age (issue 9's gauge), from the last plain body; empty before issue 9.
size_age() { [ -f "$1" ] && awk '/^pg_partition_exporter_size_age_seconds[{ ]/ { printf "%.0f", $NF; exit }' "$1" || true; }

read -r bare_med bare_min bare_max bare_n < <(stats "$work/bare_sql.txt")
read -r struct_med struct_min struct_max struct_n < <(stats "$work/bare_structure.txt")
read -r bounds_med bounds_min bounds_max bounds_n < <(stats "$work/bare_bounds.txt")
read -r sizes_med sizes_min sizes_max sizes_n < <(stats "$work/bare_sizes.txt")
read -r ours_med ours_min ours_max ours_n < <(stats "$work/exporter_http.txt")
read -r oursz_med oursz_min oursz_max oursz_n < <(stats "$work/exporter_gzip_http.txt")
read -r coll_med coll_min coll_max coll_n < <(stats "$work/exporter_collect.txt")
read -r top_med top_min top_max top_n < <(stats "$work/exporter_top_http.txt")
read -r topz_med topz_min topz_max topz_n < <(stats "$work/exporter_top_gzip_http.txt")
read -r pe_med pe_min pe_max pe_n < <(stats "$work/postgres_exporter_http.txt")
read -r pez_med pez_min pez_max pez_n < <(stats "$work/postgres_exporter_gzip_http.txt")
ours_cold=$(first_field exporter 1) top_cold=$(first_field exporter_top 1) pe_first=$(first_field postgres_exporter 1)
ours_hwm=$(mib "$exporter_pid" VmHWM) ours_rss=$(mib "$exporter_pid" VmRSS)
top_hwm="–" top_rss="–" pe_hwm="–" pe_rss="–"
if [ "$measure_top" = 1 ]; then top_hwm=$(mib "$top_pid" VmHWM) top_rss=$(mib "$top_pid" VmRSS); fi
if [ "$measure_pe" = 1 ]; then pe_hwm=$(mib "$pe_pid" VmHWM) pe_rss=$(mib "$pe_pid" VmRSS); fi
ours_bytes=$(bytes "$work/exporter.body") oursz_bytes=$(bytes "$work/exporter_gzip.body")
top_bytes=$(bytes "$work/exporter_top.body") topz_bytes=$(bytes "$work/exporter_top_gzip.body")
pe_bytes=$(bytes "$work/postgres_exporter.body") pez_bytes=$(bytes "$work/postgres_exporter_gzip.body")
ours_series=$(series "$work/exporter.body") top_series=$(series "$work/exporter_top.body") pe_series=$(series "$work/postgres_exporter.body")
ours_cpu=$(cpu_per_scrape exporter) oursz_cpu=$(cpu_per_scrape exporter_gzip)
top_cpu=$(cpu_per_scrape exporter_top) topz_cpu=$(cpu_per_scrape exporter_top_gzip)
pe_cpu=$(cpu_per_scrape postgres_exporter) pez_cpu=$(cpu_per_scrape postgres_exporter_gzip)
ours_age=$(size_age "$work/exporter.body")

ratio_gzip=$(ratio "$oursz_med" "$pez_med") ratio_plain=$(ratio "$ours_med" "$pe_med") ratio_rss=$(ratio "$ours_hwm" "$pe_hwm")
verdict_gzip=$(verdict "$ratio_gzip" "$TARGET_TIME") verdict_plain=$(verdict "$ratio_plain" "$TARGET_TIME")
verdict_rss=$(verdict "$ratio_rss" "$TARGET_RSS")
ratio_top=$(ratio "$topz_med" "$struct_med")
budget_ratio=$(ratio "$ours_med" "$bare_med") budget_verdict=$(verdict "$(ratio "$ours_med" "$bare_med")" "$BUDGET")
gzip_cpu_cost=$(awk -v a="$oursz_cpu" -v b="$ours_cpu" 'BEGIN { if (a ~ /^[0-9]/ && b ~ /^[0-9]/) printf "%+d", a - b; else print "–" }')

target_text() { if [ -n "$1" ]; then echo "≤ $1"; else echo "none at this size"; fi; }
bold() { if [ "$1" = "–" ]; then echo "–"; else echo "**$1**"; fi; }
row() {   # row LABEL MEDIAN MIN MAX [bold]: a row of the time table, "/ bare SQL" from the median
    local median=$2
    if [ "$median" = "–" ]; then echo "| $1 | not measured | | | |"; return; fi
    if [ -n "${5:-}" ]; then median="**$median**"; fi
    echo "| $1 | $median | $3 | $4 | $(ratio "$2" "$bare_med") |"
}
process_row() {   # process_row LABEL NAME HWM RSS CPU_PLAIN CPU_GZIP SERIES PER_PARTITION_METRIC PLAIN_BYTES GZIP_BYTES
    echo "| $1 | $3 | $4 | $5 / $6 | $(first_field "$2" 3) | $7 | $(partition_count "$work/$2.body" "$8") | $9 | ${10} ($(encoding "$2")) | $(ratio "$9" "${10}") |"
}
pe_name="prometheus-postgres-exporter ${pe_version:-?}"
top_name="pg_partition_exporter, \`partition_series: ${PARTITION_SERIES:-–}\`"

# Each table is printed row by row, so that a row left out never leaves a blank line inside a table.
report() {
    echo "# pg_partition_exporter benchmark: $leaf_count partitions ($label)"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $revision, \`benchmarks/run.sh\` with SCALE=$SCALE RUNS=$RUNS ROUNDS=$ROUNDS WARMUP=$WARMUP."
    echo "$TABLES range-partitioned tables x $PARTITIONS daily partitions, each with a primary key and a TOAST table;"
    echo "rows in $FILLED_TABLES of the tables ($ROWS_PER_TABLE each); built in $setup_seconds s."
    echo "Every client on one warm connection, as a pg_monitor-only role, over TCP on 127.0.0.1. Times in milliseconds."
    echo "Steady state: after WARMUP=$WARMUP untimed scrapes of each exporter, the first of which is the cold scrape."
    echo "gzip: asked for with \`Accept-Encoding: gzip\`, as Prometheus always does; plain: without."
    echo
    echo "| per scrape (ms) | median | min | max | / bare SQL |"
    echo "|---|---:|---:|---:|---:|"
    row "bare SQL: structure batch + $([ "$has_bounds" = 1 ] && echo "index signatures, bounds and ")sizes of every leaf (pgbench): what a cold scrape runs" \
        "$bare_med" "$bare_min" "$bare_max" bold
    row "&nbsp;&nbsp;structure batch alone: the catalog read" "$struct_med" "$struct_min" "$struct_max"
    if [ "$has_bounds" = 1 ]; then row "&nbsp;&nbsp;index signatures and bounds of every partition alone" "$bounds_med" "$bounds_min" "$bounds_max"; fi
    row "&nbsp;&nbsp;sizes of every leaf alone" "$sizes_med" "$sizes_min" "$sizes_max"
    row "pg_partition_exporter (release), first (cold) scrape, gzip" "$ours_cold" "" ""
    row "pg_partition_exporter, steady, gzip (curl time_total)" "$oursz_med" "$oursz_min" "$oursz_max" bold
    row "pg_partition_exporter, steady, plain" "$ours_med" "$ours_min" "$ours_max"
    row "&nbsp;&nbsp;its scrape_duration_seconds, plain (collection, before rendering)" "$coll_med" "$coll_min" "$coll_max"
    if [ "$measure_top" = 1 ]; then
        row "$top_name, first (cold) scrape, gzip" "$top_cold" "" ""
        row "$top_name, steady, gzip" "$topz_med" "$topz_min" "$topz_max" bold
        row "$top_name, steady, plain" "$top_med" "$top_min" "$top_max"
    else
        echo "| $top_name | not measured | | | |"
    fi
    if [ "$measure_pe" = 1 ]; then
        row "$pe_name, first scrape, gzip" "$pe_first" "" ""
        row "$pe_name, steady, gzip" "$pez_med" "$pez_min" "$pez_max" bold
        row "$pe_name, steady, plain" "$pe_med" "$pe_min" "$pe_max"
    else
        echo "| prometheus-postgres-exporter | not measured | | | |"
    fi
    if [ "$HYPERFINE" = 1 ]; then
        echo "| hyperfine medians, whole curl process, gzip: ours / postgres_exporter / landing page | $hf_exporter / $hf_pe / $hf_floor | | | |"
    fi
    echo
    echo "| ratio | value | target | verdict |"
    echo "|---|---:|---:|---|"
    echo "| pg_partition_exporter / postgres_exporter, steady, gzip (the headline) | $(bold "$ratio_gzip") | $(target_text "$TARGET_TIME") | $(bold "$verdict_gzip") |"
    echo "| pg_partition_exporter / postgres_exporter, steady, plain | $ratio_plain | $(target_text "$TARGET_TIME") | $verdict_plain |"
    echo "| pg_partition_exporter / postgres_exporter, peak RSS (VmHWM) | $(bold "$ratio_rss") | $(target_text "$TARGET_RSS") | $(bold "$verdict_rss") |"
    echo "| \`partition_series: ${PARTITION_SERIES:-–}\`, steady, gzip / structure batch alone (the catalog read) | $ratio_top | little more than 1 at 100k | |"
    echo "| pg_partition_exporter, steady, plain / bare SQL of a cold scrape (issue 2's budget; information) | $budget_ratio | ≤ $BUDGET | $budget_verdict |"
    if [ -n "$top_note" ]; then echo; echo "Note: $top_note."; fi
    echo
    echo "| process | peak RSS (VmHWM, MiB) | RSS now (MiB) | CPU per scrape, plain / gzip (ms) | CPU of the first scrape (ms) | series | partitions with series | body bytes | gzip bytes (answer) | plain / gzip |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    process_row pg_partition_exporter exporter "$ours_hwm" "$ours_rss" "$ours_cpu" "$oursz_cpu" "$ours_series" \
        pg_partition_total_bytes "$ours_bytes" "$oursz_bytes"
    if [ "$measure_top" = 1 ]; then
        process_row "$top_name" exporter_top "$top_hwm" "$top_rss" "$top_cpu" "$topz_cpu" "$top_series" \
            pg_partition_total_bytes "$top_bytes" "$topz_bytes"
    fi
    if [ "$measure_pe" = 1 ]; then
        process_row "$pe_name" postgres_exporter "$pe_hwm" "$pe_rss" "$pe_cpu" "$pez_cpu" "$pe_series" \
            pg_partition_table_bytes "$pe_bytes" "$pez_bytes"
    fi
    echo
    echo "pg_partition_exporter, CPU per scrape with gzip minus without: $gzip_cpu_cost ms (10 ms ticks); gzip divides its body by $(ratio "$ours_bytes" "$oursz_bytes") (answer: $(encoding exporter))."
    echo "pg_partition_exporter_size_age_seconds at the end: ${ours_age:-– (not exported)}$([ -n "$ours_age" ] && echo " s" || true) (after $measure_seconds s of back-to-back scrapes and queries)."
    echo
    machine_line "$pg_version (max_locks_per_transaction=$LOCKS)"
}
# The same figures as key=value lines, for scale.sh (and anyone else); "–" or empty when not measured.
figures() {
    local k
    for k in label SCALE TABLES PARTITIONS FILLED_TABLES ROWS_PER_TABLE RUNS ROUNDS WARMUP LOCKS revision leaf_count setup_seconds \
        bare_med struct_med bounds_med sizes_med ours_cold oursz_med ours_med coll_med top_cold topz_med top_med \
        pe_first pez_med pe_med ours_hwm ours_rss top_hwm top_rss pe_hwm pe_rss ours_cpu oursz_cpu top_cpu topz_cpu \
        pe_cpu pez_cpu ours_series top_series pe_series ours_bytes oursz_bytes top_bytes topz_bytes pe_bytes pez_bytes \
        ours_age ratio_gzip ratio_plain ratio_rss ratio_top TARGET_TIME TARGET_RSS verdict_gzip verdict_plain verdict_rss \
        PARTITION_SERIES pe_version; do
        printf '%s=%s\n' "$k" "${!k}"
    done
    printf 'top_partitions=%s\n' "$top_partitions"
    printf 'exporter_encoding=%s\n' "$(encoding exporter)"
    printf 'date=%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
}
echo >&2
report
if [ -n "$RESULTS" ]; then
    mkdir -p "$(dirname "$RESULTS")"
    report >"$RESULTS"
    figures >"${RESULTS%.md}.kv"
    say "written to $RESULTS and ${RESULTS%.md}.kv"
fi
if [ "$STRICT" = 1 ]; then
    for v in "$verdict_gzip" "$verdict_plain" "$verdict_rss"; do [ "$v" != OVER ] || exit 1; done
fi
