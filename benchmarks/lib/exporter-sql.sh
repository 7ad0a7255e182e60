# shellcheck shell=bash
# What the benchmarks take from the exporter's Swift source, so that they measure the SQL and the session settings
# the measured binary uses rather than a copy that may have drifted. Source it from the repository root; sourcing
# only defines the names below.
#
#   PARTITION_QUERIES, CRON_COLLECTOR, CRON_HISTORY, WATCHED_DATABASE   the Swift files the SQL and settings live in
#   swift_sql FILE NAME          the text of `static let NAME = """ … """` in FILE (indented as in the source);
#                                prints nothing when FILE has no such string
#   cron_chunk                   the runs CronHistory reads per chunk (the default of its init(chunk:)); fails when
#                                it finds none
#   session_pgoptions [MS]       the `SET [LOCAL] name = value` statements of WatchedDatabase's settings function
#                                (transactionSettings, which the exporter runs at the start of each transaction; or
#                                sessionSetup, of the commits that set them once per session) as PGOPTIONS
#                                (-c name=value …, spaces escaped) for one session of pgbench or psql,
#                                statement_timeout at MS [30000, the exporter's default]; fails unless it finds at
#                                least five settings
#   source_revision              the commit the sources are at, " (Sources modified)" appended when the work tree's
#                                Sources differ from it; REVISION, when set, instead (for a copy without .git, such
#                                as a `git archive` snapshot measured while someone edits the work tree)
PARTITION_QUERIES=Sources/PartitionExporter/Collectors/Partitions/PartitionQueries.swift
CRON_COLLECTOR=Sources/PartitionExporter/Collectors/Cron/CronCollector.swift
CRON_HISTORY=Sources/PartitionExporter/Collectors/Cron/CronHistory.swift
WATCHED_DATABASE=Sources/PartitionExporter/WatchedDatabase.swift

swift_sql() {
    awk -v name="$2" '$0 ~ "static let " name " = \"\"\"" {on=1; next} on && /^ *"""/ {exit} on' "$1"
}

cron_chunk() {
    local chunk
    chunk=$(sed -n 's/.*init(chunk: Int64 = \([0-9_]*\)).*/\1/p' "$CRON_HISTORY" 2>/dev/null | head -n 1 | tr -d _)
    [ -n "$chunk" ] && [ "$chunk" -gt 0 ] || { echo "exporter-sql: no init(chunk: Int64 = N) in $CRON_HISTORY" >&2; return 1; }
    echo "$chunk"
}

session_pgoptions() {
    local ms=${1:-30000} options count
    # The body of the string literal that the settings function returns: between its two """ lines.
    options=$(awk '/static func (sessionSetup|transactionSettings)\(/ {on=1; next}
                   on && /^ *"""/ {if (seen) exit; seen=1; next} on && seen' "$WATCHED_DATABASE" | tr ';' '\n' \
        | sed -n "s/^[[:space:]]*SET \(LOCAL \)\{0,1\}\([A-Za-z_]*\) = \(.*[^[:space:]]\)[[:space:]]*\$/\2=\3/p" \
        | sed -e "s/\\\\(statementTimeoutMilliseconds)/$ms/" -e "s/='\(.*\)'\$/=\1/" -e 's/ /\\ /g' -e 's/^/-c /')
    count=$(grep -c '^-c ' <<<"$options" || true)
    if [ "$count" -lt 5 ] || grep -q '\\(' <<<"$options"; then
        echo "exporter-sql: cannot read the settings of sessionSetup or transactionSettings in $WATCHED_DATABASE" >&2
        return 1
    fi
    tr '\n' ' ' <<<"$options" | sed 's/ $//'
}

source_revision() {
    if [ -n "${REVISION:-}" ]; then echo "$REVISION"; return; fi
    echo "$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' (Sources modified)')"
}
