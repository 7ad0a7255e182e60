/// The gauge maths of a time-partitioned table: coverage, missing future periods, gaps and retention.
///
/// Pure: everything is computed from the partitions' bounds and sizes and the database server's `now`.
public struct TimeCoverage: Sendable, Equatable {
    /// Seconds from now to the first instant at or after now that no partition covers; +Inf with MAXVALUE.
    public var futureCoverageSeconds: Double
    /// Periods among the current one and the next `premake` that partitions do not cover fully; nil without an
    /// interval, as there is then no grid of periods.
    public var missingFuturePartitions: Int?
    /// Holes in the covered range between the oldest and the newest partition.
    public var gaps: Int
    /// Lower bound of the oldest partition and upper bound of the newest; nil without partitions.
    public var rangeStart: Double?
    public var rangeEnd: Double?
    /// Partitions whose upper bound lies before now − retention, and their total size; nil without a retention.
    public var retentionOverduePartitions: Int?
    public var retentionOverdueBytes: Double?

    /// A partition's time range and size as the computation needs them.
    public struct Range: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var totalBytes: Double
        public init(lower: Double, upper: Double, totalBytes: Double) {
            self.lower = lower
            self.upper = upper
            self.totalBytes = totalBytes
        }
    }

    public init(
        ranges: [Range], now: Double, interval: CalendarInterval?, premake: Int, retention: CalendarInterval?
    ) {
        let sorted = ranges.sorted { $0.lower < $1.lower }
        let segments = Self.merge(sorted)
        futureCoverageSeconds = segments.first { $0.lower <= now && now < $0.upper }.map { $0.upper - now } ?? 0
        gaps = max(segments.count - 1, 0)
        rangeStart = sorted.first?.lower
        rangeEnd = sorted.map(\.upper).max()

        if let interval {
            let newest = sorted.max { $0.upper < $1.upper }
            let anchor = newest.map { $0.lower.isFinite ? $0.lower : $0.upper } ?? now
            if anchor.isFinite {
                let current = interval.periodIndex(containing: now, anchor: anchor)
                let slack = interval.daylightSavingSlack
                missingFuturePartitions = (current...current + premake).filter { k in
                    let start = interval.advance(anchor, by: k) + slack, end = interval.advance(anchor, by: k + 1) - slack
                    return !segments.contains { $0.lower <= start && $0.upper >= end }
                }.count
            } else {
                missingFuturePartitions = 0  // MINVALUE to MAXVALUE: one partition covers all time.
            }
        }

        if let retention {
            let cutoff = retention.advance(now, by: -1)
            let overdue = sorted.filter { $0.upper < cutoff }
            retentionOverduePartitions = overdue.count
            retentionOverdueBytes = overdue.reduce(0) { $0 + $1.totalBytes }
        }
    }

    /// Contiguous runs of partitions, as `[lower, upper)` segments in order.
    private static func merge(_ sorted: [Range]) -> [(lower: Double, upper: Double)] {
        var segments: [(lower: Double, upper: Double)] = []
        for range in sorted {
            if let last = segments.last, range.lower <= last.upper {
                segments[segments.count - 1].upper = max(last.upper, range.upper)
            } else {
                segments.append((range.lower, range.upper))
            }
        }
        return segments
    }
}
