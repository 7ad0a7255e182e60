#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs every test (unit, PostgreSQL integration,
# promtool/amtool, Prometheus + Alertmanager end to end) through `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests "$@"
swift test --skip-build "$@"
