# shellcheck shell=bash
# What the benchmarks take from the exporter's Swift source, so that they measure the SQL and the session settings
# the measured binary uses rather than a copy that may have drifted. Source it from the repository root; sourcing
# only defines the names below.
#
#   PARTITION_QUERIES, CRON_COLLECTOR, WATCHED_DATABASE   the Swift files the SQL and settings live in
#   swift_sql FILE NAME          the text of `static let NAME = """ … """` in FILE (indented as in the source);
#                                prints nothing when FILE has no such string
#   session_pgoptions [MS]       the `SET [LOCAL] name = value` statements of WatchedDatabase's settings function
#                                (sessionSetup, or transactionSettings when they are set per transaction) as
#                                PGOPTIONS (-c name=value …, spaces escaped), statement_timeout at MS [30000, the
#                                exporter's default]; fails unless it finds at least five settings
#   source_revision              the commit the sources are at, " (Sources modified)" appended when the work tree's
#                                Sources differ from it; REVISION, when set, instead (for a copy without .git, such
#                                as a `git archive` snapshot measured while someone edits the work tree)
PARTITION_QUERIES=Sources/PartitionExporter/Collectors/Partitions/PartitionQueries.swift
CRON_COLLECTOR=Sources/PartitionExporter/Collectors/Cron/CronCollector.swift
WATCHED_DATABASE=Sources/PartitionExporter/WatchedDatabase.swift

swift_sql() {
    awk -v name="$2" '$0 ~ "static let " name " = \"\"\"" {on=1; next} on && /^ *"""/ {exit} on' "$1"
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
