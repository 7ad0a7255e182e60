import PartitionExporterCore

/// The partition collector's metric families, per table and per partition, declared once with the values that
/// fill them.
enum TableMetrics {
    static let staleSizes = MetricFamily(
        "pg_partition_exporter_stale_size_partitions",
        "Leaf partitions whose sizes could not be read in the last collection (held under an ACCESS EXCLUSIVE lock) and were served from an earlier one.")

    static let sizeErrors = MetricFamily(
        "pg_partition_exporter_size_errors_total",
        "Collections whose size query failed for a reason other than a lock (the log says why); sizes were then served from an earlier one.",
        .counter)

    static let sizeAge = MetricFamily(
        "pg_partition_exporter_size_age_seconds",
        "Seconds since the oldest served partition size was measured. Sizes are measured again when PostgreSQL records a change to the partition, and at the latest after --sizes.max-age (longer only when a partition could not be measured: a lock, a failed size read, or a first scrape with no time for all).")

    static let info = MetricFamily(
        "pg_partitioned_table_info",
        "Partitioned table at the root of a partition tree; labels give its strategy, key and the interval in effect.")

    /// Per-table gauges; a nil value leaves the table out of that family.
    static let tableGauges: [(family: MetricFamily, value: @Sendable (TableReport) -> Double?)] = [
        (MetricFamily("pg_partitioned_table_partitions", "Direct partitions, not counting a default partition."),
         { Double($0.partitionCount) }),
        (MetricFamily("pg_partitioned_table_total_bytes", "Total size of all partitions (heap, TOAST and indexes), default included."),
         { $0.totalBytes }),
        (MetricFamily("pg_partitioned_table_largest_partition_bytes", "Total size of the largest partition."),
         { $0.largestPartitionBytes }),
        (MetricFamily(
            "pg_partitioned_table_default_rows",
            "Rows in the default partition: counted where the exporter's role may SELECT it, up to --default-rows.count-limit; else estimated from reltuples and n_live_tup (pg_partitioned_table_default_rows_exact says which). Present only when one exists."),
         { $0.defaultRows }),
        (MetricFamily(
            "pg_partitioned_table_default_rows_exact",
            "1 when pg_partitioned_table_default_rows is an exact count of the default partition, 0 when it is an estimate (no SELECT privilege, a lock, or more rows than --default-rows.count-limit)."),
         { $0.defaultRowsExact }),
        (MetricFamily(
            "pg_partitioned_table_future_coverage_seconds",
            "Seconds from now to the first instant at or after now that no partition covers; 0 when now is not covered, +Inf with MAXVALUE."),
         { $0.time?.futureCoverageSeconds }),
        (MetricFamily(
            "pg_partitioned_table_coverage_expected",
            "1 when the time table must cover now and the periods ahead; 0 for an archive (archive: true) or a quiet pg_partman table (infinite_time_partitions false, no rows in a partition that has not ended nor in the default), on which the coverage alerts stay silent."),
         { $0.coverageExpected }),
        (MetricFamily(
            "pg_partitioned_table_missing_future_partitions",
            "Periods among the current one and the next premake that partitions do not fully cover."),
         { $0.time?.missingFuturePartitions.map(Double.init) }),
        (MetricFamily("pg_partitioned_table_premake",
                      "Periods (time tables) or partitions (integer tables) ahead of the current one that must already exist."),
         { $0.time == nil && $0.integerHeadroom == nil ? nil : Double($0.premake) }),
        (MetricFamily(
            "pg_partitioned_table_integer_headroom_partitions",
            "Range tables on an integer key that is not epoch time: partitions above the newest one holding rows (reltuples or n_live_tup); +Inf with a partition up to MAXVALUE."),
         { $0.integerHeadroom }),
        (MetricFamily("pg_partitioned_table_interval_seconds",
                      "The partition interval in effect in seconds, a month counted as 30.436875 days."),
         { $0.intervalSeconds }),
        (MetricFamily(
            "pg_partitioned_table_expected_partitions",
            "Direct partitions the table's policy implies: the periods within retention, the current one, premake more, and one awaiting its drop."),
         { $0.expectedPartitions }),
        (MetricFamily(
            "pg_partitioned_table_retention_overdue_partitions",
            "Partitions whose upper bound is earlier than now minus the configured retention."),
         { $0.time?.retentionOverduePartitions.map(Double.init) }),
        (MetricFamily("pg_partitioned_table_retention_overdue_bytes", "Total size of the partitions past retention."),
         { $0.time?.retentionOverdueBytes }),
        (MetricFamily("pg_partitioned_table_gaps", "Holes in the covered range between the oldest and the newest partition."),
         { $0.time.map { Double($0.gaps) } }),
        (MetricFamily("pg_partitioned_table_range_start_timestamp_seconds", "Lower bound of the oldest partition."),
         { $0.time?.rangeStart }),
        (MetricFamily("pg_partitioned_table_range_end_timestamp_seconds", "Upper bound of the newest partition."),
         { $0.time?.rangeEnd }),
        (MetricFamily("pg_partitioned_table_min_retention_seconds",
                      "The configured min_retention, a month counted as 30.436875 days; present only with one."),
         { $0.minRetentionSeconds }),
        (MetricFamily(
            "pg_partitioned_table_retention_floor_timestamp_seconds",
            "Now minus min_retention: the instant back to which the table's data must reach (time tables with a min_retention)."),
         { $0.retentionFloor }),
        (MetricFamily(
            "pg_partitioned_table_retention_below_minimum",
            "1 when the retention in effect (pg_partman's or the configuration's) is shorter than min_retention, else 0."),
         { $0.retentionBelowMinimum }),
        (MetricFamily(
            "pg_partitioned_table_unreadable_bounds",
            "Direct partitions whose bound the exporter could not read or parse; they count in no coverage, gap or headroom gauge."),
         { Double($0.unreadableBounds) }),
        (MetricFamily(
            "pg_partitioned_table_omitted_partition_series",
            "Partitions left without per-partition series by the table's partition_series setting; present only when it is not all."),
         { $0.omittedPartitions }),
    ]

    /// The limits of the size and count alerts in effect for the table (the YAML's, else the defaults), one series per
    /// severity, so that the rules and the dashboards compare with the table's own numbers.
    static let sizeThreshold = MetricFamily(
        "pg_partitioned_table_partition_size_threshold_bytes",
        "Total bytes of one partition above which PgPartitionLarge fires at this severity (partition_size_<severity> in the configuration).")

    static let countThreshold = MetricFamily(
        "pg_partitioned_table_partition_count_threshold",
        "Direct partitions above which PgPartitionCountHigh fires at this severity when the table also holds more than its policy implies (partition_count_<severity> in the configuration).")

    /// Per-partition gauges; a nil value leaves the partition out of that family.
    static let partitionGauges: [(family: MetricFamily, value: @Sendable (PartitionReport) -> Double?)] = [
        (MetricFamily("pg_partition_total_bytes", "Size of the partition: heap, TOAST and indexes; sums over leaves when sub-partitioned."),
         { $0.sizes?.totalBytes }),
        (MetricFamily("pg_partition_table_bytes", "Size of the partition's heap and TOAST."), { $0.sizes?.tableBytes }),
        (MetricFamily("pg_partition_index_bytes", "Size of the partition's indexes."), { $0.sizes?.indexBytes }),
        (MetricFamily("pg_partition_estimated_rows", "Estimated rows (reltuples); 0 when never analyzed."),
         { $0.estimatedRows }),
        (MetricFamily("pg_partition_range_start_timestamp_seconds", "Lower bound of the partition (time-partitioned tables)."),
         { $0.rangeStart }),
        (MetricFamily("pg_partition_range_end_timestamp_seconds", "Upper bound of the partition (time-partitioned tables)."),
         { $0.rangeEnd }),
    ]

    /// Adds the state of the database's size reads: locked leaves, failed reads, and the oldest served size.
    static func writeSizeState(database: String, stale: Int, errorsTotal: Int, oldestAge: Double,
                               into samples: inout MetricSamples) {
        let labels = LabelSet(["datname": database])
        samples.add(staleSizes, labels, Double(stale))
        samples.add(sizeErrors, labels, Double(errorsTotal))
        samples.add(sizeAge, labels, oldestAge)
    }

    /// Every family of a table and its partitions, in the order of the exposition.
    static var families: [MetricFamily] {
        [info] + tableGauges.map(\.family) + [sizeThreshold, countThreshold] + partitionGauges.map(\.family)
    }

    /// Adds every family's samples; families without samples are left out.
    static func write(_ reports: [TableReport], into samples: inout MetricSamples) {
        samples.declare(families)
        for report in reports { write(report, into: &samples) }
    }

    /// Adds one table's samples, so that a large catalog's reports need not all be held at once; declare `families`
    /// first to keep the exposition's order.
    static func write(_ report: TableReport, into samples: inout MetricSamples) {
        let labels = report.labels.adding("strategy", report.strategy.rawValue).adding("key", report.key)
            .adding("interval", report.intervalText)
        samples.add(info, labels, 1)
        for (family, value) in tableGauges {
            if let v = value(report) { samples.add(family, report.labels, v) }
        }
        for (severity, bytes) in report.thresholds.sizes {
            samples.add(sizeThreshold, report.labels.adding("severity", severity), bytes)
        }
        for (severity, partitions) in report.thresholds.counts {
            samples.add(countThreshold, report.labels.adding("severity", severity), partitions)
        }
        for (family, value) in partitionGauges {
            for partition in report.partitions {
                if let v = value(partition) { samples.add(family, partition.labels, v) }
            }
        }
    }
}
