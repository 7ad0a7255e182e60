import PartitionExporterCore
import Testing

@testable import PartitionExporter

/// An exposition split into families, with every structural problem found on the way.
struct ParsedExposition {
    var order: [String] = []
    var types: [String: String] = [:]
    var helps: [String: String] = [:]
    var samples: [String: [String]] = [:]
    var problems: [String] = []

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if !text.isEmpty && !text.hasSuffix("\n") { problems.append("no final newline") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        var current: String?
        var expectTypeFor: String?
        for line in lines {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                let name = String(rest.prefix { $0 != " " })
                if helps[name] != nil { problems.append("second HELP for \(name)") }
                helps[name] = String(rest.dropFirst(name.count + 1))
                expectTypeFor = name
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4 else { problems.append("bad TYPE line: \(line)"); continue }
                let name = String(parts[2])
                if expectTypeFor != name { problems.append("TYPE \(name) not right after its HELP") }
                if types[name] != nil { problems.append("second TYPE for \(name)") }
                types[name] = String(parts[3])
                order.append(name)
                current = name
                expectTypeFor = nil
            } else if line.isEmpty || line.hasPrefix("#") {
                problems.append("unexpected line: '\(line)'")
            } else {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                if name != current { problems.append("sample of \(name) outside its family block: \(line)") }
                samples[name, default: []].append(line)
            }
        }
    }
}

/// The partition collector's families rendered from canned snapshots: names, HELP, order, labels and values.
struct TableMetricsTests {
    static let now = 1_773_576_000.0  // 2026-03-15 12:00:00 UTC

    static func range(_ from: String, _ to: String) -> PartitionBound {
        .range(from: .literal(from), to: .literal(to))
    }

    static func partition(
        _ name: String, _ bound: PartitionBound, _ table: Double?, _ index: Double?, rows: Double,
        estimate: Double? = nil, counted: RowCount? = nil
    ) -> Partition {
        // The statistics' estimate is at least reltuples (it is the larger of it and n_live_tup).
        let sizes = table.map { PartitionSizes(tableBytes: $0, indexBytes: index ?? 0) }
        return Partition(name: name, bound: bound, sizes: sizes, estimatedRows: rows, rowEstimate: estimate ?? rows,
                         countedRows: counted)
    }

    /// Monthly events with April missing and a default partition; a list, a hash and an integer-range table;
    /// a list table on a date key; an excluded table.
    static let snapshot = CatalogSnapshot(database: "app", now: now, tables: [
        PartitionedTable(
            schema: "public", name: "events", strategy: .range, key: "created_at", keyIsTime: true,
            partitions: [
                partition(
                    "events_2026_01", range("2026-01-01 00:00:00+00", "2026-02-01 00:00:00+00"), 8192, 16384,
                    rows: 100, estimate: 100),
                partition(
                    "events_2026_02", range("2026-02-01 00:00:00+00", "2026-03-01 00:00:00+00"), 40960, 8192,
                    rows: 200),
                partition(
                    "events_2026_03", range("2026-03-01 00:00:00+00", "2026-04-01 00:00:00+00"), 53_687_091_200,
                    1_073_741_824, rows: 1_234_567),
                partition(
                    "events_2026_05", range("2026-05-01 00:00:00+00", "2026-06-01 00:00:00+00"), 8192, 8192,
                    rows: 0),
                partition("events_default", .defaultPartition, 8192, 0, rows: 40, estimate: 40, counted: .exact(42)),
            ]),
        PartitionedTable(
            schema: "public", name: "tenants", strategy: .list, key: "region", keyIsTime: false,
            partitions: [
                partition("tenants_eu", .list, 16384, 8192, rows: 10),
                partition("tenants_us", .list, 8192, 0, rows: 5),
            ]),
        PartitionedTable(
            schema: "public", name: "sessions", strategy: .hash, key: "id", keyIsTime: false,
            partitions: [
                partition("sessions_p0", .hash, 1000, 500, rows: 3),
                partition("sessions_p1", .hash, nil, nil, rows: 4),  // sizes unreadable
            ]),
        PartitionedTable(
            schema: "public", name: "readings", strategy: .range, key: "sensor_id", keyIsTime: false, keyIsInteger: true,
            partitions: [
                partition("readings_0", range("0", "1000"), 8192, 8192, rows: 1000),
                partition("readings_1", range("1000", "2000"), 8192, 0, rows: 0),
                partition("readings_default", .defaultPartition, 8192, 0, rows: 6, estimate: 7),
            ]),
        PartitionedTable(
            schema: "public", name: "daily_list", strategy: .list, key: "day", keyIsTime: true,
            partitions: [partition("daily_list_p", .list, 8192, 0, rows: 1)]),
        PartitionedTable(
            schema: "scratch", name: "tmp", strategy: .range, key: "at", keyIsTime: true,
            partitions: [partition("tmp_p", range("2026-01-01", "2026-02-01"), 8192, 0, rows: 1)]),
    ])

    static var configuration: Configuration {
        var configuration = Configuration()
        var events = TableSettings(premake: 3, retention: .months(1), minRetention: .seconds(7 * 86_400),
                                   partitionSeries: .largest(10))
        events.thresholds.partitionSizeWarning = 5 * 1024 * 1024 * 1024
        events.thresholds.partitionCountCritical = 300
        configuration.rules = [
            TableRule(pattern: TablePattern(parsing: "public.events")!, settings: events,
                      keys: [.premake, .retention, .minRetention, .partitionSeries, .partitionSizeWarning,
                             .partitionCountCritical])
        ]
        configuration.exclude = [TablePattern(parsing: "scratch.*")!]
        return configuration
    }

    static let build = ExporterMetrics.BuildInfo(version: "1.2.3", revision: "abc123", swiftVersion: "6.3")

    /// The exposition of the families the partition collector adds for `snapshot`, as it adds them.
    static func exposition(_ snapshot: CatalogSnapshot) -> [UInt8] {
        var samples = MetricSamples()
        let reports = snapshot.tables.compactMap { table in
            configuration.settings(schema: table.schema, table: table.name).map {
                TableReport(table: table, database: snapshot.database, now: snapshot.now, settings: $0)
            }
        }
        TableMetrics.write(reports, into: &samples)
        return samples.exposition
    }

    static func render(_ snapshot: CatalogSnapshot) -> ParsedExposition {
        ParsedExposition(exposition(snapshot))
    }

    static let events = #"datname="app",schemaname="public",relname="events""#
    static let tenants = #"datname="app",schemaname="public",relname="tenants""#
    static let sessions = #"datname="app",schemaname="public",relname="sessions""#
    static let readings = #"datname="app",schemaname="public",relname="readings""#
    static let dailyList = #"datname="app",schemaname="public",relname="daily_list""#

    @Test func familiesAreWellFormedAndGrouped() {
        let parsed = Self.render(Self.snapshot)
        #expect(parsed.problems == [])
        #expect(parsed.order == [
            "pg_partitioned_table_info", "pg_partitioned_table_partitions", "pg_partitioned_table_total_bytes",
            "pg_partitioned_table_largest_partition_bytes", "pg_partitioned_table_default_rows",
            "pg_partitioned_table_default_rows_exact", "pg_partitioned_table_future_coverage_seconds",
            "pg_partitioned_table_coverage_expected", "pg_partitioned_table_missing_future_partitions",
            "pg_partitioned_table_premake", "pg_partitioned_table_integer_headroom_partitions",
            "pg_partitioned_table_interval_seconds",
            "pg_partitioned_table_expected_partitions", "pg_partitioned_table_retention_overdue_partitions",
            "pg_partitioned_table_retention_overdue_bytes", "pg_partitioned_table_gaps",
            "pg_partitioned_table_range_start_timestamp_seconds", "pg_partitioned_table_range_end_timestamp_seconds",
            "pg_partitioned_table_min_retention_seconds", "pg_partitioned_table_retention_floor_timestamp_seconds",
            "pg_partitioned_table_retention_below_minimum", "pg_partitioned_table_unreadable_bounds",
            "pg_partitioned_table_omitted_partition_series",
            "pg_partitioned_table_partition_size_threshold_bytes", "pg_partitioned_table_partition_count_threshold",
            "pg_partition_total_bytes", "pg_partition_table_bytes", "pg_partition_index_bytes",
            "pg_partition_estimated_rows", "pg_partition_range_start_timestamp_seconds",
            "pg_partition_range_end_timestamp_seconds",
        ])
        #expect(parsed.types.allSatisfy { $0.value == "gauge" })
        #expect(parsed.helps.values.allSatisfy { !$0.isEmpty })
    }

    @Test func tableInfo() {
        let parsed = Self.render(Self.snapshot)
        #expect(parsed.samples["pg_partitioned_table_info"] == [
            "pg_partitioned_table_info{\(Self.events),strategy=\"range\",key=\"created_at\",interval=\"1 mon\"} 1",
            "pg_partitioned_table_info{\(Self.tenants),strategy=\"list\",key=\"region\",interval=\"\"} 1",
            "pg_partitioned_table_info{\(Self.sessions),strategy=\"hash\",key=\"id\",interval=\"\"} 1",
            "pg_partitioned_table_info{\(Self.readings),strategy=\"range\",key=\"sensor_id\",interval=\"\"} 1",
            "pg_partitioned_table_info{\(Self.dailyList),strategy=\"list\",key=\"day\",interval=\"\"} 1",
        ])
    }

    @Test func tableGaugesForEveryTable() {
        let parsed = Self.render(Self.snapshot)
        func lines(_ family: String, _ values: [String]) -> [String] {
            zip([Self.events, Self.tenants, Self.sessions, Self.readings, Self.dailyList], values)
                .map { "\(family){\($0)} \($1)" }
        }
        #expect(
            parsed.samples["pg_partitioned_table_partitions"]
                == lines("pg_partitioned_table_partitions", ["4", "2", "2", "2", "1"]))
        // events: 24576 + 49152 + 54760833024 + 16384 + 8192 (default); tenants 24576 + 8192; ...
        #expect(
            parsed.samples["pg_partitioned_table_total_bytes"]
                == lines("pg_partitioned_table_total_bytes", ["54760931328", "32768", "1500", "32768", "8192"]))
        #expect(
            parsed.samples["pg_partitioned_table_largest_partition_bytes"]
                == lines(
                    "pg_partitioned_table_largest_partition_bytes", ["54760833024", "24576", "1500", "16384", "8192"]))
    }

    /// Every table gets the thresholds in effect, one series per severity: events its own warning size and critical
    /// count, the others the seeds' 500 MiB / 10 GiB / 50 GiB and 100 / 500.
    @Test func thresholdsInEffectForEveryTable() {
        let parsed = Self.render(Self.snapshot)
        let (mebibyte, gibibyte) = (1024 * 1024, 1024 * 1024 * 1024)
        func sizes(_ table: String, _ warning: Int) -> [String] {
            zip(["info", "warning", "critical"], [500 * mebibyte, warning, 50 * gibibyte]).map {
                "pg_partitioned_table_partition_size_threshold_bytes{\(table),severity=\"\($0)\"} \($1)"
            }
        }
        func counts(_ table: String, _ critical: Int) -> [String] {
            zip(["warning", "critical"], [100, critical]).map {
                "pg_partitioned_table_partition_count_threshold{\(table),severity=\"\($0)\"} \($1)"
            }
        }
        let others = [Self.tenants, Self.sessions, Self.readings, Self.dailyList]
        #expect(parsed.samples["pg_partitioned_table_partition_size_threshold_bytes"]
                == sizes(Self.events, 5 * gibibyte) + others.flatMap { sizes($0, 10 * gibibyte) })
        #expect(parsed.samples["pg_partitioned_table_partition_count_threshold"]
                == counts(Self.events, 300) + others.flatMap { counts($0, 500) })
    }

    /// events' default partition was counted (42, where the statistics said 40); readings' was not (7).
    @Test func defaultRowsOnlyWithADefaultPartition() {
        let parsed = Self.render(Self.snapshot)
        #expect(parsed.samples["pg_partitioned_table_default_rows"] == [
            "pg_partitioned_table_default_rows{\(Self.events)} 42",
            "pg_partitioned_table_default_rows{\(Self.readings)} 7",
        ])
        #expect(parsed.samples["pg_partitioned_table_default_rows_exact"] == [
            "pg_partitioned_table_default_rows_exact{\(Self.events)} 1",
            "pg_partitioned_table_default_rows_exact{\(Self.readings)} 0",
        ])
    }

    /// A count that saw every row is served as it is; one stopped at its limit is a lower bound, served as an
    /// estimate when the statistics say less; without a count, the statistics' estimate.
    @Test func defaultRowsAreCountedOrEstimated() {
        let limit = 100
        #expect(RowCount(counted: 100, limit: limit) == .exact(100))
        #expect(RowCount(counted: 0, limit: limit) == .exact(0))
        #expect(RowCount(counted: 101, limit: limit) == .atLeast(101))
        #expect(TableReport.servedRows(estimate: 0, counted: .exact(300)) == (300, true))
        #expect(TableReport.servedRows(estimate: 500, counted: .exact(0)) == (0, true))
        #expect(TableReport.servedRows(estimate: 0, counted: .atLeast(101)) == (101, false))
        #expect(TableReport.servedRows(estimate: 250_000, counted: .atLeast(101)) == (250_000, false))
        #expect(TableReport.servedRows(estimate: 12, counted: nil) == (12, false))
    }

    /// Only `public.events` is range-partitioned on a time key. Now is 2026-03-15 12:00.
    @Test func timeGaugesOnlyForTimeRangeTables() {
        let parsed = Self.render(Self.snapshot)
        let expected: [String: String] = [
            // Covered up to 2026-04-01 (1775001600): April is missing.
            "pg_partitioned_table_future_coverage_seconds": "1425600",
            // March, April, May, June needed; April and June missing.
            "pg_partitioned_table_missing_future_partitions": "2",
            "pg_partitioned_table_coverage_expected": "1",
            // Cutoff 2026-02-15 12:00: only January (upper 2026-02-01) is past it.
            "pg_partitioned_table_retention_overdue_partitions": "1",
            "pg_partitioned_table_retention_overdue_bytes": "24576",
            "pg_partitioned_table_gaps": "1",
            "pg_partitioned_table_range_start_timestamp_seconds": "1767225600",
            "pg_partitioned_table_range_end_timestamp_seconds": "1780272000",
            // One month of 30.436875 days; retention 1 month: 1 period kept, the current one, premake 3, one to drop.
            "pg_partitioned_table_interval_seconds": "2629746",
            "pg_partitioned_table_expected_partitions": "6",
            // min_retention 7 days: 604800 s, floor 2026-03-08 12:00 (1772971200); retention 1 month is longer.
            "pg_partitioned_table_min_retention_seconds": "604800",
            "pg_partitioned_table_retention_floor_timestamp_seconds": "1772971200",
            "pg_partitioned_table_retention_below_minimum": "0",
        ]
        for (family, value) in expected {
            #expect(parsed.samples[family] == ["\(family){\(Self.events)} \(value)"], "\(family)")
        }
        // readings, on an integer id: rows in readings_0 only, so readings_1 is its one partition of headroom.
        #expect(parsed.samples["pg_partitioned_table_premake"] == [
            "pg_partitioned_table_premake{\(Self.events)} 3", "pg_partitioned_table_premake{\(Self.readings)} 3",
        ])
        #expect(parsed.samples["pg_partitioned_table_integer_headroom_partitions"] == [
            "pg_partitioned_table_integer_headroom_partitions{\(Self.readings)} 1",
        ])
    }

    @Test func partitionSizes() {
        let parsed = Self.render(Self.snapshot)
        func label(_ table: String, _ partition: String) -> String { "{\(table),partition=\"\(partition)\"}" }
        let withSizes: [(String, String, String, String, String)] = [
            (Self.events, "events_2026_01", "24576", "8192", "16384"),
            (Self.events, "events_2026_02", "49152", "40960", "8192"),
            (Self.events, "events_2026_03", "54760833024", "53687091200", "1073741824"),
            (Self.events, "events_2026_05", "16384", "8192", "8192"),
            (Self.events, "events_default", "8192", "8192", "0"),
            (Self.tenants, "tenants_eu", "24576", "16384", "8192"),
            (Self.tenants, "tenants_us", "8192", "8192", "0"),
            (Self.sessions, "sessions_p0", "1500", "1000", "500"),
            (Self.readings, "readings_0", "16384", "8192", "8192"),
            (Self.readings, "readings_1", "8192", "8192", "0"),
            (Self.readings, "readings_default", "8192", "8192", "0"),
            (Self.dailyList, "daily_list_p", "8192", "8192", "0"),
        ]
        #expect(
            parsed.samples["pg_partition_total_bytes"]
                == withSizes.map { "pg_partition_total_bytes\(label($0.0, $0.1)) \($0.2)" })
        #expect(
            parsed.samples["pg_partition_table_bytes"]
                == withSizes.map { "pg_partition_table_bytes\(label($0.0, $0.1)) \($0.3)" })
        #expect(
            parsed.samples["pg_partition_index_bytes"]
                == withSizes.map { "pg_partition_index_bytes\(label($0.0, $0.1)) \($0.4)" })
        // Unreadable sizes leave sessions_p1 out of the size families but not out of the row estimate.
        #expect(parsed.samples["pg_partition_estimated_rows"]?.contains(
            "pg_partition_estimated_rows\(label(Self.sessions, "sessions_p1")) 4") == true)
    }

    @Test func partitionRowsAndRanges() {
        let parsed = Self.render(Self.snapshot)
        func label(_ table: String, _ partition: String) -> String { "{\(table),partition=\"\(partition)\"}" }
        let rows: [(String, String, String)] = [
            (Self.events, "events_2026_01", "100"), (Self.events, "events_2026_02", "200"),
            (Self.events, "events_2026_03", "1234567"), (Self.events, "events_2026_05", "0"),
            (Self.events, "events_default", "40"), (Self.tenants, "tenants_eu", "10"),
            (Self.tenants, "tenants_us", "5"),
            (Self.sessions, "sessions_p0", "3"), (Self.sessions, "sessions_p1", "4"),
            (Self.readings, "readings_0", "1000"), (Self.readings, "readings_1", "0"),
            (Self.readings, "readings_default", "6"), (Self.dailyList, "daily_list_p", "1"),
        ]
        #expect(
            parsed.samples["pg_partition_estimated_rows"]
                == rows.map { "pg_partition_estimated_rows\(label($0.0, $0.1)) \($0.2)" })
        // Epoch seconds of 2026-01-01, 02-01, 03-01, 04-01, 05-01, 06-01 from `date -u`.
        let bounds: [(String, String, String)] = [
            ("events_2026_01", "1767225600", "1769904000"),
            ("events_2026_02", "1769904000", "1772323200"),
            ("events_2026_03", "1772323200", "1775001600"),
            ("events_2026_05", "1777593600", "1780272000"),
        ]
        #expect(
            parsed.samples["pg_partition_range_start_timestamp_seconds"]
                == bounds.map { "pg_partition_range_start_timestamp_seconds\(label(Self.events, $0.0)) \($0.1)" })
        #expect(
            parsed.samples["pg_partition_range_end_timestamp_seconds"]
                == bounds.map { "pg_partition_range_end_timestamp_seconds\(label(Self.events, $0.0)) \($0.2)" })
    }

    @Test func excludedTableIsAbsent() {
        let text = String(decoding: Self.exposition(Self.snapshot), as: UTF8.self)
        #expect(!text.contains("scratch"))
        #expect(!text.contains("tmp_p"))
    }

    @Test func snapshotWithoutTablesAddsNothing() {
        let parsed = Self.render(CatalogSnapshot(database: "app", now: Self.now, tables: []))
        #expect(parsed.problems == [])
        #expect(parsed.order == [])
    }

    @Test func labelValuesAreEscaped() {
        let snapshot = CatalogSnapshot(database: "d\"b", now: Self.now, tables: [
            PartitionedTable(
                schema: #"we"ird"#, name: #"back\slash"#, strategy: .list, key: "a, \"b\"", keyIsTime: false,
                partitions: [Self.partition("line\nbreak", .list, 1, 2, rows: 3)])
        ])
        let parsed = Self.render(snapshot)
        #expect(parsed.problems == [])
        #expect(parsed.samples["pg_partitioned_table_info"] == [
            #"pg_partitioned_table_info{datname="d\"b",schemaname="we\"ird",relname="back\\slash","#
                + #"strategy="list",key="a, \"b\"",interval=""} 1"#
        ])
        #expect(parsed.samples["pg_partition_total_bytes"] == [
            #"pg_partition_total_bytes{datname="d\"b",schemaname="we\"ird",relname="back\\slash","#
                + #"partition="line\nbreak"} 3"#
        ])
    }
}

struct TableReportTests {
    /// A time table whose sizes are all unknown, with a MINVALUE and a MAXVALUE partition and a configured interval.
    @Test func unboundedPartitionsAndConfiguredInterval() throws {
        let table = PartitionedTable(
            schema: "s", name: "t", strategy: .range, key: "day", keyIsTime: true,
            partitions: [
                Partition(
                    name: "old", bound: .range(from: .minValue, to: .literal("2026-01-01")), sizes: nil,
                    estimatedRows: 0, rowEstimate: 0),
                Partition(
                    name: "new", bound: .range(from: .literal("2026-01-01"), to: .maxValue), sizes: nil,
                    estimatedRows: 0, rowEstimate: 0),
            ])
        let report = TableReport(
            table: table, database: "db", now: 1_773_576_000, settings: TableSettings(interval: .seconds(86_400)))
        #expect(report.intervalText == "1 day")
        #expect(report.partitionCount == 2)
        #expect(report.totalBytes == 0)
        #expect(report.largestPartitionBytes == 0)
        #expect(report.defaultRows == nil && report.defaultRowsExact == nil)
        let time = try #require(report.time)
        #expect(time.futureCoverageSeconds == .infinity)
        #expect(time.missingFuturePartitions == 0)
        #expect(time.rangeStart == -.infinity)
        #expect(time.rangeEnd == .infinity)
        #expect(time.gaps == 0)
        #expect(report.partitions.map(\.rangeStart) == [-.infinity, 1_767_225_600])
        #expect(report.partitions.map(\.rangeEnd) == [1_767_225_600, .infinity])
    }

    /// No interval can be detected from a single MINVALUE-to-MAXVALUE partition and none is configured.
    @Test func undetectableInterval() throws {
        let table = PartitionedTable(
            schema: "s", name: "t", strategy: .range, key: "at", keyIsTime: true,
            partitions: [
                Partition(
                    name: "all", bound: .range(from: .minValue, to: .maxValue),
                    sizes: PartitionSizes(tableBytes: 1, indexBytes: 2), estimatedRows: 0, rowEstimate: 0)
            ])
        let report = TableReport(table: table, database: "db", now: 0, settings: TableSettings())
        #expect(report.intervalText == "")
        let time = try #require(report.time)
        #expect(time.missingFuturePartitions == nil)
        #expect(report.totalBytes == 3)
    }
}

/// The headroom of integer-keyed range tables and the report of bounds that do not parse, on canned tables.
struct IntegerHeadroomTests {
    static func ids(_ rows: [(from: RangeBoundValue, to: RangeBoundValue, estimated: Double, live: Double)],
                    key integer: Bool = true, extra: [Partition] = []) -> PartitionedTable {
        PartitionedTable(
            schema: "public", name: "ids", strategy: .range, key: "id", keyIsTime: false, keyIsInteger: integer,
            partitions: rows.enumerated().map { index, row in
                Partition(name: "ids_p\(index)", bound: .range(from: row.from, to: row.to), sizes: nil,
                          estimatedRows: row.estimated, rowEstimate: max(row.estimated, row.live))
            } + extra)
    }

    static func report(_ table: PartitionedTable, epoch: Epoch? = nil) -> TableReport {
        TableReport(table: table, database: "app", now: 0, settings: TableSettings(epoch: epoch))
    }

    static let thousands: [(from: RangeBoundValue, to: RangeBoundValue)] = (0..<5).map {
        (.literal("\($0 * 1000)"), .literal("\($0 * 1000 + 1000)"))
    }

    /// Rows in p0 and p1 (p1 known only to n_live_tup, as before its first analyze): p2, p3 and p4 are ahead.
    @Test func partitionsAboveTheNewestHoldingRows() {
        let rows: [(Double, Double)] = [(500, 500), (0, 12), (0, 0), (0, 0), (0, 0)]
        let table = Self.ids(zip(Self.thousands, rows).map { ($0.from, $0.to, $1.0, $1.1) })
        #expect(Self.report(table).integerHeadroom == 3)
        #expect(!Self.report(table).hasNoRangeGauges)
    }

    /// Nothing written yet: every partition is ahead. Rows in the last: none is.
    @Test func emptyAndFullTables() {
        let empty = Self.ids(Self.thousands.map { ($0.from, $0.to, 0, 0) })
        #expect(Self.report(empty).integerHeadroom == 5)
        let full = Self.ids(Self.thousands.enumerated().map { ($1.from, $1.to, $0 == 4 ? 1 : 0, 0) })
        #expect(Self.report(full).integerHeadroom == 0)
    }

    /// A partition up to MAXVALUE takes every id: no insert can run past the last partition.
    @Test func maxValueIsUnbounded() {
        let table = Self.ids([(.minValue, .literal("1000"), 5, 5), (.literal("1000"), .maxValue, 0, 0)])
        #expect(Self.report(table).integerHeadroom == .infinity)
    }

    /// Epoch time gets the time gauges instead; a text key gets neither, and says so.
    @Test func onlyForIntegerKeysThatAreNotEpochTime() {
        let seconds = Self.ids(Self.thousands.map { ($0.from, $0.to, 0, 0) })
        #expect(Self.report(seconds, epoch: .seconds).integerHeadroom == nil)
        #expect(Self.report(seconds, epoch: .seconds).time != nil)
        let text = Self.ids([(.literal("a"), .literal("m"), 1, 1)], key: false)
        #expect(Self.report(text).integerHeadroom == nil)
        #expect(Self.report(text).hasNoRangeGauges)
    }

    /// A bound that did not parse is counted, not taken for a list partition, and leaves the headroom unknown.
    @Test func unreadableBoundsAreCounted() {
        let table = Self.ids(Self.thousands.map { ($0.from, $0.to, 0, 0) }, extra: [
            Partition(name: "ids_odd", bound: .unreadable, sizes: nil, estimatedRows: 0, rowEstimate: 0),
        ])
        let report = Self.report(table)
        #expect(report.unreadableBounds == 1)
        #expect(report.integerHeadroom == nil)
        #expect(report.hasNoRangeGauges)
        #expect(Self.report(Self.ids(Self.thousands.map { ($0.from, $0.to, 0, 0) })).unreadableBounds == 0)
    }
}

/// Which time tables must cover now: all but archives and quiet pg_partman tables.
struct CoverageExpectedTests {
    /// Now 2026-03-15 12:00; daily partitions from 03-10 to 03-18, rows up to `rowsUntil` (exclusive, a day),
    /// and a default partition holding `defaultRows`.
    static func report(rowsUntil: Int, defaultRows: Double = 0, archive: Bool = false, infinite: Bool = true)
        -> TableReport
    {
        func day(_ d: Int) -> RangeBoundValue { .literal("2026-03-\(d) 00:00:00+00") }
        var partitions = (10..<18).map { d in
            Partition(name: "p\(d)", bound: .range(from: day(d), to: day(d + 1)), sizes: nil,
                      estimatedRows: 0, rowEstimate: d < rowsUntil ? 100 : 0)
        }
        partitions.append(Partition(name: "p_default", bound: .defaultPartition, sizes: nil, estimatedRows: 0,
                                    rowEstimate: defaultRows))
        let table = PartitionedTable(schema: "public", name: "t", strategy: .range, key: "at", keyIsTime: true,
                                     partitions: partitions)
        var settings = TableSettings()
        settings.archive = archive
        settings.infiniteTimePartitions = infinite
        return TableReport(table: table, database: "app", now: 1_773_576_000, settings: settings)
    }

    @Test func everyTableByDefault() {
        #expect(Self.report(rowsUntil: 10).coverageExpected == 1)
        #expect(Self.report(rowsUntil: 16).coverageExpected == 1)
    }

    @Test func anArchiveNeedNotCoverNow() {
        #expect(Self.report(rowsUntil: 16, archive: true).coverageExpected == 0)
    }

    /// infinite_time_partitions false: quiet while no partition that has not ended holds rows (rows up to 03-14
    /// end before now); rows today, or rows in the default partition, mean the table receives data again.
    @Test func aQuietPartmanTableNeedNotCoverNowUntilRowsArrive() {
        #expect(Self.report(rowsUntil: 15, infinite: false).coverageExpected == 0)
        #expect(Self.report(rowsUntil: 16, infinite: false).coverageExpected == 1)
        #expect(Self.report(rowsUntil: 15, defaultRows: 3, infinite: false).coverageExpected == 1)
    }

    @Test func onlyTimeTablesSayIt() {
        let list = PartitionedTable(schema: "public", name: "l", strategy: .list, key: "k", keyIsTime: false,
                                    partitions: [])
        #expect(TableReport(table: list, database: "app", now: 0, settings: TableSettings()).coverageExpected == nil)
    }

    @Test func theYAMLSetsArchiveAndPartmanTheRest() throws {
        let configuration = try Configuration(yaml: """
            tables:
              - name: public.audit_2019
                archive: true
            """, file: "c.yml")
        #expect(configuration.settings(schema: "public", table: "audit_2019")?.archive == true)
        #expect(configuration.settings(schema: "public", table: "other")?.archive == false)
        let quiet = configuration.resolve(schema: "public", table: "events",
                                          partman: PartmanSettings(infiniteTimePartitions: false))
        #expect(quiet?.settings.infiniteTimePartitions == false)
        do {
            _ = try Configuration(yaml: "tables:\n  - name: a.b\n    archive: yes please", file: "c.yml")
            Issue.record("accepted a bad archive")
        } catch {
            #expect(error.description == "c.yml:3: tables[0].archive: expected true or false, got 'yes please'")
        }
    }
}
