#!/usr/bin/env bash
# Soak (issue 4): does pg_partition_exporter's memory stay flat over thousands of scrapes of 10,000 partitions?
#
# Builds the release exporter, starts a throwaway PostgreSQL on 127.0.0.1 with TABLES x PARTITIONS daily
# partitions (benchmarks/schema.sql, the benchmark's catalog: each with a primary key and a TOAST table), runs the exporter against it as a pg_monitor-only role, then scrapes it
# SCRAPES times in batches of SAMPLE_EVERY, reading the exporter's VmRSS from /proc after each batch. Prints a table
# (scrapes -> RSS) and the growth from the first sample (taken after WARMUP scrapes) to the last. Every process it
# starts is stopped on exit; every wait and loop is bounded. See benchmarks/soak.md.
#
# Each batch is one curl process that sends its scrapes one after the other over one keep-alive connection, as
# Prometheus does; a new batch opens a new connection.
#
# Environment (defaults in brackets):
#   SCRAPES [3000]        scrapes after the warm-up
#   SAMPLE_EVERY [250]    scrapes between two RSS samples
#   WARMUP [20]           scrapes before the first sample (allocator pools, caches and the connection settle)
#   TABLES [100] PARTITIONS [100]
#   SCRATCH_PATH [.build] SwiftPM scratch path of the release build
#   SKIP_SETUP [0]        1: do not run scripts/setup.sh
#   MAX_GROWTH_MIB [16]   growth first -> last sample beyond which the verdict is GROWING; STRICT=1 exits 1 then
#   RESULTS [unset]       if set, the report is also written to this file
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh

SCRAPES=${SCRAPES:-3000} SAMPLE_EVERY=${SAMPLE_EVERY:-250} WARMUP=${WARMUP:-20}
TABLES=${TABLES:-100} PARTITIONS=${PARTITIONS:-100}
SCRATCH_PATH=${SCRATCH_PATH:-.build}
MAX_GROWTH_MIB=${MAX_GROWTH_MIB:-16} STRICT=${STRICT:-0}

say() { echo "soak: $*" >&2; }
die() { echo "soak: error: $*" >&2; exit 1; }
[ "$SCRAPES" -gt 0 ] && [ "$SAMPLE_EVERY" -gt 0 ] || die "SCRAPES and SAMPLE_EVERY must be positive"

# --- Tools and build --------------------------------------------------------------------------------------------
if [ "${SKIP_SETUP:-0}" != 1 ]; then scripts/setup.sh; fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
command -v curl >/dev/null || die "curl is missing (run scripts/setup.sh)"

say "building the exporter (release, scratch path $SCRATCH_PATH)"
swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH" >&2
exporter_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"
[ -x "$exporter_bin" ] || die "no binary at $exporter_bin"

# --- Throwaway PostgreSQL ---------------------------------------------------------------------------------------
pg_find_bin || die "PostgreSQL server binaries not found (run scripts/setup.sh, or set PG_BIN)"
work=$(mktemp -d /tmp/pg_partition_exporter-soak.XXXXXX)

exporter_pid=""
cleanup() {
    local status=$? i
    if [ -n "$exporter_pid" ] && kill -0 "$exporter_pid" 2>/dev/null; then
        kill -TERM "$exporter_pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do kill -0 "$exporter_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$exporter_pid" 2>/dev/null || true
        wait "$exporter_pid" 2>/dev/null || true
    fi
    pg_stop
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port 55632)
say "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$pg_port"
# fsync and friends off: they only speed up creating 10,000 tables; the soak itself is read-only.
pg_start "$work" "$pg_port" -c max_locks_per_transaction=256 -c autovacuum=off \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off
pg_psql -d postgres -c "CREATE DATABASE soak"

password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
say "creating $TABLES tables x $PARTITIONS daily partitions"
setup_started=$SECONDS
# The benchmark's catalog (bench.events_000, ...), with rows in the first table only.
pg_psql -d soak -v tables="$TABLES" -v partitions="$PARTITIONS" -v filled=1 -v rows_per_table=20000 \
    -v password="$password" -f benchmarks/schema.sql
say "schema ready in $((SECONDS - setup_started)) s"
expected=$((TABLES * PARTITIONS))

# --- The exporter -----------------------------------------------------------------------------------------------
exporter_port=$(free_port 10387)
say "starting pg_partition_exporter on 127.0.0.1:$exporter_port"
DATA_SOURCE_NAME="postgresql://bench_monitor:$password@127.0.0.1:$pg_port/soak?sslmode=disable" \
    "$exporter_bin" --web.listen-address "127.0.0.1:$exporter_port" --scrape.timeout 60 --log.level warn \
    >"$work/exporter.log" 2>&1 &
exporter_pid=$!
url="http://127.0.0.1:$exporter_port/metrics"
for ((i = 0; i < 200; i++)); do
    curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$exporter_port/" && break
    kill -0 "$exporter_pid" 2>/dev/null || { cat "$work/exporter.log" >&2; die "the exporter exited"; }
    sleep 0.1
done
[ "$i" -lt 200 ] || die "the exporter did not answer within 20 s"

rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$exporter_pid/status"; }
hwm_kib() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$exporter_pid/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# batch COUNT: COUNT scrapes over one keep-alive connection; fails unless every one answered 200.
batch() {
    local codes ok
    codes=$(curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 "$url?soak=[1-$1]") || true
    ok=$(grep -c '^200$' <<<"$codes" || true)
    [ "$ok" -eq "$1" ] || { tail -n 20 "$work/exporter.log" >&2; die "$((${1} - ok)) of $1 scrapes failed"; }
}

curl -sf --max-time 120 -o "$work/first.prom" "$url"
grep -q '^pg_partition_exporter_up{datname="soak"} 1$' "$work/first.prom" || { cat "$work/exporter.log" >&2; die "the exporter is not up"; }
exported=$(grep -c '^pg_partition_total_bytes{' "$work/first.prom" || true)
[ "$exported" -eq "$expected" ] || die "the exporter exports $exported partitions, not $expected"
body_bytes=$(wc -c <"$work/first.prom")
series=$(grep -vc '^#' "$work/first.prom" || true)

say "warm-up: $WARMUP scrapes"
if [ "$WARMUP" -gt 1 ]; then batch $((WARMUP - 1)); fi
started=$SECONDS
samples=("0 $(rss_kib)")
say "$SCRAPES scrapes, RSS sampled every $SAMPLE_EVERY"
done_scrapes=0
while [ "$done_scrapes" -lt "$SCRAPES" ]; do
    n=$((SCRAPES - done_scrapes < SAMPLE_EVERY ? SCRAPES - done_scrapes : SAMPLE_EVERY))
    batch "$n"
    done_scrapes=$((done_scrapes + n))
    samples+=("$done_scrapes $(rss_kib)")
    say "$done_scrapes/$SCRAPES scrapes, RSS $(mib "${samples[-1]#* }") MiB"
done
elapsed=$((SECONDS - started))
curl -sf --max-time 120 -o "$work/last.prom" "$url"
grep -q '^pg_partition_exporter_up{datname="soak"} 1$' "$work/last.prom" || die "the exporter is no longer up"
errors=$(awk '/^pg_partition_exporter_scrape_errors_total{datname="soak"} / { print $2 }' "$work/last.prom")
hwm=$(hwm_kib)

first_kib=${samples[0]#* } last_kib=${samples[-1]#* }
growth_kib=$((last_kib - first_kib))
per_scrape=$(awk -v g="$growth_kib" -v n="$SCRAPES" 'BEGIN { printf "%.2f", g * 1024 / n }')
verdict=$(awk -v g="$growth_kib" -v max="$MAX_GROWTH_MIB" 'BEGIN { print (g <= max * 1024) ? "flat" : "GROWING" }')

report() {
    echo "# pg_partition_exporter soak: $expected partitions, $SCRAPES scrapes"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' (Sources modified)'), \`benchmarks/soak.sh\` with SCRAPES=$SCRAPES SAMPLE_EVERY=$SAMPLE_EVERY WARMUP=$WARMUP."
    echo "Release build; $series series and $body_bytes bytes per scrape; batches of $SAMPLE_EVERY scrapes over one keep-alive connection;"
    echo "$elapsed s for the soak ($(awk -v s="$elapsed" -v n="$SCRAPES" 'BEGIN { printf "%.0f", s * 1000 / n }') ms per scrape); scrape errors: ${errors:-?}."
    echo
    echo "| scrapes after warm-up | VmRSS (MiB) |"
    echo "|---:|---:|"
    local sample
    for sample in "${samples[@]}"; do echo "| ${sample% *} | $(mib "${sample#* }") |"; done
    echo
    echo "First sample $(mib "$first_kib") MiB, last $(mib "$last_kib") MiB: growth $(mib "$growth_kib") MiB" \
        "($per_scrape bytes per scrape); peak (VmHWM) $(mib "$hwm") MiB. Verdict: **$verdict** (bound $MAX_GROWTH_MIB MiB)."
}
echo >&2
report
if [ -n "${RESULTS:-}" ]; then
    report >"$RESULTS"
    say "written to $RESULTS"
fi
if [ "$STRICT" = 1 ] && [ "$verdict" != flat ]; then exit 1; fi
