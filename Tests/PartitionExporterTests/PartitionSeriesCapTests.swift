import Foundation
import Testing
import TestSupport

/// `partition_series: N` on a real table: the N largest partitions keep their series, with the open ones and those
/// past retention, and every table-level figure still counts all of them.
struct PartitionSeriesCapTests {
    @Test func theCapKeepsWhatItSaysAndTheTableFiguresStayWhole() throws {
        let server = try TestPostgres.shared
        let database = try IncrementalSizeTests.makeDatabase(server)
        // Uneven sizes, so that "the two largest" is not decided by names alone.
        try server.psql("INSERT INTO daily SELECT 300000 + g, lower, repeat('z', 2000) FROM generate_series(1, 400) g, "
                        + "(SELECT min(at) AS lower FROM daily_2) b", database: database)
        try server.psql("INSERT INTO daily SELECT 400000 + g, lower, repeat('z', 2000) FROM generate_series(1, 200) g, "
                        + "(SELECT min(at) AS lower FROM daily_6) b", database: database)
        let path = NSTemporaryDirectory() + "ppe-series-\(UUID().uuidString).yml"
        try "defaults:\n  partition_series: 2\n  retention: 3 days\n".write(toFile: path, atomically: true,
                                                                          encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database),
                                           arguments: ["--config.file", path])
        defer { exporter.stop() }
        let metrics = try exporter.scrape()

        // What should stay, from PostgreSQL's own figures and the fixture's construction (daily_i ends at midnight
        // of day i − 4 from today).
        let rows = try server.psql("""
            SET TimeZone = 'UTC';
            SELECT 'daily_' || i, pg_total_relation_size(('daily_' || i)::regclass),
                   date_trunc('day', now()) + (i - 4) * interval '1 day' > now(),
                   date_trunc('day', now()) + (i - 4) * interval '1 day' < now() - interval '3 days'
            FROM generate_series(0, 7) i
            """, database: database)
        var sizes: [String: Double] = [:]
        var open: Set<String> = []
        var overdue: Set<String> = []
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: "|").map(String.init)
            sizes[fields[0]] = Double(fields[1])!
            if fields[2] == "t" { open.insert(fields[0]) }
            if fields[3] == "t" { overdue.insert(fields[0]) }
        }
        let largest = sizes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(2).map(\.key)
        let expected = open.union(overdue).union(largest)
        #expect(expected.count < 8, "the fixture must leave some partitions out")

        let table = ["relname": "daily"]
        for family in ["pg_partition_total_bytes", "pg_partition_table_bytes", "pg_partition_index_bytes",
                       "pg_partition_estimated_rows", "pg_partition_range_end_timestamp_seconds"] {
            #expect(Set(metrics.samples(family, table).compactMap { $0.labels["partition"] }) == expected, "\(family)")
        }
        #expect(metrics.value("pg_partitioned_table_omitted_partition_series", table) == Double(8 - expected.count))
        #expect(metrics.value("pg_partitioned_table_partitions", table) == 8)
        #expect(metrics.value("pg_partitioned_table_total_bytes", table) == sizes.values.reduce(0, +))
        #expect(metrics.value("pg_partitioned_table_largest_partition_bytes", table) == sizes.values.max())
        #expect(metrics.value("pg_partitioned_table_retention_overdue_partitions", table)
                == Double(overdue.count))
    }
}
