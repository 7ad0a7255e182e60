// The settings of the mixin, declared once: the alerts, the recording rules and the dashboards read them from
// here. Override them by mixing in `{ _config+:: { ... } }` (see README.md#monitoring-mixin).
{
  _config+:: {
    // The selector of the exporter's scrape job, used by the alerts that watch the exporter itself
    // (PgPartitionExporterDown, PgPartitionExporterAbsent). The other alerts match every job.
    exporterSelector: 'job="pg_partition_exporter"',

    // Where each alert's runbook_url points: this base followed by the alert name in lower case, the anchor of
    // the alert's section of docs/runbook.md.
    runbookURLBase: 'https://github.com/pg-partition-exporter/pg_partition_exporter/blob/main/docs/runbook.md#',

    // Every tunable threshold. Each is recorded as `pg_partition:alert_threshold{threshold="<name>"}` by
    // the pg-partition-thresholds group (rules.libsonnet, rendered to alerts/thresholds.yml) under the name
    // in the comment, read by the alerts from that series, and drawn by the dashboards as lines and colours.
    // alerts/tests/threshold-defaults.yml pins these defaults: update it, and the unit tests quoting them,
    // together with a change here. See docs/runbook.md#tuning-thresholds.

    // coverage_horizon_seconds: the longest coverage ahead that PgPartitionCoverageEndingSoon pages on.
    coverageHorizonSeconds: 2 * 24 * 3600,
    // parent_analyze_max_age_seconds: PgPartitionParentStatisticsStale.
    parentAnalyzeMaxAgeSeconds: 7 * 24 * 3600,
    // partman_maintenance_max_age_seconds: PgPartitionPartmanMaintenanceStale.
    partmanMaintenanceMaxAgeSeconds: 24 * 3600,

    // The size and count limits of PgPartitionLarge and PgPartitionCountHigh are not here: they are set per table in
    // the exporter's configuration (partition_size_info/warning/critical, partition_count_warning/critical, with the
    // seeds' 500MB / 10GB / 50GB and 100 / 500 as defaults), exported as pg_partitioned_table_partition_size_threshold_bytes
    // and pg_partitioned_table_partition_count_threshold, and read from those series by the alerts and dashboards.

    // How long an alert on a table, partition or pg_cron job stays as it was last seen while the exporter cannot
    // read its database (exporter down, collector failing): long enough for a weekend outage, short enough that a
    // cluster taken out of service stops paging. A Prometheus duration.
    unseenKeepFiringFor: '3d',
    // How long a pending alert is kept so while the exporter cannot read: a missed scrape or two must not restart
    // its `for:`, but blindness alone must not complete it either.
    unseenKeepPendingFor: '10m',

    // Not a threshold: how many series the dashboards' per-table and per-partition graphs draw at most (topk or
    // bottomk), so that 500 tables or 700 hourly partitions stay readable. The tables list every one.
    dashboardSeriesLimit: 20,
  },
}
