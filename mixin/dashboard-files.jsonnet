// The Grafana dashboards of the mixin, keyed by their file name in dashboards/: what
// `jsonnet -m dashboards mixin/dashboard-files.jsonnet` (scripts/mixin.sh) writes. Pass another mixin, e.g. one
// with overrides, as the top-level argument: --tla-code 'mixin=(import "mixin.libsonnet") + { _config+:: {...} }'.
function(mixin=import 'mixin.libsonnet') mixin.grafanaDashboards
