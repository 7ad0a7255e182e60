#!/usr/bin/env bash
# Quick start: installs what is missing, builds, starts a throwaway PostgreSQL with a demo partitioned schema
# (scripts/demo/schema.sql in "postgres"), pg_partman tables in a second database "app" (scripts/demo/partman.sql)
# and pg_cron jobs, one of them failing (scripts/demo/cron.sql), and runs the exporter against both databases on
# :10187 as a pg_monitor role with the README's grants.
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
# pg_cron needs its library preloaded, and background workers to run jobs without a password.
pg_start "$dir" "$pg_port" -c shared_preload_libraries=pg_cron -c cron.database_name=postgres \
    -c cron.use_background_workers=on -c max_worker_processes=16
pg_psql -d postgres -f scripts/demo/schema.sql
pg_psql -d postgres -c "CREATE DATABASE app"
pg_psql -d app -f scripts/demo/partman.sql
pg_psql -d postgres -f scripts/demo/cron.sql

echo "demo: PostgreSQL on 127.0.0.1:$PG_PORT; exporter on http://localhost:10187/metrics (Ctrl-C to stop)" >&2
DATA_SOURCE_NAME="postgresql://partition_monitor:demo-only-password@127.0.0.1:$PG_PORT/postgres?sslmode=disable" \
    "$exporter_bin" --config.file scripts/demo/config.yml "$@" &
exporter=$!
trap 'kill -TERM $exporter 2>/dev/null || true' INT TERM
wait $exporter || true
wait $exporter 2>/dev/null || true
