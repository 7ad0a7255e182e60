// The dashboards' view of the per-table size and count thresholds. Each table carries its own limits
// (the exporter's pg_partitioned_table_partition_size_threshold_bytes and
// pg_partitioned_table_partition_count_threshold, one series per severity), so no colour step of a panel can
// hold them; the panels show a level instead, the number of a table's own thresholds a figure exceeds, computed
// from those series as the alerts compare.
local selector = '{job=~"$job",instance=~"$instance",datname=~"$datname",schemaname=~"$schemaname",relname=~"$relname"}';
local table = 'job, instance, datname, schemaname, relname';

{
  selector: selector,

  // How many of the table's size thresholds its largest partition exceeds: 0 to 3 (info, warning, critical). A
  // closed partition can show 3, where PgPartitionLarge stays a warning: the level says how large, the alert
  // whether it can still grow.
  sizeLevel:
    ('count by (%(t)s) (pg_partitioned_table_largest_partition_bytes%(s)s > on(%(t)s) group_right() '
     + 'pg_partitioned_table_partition_size_threshold_bytes%(s)s) '
     + 'or on(%(t)s) 0 * pg_partitioned_table_largest_partition_bytes%(s)s') % { t: table, s: selector },

  // How many of the table's count thresholds its partition count exceeds, 0 to 2 (warning, critical); 0 while
  // the count is within what its retention and premake imply, as PgPartitionCountHigh reads it.
  countLevel:
    ('(count by (%(t)s) (pg_partitioned_table_partitions%(s)s > on(%(t)s) group_right() '
     + 'pg_partitioned_table_partition_count_threshold%(s)s) '
     + 'unless on(%(t)s) (pg_partitioned_table_partitions%(s)s <= on(%(t)s) '
     + 'pg_partitioned_table_expected_partitions%(s)s)) '
     + 'or on(%(t)s) 0 * pg_partitioned_table_partitions%(s)s') % { t: table, s: selector },

  // How many of its table's size thresholds each partition exceeds: 0 to 3, one comparison per severity, since
  // partitions and severities cannot be matched many to many.
  partitionSizeLevel:
    std.join(' + ', [
      '(pg_partition_total_bytes%(s)s > bool on(%(t)s) group_left() '
      % { t: table, s: selector }
      + 'pg_partitioned_table_partition_size_threshold_bytes%s)'
        % (std.rstripChars(selector, '}') + ',severity="%s"}' % severity)
      for severity in ['info', 'warning', 'critical']
    ]),

  // A table column showing a level as the name of the highest threshold exceeded, coloured as the alert's
  // severity: `names` and `colors` from level 1 up; 0 reads "within".
  levelOverride(column, names, colors):: {
    matcher: { id: 'byName', options: column },
    properties: [
      {
        id: 'mappings',
        value: [{
          type: 'value',
          options: { '0': { text: 'within', color: 'green', index: 0 } } + {
            [std.toString(i + 1)]: { text: names[i], color: colors[i], index: i + 1 }
            for i in std.range(0, std.length(names) - 1)
          },
        }],
      },
      { id: 'custom.cellOptions', value: { type: 'color-background', mode: 'basic' } },
    ],
  },

  // The series of a table's thresholds of `metric` (size or count), one per severity, drawn as dashed lines
  // over a panel's own series.
  thresholdTarget(refId, metric):: {
    datasource: { type: 'prometheus', uid: '${datasource}' },
    refId: refId,
    expr: 'max by (severity) (%s%s)' % [metric, selector],
    editorMode: 'code',
    legendFormat: '{{severity}} threshold',
    range: true,
    instant: false,
  },

  // Draws the threshold targets (legend "<severity> threshold") dashed, in the severity's colour.
  thresholdOverrides:: [
    {
      matcher: { id: 'byName', options: '%s threshold' % severity[0] },
      properties: [
        { id: 'color', value: { mode: 'fixed', fixedColor: severity[1] } },
        { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
        { id: 'custom.fillOpacity', value: 0 },
      ],
    }
    for severity in [['info', 'blue'], ['warning', 'orange'], ['critical', 'red']]
  ],
}
