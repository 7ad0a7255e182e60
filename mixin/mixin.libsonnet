// The monitoring mixin of pg_partition_exporter (https://monitoring.mixins.dev conventions): _config, the
// alerting rules (prometheusAlerts), the threshold recording rules (prometheusRules) and the Grafana dashboards
// (grafanaDashboards, keyed by file name). scripts/mixin.sh renders it into alerts/ and dashboards/.
(import 'config.libsonnet') +
(import 'alerts.libsonnet') +
(import 'rules.libsonnet') +
(import 'dashboards/dashboards.libsonnet')
