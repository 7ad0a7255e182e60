import Foundation
import Testing
import TestSupport

/// Every metric of the contract, read by the real exporter running as a pg_monitor-only role, against values the
/// test derives from the fixture through PostgreSQL's own functions.
@Suite(.serialized)
struct CatalogMetricsTests {
    /// One fixture and one scrape for the whole suite; the clock is read before and after the scrape.
    struct Scraped {
        let fixture: PartitionFixture
        let metrics: Exposition
        let nowBefore: Double
        let nowAfter: Double
        let log: String
    }

    static let scraped: Result<Scraped, Error> = Result {
        let fixture = try PartitionFixture()
        let exporter = try ExporterProcess(
            dataSourceName: fixture.monitorURI, arguments: ["--config.file", try fixture.configurationFile()])
        defer { exporter.stop() }
        let before = try fixture.serverNow()
        let metrics = try exporter.scrape()
        let after = try fixture.serverNow()
        return Scraped(fixture: fixture, metrics: metrics, nowBefore: before, nowAfter: after, log: exporter.log)
    }

    func table(_ schema: String, _ name: String) -> [String: String] {
        ["schemaname": schema, "relname": name]
    }

    @Test func exporterIsUpAndDescribesItself() throws {
        let s = try Self.scraped.get()
        #expect(s.metrics.value("pg_partition_exporter_up") == 1)
        #expect(s.metrics.value("pg_partition_exporter_scrape_errors_total") == 0)
        #expect(s.metrics.value("pg_partition_exporter_stale_size_partitions") == 0)
        #expect((s.metrics.value("pg_partition_exporter_scrape_duration_seconds") ?? -1) > 0)
        let build = try #require(s.metrics.samples("pg_partition_exporter_build_info").first)
        #expect(build.labels["version"]?.isEmpty == false)
        #expect(build.labels["swift_version"]?.isEmpty == false)
    }

    @Test func promtoolAcceptsTheScrape() throws {
        let s = try Self.scraped.get()
        let promtool = try Tools.require("promtool", debianPackage: "prometheus")
        let result = try runCommand(promtool, ["check", "metrics"], input: s.metrics.text)
        #expect(result.status == 0, "promtool check metrics: \(result.stdout) \(result.stderr)")
    }

    @Test func infoLabelsGiveStrategyKeyAndInterval() throws {
        let m = try Self.scraped.get().metrics
        let expected: [(String, String, String, String, String)] = [
            ("public", "domain_events", "range", "created_at", "1 mon"),
            ("public", "audit_log", "range", "\"timestamp\"", "1 mon"),
            ("rustcare", "sessions", "range", "created_at", "1 day"),
            ("rustcare", "refresh_tokens", "range", "issued_at", "7 days"),
            ("rustcare", "rate_limits", "range", "window_start", "1 day"),
            ("public", "daily_rollups", "range", "day", "1 day"),
            ("public", "empty_time", "range", "at", "1 day"),
            ("public", "readings", "range", "taken_at", "1 mon"),
            ("public", "local_months", "range", "at", "1 mon"),
            ("public", "tenants", "list", "region", ""),
            ("public", "orders", "hash", "id", ""),
            ("public", "ledger", "range", "entry_id", ""),
            ("Edge Cases", "Events", "range", "\"When\"", "1 mon"),
        ]
        for (schema, name, strategy, key, interval) in expected {
            let info = m.samples("pg_partitioned_table_info", table(schema, name))
            #expect(info.count == 1, "\(schema).\(name)")
            #expect(info.first?.labels["strategy"] == strategy, "\(schema).\(name)")
            #expect(info.first?.labels["key"] == key, "\(schema).\(name)")
            #expect(info.first?.labels["interval"] == interval, "\(schema).\(name)")
            #expect(info.first?.labels["datname"] == (try Self.scraped.get().fixture.database))
        }
        #expect(m.samples("pg_partitioned_table_info", ["schemaname": "scratch"]).isEmpty, "excluded schema")
        #expect(m.samples("pg_partitioned_table_info", ["schemaname": "fixture"]).isEmpty, "plain tables")
    }

    @Test func partitionCountsLeaveOutTheDefault() throws {
        let s = try Self.scraped.get()
        for parent in ["public.domain_events", "public.audit_log", "public.episodic_events", "rustcare.sessions",
                       "rustcare.refresh_tokens", "rustcare.rate_limits", "public.daily_rollups", "public.readings"] {
            let expected = try s.fixture.bounds(parent).count
            let (schema, name) = PartitionFixture.split(parent)
            #expect(s.metrics.value("pg_partitioned_table_partitions", table(schema, name)) == Double(expected), "\(parent)")
        }
        #expect(s.metrics.value("pg_partitioned_table_partitions", table("public", "tenants")) == 2)
        #expect(s.metrics.value("pg_partitioned_table_partitions", table("public", "orders")) == 4)
        #expect(s.metrics.value("pg_partitioned_table_partitions", table("public", "ledger")) == 4)
        #expect(s.metrics.value("pg_partitioned_table_partitions", table("public", "empty_time")) == 0)
    }

    @Test(arguments: ["public.domain_events", "public.audit_log", "rustcare.sessions", "public.readings",
                      "public.tenants", "public.orders", "public.ledger", "\"Edge Cases\".\"Events\""])
    func sizesAndRowEstimatesMatchPostgres(parent: String) throws {
        let s = try Self.scraped.get()
        let figures = try s.fixture.partitionFigures(parent)
        let (schema, name) = PartitionFixture.split(parent)
        #expect(!figures.isEmpty)
        for (partition, expected) in figures {
            let labels = table(schema, name).merging(["partition": partition]) { $1 }
            #expect(s.metrics.value("pg_partition_table_bytes", labels) == expected.table, "\(partition)")
            #expect(s.metrics.value("pg_partition_index_bytes", labels) == expected.index, "\(partition)")
            #expect(s.metrics.value("pg_partition_total_bytes", labels) == expected.table + expected.index, "\(partition)")
            #expect(s.metrics.value("pg_partition_estimated_rows", labels) == expected.rows, "\(partition)")
        }
        let totals = figures.values.map { $0.table + $0.index }
        #expect(s.metrics.value("pg_partitioned_table_total_bytes", table(schema, name)) == totals.reduce(0, +))
        #expect(s.metrics.value("pg_partitioned_table_largest_partition_bytes", table(schema, name)) == totals.max())
    }

    /// The pg_monitor role may not SELECT the default partitions: their rows are estimated, and after the fixture's
    /// ANALYZE the estimate is the count.
    @Test func defaultRowsExistOnlyWithADefaultPartition() throws {
        let s = try Self.scraped.get()
        let m = s.metrics
        for (schema, name, partition, inserted) in [("rustcare", "sessions", "sessions_default", PartitionFixture.defaultRows),
                                                   ("public", "tenants", "tenants_other", 40)] {
            let count = try Double(s.fixture.server.psql("SELECT count(*) FROM \(schema).\(partition)",
                                                         database: s.fixture.database))
            #expect(count == Double(inserted), "fixture sanity")
            #expect(m.value("pg_partitioned_table_default_rows", table(schema, name)) == count)
            #expect(m.value("pg_partitioned_table_default_rows_exact", table(schema, name)) == 0)
        }
        #expect(m.samples("pg_partitioned_table_default_rows").count == 2)
        #expect(m.samples("pg_partitioned_table_default_rows_exact").count == 2)
    }

    /// An integer-keyed table (ids, no epoch): its headroom is the partitions whose range starts at or above the end
    /// of the newest partition holding rows, which the test finds with `count(*)` over each partition.
    @Test func integerHeadroomCountsThePartitionsAboveTheNewestHoldingRows() throws {
        let s = try Self.scraped.get()
        let partitions = try s.fixture.server.psql("""
            SELECT c.relname || '|' || pg_get_expr(c.relpartbound, c.oid)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.ledger'::regclass
            """, database: s.fixture.database).split(separator: "\n")
        var ranges: [(lower: Int64, upper: Int64, rows: Int)] = []
        for line in partitions {
            // "ledger_1|FOR VALUES FROM ('1000000') TO ('2000000')", quotes or not; MINVALUE reads as the smallest.
            let fields = line.split(separator: "|")
            let numbers = fields[1].split { !$0.isNumber && $0 != "-" }.compactMap { Int64($0) }
            let lower = fields[1].contains("MINVALUE") ? Int64.min : numbers[0]
            let upper = numbers.last ?? .max
            let rows = try Int(s.fixture.server.psql("SELECT count(*) FROM public.\(fields[0])",
                                                      database: s.fixture.database)) ?? -1
            ranges.append((lower, upper, rows))
        }
        let filledEnd = try #require(ranges.filter { $0.rows > 0 }.map(\.upper).max(), "fixture: ledger holds rows")
        let expected = Double(ranges.count { $0.lower >= filledEnd })
        #expect(expected == 2, "fixture sanity: rows in ledger_1, with ledger_2 and ledger_3 ahead: \(ranges)")
        #expect(s.metrics.value("pg_partitioned_table_integer_headroom_partitions", table("public", "ledger")) == expected)
        #expect(s.metrics.value("pg_partitioned_table_premake", table("public", "ledger")) == 3)
        // Time tables, list and hash tables have none.
        #expect(s.metrics.samples("pg_partitioned_table_integer_headroom_partitions").map { $0.labels["relname"] }
                == ["ledger"])
        #expect(s.metrics.value("pg_partitioned_table_unreadable_bounds", table("public", "ledger")) == 0)
    }

    @Test func futureCoverageRunsToTheEndOfTheContiguousRangeAroundNow() throws {
        let s = try Self.scraped.get()
        for parent in ["public.domain_events", "public.audit_log", "public.episodic_events", "rustcare.sessions",
                       "rustcare.refresh_tokens", "rustcare.rate_limits", "public.daily_rollups", "public.readings",
                       "public.local_months"] {
            let ranges = try s.fixture.bounds(parent).values.sorted { $0.lower < $1.lower }
            // Walk from the partition holding now along contiguous partitions.
            var end = try #require(ranges.first { $0.lower <= s.nowBefore && s.nowBefore < $0.upper }).upper
            while let next = ranges.first(where: { $0.lower == end }) { end = next.upper }
            let (schema, name) = PartitionFixture.split(parent)
            let value = try #require(s.metrics.value("pg_partitioned_table_future_coverage_seconds", table(schema, name)))
            #expect(value <= end - s.nowBefore && value >= end - s.nowAfter, "\(parent): \(value)")
        }
        #expect(s.metrics.value("pg_partitioned_table_future_coverage_seconds", table("public", "forever")) == .infinity)
        #expect(s.metrics.value("pg_partitioned_table_future_coverage_seconds", table("public", "empty_time")) == 0)
        for (schema, name) in [("public", "tenants"), ("public", "orders"), ("public", "ledger")] {
            #expect(s.metrics.value("pg_partitioned_table_future_coverage_seconds", table(schema, name)) == nil)
            #expect(s.metrics.value("pg_partitioned_table_missing_future_partitions", table(schema, name)) == nil)
        }
    }

    /// Of the period holding the scrape's time and the next `premake`, the periods whose start no recorded
    /// partition covers, counted by PostgreSQL from `fixture.bounds` at time `at`: the current period is the
    /// partition holding `at`, and the later ones start `k` intervals after it (in `zone`, as the partitions were
    /// cut). A table without partitions misses all `premake + 1`.
    func missingPeriods(_ s: Scraped, _ parent: String, premake: Int, interval: String, zone: String,
                        at: Double) throws -> Double {
        try Double(s.fixture.server.psql("""
            SET TimeZone = '\(zone)';
            WITH b AS (SELECT to_timestamp(lower_epoch) AS lo, to_timestamp(upper_epoch) AS hi FROM fixture.bounds
                       WHERE parent = '\(parent.replacingOccurrences(of: "'", with: "''"))'),
                 cur AS (SELECT lo FROM b WHERE lo <= to_timestamp(\(at)) AND to_timestamp(\(at)) < hi)
            SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM cur) THEN \(premake + 1) ELSE
                (SELECT count(*) FROM cur, generate_series(0, \(premake)) k
                 WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.lo <= cur.lo + k * interval '\(interval)'
                                                   AND cur.lo + k * interval '\(interval)' < b.hi)) END
            """, database: s.fixture.database))!
    }

    /// Derived from the recorded bounds at the scrape's time rather than typed in, so that a period boundary (UTC
    /// midnight for the daily tables) passing between building the fixture and the scrape changes the expectation
    /// with the figure. A boundary inside the scrape itself allows either side's count.
    @Test func missingFuturePartitionsCountUncoveredPeriods() throws {
        let s = try Self.scraped.get()
        let cases: [(parent: String, premake: Int, interval: String, zone: String)] = [
            ("public.domain_events", 3, "1 month", "UTC"),
            ("public.audit_log", 3, "1 month", "UTC"),
            ("public.episodic_events", 3, "1 month", "UTC"),  // next month skipped
            ("rustcare.sessions", 14, "1 day", "UTC"),
            ("rustcare.refresh_tokens", 3, "7 days", "UTC"),
            ("rustcare.rate_limits", 3, "1 day", "UTC"),
            ("public.daily_rollups", 3, "1 day", "UTC"),
            ("public.readings", 3, "1 month", "UTC"),
            ("public.local_months", 3, "1 month", "Europe/Berlin"),
            ("public.forever", 3, "1 month", "UTC"),
            ("public.empty_time", 3, "1 day", "UTC"),
            ("\"Edge Cases\".\"Events\"", 1, "1 month", "UTC"),
        ]
        for (parent, premake, interval, zone) in cases {
            let (schema, name) = PartitionFixture.split(parent)
            let expected = try Set([s.nowBefore, s.nowAfter].map {
                try missingPeriods(s, parent, premake: premake, interval: interval, zone: zone, at: $0)
            })
            let value = try #require(m(s, "pg_partitioned_table_missing_future_partitions", schema, name), "\(parent)")
            #expect(expected.contains(value), "\(parent): \(value), expected one of \(expected)")
            #expect(m(s, "pg_partitioned_table_premake", schema, name) == Double(premake), "\(parent)")
        }
    }

    @Test func retentionCountsPartitionsEndingBeforeTheCutoff() throws {
        let s = try Self.scraped.get()
        for (parent, retention) in [("public.audit_log", "24 months"), ("rustcare.rate_limits", "7 days"),
                                    ("rustcare.sessions", "90 days")] {
            let cutoffBefore = try Double(s.fixture.server.psql(
                "SELECT extract(epoch FROM to_timestamp(\(s.nowBefore)) - interval '\(retention)')",
                database: s.fixture.database))!
            let bounds = try s.fixture.bounds(parent)
            let figures = try s.fixture.partitionFigures(parent)
            let overdue = bounds.filter { $0.value.upper < cutoffBefore }
            let bytes = overdue.keys.reduce(0.0) { $0 + figures[$1]!.table + figures[$1]!.index }
            let (schema, name) = PartitionFixture.split(parent)
            #expect(m(s, "pg_partitioned_table_retention_overdue_partitions", schema, name) == Double(overdue.count),
                    "\(parent)")
            #expect(m(s, "pg_partitioned_table_retention_overdue_bytes", schema, name) == bytes, "\(parent)")
        }
        #expect(s.metrics.value("pg_partitioned_table_retention_overdue_partitions", table("public", "audit_log")) == 6)
        #expect(s.metrics.samples("pg_partitioned_table_retention_overdue_partitions").count == 3, "only with a retention")
    }

    @Test func gapsAndRangeBoundsFollowTheRecordedBounds() throws {
        let s = try Self.scraped.get()
        for parent in ["public.domain_events", "public.episodic_events", "rustcare.sessions", "rustcare.rate_limits",
                       "public.daily_rollups", "public.readings", "public.forever"] {
            let bounds = try s.fixture.bounds(parent)
            let sorted = bounds.values.sorted { $0.lower < $1.lower }
            let holes = zip(sorted, sorted.dropFirst()).filter { $0.upper != $1.lower }.count
            let (schema, name) = PartitionFixture.split(parent)
            #expect(m(s, "pg_partitioned_table_gaps", schema, name) == Double(holes), "\(parent)")
            #expect(m(s, "pg_partitioned_table_range_start_timestamp_seconds", schema, name) == sorted.first!.lower)
            #expect(m(s, "pg_partitioned_table_range_end_timestamp_seconds", schema, name) == sorted.map(\.upper).max())
            for (partition, range) in bounds {
                let labels = table(schema, name).merging(["partition": partition]) { $1 }
                #expect(s.metrics.value("pg_partition_range_start_timestamp_seconds", labels) == range.lower, "\(partition)")
                #expect(s.metrics.value("pg_partition_range_end_timestamp_seconds", labels) == range.upper, "\(partition)")
            }
        }
        #expect(m(s, "pg_partitioned_table_gaps", "public", "daily_rollups") == 1)
        #expect(m(s, "pg_partitioned_table_gaps", "public", "episodic_events") == 1)
    }

    @Test func identifiersWithQuotesBackslashesNewlinesAndFullLengthAreEscaped() throws {
        let s = try Self.scraped.get()
        let names = try s.fixture.bounds("\"Edge Cases\".\"Events\"").keys.sorted()
        #expect(names.count == 4)
        #expect(names.contains { $0.contains("\"") && $0.contains("\\") }, "fixture: quotes and backslashes")
        #expect(names.contains { $0.contains("\n") }, "fixture: a newline")
        #expect(names.contains { $0.utf8.count == 63 }, "fixture: a 63-byte name")
        for name in names {
            let labels = ["schemaname": "Edge Cases", "relname": "Events", "partition": name]
            #expect(s.metrics.value("pg_partition_total_bytes", labels) != nil, "\(name)")
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            #expect(s.metrics.text.contains("partition=\"\(escaped)\""), "\(name)")
        }
        // Every line of the exposition is a comment or a whole sample: no raw newline escaped a label.
        #expect(s.metrics.text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("pg_") })
    }

    @Test func thePasswordNeverAppearsInLogsOrMetrics() throws {
        let s = try Self.scraped.get()
        #expect(!s.log.contains(PartitionFixture.monitorPassword))
        #expect(!s.metrics.text.contains(PartitionFixture.monitorPassword))
    }

    private func m(_ s: Scraped, _ name: String, _ schema: String, _ table: String) -> Double? {
        s.metrics.value(name, self.table(schema, table))
    }
}
