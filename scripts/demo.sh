#!/usr/bin/env bash
# Quick start: installs what is missing, builds, starts a throwaway PostgreSQL with a demo partitioned schema
# (scripts/demo/schema.sql) and runs the exporter against it on :10187 as a pg_monitor-only role.
# Ctrl-C stops the exporter and removes the database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product pg_partition_exporter

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/pg_partition_exporter-demo.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then   # initdb refuses root: run the server as the postgres OS user
    chown postgres: "$dir"
    as_owner=(runuser -u postgres --)
fi
port=55432
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

cleanup() {
    "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
"${as_owner[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale C -N \
    --auth-local trust --auth-host scram-sha-256 >/dev/null
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
"$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres -f scripts/demo/schema.sql

echo "demo: PostgreSQL on 127.0.0.1:$port; exporter on http://localhost:10187/metrics (Ctrl-C to stop)" >&2
DATA_SOURCE_NAME="postgresql://partition_monitor:demo-only-password@127.0.0.1:$port/postgres?sslmode=disable" \
    .build/release/pg_partition_exporter --config.file scripts/demo/config.yml "$@" &
exporter=$!
trap 'kill -TERM $exporter 2>/dev/null || true' INT TERM
wait $exporter || true
wait $exporter 2>/dev/null || true
