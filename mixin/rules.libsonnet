// The recording rules: every tunable threshold of _config as a constant series
// `pg_partition:alert_threshold{threshold="<name>"}`, rendered to alerts/thresholds.yml. The size and count limits
// are per table, in the exporter's configuration and its series, not here.
//
// The alerts join against these series with `on() group_left()`, and their descriptions read the current value
// back, so a change of _config changes both what fires and what the notification says. Change a number in
// config.libsonnet, run scripts/mixin.sh, then `promtool check rules alerts/thresholds.yml
// alerts/pg-partition-alerts.yml` and `promtool test rules alerts/tests/*.yml` (the unit tests pin the defaults,
// so update them alongside), then reload Prometheus.
//
// Load alerts/thresholds.yml together with alerts/pg-partition-alerts.yml. If it is missing, the threshold-based
// alerts cannot fire; PgPartitionAlertThresholdsMissing says so. See docs/runbook.md#tuning-thresholds.
{
  local threshold(name, value) = {
    record: 'pg_partition:alert_threshold',
    expr: 'vector(%s)' % std.toString(value),
    labels: { threshold: name },
  },

  prometheusRules+:: {
    groups+: [
      {
        name: 'pg-partition-thresholds',
        rules: [
          // The longest coverage ahead that pages (critical): a table pages when its partitions cover less than
          // one of its intervals ahead, capped at this, so a monthly or yearly table pages two days before it
          // runs out, an hourly one with under an hour left.
          threshold('coverage_horizon_seconds', $._config.coverageHorizonSeconds),
          // A partitioned parent whose partitions changed and that was not analyzed for this long (autovacuum
          // never analyzes parents): plans over the whole table use stale estimates.
          threshold('parent_analyze_max_age_seconds', $._config.parentAnalyzeMaxAgeSeconds),
          // A pg_partman 5.1+ table with automatic maintenance whose maintenance has not completed for this
          // long (part_config.maintenance_last_run); run_maintenance usually runs hourly.
          threshold('partman_maintenance_max_age_seconds', $._config.partmanMaintenanceMaxAgeSeconds),
        ],
      },
    ],
  },
}
