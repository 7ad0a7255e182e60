#!/usr/bin/env bash
# Quick start: installs what is missing, builds, starts a throwaway PostgreSQL with a demo partitioned schema
# (scripts/demo/schema.sql) and runs the exporter against it on :10187 as a pg_monitor-only role.
# Ctrl-C stops the exporter and removes the database. Arguments go to the exporter (e.g. --web.listen-address).
# Environment: SCRATCH_PATH [.build] SwiftPM scratch path of the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/throwaway-postgres.sh
SCRATCH_PATH=${SCRATCH_PATH:-.build}
scripts/setup.sh
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product pg_partition_exporter --scratch-path "$SCRATCH_PATH"
exporter_bin="$(swift build -c release --scratch-path "$SCRATCH_PATH" --show-bin-path)/pg_partition_exporter"

dir=$(mktemp -d /tmp/pg_partition_exporter-demo.XXXXXX)
cleanup() {
    pg_stop
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # until the exporter runs; the EXIT trap cleans up
pg_port=$(free_port 55432)
pg_start "$dir" "$pg_port"
pg_psql -d postgres -f scripts/demo/schema.sql

echo "demo: PostgreSQL on 127.0.0.1:$PG_PORT; exporter on http://localhost:10187/metrics (Ctrl-C to stop)" >&2
DATA_SOURCE_NAME="postgresql://partition_monitor:demo-only-password@127.0.0.1:$PG_PORT/postgres?sslmode=disable" \
    "$exporter_bin" --config.file scripts/demo/config.yml "$@" &
exporter=$!
trap 'kill -TERM $exporter 2>/dev/null || true' INT TERM
wait $exporter || true
wait $exporter 2>/dev/null || true
