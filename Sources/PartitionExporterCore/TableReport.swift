/// The figures of one partitioned table, computed from a snapshot and the table's settings.
public struct TableReport: Sendable {
    public var labels: LabelSet
    public var strategy: PartitionStrategy
    public var key: String
    /// The interval in effect, as PostgreSQL prints it; empty when the table is not time-based.
    public var intervalText: String
    /// The interval in effect in seconds, a month counted as 30.436875 days, so that alerts can scale with it;
    /// nil when the table is not time-based or its interval is unknown.
    public var intervalSeconds: Double?
    /// The direct partitions the table's own policy implies: the periods within retention, the current one and
    /// `premake` more, and one past retention that the next drop run removes; nil without a retention.
    public var expectedPartitions: Double?
    public var partitionCount: Int
    public var totalBytes: Double
    public var largestPartitionBytes: Double
    /// Live rows in the default partition; nil when there is none.
    public var defaultRows: Double?
    /// Time gauges; nil unless the table is range-partitioned on a time key.
    public var time: TimeCoverage?
    public var premake: Int
    /// The compliance floor: `min_retention` in nominal seconds, and the instant now − min_retention back to which
    /// the data must reach (time tables only); nil without a `min_retention`.
    public var minRetentionSeconds: Double?
    public var retentionFloor: Double?
    /// With a `min_retention`: whether the retention in effect is shorter (1) or not (0).
    public var retentionBelowMinimum: Double?
    public var partitions: [PartitionReport]

    public init(table: PartitionedTable, database: String, now: Double, settings: TableSettings) {
        let tableLabels = LabelSet(["datname": database, "schemaname": table.schema, "relname": table.name])
        labels = tableLabels
        strategy = table.strategy
        key = table.key
        premake = settings.premake
        minRetentionSeconds = settings.minRetention?.nominalSeconds
        retentionBelowMinimum = settings.minRetention == nil ? nil : settings.retentionBelowMinimum ? 1 : 0
        let regular = table.partitions.filter { $0.bound != .defaultPartition }
        partitionCount = regular.count
        let sizes = table.partitions.compactMap(\.sizes)
        totalBytes = sizes.reduce(0) { $0 + $1.totalBytes }
        largestPartitionBytes = sizes.map(\.totalBytes).max() ?? 0
        let defaults = table.partitions.filter { $0.bound == .defaultPartition }
        defaultRows = defaults.isEmpty ? nil : defaults.reduce(0) { $0 + $1.liveRows }

        // An integer key holding epoch time (pg_partman's `epoch`, or the YAML's) gets every time gauge too.
        let epoch = table.keyIsInteger ? settings.epoch : nil
        let isTime = table.strategy == .range && (table.keyIsTime || epoch != nil)
        func instant(_ value: RangeBoundValue) -> Double? { epoch.map(value.time(epoch:)) ?? value.time }
        var ranges: [TimeCoverage.Range] = []
        partitions = table.partitions.map { partition in
            var report = PartitionReport(partition: partition, tableLabels: tableLabels)
            if isTime, case .range(let from, let to) = partition.bound, let lower = instant(from),
                let upper = instant(to)
            {
                report.rangeStart = lower
                report.rangeEnd = upper
                ranges.append(.init(lower: lower, upper: upper, totalBytes: partition.sizes?.totalBytes ?? 0))
            }
            return report
        }
        if isTime {
            let newestFirst = ranges.sorted { $0.upper > $1.upper }.map { (lower: $0.lower, upper: $0.upper) }
            let interval = settings.interval ?? CalendarInterval.detect(newestFirst: newestFirst)
            intervalText = interval?.description ?? ""
            intervalSeconds = interval?.nominalSeconds
            if let interval, let retention = settings.retention {
                let kept = (retention.nominalSeconds / interval.nominalSeconds).rounded(.up)
                expectedPartitions = kept + Double(settings.premake) + 2
            }
            time = TimeCoverage(
                ranges: ranges, now: now, interval: interval, premake: settings.premake, retention: settings.retention)
            retentionFloor = settings.minRetention?.advance(now, by: -1)
        } else {
            intervalText = ""
            time = nil
        }
    }
}

/// The figures of one direct partition.
public struct PartitionReport: Sendable {
    public var labels: LabelSet
    public var sizes: PartitionSizes?
    public var estimatedRows: Double
    public var rangeStart: Double?
    public var rangeEnd: Double?

    init(partition: Partition, tableLabels: LabelSet) {
        labels = tableLabels.adding("partition", partition.name)
        sizes = partition.sizes
        estimatedRows = partition.estimatedRows
    }
}
