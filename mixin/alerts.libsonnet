// The alerting rules, rendered to alerts/pg-partition-alerts.yml: alerts for PostgreSQL declarative
// partitioning, from the metrics of pg_partition_exporter.
//
// Load them together with the recording rules of rules.libsonnet (alerts/thresholds.yml), which record every
// tunable threshold of _config as a series the alerts compare against (see docs/runbook.md#tuning-thresholds).
// The exporter alerts select the scrape job with _config.exporterSelector (`job="pg_partition_exporter"`).
//
// Every alert carries `severity` (info, warning or critical), a static one-sentence `summary`, a templated
// `description` naming the table, and a `runbook_url` pointing at the alert's section of docs/runbook.md, where
// each `for:` below is explained. alerts/alertmanager.yml routes by severity and inhibits the lower severities
// of a table while a critical alert for the same table fires.
local format = import 'lib/format.libsonnet';
local oneLine = format.oneLine;

{
  local runbook(alert) = $._config.runbookURLBase + std.asciiLower(alert),

  // What keeps an alert on a table, partition or job as it was while the exporter cannot see it. When the
  // exporter is down, or its collector for the database fails, the series vanish, and an alert on them would
  // resolve although nothing was fixed; a single missed scrape would also reset a pending alert's `for:`. This
  // branch, appended to the alert's expression with `or`, keeps the alert's own instances (its ALERTS series of
  // the previous evaluation) while the database is not seen: firing ones up to _config.unseenKeepFiringFor after the
  // collector's last report (a cluster taken out of service does not page for ever), pending ones only up to
  // _config.unseenKeepPendingFor (a missed scrape or two, so that blindness alone does not complete a `for:`). Its
  // value is -1, which keptUnseen's description turns into "cannot be read now"; an instance resolves as soon as the
  // database is seen again and the condition is false.
  //
  // Seen means every collector the alert's series come from read the database in the last collection, and, for
  // the series of the partition collector, pg_partman's did not fail there (the settings it feeds would be stale;
  // a database without pg_partman has no such series, which counts as not failing).
  local seen(collectors) =
    std.join('\n    and on(job, instance, datname)\n  ', [
      'pg_partition_exporter_collector_success{collector="%s"} == 1' % c
      for c in collectors
    ])
    + (if std.member(collectors, 'partitions')
       then '\n    unless on(job, instance, datname)\n  pg_partition_exporter_collector_success{collector="partman"} == 0'
       else ''),

  local keptWhileUnseen(alert, severity, collectors) = std.join('', [
    |||
      or
      -(
        max without (alertname, alertstate, severity) (
          ALERTS{alertname="%(alert)s", severity="%(severity)s", alertstate="%(state)s"}
        )
          unless on(job, instance, datname)
        (
          %(seen)s
        )
          and on(job, instance, datname)
        last_over_time(pg_partition_exporter_collector_success{collector="%(first)s"}[%(window)s])
      )
    ||| % {
      alert: alert, severity: severity, state: kept[0], window: kept[1], first: collectors[0],
      seen: std.strReplace(seen(collectors), '\n', '\n    '),
    }
    for kept in [['firing', $._config.unseenKeepFiringFor], ['pending', $._config.unseenKeepPendingFor]]
  ]),

  // An alert's rule with keptWhileUnseen appended to its expression and the description prefixed by what the -1
  // of that branch means. `collectors` are those whose series the expression reads.
  local keptUnseen(rule, collectors) = rule {
    expr: rule.expr + keptWhileUnseen(rule.alert, rule.labels.severity, collectors),
    annotations+: {
      description: '{{ if lt $value 0.0 }}pg_partition_exporter cannot read database {{ $labels.datname }} on '
                   + '{{ $labels.instance }} now, so this alert stays as it was last seen until it can'
                   + ' (PgPartitionExporterDown, PgPartitionExporterCollectionFailed or'
                   + ' PgPartitionExporterCollectorFailing says why).{{ else }}'
                   + rule.annotations.description + '{{ end }}',
    },
  },

  // The threshold in effect for the alert's table at `severity`, read back from the exporter's series for the
  // description: `metric` is pg_partitioned_table_partition_size_threshold_bytes or ..._count_threshold.
  local tableThreshold(metric, severity, pipeline, unit) =
    '{{ with printf "%s{job=%%q,instance=%%q,datname=%%q,schemaname=%%q,relname=%%q,severity=\'%s\'}" '
    % [metric, severity]
    + '$labels.job $labels.instance $labels.datname $labels.schemaname $labels.relname | query }}'
    + '{{ . | first | value%s }}%s{{ end }}' % [pipeline, unit],

  prometheusAlerts+:: {
    groups+: [
      {
        name: 'pg-partition-coverage',
        rules: [
          // The three coverage alerts leave out the tables that need not cover now
          // (pg_partitioned_table_coverage_expected 0): archives, and quiet pg_partman tables with
          // infinite_time_partitions = false, which get tickets, not pages (runbook: archive and quiet tables).
          keptUnseen({
            alert: 'PgPartitionCoverageExhausted',
            expr: |||
              (
                pg_partitioned_table_future_coverage_seconds == 0
              )
                unless on(job, instance, datname, schemaname, relname)
              pg_partitioned_table_coverage_expected == 0
            |||,
            'for': '5m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'No partition covers the current time, so inserts of current '
                + 'rows fail or land in the default partition.',
              description: oneLine(|||
                No partition of {{ $labels.schemaname }}.{{ $labels.relname }} in database
                {{ $labels.datname }} ({{ $labels.instance }}) covers the current time: inserts
                fail with "no partition of relation found for row", or go to the default
                partition if there is one. Create the partition for the current period now.
              |||),
              runbook_url: runbook('PgPartitionCoverageExhausted'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionCoverageEndingSoon',
            // The horizon scales with the table: one interval, at most coverage_horizon_seconds, for
            // tables with premake 2 or more (healthy, they cover premake intervals ahead, so a page
            // means the creation job has missed all but the last). An hourly table with premake 6
            // pages with under an hour left, a monthly one with under two days. Tables with premake
            // 1 have no slack to page on before exhaustion; tables of unknown interval use the horizon.
            expr: |||
              (
                (
                  (
                    pg_partitioned_table_future_coverage_seconds
                      < on(job, instance, datname, schemaname, relname)
                    clamp_max(
                      pg_partitioned_table_interval_seconds,
                      scalar(max(pg_partition:alert_threshold{threshold="coverage_horizon_seconds"}))
                    )
                  )
                    and on(job, instance, datname, schemaname, relname)
                  pg_partitioned_table_premake > 1
                  or
                  (
                    pg_partitioned_table_future_coverage_seconds
                      < on() group_left()
                    pg_partition:alert_threshold{threshold="coverage_horizon_seconds"}
                  )
                    unless on(job, instance, datname, schemaname, relname)
                  pg_partitioned_table_interval_seconds
                ) > 0
              )
                unless on(job, instance, datname, schemaname, relname)
              pg_partitioned_table_coverage_expected == 0
            |||,
            'for': '15m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'The partitions of a table cover only a short time ahead, after which inserts fail.',
              description: oneLine(|||
                The partitions of {{ $labels.schemaname }}.{{ $labels.relname }} in database
                {{ $labels.datname }} ({{ $labels.instance }}) cover only the next
                {{ $value | humanizeDuration }}, less than one partition interval or the horizon of
                {{ with query "pg_partition:alert_threshold{threshold='coverage_horizon_seconds'}" }}{{ . | first | value | humanizeDuration }}{{ end }},
                whichever is shorter; after that, inserts fail or land in the default partition.
              |||),
              runbook_url: runbook('PgPartitionCoverageEndingSoon'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionFuturePartitionsMissing',
            // One period missing is normal between a period boundary and the creation job's next
            // run, which may be a day away: it must last a whole day, from a day ago (offset) to now
            // (min_over_time, which also survives a missed scrape). More than one missing means a
            // whole period went by without the job.
            expr: |||
              (
                (
                  min_over_time(pg_partitioned_table_missing_future_partitions[1d]) > 0
                    and
                  pg_partitioned_table_missing_future_partitions offset 1d > 0
                )
                  or
                last_over_time(pg_partitioned_table_missing_future_partitions[1h]) > 1
              )
                unless on(job, instance, datname, schemaname, relname)
              pg_partitioned_table_coverage_expected == 0
            |||,
            'for': '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The partition maintenance job is behind and future partitions are missing.',
              description: oneLine(|||
                {{ $value }} of the periods from the current one through the premake horizon
                of {{ $labels.schemaname }}.{{ $labels.relname }} in database
                {{ $labels.datname }} ({{ $labels.instance }}) are not fully covered by a
                partition; the job that creates partitions ahead of time has not run or failed.
              |||),
              runbook_url: runbook('PgPartitionFuturePartitionsMissing'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionGapsInRange',
            expr: |||
              pg_partitioned_table_gaps > 0
            |||,
            'for': '30m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The partitions of a table leave holes between the oldest and the newest partition.',
              description: oneLine(|||
                {{ $value }} range(s) between the oldest and the newest partition of
                {{ $labels.schemaname }}.{{ $labels.relname }} in database {{ $labels.datname }}
                ({{ $labels.instance }}) are not covered by any partition; rows in them fail to
                insert or land in the default partition.
              |||),
              runbook_url: runbook('PgPartitionGapsInRange'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionIntegerHeadroomLow',
            // Id tables (an integer key that is not epoch time) have no coverage in time; their headroom is the
            // partitions above the newest one holding rows. pg_partman keeps premake of them, premake - 1 just
            // after rows reach a new partition and before the next maintenance run: fewer means runs were missed.
            // pg_partman's tables only: a table ranged on tenant or region ids fills its top partition by design.
            expr: |||
              (
                pg_partitioned_table_integer_headroom_partitions
                  < on(job, instance, datname, schemaname, relname)
                (pg_partitioned_table_premake - 1)
              )
                and on(job, instance, datname, schemaname, relname)
              pg_partman_table_info
            |||,
            'for': '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'An id-partitioned table has fewer partitions made ahead than its premake, so its maintenance is behind.',
              description: oneLine(|||
                {{ $labels.schemaname }}.{{ $labels.relname }} in database {{ $labels.datname }}
                ({{ $labels.instance }}) has {{ $value }} partition(s) above the newest one holding rows, fewer than
                its premake allows; the job that creates partitions ahead of the ids has not run or failed.
              |||),
              runbook_url: runbook('PgPartitionIntegerHeadroomLow'),
            },
          }, ['partitions', 'partman']),
          keptUnseen({
            alert: 'PgPartitionIntegerHeadroomLow',
            // No partition above the one receiving rows: once its range of ids is used up, inserts fail or go to
            // the default partition, and the maintenance missed every partition it should have made ahead. Tables
            // with premake 1 have no slack to page on.
            expr: |||
              pg_partitioned_table_integer_headroom_partitions == 0
                and on(job, instance, datname, schemaname, relname)
              pg_partitioned_table_premake > 1
                and on(job, instance, datname, schemaname, relname)
              pg_partman_table_info
            |||,
            'for': '15m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'An id-partitioned table is writing into its last partition, after which inserts fail.',
              description: oneLine(|||
                Rows of {{ $labels.schemaname }}.{{ $labels.relname }} in database {{ $labels.datname }}
                ({{ $labels.instance }}) go into its last partition: no partition exists above it, so inserts
                fail or land in the default partition once its range of ids is used up. Create the next
                partitions now.
              |||),
              runbook_url: runbook('PgPartitionIntegerHeadroomLow'),
            },
          }, ['partitions', 'partman']),
          keptUnseen({
            alert: 'PgPartitionBoundsUnreadable',
            expr: |||
              pg_partitioned_table_unreadable_bounds > 0
            |||,
            'for': '15m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The exporter cannot parse some partition bounds of a table, so its coverage and gaps are unknown.',
              description: oneLine(|||
                {{ $value }} partition(s) of {{ $labels.schemaname }}.{{ $labels.relname }} in database
                {{ $labels.datname }} ({{ $labels.instance }}) have a bound the exporter could not parse; they
                count in no coverage, gap or headroom gauge. The exporter's log names the table.
              |||),
              runbook_url: runbook('PgPartitionBoundsUnreadable'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionDefaultPartitionHasRows',
            // Range-partitioned tables only: a list-partitioned table's default is often a
            // deliberate catch-all (see the runbook to include them).
            expr: |||
              pg_partitioned_table_default_rows > 0
                and on(job, instance, datname, schemaname, relname)
              pg_partitioned_table_info{strategy="range"}
            |||,
            'for': '15m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Rows fell into the default partition because no partition matches them.',
              description: oneLine(|||
                The default partition of {{ $labels.schemaname }}.{{ $labels.relname }} in
                database {{ $labels.datname }} ({{ $labels.instance }}) holds
                {{ with printf "pg_partitioned_table_default_rows_exact{job=%q,instance=%q,datname=%q,schemaname=%q,relname=%q} == 1" $labels.job $labels.instance $labels.datname $labels.schemaname $labels.relname | query }}exactly {{ $value }}{{ else }}about {{ $value | humanize }}{{ end }}
                rows; creating a partition for their range fails until they are moved out.
              |||),
              runbook_url: runbook('PgPartitionDefaultPartitionHasRows'),
            },
          }, ['partitions']),
        ],
      },
      {
        name: 'pg-partition-retention',
        rules: [
          keptUnseen({
            alert: 'PgPartitionRetentionOverdue',
            expr: |||
              pg_partitioned_table_retention_overdue_partitions > 0
            |||,
            'for': '1d',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Partitions older than the configured retention have not been dropped.',
              description: oneLine(|||
                {{ $value }} partition(s) of {{ $labels.schemaname }}.{{ $labels.relname }} in
                database {{ $labels.datname }} ({{ $labels.instance }}) end before now minus the
                configured retention and hold
                {{ with printf "pg_partitioned_table_retention_overdue_bytes{job=%q,instance=%q,datname=%q,schemaname=%q,relname=%q}" $labels.job $labels.instance $labels.datname $labels.schemaname $labels.relname | query }}{{ . | first | value | humanize1024 }}B{{ end }};
                check compliance holds before dropping them.
              |||),
              runbook_url: runbook('PgPartitionRetentionOverdue'),
            },
          }, ['partitions']),
        ],
      },
      {
        name: 'pg-partition-size',
        // One alert name at three severities; alerts/alertmanager.yml inhibits the lower ones for the same
        // partition. A partition whose range has ended will not grow: at most a ticket, never a page (a 60 GiB
        // partition of 2023 in a 7-year audit log). The same `for:` everywhere makes the levels a jump crosses
        // at once fire together, so the inhibition holds from the first notification on.
        rules: [
          keptUnseen({
            alert: 'PgPartitionLarge',
            expr: |||
              pg_partition_total_bytes
                > on(job, instance, datname, schemaname, relname) group_left()
              pg_partitioned_table_partition_size_threshold_bytes{severity="info"}
            |||,
            'for': '1h',
            labels: { severity: 'info' },
            annotations: {
              summary: 'A partition is large enough that a finer partition interval is worth considering.',
              description: oneLine(|||
                Partition {{ $labels.partition }} of {{ $labels.schemaname }}.{{ $labels.relname }}
                in database {{ $labels.datname }} ({{ $labels.instance }}) is
                {{ $value | humanize1024 }}B, above the info threshold of
                %s.
              ||| % tableThreshold('pg_partitioned_table_partition_size_threshold_bytes', 'info', ' | humanize1024', 'B')),
              runbook_url: runbook('PgPartitionLarge'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionLarge',
            expr: |||
              pg_partition_total_bytes
                > on(job, instance, datname, schemaname, relname) group_left()
              pg_partitioned_table_partition_size_threshold_bytes{severity="warning"}
            |||,
            'for': '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'A partition is so large that vacuum, index builds and restores of it are slow.',
              description: oneLine(|||
                Partition {{ $labels.partition }} of {{ $labels.schemaname }}.{{ $labels.relname }}
                in database {{ $labels.datname }} ({{ $labels.instance }}) is
                {{ $value | humanize1024 }}B, above the warning threshold of
                %s.
              ||| % tableThreshold('pg_partitioned_table_partition_size_threshold_bytes', 'warning', ' | humanize1024', 'B')),
              runbook_url: runbook('PgPartitionLarge'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionLarge',
            expr: |||
              (
                pg_partition_total_bytes
                  > on(job, instance, datname, schemaname, relname) group_left()
                pg_partitioned_table_partition_size_threshold_bytes{severity="critical"}
              )
                unless on(job, instance, datname, schemaname, relname, partition)
              pg_partition_range_end_timestamp_seconds <= on() group_left() vector(time())
            |||,
            'for': '1h',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'A partition is so large that the partitioning scheme no longer keeps maintenance cheap.',
              description: oneLine(|||
                Partition {{ $labels.partition }} of {{ $labels.schemaname }}.{{ $labels.relname }}
                in database {{ $labels.datname }} ({{ $labels.instance }}) is
                {{ $value | humanize1024 }}B, above the critical threshold of
                %s.
              ||| % tableThreshold('pg_partitioned_table_partition_size_threshold_bytes', 'critical', ' | humanize1024', 'B')),
              runbook_url: runbook('PgPartitionLarge'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionCountHigh',
            // A table holding what its own retention and premake imply is healthy, however many
            // partitions that is (pg_partitioned_table_expected_partitions): the limits apply to the
            // tables without a retention, and to those above their policy.
            expr: |||
              (
                pg_partitioned_table_partitions
                  > on(job, instance, datname, schemaname, relname)
                pg_partitioned_table_partition_count_threshold{severity="warning"}
              )
                unless on(job, instance, datname, schemaname, relname)
              (
                pg_partitioned_table_partitions
                  <= on(job, instance, datname, schemaname, relname)
                pg_partitioned_table_expected_partitions
              )
            |||,
            'for': '30m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'A partitioned table has so many partitions that planning and locking get expensive.',
              description: oneLine(|||
                {{ $labels.schemaname }}.{{ $labels.relname }} in database {{ $labels.datname }}
                ({{ $labels.instance }}) has {{ $value }} partitions, above the warning threshold of
                %s.
              ||| % tableThreshold('pg_partitioned_table_partition_count_threshold', 'warning', '', '')),
              runbook_url: runbook('PgPartitionCountHigh'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionCountHigh',
            expr: |||
              (
                pg_partitioned_table_partitions
                  > on(job, instance, datname, schemaname, relname)
                pg_partitioned_table_partition_count_threshold{severity="critical"}
              )
                unless on(job, instance, datname, schemaname, relname)
              (
                pg_partitioned_table_partitions
                  <= on(job, instance, datname, schemaname, relname)
                pg_partitioned_table_expected_partitions
              )
            |||,
            'for': '30m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'A partitioned table has so many partitions that queries '
                + 'without pruning and DDL degrade badly.',
              description: oneLine(|||
                {{ $labels.schemaname }}.{{ $labels.relname }} in database {{ $labels.datname }}
                ({{ $labels.instance }}) has {{ $value }} partitions, above the critical threshold of
                %s.
              ||| % tableThreshold('pg_partitioned_table_partition_count_threshold', 'critical', '', '')),
              runbook_url: runbook('PgPartitionCountHigh'),
            },
          }, ['partitions']),
        ],
      },
      {
        name: 'pg-partition-compliance',
        rules: [
          keptUnseen({
            alert: 'PgPartitionRetentionBelowMinimum',
            expr: |||
              pg_partitioned_table_retention_below_minimum == 1
            |||,
            'for': '5m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'The retention in effect is shorter than the minimum retention, '
                + 'so maintenance drops data that must be kept.',
              description: oneLine(|||
                The retention in effect for {{ $labels.schemaname }}.{{ $labels.relname }} in
                database {{ $labels.datname }} ({{ $labels.instance }}), usually pg_partman's
                part_config.retention, is shorter than its min_retention of
                {{ with printf "pg_partitioned_table_min_retention_seconds{job=%q,instance=%q,datname=%q,schemaname=%q,relname=%q}" $labels.job $labels.instance $labels.datname $labels.schemaname $labels.relname | query }}{{ . | first | value | humanizeDuration }}{{ end }}:
                the next maintenance run drops partitions inside the compliance window. Raise the
                retention before it runs.
              |||),
              runbook_url: runbook('PgPartitionRetentionBelowMinimum'),
            },
          }, ['partitions']),
          keptUnseen({
            alert: 'PgPartitionDroppedInsideMinimumRetention',
            // The oldest bound moved forward within the last week and now lies after the floor
            // (now - min_retention): the partition that went held data the table must keep.
            expr: |||
              (
                pg_partitioned_table_range_start_timestamp_seconds
                  > min_over_time(pg_partitioned_table_range_start_timestamp_seconds[1w])
              )
              and on(job, instance, datname, schemaname, relname)
              (
                pg_partitioned_table_range_start_timestamp_seconds
                  > on(job, instance, datname, schemaname, relname)
                pg_partitioned_table_retention_floor_timestamp_seconds
              )
            |||,
            'for': '5m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'A partition inside the minimum retention window was '
                + 'dropped or detached, a compliance incident.',
              description: oneLine(|||
                The oldest partition of {{ $labels.schemaname }}.{{ $labels.relname }} in database
                {{ $labels.datname }} ({{ $labels.instance }}) now starts at
                {{ $value | humanizeTimestamp }}, later than a week ago, and after the floor that
                min_retention sets: data that had to be kept left the table. Keep the detached
                table or the backups that hold it before anything purges them.
              |||),
              runbook_url: runbook('PgPartitionDroppedInsideMinimumRetention'),
            },
          }, ['partitions']),
        ],
      },
      {
        name: 'pg-partition-planner',
        rules: [
          {
            alert: 'PgPartitionPruningDisabled',
            // An override is reported in every database it applies in; one ALTER ROLE is one alert.
            expr: |||
              pg_partitioning_setting_info{name="enable_partition_pruning",setting="off"}
                or
              max without (datname) (
                pg_partitioning_setting_override_info{name="enable_partition_pruning",setting="off"}
              )
            |||,
            'for': '15m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Partition pruning is turned off, so queries on partitioned tables scan every partition.',
              description: oneLine(|||
                enable_partition_pruning is off{{ if $labels.datname }} in database {{ $labels.datname }}{{ end }}
                on {{ $labels.instance }}{{ if $labels.role }} for role {{ $labels.role }}{{ end }}{{ if $labels.database }}
                by ALTER DATABASE {{ $labels.database }}{{ end }}{{ if $labels.source }} (source: {{ $labels.source }}){{ end }}:
                queries on partitioned tables scan and lock every partition.
              |||),
              runbook_url: runbook('PgPartitionPruningDisabled'),
            },
          },
          keptUnseen({
            alert: 'PgPartitionParentStatisticsStale',
            expr: |||
              (
                time() - pg_partitioned_table_last_analyze_timestamp_seconds
                  > on() group_left()
                pg_partition:alert_threshold{threshold="parent_analyze_max_age_seconds"}
              )
              and on(job, instance, datname, schemaname, relname)
              (
                pg_partitioned_table_rows_modified_since_analyze > 0
                  or
                pg_partitioned_table_partitions_autoanalyzed_since_parent > 0
              )
            |||,
            'for': '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The planner statistics of a partitioned parent are stale, '
                + 'because autovacuum never analyzes parents.',
              description: oneLine(|||
                {{ $labels.schemaname }}.{{ $labels.relname }} in database {{ $labels.datname }}
                ({{ $labels.instance }}) {{ if gt $value 1e9 }}has never been analyzed{{ else }}was last
                analyzed {{ $value | humanizeDuration }} ago{{ end }}, and its partitions changed since;
                plans over the whole table use stale estimates. Run ANALYZE on the parent.
              |||),
              runbook_url: runbook('PgPartitionParentStatisticsStale'),
            },
          }, ['planner', 'partitions']),
        ],
      },
      {
        name: 'pg-partition-maintenance',
        rules: [
          keptUnseen({
            alert: 'PgPartitionMaintenanceJobFailing',
            expr: |||
              pg_cron_job_last_run_succeeded == 0
                and on(job, instance, datname, jobid)
              pg_cron_job_info{active="true"}
            |||,
            'for': '10m',
            labels: { severity: 'warning' },
            annotations: {
              summary: "A pg_cron job's last run failed, so the partition maintenance it does is not being done.",
              description: oneLine(|||
                The last run of pg_cron job {{ $labels.jobname }} (jobid {{ $labels.jobid }}, pg_cron in
                database {{ $labels.datname }} on {{ $labels.instance }}) failed; if it creates or drops
                partitions, they are not created or dropped. cron.job_run_details.return_message says why.
              |||),
              runbook_url: runbook('PgPartitionMaintenanceJobFailing'),
            },
          }, ['cron']),
          keptUnseen({
            alert: 'PgPartitionMaintenanceJobNotSucceeding',
            // Twice the longest gap its schedule allows without a success: missed runs (pg_cron not
            // loaded, workers exhausted, runs stuck), not only failed ones.
            expr: |||
              (
                time() - pg_cron_job_last_success_timestamp_seconds
                  >
                (pg_cron_job_schedule_max_interval_seconds + pg_cron_job_schedule_max_interval_seconds)
              )
                and on(job, instance, datname, jobid)
              pg_cron_job_info{active="true"}
            |||,
            'for': '15m',
            labels: { severity: 'warning' },
            annotations: {
              summary: "A pg_cron job has not succeeded for twice its schedule's "
                + 'interval, so its runs are missed or failing.',
              description: oneLine(|||
                pg_cron job {{ $labels.jobname }} (jobid {{ $labels.jobid }}, pg_cron in database
                {{ $labels.datname }} on {{ $labels.instance }}) last succeeded
                {{ $value | humanizeDuration }} ago, more than twice the longest gap its schedule allows.
              |||),
              runbook_url: runbook('PgPartitionMaintenanceJobNotSucceeding'),
            },
          }, ['cron']),
          keptUnseen({
            alert: 'PgPartitionPartmanMaintenanceStale',
            expr: |||
              (
                time() - pg_partman_maintenance_last_run_timestamp_seconds
                  > on() group_left()
                pg_partition:alert_threshold{threshold="partman_maintenance_max_age_seconds"}
              )
                and on(job, instance, datname, schemaname, relname)
              pg_partman_table_info{automatic_maintenance="on"}
            |||,
            'for': '15m',
            labels: { severity: 'warning' },
            annotations: {
              // Static, but quoting the threshold: "for a day" by default.
              summary: 'The pg_partman maintenance of a table has not completed for %s, so its partitions are not '
                       % format.duration($._config.partmanMaintenanceMaxAgeSeconds) + 'kept up.',
              description: oneLine(|||
                pg_partman last completed the maintenance of {{ $labels.schemaname }}.{{ $labels.relname }}
                in database {{ $labels.datname }} ({{ $labels.instance }})
                {{ $value | humanizeDuration }} ago (part_config.maintenance_last_run); run_maintenance is
                not running or fails for it.
              |||),
              runbook_url: runbook('PgPartitionPartmanMaintenanceStale'),
            },
          }, ['partman']),
        ],
      },
      {
        name: 'pg-partition-exporter',
        rules: [
          {
            alert: 'PgPartitionExporterDown',
            expr: |||
              up{%(exporterSelector)s} == 0
            ||| % $._config,
            'for': '5m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Prometheus cannot scrape pg_partition_exporter, so partitioning is unmonitored.',
              description: oneLine(|||
                Prometheus has failed to scrape pg_partition_exporter at {{ $labels.instance }}
                (job {{ $labels.job }}) for 5 minutes; no partition alert for its databases can fire.
              |||),
              runbook_url: runbook('PgPartitionExporterDown'),
            },
          },
          {
            alert: 'PgPartitionExporterAbsent',
            expr: |||
              absent(up{%(exporterSelector)s})
            ||| % $._config,
            'for': '15m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'Prometheus has no pg_partition_exporter target, so partitioning is unmonitored.',
              description: oneLine(|||
                No target of job {{ $labels.job }} has been scraped for 15 minutes: the target
                disappeared from service discovery or the scrape configuration; no partition
                alert can fire.
              |||),
              runbook_url: runbook('PgPartitionExporterAbsent'),
            },
          },
          {
            alert: 'PgPartitionExporterCollectionFailed',
            expr: |||
              pg_partition_exporter_up == 0
            |||,
            'for': '5m',
            labels: { severity: 'critical' },
            annotations: {
              summary: 'The partition exporter cannot read the PostgreSQL catalog, so partitioning is unmonitored.',
              description: oneLine(|||
                pg_partition_exporter at {{ $labels.instance }} (job {{ $labels.job }}) answers
                scrapes, but its collections have failed to read the PostgreSQL catalog for
                5 minutes (connection, authentication, permission or timeout error); see its log.
              |||),
              runbook_url: runbook('PgPartitionExporterCollectionFailed'),
            },
          },
          {
            alert: 'PgPartitionExporterScrapeErrors',
            expr: |||
              increase(pg_partition_exporter_scrape_errors_total[15m]) > 0
            |||,
            'for': '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The partition exporter keeps failing some of its collections.',
              description: oneLine(|||
                pg_partition_exporter at {{ $labels.instance }} (job {{ $labels.job }}) counted
                {{ $value | humanize }} collection errors in the last 15 minutes and has kept
                failing intermittently for an hour; its metrics have gaps.
              |||),
              runbook_url: runbook('PgPartitionExporterScrapeErrors'),
            },
          },
          {
            alert: 'PgPartitionExporterCollectorFailing',
            // The catalog read works (pg_partition_exporter_up 1), but pg_partman's, pg_cron's or the planner's
            // collector does not: their series are missing, and the alerts on them hold what they last saw.
            expr: |||
              pg_partition_exporter_collector_success == 0
            |||,
            'for': '15m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'One of the exporter collectors keeps failing in a database, so the alerts on its series are blind.',
              description: oneLine(|||
                The {{ $labels.collector }} collector of pg_partition_exporter at {{ $labels.instance }}
                (job {{ $labels.job }}) has failed in database {{ $labels.datname }} for 15 minutes (usually a
                missing grant, which the exporter's log names once); the alerts on its series stay as they were
                last seen.
              |||),
              runbook_url: runbook('PgPartitionExporterCollectorFailing'),
            },
          },
          {
            alert: 'PgPartitionExporterSizeErrors',
            expr: |||
              increase(pg_partition_exporter_size_errors_total[15m]) > 0
            |||,
            'for': '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The partition exporter keeps failing to read partition '
                + 'sizes, so the sizes it serves are stale.',
              description: oneLine(|||
                pg_partition_exporter at {{ $labels.instance }} (job {{ $labels.job }}) failed to read the
                partition sizes of database {{ $labels.datname }} {{ $value | humanize }} times in the last
                15 minutes, and has kept failing for an hour, for a reason other than a lock; its log says why.
              |||),
              runbook_url: runbook('PgPartitionExporterSizeErrors'),
            },
          },
          {
            alert: 'PgPartitionExporterStaleSizes',
            // Sizes skipped because an ACCESS EXCLUSIVE lock held or awaited them, for two hours
            // on end: no maintenance takes that long; a session holds the lock and stalls.
            expr: |||
              min_over_time(pg_partition_exporter_stale_size_partitions[1h]) > 0
                and
              pg_partition_exporter_stale_size_partitions offset 1h > 0
            |||,
            'for': '1h',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Some partition sizes could not be read for two hours, because a lock on them is held.',
              description: oneLine(|||
                For two hours, pg_partition_exporter at {{ $labels.instance }} (job {{ $labels.job }}) could
                not read the size of {{ $value }} partition(s) of database {{ $labels.datname }}: an ACCESS
                EXCLUSIVE lock is held or awaited on them; the sizes it serves are that old.
              |||),
              runbook_url: runbook('PgPartitionExporterStaleSizes'),
            },
          },
          {
            alert: 'PgPartitionAlertThresholdsMissing',
            expr: |||
              absent(pg_partition:alert_threshold{threshold="coverage_horizon_seconds"})
                or absent(pg_partition:alert_threshold{threshold="parent_analyze_max_age_seconds"})
                or absent(pg_partition:alert_threshold{threshold="partman_maintenance_max_age_seconds"})
            |||,
            'for': '10m',
            labels: { severity: 'warning' },
            annotations: {
              summary: 'A threshold series from alerts/thresholds.yml is '
                + 'missing, so the alerts using it cannot fire.',
              description: oneLine(|||
                The series pg_partition:alert_threshold{threshold="{{ $labels.threshold }}"} does
                not exist: alerts/thresholds.yml is not loaded or lost that rule, and the
                alerts comparing against it are silently disabled.
              |||),
              runbook_url: runbook('PgPartitionAlertThresholdsMissing'),
            },
          },
        ],
      },
    ],
  },
}
