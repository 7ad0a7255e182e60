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
    /// Rows in the default partition (`servedRows(estimate:counted:)`); nil when there is none.
    public var defaultRows: Double?
    /// 1 when `defaultRows` is an exact count, 0 when it is an estimate; nil without a default partition.
    public var defaultRowsExact: Double?
    /// Time gauges; nil unless the table is range-partitioned on a time key.
    public var time: TimeCoverage?
    public var premake: Int
    /// The compliance floor: `min_retention` in nominal seconds, and the instant now − min_retention back to which
    /// the data must reach (time tables only); nil without a `min_retention`.
    public var minRetentionSeconds: Double?
    public var retentionFloor: Double?
    /// With a `min_retention`: whether the retention in effect is shorter (1) or not (0).
    public var retentionBelowMinimum: Double?
    /// The partitions that get per-partition series under the table's `partition_series`.
    public var partitions: [PartitionReport]
    /// Partitions left without series by `partition_series`; nil when it is `all`.
    public var omittedPartitions: Double?
    /// The size and count limits in effect for the table, exported so that the alerts compare with them.
    public var thresholds: AlertThresholds
    /// Time tables: 1 when the table must cover now and the periods ahead, 0 when it need not: an archive
    /// (`archive: true`), or a quiet pg_partman table (`infinite_time_partitions` false, no rows in a partition
    /// whose range has not ended nor in the default partition), which pg_partman leaves uncovered on purpose.
    public var coverageExpected: Double?
    /// Direct partitions whose bound could not be read or parsed; they count in no range gauge.
    public var unreadableBounds: Int
    /// Range tables on an integer key that is not epoch time (ids): the partitions above the newest one holding
    /// rows, +Inf when a partition reaches MAXVALUE; nil for other tables. pg_partman keeps `premake` of them.
    public var integerHeadroom: Double?

    /// A range table for which no range gauge can be computed: neither time nor integer headroom (a text or numeric
    /// key, or integer bounds that do not parse). Reported by the collector's log, as nothing else would say so.
    public var hasNoRangeGauges: Bool { strategy == .range && time == nil && integerHeadroom == nil }

    /// The rows to serve for a default partition: a count that saw every row, exactly; else an estimate, the larger
    /// of the statistics' (`estimate`) and what a count stopped at its limit saw (a lower bound).
    public static func servedRows(estimate: Double, counted: RowCount?) -> (value: Double, exact: Bool) {
        switch counted {
        case .exact(let rows): return (rows, true)
        case .atLeast(let rows): return (max(rows, estimate), false)
        case nil: return (estimate, false)
        }
    }

    /// Whole periods of `interval` that `retention` spans, rounded up. Months count exactly: the nominal month
    /// (30.436875 days) is not a binary fraction, so 84 months over one month came to 84.00000000000001 and 85.
    static func periods(of interval: CalendarInterval, within retention: CalendarInterval) -> Double {
        if case .months(let step) = interval, case .months(let span) = retention, step > 0 {
            return Double((span + step - 1) / step)
        }
        return (retention.nominalSeconds / interval.nominalSeconds).rounded(.up)
    }

    public init(table: PartitionedTable, database: String, now: Double, settings: TableSettings) {
        let tableLabels = LabelSet(["datname": database, "schemaname": table.schema, "relname": table.name])
        labels = tableLabels
        strategy = table.strategy
        key = table.key
        premake = settings.premake
        thresholds = settings.thresholds
        minRetentionSeconds = settings.minRetention?.nominalSeconds
        retentionBelowMinimum = settings.minRetention == nil ? nil : settings.retentionBelowMinimum ? 1 : 0
        let regular = table.partitions.filter { $0.bound != .defaultPartition }
        partitionCount = regular.count
        let sizes = table.partitions.compactMap(\.sizes)
        totalBytes = sizes.reduce(0) { $0 + $1.totalBytes }
        largestPartitionBytes = sizes.map(\.totalBytes).max() ?? 0
        unreadableBounds = table.partitions.count { $0.bound == .unreadable }
        if let partition = table.partitions.first(where: { $0.bound == .defaultPartition }) {
            let rows = Self.servedRows(estimate: partition.rowEstimate, counted: partition.countedRows)
            defaultRows = rows.value
            defaultRowsExact = rows.exact ? 1 : 0
        }

        // An integer key holding epoch time (pg_partman's `epoch`, or the YAML's) gets every time gauge too.
        let epoch = table.keyIsInteger ? settings.epoch : nil
        integerHeadroom = table.strategy == .range && table.keyIsInteger && epoch == nil
            ? Self.headroom(regular.map(\.bound), holdingRows: regular.map { $0.rowEstimate > 0 })
            : nil
        let isTime = table.strategy == .range && (table.keyIsTime || epoch != nil)
        func instant(_ value: RangeBoundValue) -> Double? { epoch.map(value.time(epoch:)) ?? value.time }
        func range(_ partition: Partition) -> (Double, Double)? {
            if epoch == nil, let known = partition.instants { return (known.lower, known.upper) }
            guard case .range(let from, let to) = partition.bound, let lower = instant(from), let upper = instant(to)
            else { return nil }
            return (lower, upper)
        }
        var ranges: [TimeCoverage.Range] = []
        var openPartitionHoldsRows = false
        partitions = table.partitions.map { partition in
            var report = PartitionReport(partition: partition, tableLabels: tableLabels)
            if isTime, let (lower, upper) = range(partition) {
                report.rangeStart = lower
                report.rangeEnd = upper
                ranges.append(.init(lower: lower, upper: upper, totalBytes: partition.sizes?.totalBytes ?? 0))
                if upper > now, partition.rowEstimate > 0 { openPartitionHoldsRows = true }
            }
            return report
        }
        if case .largest(let count) = settings.partitionSeries {
            let cutoff = settings.retention?.advance(now, by: -1)
            partitions = Self.kept(partitions, largest: count, now: now, retentionCutoff: cutoff,
                                   largeBytes: settings.thresholds.partitionSizeInfo)
            omittedPartitions = Double(table.partitions.count - partitions.count)
        }
        if isTime {
            let newestFirst = ranges.sorted { $0.upper > $1.upper }.map { (lower: $0.lower, upper: $0.upper) }
            let interval = settings.interval ?? CalendarInterval.detect(newestFirst: newestFirst)
            intervalText = interval?.description ?? ""
            intervalSeconds = interval?.nominalSeconds
            if let interval, let retention = settings.retention {
                expectedPartitions = Self.periods(of: interval, within: retention) + Double(settings.premake) + 2
            }
            time = TimeCoverage(
                ranges: ranges, now: now, interval: interval, premake: settings.premake, retention: settings.retention)
            let receivesRows = (defaultRows ?? 0) > 0 || openPartitionHoldsRows
            coverageExpected = settings.archive || (!settings.infiniteTimePartitions && !receivesRows) ? 0 : 1
            retentionFloor = settings.minRetention?.advance(now, by: -1)
        } else {
            intervalText = ""
            time = nil
        }
    }
}

extension TableReport {
    /// The partitions whose range starts at or above the end of the newest partition holding rows (all of them
    /// when none holds rows yet); +Inf when one reaches MAXVALUE, as no insert can then run past the last; nil when
    /// a bound is not an integer range. From the catalog and statistics (`reltuples`, `n_live_tup`): the exporter
    /// never reads the table, so a partition that received rows since the last analyze and whose statistics were
    /// reset reads as empty, and the headroom one too large, until autovacuum analyzes it.
    static func headroom(_ bounds: [PartitionBound], holdingRows: [Bool]) -> Double? {
        var ranges: [(lower: Int64, upper: Int64)] = []
        for bound in bounds {
            guard case .range(let from, let to) = bound, let lower = from.integer, let upper = to.integer else {
                return nil
            }
            ranges.append((lower, upper))
        }
        if ranges.contains(where: { $0.upper == .max }) { return .infinity }
        let filledEnd = zip(ranges, holdingRows).filter(\.1).map(\.0.upper).max() ?? .min
        return Double(ranges.count { $0.lower >= filledEnd })
    }

    /// The `count` largest partitions by total size (ties by name), and always: partitions of `largeBytes` (the
    /// table's info size threshold) or more, which the size alerts look at; the default partition; partitions whose
    /// range has not ended (the current one and those made ahead, which the coverage view shows); and partitions past
    /// retention (`upper < now − retention`, what the retention alert asks to drop). In catalog order.
    static func kept(_ partitions: [PartitionReport], largest count: Int, now: Double, retentionCutoff: Double?,
                     largeBytes: Double) -> [PartitionReport]
    {
        let bySize = partitions.indices.sorted { a, b in
            let (x, y) = (partitions[a].sizes?.totalBytes ?? 0, partitions[b].sizes?.totalBytes ?? 0)
            return x != y ? x > y : partitions[a].name < partitions[b].name
        }
        var keep = Set(bySize.prefix(count))
        for (index, partition) in partitions.enumerated() {
            let large = (partition.sizes?.totalBytes ?? 0) >= largeBytes
            let open = partition.rangeEnd.map { $0 > now } ?? false
            var overdue = false
            if let end = partition.rangeEnd, let retentionCutoff { overdue = end < retentionCutoff }
            if large || open || overdue || partition.isDefault { keep.insert(index) }
        }
        return partitions.indices.filter(keep.contains).map { partitions[$0] }
    }
}

/// The figures of one direct partition.
public struct PartitionReport: Sendable {
    public var name: String
    public var labels: LabelSet
    public var sizes: PartitionSizes?
    public var estimatedRows: Double
    public var rangeStart: Double?
    public var rangeEnd: Double?
    public var isDefault: Bool

    init(partition: Partition, tableLabels: LabelSet) {
        name = partition.name
        labels = tableLabels.adding("partition", partition.name)
        sizes = partition.sizes
        estimatedRows = partition.estimatedRows
        isDefault = partition.bound == .defaultPartition
    }
}
