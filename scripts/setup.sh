#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing pg_partition_exporter need.
# Idempotent: installs only what is missing. Uses sudo when not run as root.
set -euo pipefail

packages=(
    libpq-dev libmicrohttpd-dev libcrypt-dev zlib1g-dev pkg-config  # build: the C libraries of system-library targets
    postgresql                                # tests and demo: a real server (initdb, pg_ctl, psql)
    postgresql-15-partman postgresql-15-cron  # tests and demo: pg_partman 4.7 and pg_cron 1.4
    pgbouncer                                 # tests: transaction pooling in front of the exporter
    prometheus prometheus-alertmanager        # tests: promtool, amtool, real Prometheus and Alertmanager
    curl ca-certificates openssl apache2-utils  # tests: a real HTTP(S) client, certificates, bcrypt (htpasswd)
    systemd                                   # tests: systemd-analyze verify/security of deploy/*.service
    jsonnet                                   # tests: render the mixin (scripts/mixin.sh)
)
packages+=("$@")  # extra packages a caller needs (the benchmark adds its own)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
command -v swift >/dev/null || { echo "setup: the Swift toolchain is not on PATH (see swift.org/install)" >&2; exit 1; }
