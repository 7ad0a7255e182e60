#!/usr/bin/env bash
# Cost growth (issue 9): benchmarks/run.sh at SCALE=1k, 10k and 100k, one after the other, then one table of the
# three, from the key=value figures each run writes next to its results: does a scrape's cost grow linearly with the
# partitions, for pg_partition_exporter and for postgres_exporter? About 35 minutes on 2 cores (an estimate), 12 of
# them building the 100k estate: keep it out of CI. See benchmarks/README.md.
#
# Environment (defaults in brackets):
#   SCALES ["1k 10k 100k"]  the presets to run, in this order
#   RESULTS_DIR [benchmarks/results]  each run writes <scale>.md and <scale>.kv there (10k: latest.md and latest.kv),
#                        and the combined table goes to scale.md
#   ASSEMBLE_ONLY [0]    1: run nothing, only rebuild scale.md from the .kv files already there (e.g. after a
#                        separate SCALE=100k run)
#   Everything else goes to run.sh as it is: RUNS, ROUNDS and WARMUP, if set, apply to every scale (unset, each
#   scale's preset: RUNS 30, 15 at 100k); TABLES and PARTITIONS must stay unset (the presets are the point).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "scale: $*" >&2; }
die() { echo "scale: error: $*" >&2; exit 1; }

SCALES=${SCALES:-1k 10k 100k}
RESULTS_DIR=${RESULTS_DIR:-benchmarks/results}
ASSEMBLE_ONLY=${ASSEMBLE_ONLY:-0}
[ -z "${TABLES:-}" ] && [ -z "${PARTITIONS:-}" ] || die "unset TABLES and PARTITIONS: scale.sh runs the SCALE presets"
results_for() { if [ "$1" = 10k ]; then echo "$RESULTS_DIR/latest.md"; else echo "$RESULTS_DIR/$1.md"; fi; }

# --- The runs ---------------------------------------------------------------------------------------------------
failed=""
if [ "$ASSEMBLE_ONLY" != 1 ]; then
    # Packages once; each run.sh then skips it. run.sh starts and stops everything of its own, one run at a time.
    if [ "${SKIP_SETUP:-0}" != 1 ]; then scripts/setup.sh hyperfine prometheus-postgres-exporter; fi
    for scale in $SCALES; do
        say "SCALE=$scale ($(date -u '+%H:%M UTC'))"
        # A failed scale is reported and the next one still runs: the 100k one comes last and takes longest.
        if ! SCALE=$scale SKIP_SETUP=1 RESULTS="$(results_for "$scale")" benchmarks/run.sh; then
            failed="$failed $scale"
            say "SCALE=$scale failed; its row shows the figures of an earlier run, if there is one"
        fi
    done
fi

# --- The table --------------------------------------------------------------------------------------------------
get() {   # get SCALE KEY: the value of KEY in that scale's figures; "–" when missing or empty
    local file value
    file="$(results_for "$1")"
    file="${file%.md}.kv"
    value=$([ -f "$file" ] && sed -n "s/^$2=//p" "$file" | head -n 1 || true)
    echo "${value:-–}"
}
number() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
per_k() {   # per_k MS PARTITIONS: ms per 1,000 partitions
    if number "$1" && number "$2"; then awk -v a="$1" -v n="$2" 'BEGIN { printf "%.2f", a * 1000 / n }'; else echo "–"; fi
}
mb() { if number "$1"; then awk -v b="$1" 'BEGIN { printf "%.3g", b / 1e6 }'; else echo "–"; fi; }   # three digits
growth() {   # growth A B: B / A as ×N.N
    if number "$1" && number "$2" && [ "$1" != 0 ] && [ "$1" != 0.0 ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "×%.1f", b / a }'; else echo "–"; fi
}
target() { if [ "$1" = "–" ]; then echo "$2"; else echo "$2 (≤ $1: $3)"; fi; }   # target TARGET RATIO VERDICT

present=""
for scale in $SCALES; do
    kv="$(results_for "$scale")"
    if [ -f "${kv%.md}.kv" ]; then present="$present $scale"; fi
done
present=${present# }
[ -n "$present" ] || die "no figures in $RESULTS_DIR for any of: $SCALES"

table() {
    local s n previous=""
    echo "# pg_partition_exporter benchmark: cost growth with the partitions"
    echo
    echo "\`benchmarks/scale.sh\`: \`benchmarks/run.sh\` at each scale, side by side with prometheus-postgres-exporter in"
    echo "each run. Medians of steady-state scrapes in milliseconds; gzip as Prometheus asks for it. Linear growth"
    echo "keeps the \"per 1,000 partitions\" figures level."
    echo
    echo "| scale | partitions | pg_partition_exporter, gzip | postgres_exporter, gzip | ratio (target) | per 1,000 partitions: ours / theirs | ours, plain | ours, first (cold) scrape | \`partition_series: $(get "${present%% *}" PARTITION_SERIES)\`, gzip | catalog read (structure batch) | bare SQL of a cold scrape |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for s in $present; do
        n=$(get "$s" leaf_count)
        echo "| $s | $n | **$(get "$s" oursz_med)** | **$(get "$s" pez_med)** | $(target "$(get "$s" TARGET_TIME)" "$(get "$s" ratio_gzip)" "$(get "$s" verdict_gzip)") | $(per_k "$(get "$s" oursz_med)" "$n") / $(per_k "$(get "$s" pez_med)" "$n") | $(get "$s" ours_med) | $(get "$s" ours_cold) | $(get "$s" topz_med) | $(get "$s" struct_med) | $(get "$s" bare_med) |"
    done
    echo
    echo "| scale | series: ours / \`partition_series\` / theirs | body MB: ours / theirs | gzip MB: ours / theirs | peak RSS MiB: ours / theirs | RSS ratio (target) | CPU per scrape, gzip (ms): ours / theirs |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for s in $present; do
        echo "| $s | $(get "$s" ours_series) / $(get "$s" top_series) / $(get "$s" pe_series) | $(mb "$(get "$s" ours_bytes)") / $(mb "$(get "$s" pe_bytes)") | $(mb "$(get "$s" oursz_bytes)") / $(mb "$(get "$s" pez_bytes)") | $(get "$s" ours_hwm) / $(get "$s" pe_hwm) | $(target "$(get "$s" TARGET_RSS)" "$(get "$s" ratio_rss)" "$(get "$s" verdict_rss)") | $(get "$s" oursz_cpu) / $(get "$s" pez_cpu) |"
    done
    for s in $present; do
        if [ -n "$previous" ]; then
            if [ "$s" = "$(echo "$present" | cut -d' ' -f2)" ]; then echo; fi
            echo "- $previous → $s ($(growth "$(get "$previous" leaf_count)" "$(get "$s" leaf_count)") partitions): ours $(growth "$(get "$previous" oursz_med)" "$(get "$s" oursz_med)"), theirs $(growth "$(get "$previous" pez_med)" "$(get "$s" pez_med)"); peak RSS ours $(growth "$(get "$previous" ours_hwm)" "$(get "$s" ours_hwm)"), theirs $(growth "$(get "$previous" pe_hwm)" "$(get "$s" pe_hwm)")."
        fi
        previous=$s
    done
    echo
    echo "The runs:"
    echo
    for s in $present; do
        echo "- [$s]($(basename "$(results_for "$s")")): $(get "$s" date), commit $(get "$s" revision), RUNS=$(get "$s" RUNS) ROUNDS=$(get "$s" ROUNDS) WARMUP=$(get "$s" WARMUP), $(get "$s" TABLES) × $(get "$s" PARTITIONS) partitions, estate built in $(get "$s" setup_seconds) s."
    done
}
mkdir -p "$RESULTS_DIR"
table >"$RESULTS_DIR/scale.md"
cat "$RESULTS_DIR/scale.md"
say "written to $RESULTS_DIR/scale.md"
if [ -n "$failed" ]; then die "these scales failed:$failed"; fi
