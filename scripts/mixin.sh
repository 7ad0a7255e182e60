#!/usr/bin/env bash
# Renders the monitoring mixin (mixin/) into the files Prometheus and Grafana load: alerts/pg-partition-alerts.yml,
# alerts/thresholds.yml and dashboards/*.json. Those files are committed and must not be edited by hand;
# alerts/alertmanager.yml and alerts/tests/*.yml are not generated.
#
#   scripts/mixin.sh           render into alerts/ and dashboards/
#   scripts/mixin.sh --check   render into a temporary directory and diff against the committed files:
#                              exit 1, with the diff, if they differ (the test suite checks the same)
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
    "") ;;
    --check) check=true ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
command -v jsonnet >/dev/null || { echo "mixin: jsonnet is not installed: run scripts/setup.sh" >&2; exit 1; }

# Renders into $1/alerts and $1/dashboards. -S writes the YAML texts as they are; the dashboards are JSON values.
render() {
    mkdir -p "$1/alerts" "$1/dashboards"
    jsonnet -J mixin -S -m "$1/alerts" mixin/rule-files.jsonnet >/dev/null
    jsonnet -J mixin -m "$1/dashboards" mixin/dashboard-files.jsonnet >/dev/null
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
render "$out"

if ! $check; then
    cp "$out"/alerts/*.yml alerts/
    # Dashboards dropped from the mixin must not linger.
    rm -f dashboards/*.json
    cp "$out"/dashboards/*.json dashboards/
    exit 0
fi

status=0
for rendered in "$out"/alerts/*.yml; do
    diff -u "alerts/$(basename "$rendered")" "$rendered" || status=1
done
# The whole directory, so that a dashboard missing from either side shows too.
diff -ru dashboards "$out/dashboards" || status=1
if ((status)); then
    echo "mixin: the committed files differ from what mixin/ renders: run scripts/mixin.sh" >&2
fi
exit $status
