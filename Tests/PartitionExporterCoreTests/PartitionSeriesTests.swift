import Testing

@testable import PartitionExporterCore

/// `partition_series` caps per-partition series, keeping what the shipped alerts and dashboards need.
struct PartitionSeriesTests {
    /// 2026-03-10 01:00 UTC.
    static let now = utc(2026, 3, 10, 1)
    static let mebibyte = 1024.0 * 1024

    /// Midnight of 2026-03-`day`, as PostgreSQL prints it.
    static func midnight(_ day: Int) -> RangeBoundValue {
        .literal("2026-03-\(day < 10 ? "0" : "")\(day) 00:00:00+00")
    }

    /// Ten daily partitions, 2026-03-03 to 2026-03-13 (p7 holds now), with distinct sizes (p5, over the 500 MiB
    /// keep line, the largest, then p3), and a default partition.
    static var table: PartitionedTable {
        let megabytes: [Double] = [1, 5, 9, 40, 30, 600, 20, 2, 3, 4]
        var partitions = megabytes.enumerated().map { index, size in
            Partition(name: "p\(index)", bound: .range(from: midnight(3 + index), to: midnight(4 + index)),
                      sizes: PartitionSizes(tableBytes: size * mebibyte, indexBytes: 0), estimatedRows: 0, rowEstimate: 0)
        }
        partitions.append(Partition(name: "p_default", bound: .defaultPartition, sizes: PartitionSizes(
            tableBytes: 0, indexBytes: 0), estimatedRows: 0, rowEstimate: 0))
        return PartitionedTable(schema: "public", name: "events", strategy: .range, key: "at", keyIsTime: true,
                                partitions: partitions)
    }

    static func kept(_ series: PartitionSeries, retention: CalendarInterval? = nil,
                     thresholds: AlertThresholds = AlertThresholds()) -> ([String], Double?) {
        var settings = TableSettings(retention: retention, partitionSeries: series)
        settings.thresholds = thresholds
        let report = TableReport(table: table, database: "app", now: now, settings: settings)
        return (report.partitions.map(\.name), report.omittedPartitions)
    }

    @Test func allKeepsEveryPartition() {
        let (names, omitted) = Self.kept(.all)
        #expect(names == (0..<10).map { "p\($0)" } + ["p_default"])
        #expect(omitted == nil)
    }

    /// p7 is today (01:00 lies in it), p8 and p9 are ahead: open ranges stay; p5 is over 500 MiB.
    @Test func theLargestStayWithTheLargeTheOpenAndTheDefault() {
        let (names, omitted) = Self.kept(.largest(2))
        #expect(names == ["p3", "p5", "p7", "p8", "p9", "p_default"])  // p5 and p3 are the two largest
        #expect(omitted == 5)
    }

    /// With a three-day retention, p0 to p3 end before now − 3 days (03-07 01:00): what the retention alert asks to
    /// drop.
    @Test func partitionsPastRetentionStay() {
        let (names, _) = Self.kept(.largest(0), retention: .seconds(3 * day))
        #expect(names == ["p0", "p1", "p2", "p3", "p5", "p7", "p8", "p9", "p_default"])
    }

    /// The keep line is the table's own info size threshold: lowered to 30 MiB, p3 (40) and p4 (30) stay too.
    @Test func theKeepLineFollowsTheTablesInfoThreshold() {
        var thresholds = AlertThresholds()
        thresholds.partitionSizeInfo = 30 * Self.mebibyte
        let (names, omitted) = Self.kept(.largest(0), thresholds: thresholds)
        #expect(names == ["p3", "p4", "p5", "p7", "p8", "p9", "p_default"])
        #expect(omitted == 4)
    }

    @Test func theTableSeriesStayWhateverTheCap() {
        let capped = TableReport(table: Self.table, database: "app", now: Self.now,
                                 settings: TableSettings(partitionSeries: .largest(0)))
        let full = TableReport(table: Self.table, database: "app", now: Self.now, settings: TableSettings())
        #expect(capped.partitionCount == full.partitionCount)
        #expect(capped.totalBytes == full.totalBytes)
        #expect(capped.largestPartitionBytes == full.largestPartitionBytes)
        #expect(capped.time?.futureCoverageSeconds == full.time?.futureCoverageSeconds)
    }

    @Test(arguments: [("all", PartitionSeries.all), ("none", .largest(0)), ("10", .largest(10)),
                      ("0", .largest(0)), ("100000", .largest(100_000))])
    func parses(text: String, expected: PartitionSeries) {
        #expect(PartitionSeries(parsing: text) == expected)
    }

    @Test func aBadValueIsNamedWithFileLineAndKey() throws {
        let yaml = """
            defaults:
              partition_series: 10
            tables:
              - name: public.events
                partition_series: some
            """
        do {
            _ = try Configuration(yaml: yaml, file: "cfg.yml")
            Issue.record("accepted partition_series: some")
        } catch {
            #expect(error.description == "cfg.yml:5: tables[0].partition_series: expected all, none or a whole "
                    + "number of partitions from 0 to 100000, got 'some'")
        }
        let good = try Configuration(yaml: "defaults:\n  partition_series: 10\ntables:\n  - name: public.e\n"
                                     + "    partition_series: all\n", file: "cfg.yml")
        #expect(good.defaults.partitionSeries == .largest(10))
        #expect(good.settings(schema: "public", table: "e")?.partitionSeries == .all)
        #expect(good.settings(schema: "public", table: "other")?.partitionSeries == .largest(10))
    }
}
