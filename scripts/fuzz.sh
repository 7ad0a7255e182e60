#!/usr/bin/env bash
# Fuzzes the parsers that read outside input with libFuzzer (see fuzz/README.md).
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#
# Builds the fuzz/ package with -sanitize=fuzzer,address, then runs each target (default: all of them) for SECONDS
# (default 60), one after the other, on Tests/FuzzCorpus/<target>/{seeds,corpus}. Inputs that add coverage are
# merged into Tests/FuzzCorpus/<target>/corpus; inputs that crash or break an invariant land in
# Tests/FuzzCorpus/<target>/crashes/, where FuzzCorpusTests replays them on every `swift test`. Commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

seconds=${1:-60}
shift || true
all=(bound timestamp interval table-pattern config web-config basic-auth labels)
targets=("${@:-${all[@]}}")
scratch=.build-fuzz

max_len() {
    case $1 in
        timestamp | interval) echo 64 ;;
        table-pattern) echo 128 ;;
        bound | basic-auth) echo 256 ;;
        labels) echo 512 ;;
        config | web-config) echo 2048 ;;
        *) echo "unknown fuzz target '$1' (known: ${all[*]})" >&2; exit 2 ;;
    esac
}
for target in "${targets[@]}"; do max_len "$target" >/dev/null; done

# ld.gold warns about every ASan helper symbol it cannot export; those lines say nothing.
(cd fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address --scratch-path "../$scratch") 2>&1 \
    | { grep -v "Cannot export local symbol" || true; }
bin=$(cd fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address --scratch-path "../$scratch" --show-bin-path)

# The Swift backtracer would spend seconds symbolicating every crash; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
logs=$scratch/logs
mkdir -p "$logs"

for target in "${targets[@]}"; do
    dir=Tests/FuzzCorpus/$target
    mkdir -p "$dir/seeds" "$dir/corpus" "$dir/crashes" "$work/$target/new" "$work/$target/merged"
    before=$(find "$dir/crashes" -type f | wc -l)
    echo "== fuzz-$target: ${seconds}s"
    # One forked worker that carries on after a crash, so one bug does not end the run; -timeout and
    # -rss_limit_mb turn hangs and memory blow-ups into artifacts too.
    "$bin/fuzz-$target" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
        -dict="fuzz/dicts/$target.dict" -artifact_prefix="$dir/crashes/" -print_final_stats=1 \
        "$work/$target/new" "$dir/seeds" "$dir/corpus" 2>"$logs/$target.log" || true
    # The last status line: executions, coverage, crashes/timeouts/OOMs seen; the whole log stays in $logs.
    grep -E "^#[0-9]+: cov:" "$logs/$target.log" | tail -1 || true
    # Keep only what the seeds do not already cover: merge into a directory that starts with the seeds, then
    # drop the seeds again.
    cp "$dir/seeds/." "$work/$target/merged/" -R
    "$bin/fuzz-$target" -merge=1 -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
        "$work/$target/merged" "$dir/corpus" "$work/$target/new" 2>>"$logs/$target.log" || true
    (cd "$dir/seeds" && find . -type f -exec rm -f "$work/$target/merged/{}" \;)
    rm -rf "$dir/corpus"
    mv "$work/$target/merged" "$dir/corpus"
    after=$(find "$dir/crashes" -type f | wc -l)
    echo "   corpus: $(find "$dir/corpus" -type f | wc -l) files; new crash inputs: $((after - before))"
done
echo "Replay them without a sanitizer: swift test --filter FuzzCorpusTests"
