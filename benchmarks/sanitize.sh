#!/usr/bin/env bash
# Memory checking (issue 4): runs the real exporter under AddressSanitizer (with LeakSanitizer) and/or under
# valgrind's memcheck against a throwaway PostgreSQL, scrapes it SCRAPES times, stops it with SIGTERM (the production
# shutdown path), and reports the errors and the definite leaks, with the frames in our code (Sources/) first.
# Every process it starts is stopped on exit; every wait and loop is bounded. See benchmarks/soak.md.
#
# Usage: benchmarks/sanitize.sh [asan|valgrind|both]   (default both)
#
# Environment (defaults in brackets):
#   SCRAPES [300]            scrapes of /metrics before SIGTERM
#   TABLES [10] PARTITIONS [30]
#   ASAN_SCRATCH_PATH [.build-asan]   debug build with -sanitize=address
#   SCRATCH_PATH [.build]    release build that valgrind runs
#   SKIP_SETUP [0]           1: do not run scripts/setup.sh
#   OUT_DIR [unset]          if set, the full ASan and valgrind logs are copied there
# Exit status: 0 when neither tool found an error nor a definite leak in code under Sources/, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh

mode=${1:-both}
case "$mode" in asan | valgrind | both) ;; *) echo "usage: $0 [asan|valgrind|both]" >&2; exit 64 ;; esac
SCRAPES=${SCRAPES:-300} TABLES=${TABLES:-10} PARTITIONS=${PARTITIONS:-30}
ASAN_SCRATCH_PATH=${ASAN_SCRATCH_PATH:-.build-asan} SCRATCH_PATH=${SCRATCH_PATH:-.build}

say() { echo "sanitize: $*" >&2; }
die() { echo "sanitize: error: $*" >&2; exit 1; }

if [ "${SKIP_SETUP:-0}" != 1 ]; then scripts/setup.sh valgrind; fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
if [ "$mode" != asan ]; then command -v valgrind >/dev/null || die "valgrind is missing (apt-get install valgrind)"; fi

# --- Builds -----------------------------------------------------------------------------------------------------
if [ "$mode" != valgrind ]; then
    say "building the exporter with -sanitize=address (debug, scratch path $ASAN_SCRATCH_PATH)"
    swift build --product pg_partition_exporter -Xswiftc -sanitize=address --scratch-path "$ASAN_SCRATCH_PATH" >&2
    asan_bin="$(swift build --scratch-path "$ASAN_SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"
fi
if [ "$mode" != asan ]; then
    say "building the exporter (release, scratch path $SCRATCH_PATH)"
    swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH" >&2
    release_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"
fi

# --- Throwaway PostgreSQL ---------------------------------------------------------------------------------------
pg_find_bin || die "PostgreSQL server binaries not found (run scripts/setup.sh, or set PG_BIN)"
work=$(mktemp -d /tmp/pg_partition_exporter-sanitize.XXXXXX)
exporter_pid=""
exporter_status=""
stop_exporter() {   # SIGTERM, then SIGKILL after $1 seconds; sets exporter_status (128 + n: killed by signal n)
    local i
    [ -n "$exporter_pid" ] || return 0
    kill -TERM "$exporter_pid" 2>/dev/null || true
    for ((i = 0; i < $1 * 10; i++)); do kill -0 "$exporter_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$exporter_pid" 2>/dev/null || true
    exporter_status=0
    wait "$exporter_pid" 2>/dev/null || exporter_status=$?
    exporter_pid=""
}
cleanup() {
    local status=$?
    stop_exporter 5
    pg_stop
    if [ -n "${OUT_DIR:-}" ]; then mkdir -p "$OUT_DIR" && cp "$work"/*.log "$OUT_DIR"/ 2>/dev/null || true; fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port 55732)
say "starting PostgreSQL on 127.0.0.1:$pg_port with $TABLES x $PARTITIONS partitions"
pg_start "$work" "$pg_port" -c autovacuum=off -c fsync=off
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# The benchmark's catalog (bench.events_000, ...), then a default partition of the first table with rows beyond its
# last partition (the exporter reports rows there) and ANALYZE again for them.
pg_psql -d postgres -v tables="$TABLES" -v partitions="$PARTITIONS" -v filled=0 -v rows_per_table=0 \
    -v password="$password" -f benchmarks/schema.sql
pg_psql -d postgres <<'SQL'
CREATE TABLE bench.events_000_default PARTITION OF bench.events_000 DEFAULT;
INSERT INTO bench.events_000 (id, created_at) SELECT g, now() + interval '1 year' FROM generate_series(1, 100) g;
ANALYZE bench.events_000;
SQL
dsn="postgresql://bench_monitor:$password@127.0.0.1:$pg_port/postgres?sslmode=disable"
printf 'defaults: {premake: 3}\ntables:\n  - name: bench.events_001\n    retention: 10 days\n' >"$work/config.yml"

# run_exporter NAME WRAPPER...: starts the exporter under WRAPPER, scrapes, SIGTERMs it; its output in $work/NAME.out
run_exporter() {
    local name=$1 port i codes ok
    shift
    port=$(free_port 10487)
    DATA_SOURCE_NAME=$dsn "$@" --web.listen-address "127.0.0.1:$port" --config.file "$work/config.yml" \
        --scrape.timeout 60 >"$work/$name.out" 2>&1 &
    exporter_pid=$!
    for ((i = 0; i < 600; i++)); do   # valgrind takes a while to start a Swift binary
        curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port/" && break
        kill -0 "$exporter_pid" 2>/dev/null || { cat "$work/$name.out" >&2; die "$name: the exporter exited"; }
        sleep 0.1
    done
    [ "$i" -lt 600 ] || die "$name: the exporter did not answer within 60 s"
    curl -sf --max-time 60 "http://127.0.0.1:$port/metrics" | grep -q '^pg_partition_exporter_up{datname="postgres"} 1$' \
        || { cat "$work/$name.out" >&2; die "$name: the exporter is not up"; }
    say "$name: $SCRAPES scrapes (plus a landing page, a 404 and a HEAD), then SIGTERM"
    codes=$(curl -s -o /dev/null -w '%{http_code}\n' --max-time 600 "http://127.0.0.1:$port/metrics?n=[1-$SCRAPES]")
    ok=$(grep -c '^200$' <<<"$codes" || true)
    [ "$ok" -eq "$SCRAPES" ] || die "$name: $((SCRAPES - ok)) of $SCRAPES scrapes failed"
    curl -s -o /dev/null --max-time 30 "http://127.0.0.1:$port/" || true
    curl -s -o /dev/null --max-time 30 "http://127.0.0.1:$port/nowhere" || true
    curl -s -o /dev/null -I --max-time 30 "http://127.0.0.1:$port/metrics" || true
    stop_exporter 120
    say "$name: exited with status $exporter_status"
    echo "$exporter_status" >"$work/$name.status"
}

# Frames in our own code: the modules built from Sources/ (mangled names start with the module name's length).
ours='PartitionExporter|pg_partition_exporter|17PartitionExporter|21PartitionExporterCore|21pg_partition_exporter|Sources/'
failed=0

if [ "$mode" != valgrind ]; then
    # detect_leaks: LeakSanitizer at exit. The exporter returns from main on SIGTERM, so exit-time checks run.
    ASAN_OPTIONS="detect_leaks=1:log_path=$work/asan-report:halt_on_error=0:symbolize=1" \
        run_exporter asan "$asan_bin"
    cat "$work"/asan-report.* >"$work/asan.log" 2>/dev/null || true
    if [ -s "$work/asan.log" ]; then
        say "ASan/LSan report ($(grep -c '^==[0-9]*==ERROR' "$work/asan.log" || true) errors):"
        grep -E '^==[0-9]+==ERROR|^(Direct|Indirect) leak|SUMMARY' "$work/asan.log" >&2 || true
        if grep -qE "$ours" "$work/asan.log"; then
            say "frames in our code:"
            grep -nE "$ours" "$work/asan.log" | head -n 40 >&2
            failed=1
        fi
    else
        say "ASan/LSan: no error, no leak"
    fi
    [ "$(cat "$work/asan.status")" = 0 ] || { say "asan: exit status $(cat "$work/asan.status")"; failed=1; }
fi

if [ "$mode" != asan ]; then
    # valgrind 3.19 (Debian 12) gives up on the DWARF 5 forms that the Swift 6 toolchain's clang emits for the C
    # modules ("unhandled dwarf2 abbrev form code 0x25 ... I can't recover"): run a copy without debug sections. The
    # symbol table stays, so frames keep their (mangled) names; `swift demangle` restores them below.
    cp "$release_bin" "$work/pg_partition_exporter"
    strip --strip-debug "$work/pg_partition_exporter"
    release_bin=$work/pg_partition_exporter
    run_exporter valgrind valgrind --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite --num-callers=40 --log-file="$work/valgrind.log" "$release_bin"
    say "valgrind summary:"
    sed -n '/LEAK SUMMARY/,/suppressed:/p; /ERROR SUMMARY/p' "$work/valgrind.log" | sed 's/^==[0-9]*== //' >&2
    # Each definite leak record, kept only when one of its frames is in our code.
    awk -v ours="$ours" '
        /definitely lost in loss record/ { rec = $0; keep = 0; inrec = 1; next }
        inrec && /^==[0-9]+== *$/ { if (keep) print rec "\n"; inrec = 0; next }
        inrec { rec = rec "\n" $0; if ($0 ~ ours) keep = 1 }
    ' "$work/valgrind.log" >"$work/valgrind-ours.log"
    if [ -s "$work/valgrind-ours.log" ]; then
        say "definite leaks through our code:"
        sed 's/^==[0-9]*== //' "$work/valgrind-ours.log" | swift demangle --simplified >&2
        failed=1
    else
        say "valgrind: no definite leak through our code"
    fi
    errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$work/valgrind.log" | tail -n 1)
    [ "${errors:-0}" = 0 ] || failed=1
    [ "$(cat "$work/valgrind.status")" = 0 ] || { say "valgrind: exit status $(cat "$work/valgrind.status")"; failed=1; }
fi
exit "$failed"
