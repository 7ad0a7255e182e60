// The settings of the mixin, declared once: the alerts, the recording rules and the dashboards read them from
// here. Override them by mixing in `{ _config+:: { ... } }` (see mixin/README.md).
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

    // partition_size_info_bytes, partition_size_warning_bytes, partition_size_critical_bytes:
    // PgPartitionLarge at info, warning and critical.
    partitionSizeInfoBytes: 500 * 1024 * 1024,
    partitionSizeWarningBytes: 10 * 1024 * 1024 * 1024,
    partitionSizeCriticalBytes: 50 * 1024 * 1024 * 1024,
    // coverage_horizon_seconds: the longest coverage ahead that PgPartitionCoverageEndingSoon pages on.
    coverageHorizonSeconds: 2 * 24 * 3600,
    // partition_count_warning, partition_count_critical: PgPartitionCountHigh at warning and critical.
    partitionCountWarning: 100,
    partitionCountCritical: 500,
    // parent_analyze_max_age_seconds: PgPartitionParentStatisticsStale.
    parentAnalyzeMaxAgeSeconds: 7 * 24 * 3600,
    // partman_maintenance_max_age_seconds: PgPartitionPartmanMaintenanceStale.
    partmanMaintenanceMaxAgeSeconds: 24 * 3600,

    // Not a threshold: how many series the dashboards' per-table and per-partition graphs draw at most (topk or
    // bottomk), so that 500 tables or 700 hourly partitions stay readable. The tables list every one.
    dashboardSeriesLimit: 20,
  },
}
