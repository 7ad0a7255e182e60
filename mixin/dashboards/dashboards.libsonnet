// The Grafana dashboards of the mixin, in grafanaDashboards keyed by the file name they render to.
(import 'pg-partition-overview.libsonnet') +
(import 'pg-partition-table.libsonnet')
