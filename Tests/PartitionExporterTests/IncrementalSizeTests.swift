import Foundation
import Testing
import TestSupport

/// Sizes are measured again only for partitions that changed, yet every served size is exact: after writes, rewrites
/// and new indexes once PostgreSQL records them, and within `--sizes.max-age` for what it does not record.
struct IncrementalSizeTests {
    static let partitions = (0..<8).map { "daily_\($0)" }

    /// A daily table `daily` with eight partitions from five days back, each with rows, a primary key and a TOAST
    /// table.
    static func makeDatabase(_ server: TestPostgres) throws -> String {
        let database = try server.createDatabase(prefix: "ledger")
        try server.psql("""
            SET TimeZone = 'UTC';
            CREATE TABLE daily (id bigint, at timestamptz NOT NULL, payload text, PRIMARY KEY (id, at))
                PARTITION BY RANGE (at);
            DO $$ BEGIN
                FOR i IN 0 .. 7 LOOP
                    EXECUTE format('CREATE TABLE daily_%s PARTITION OF daily FOR VALUES FROM (%L) TO (%L)', i,
                                   date_trunc('day', now()) + (i - 5) * interval '1 day',
                                   date_trunc('day', now()) + (i - 4) * interval '1 day');
                END LOOP;
            END $$;
            INSERT INTO daily SELECT g, date_trunc('day', now()) + (g % 8 - 5) * interval '1 day' + g * interval '1 s',
                                     repeat(md5(g::text), 8)
            FROM generate_series(1, 16000) g;
            """, database: database)
        return database
    }

    /// What PostgreSQL itself says of each partition: (`pg_table_size`, `pg_indexes_size`).
    static func sizes(_ server: TestPostgres, _ database: String) throws -> [String: (table: Double, index: Double)] {
        try PartitionFixture.partitionFigures("daily", server: server, database: database)
            .mapValues { (table: $0.table, index: $0.index) }
    }

    static func served(_ metrics: Exposition, _ partition: String) -> (table: Double?, index: Double?) {
        let labels = ["relname": "daily", "partition": partition]
        return (metrics.value("pg_partition_table_bytes", labels), metrics.value("pg_partition_index_bytes", labels))
    }

    @Test func everyServedSizeIsExactAfterWritesRewritesAndNewIndexes() throws {
        let server = try TestPostgres.shared
        let database = try Self.makeDatabase(server)
        try server.psql("DELETE FROM daily_5 WHERE id % 2 = 0", database: database)  // dead rows for VACUUM FULL
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        let before = try Self.sizes(server, database)
        let first = try exporter.scrape()
        for partition in Self.partitions {
            #expect(Self.served(first, partition) == (before[partition]?.table, before[partition]?.index), "\(partition)")
        }

        // Each statement in its own session, as applications and maintenance jobs run them. First the writes, whose
        // statistics PostgreSQL publishes as each session ends.
        try server.psql("INSERT INTO daily_1 SELECT 100000 + g, lower, repeat('x', 3000) FROM generate_series(1, 300) g, "
                        + "(SELECT min(at) AS lower FROM daily_1) b", database: database)
        try server.psql("UPDATE daily_2 SET payload = payload || 'y' WHERE id % 3 = 0", database: database)
        try server.psql("DELETE FROM daily_7", database: database)
        Thread.sleep(forTimeInterval: 2)
        let written = try Self.sizes(server, database)
        try Self.expectExact(try exporter.scrape(), written, changedFrom: before, in: ["daily_1", "daily_2"])

        // Then maintenance, which rewrites, truncates and indexes files without writing a row.
        try server.psql("VACUUM daily_7", database: database)
        try server.psql("VACUUM FULL daily_5", database: database)
        try server.psql("TRUNCATE daily_6", database: database)
        try server.psql("CREATE INDEX daily_4_payload ON daily_4 (payload)", database: database)
        try server.psql("REINDEX TABLE daily_3", database: database)
        Thread.sleep(forTimeInterval: 2)
        let maintained = try Self.sizes(server, database)
        let metrics = try exporter.scrape()
        // REINDEX of freshly built indexes may keep their size, so daily_3 need not change.
        try Self.expectExact(metrics, maintained, changedFrom: written, in: ["daily_4", "daily_5", "daily_6", "daily_7"])
        #expect(metrics.value("pg_partition_exporter_stale_size_partitions") == 0)
        let age = try #require(metrics.value("pg_partition_exporter_size_age_seconds", ["datname": database]))
        #expect(age >= 0 && age < 300)
    }

    /// Every partition is served exactly as PostgreSQL sizes it, and the fixture did change the `changed` ones.
    static func expectExact(_ metrics: Exposition, _ sizes: [String: (table: Double, index: Double)],
                            changedFrom earlier: [String: (table: Double, index: Double)], in changed: [String]) throws {
        for partition in changed {
            #expect(sizes[partition]!.table != earlier[partition]!.table
                    || sizes[partition]!.index != earlier[partition]!.index,
                    "\(partition) did not change: the fixture proves nothing")
        }
        for partition in partitions {
            #expect(served(metrics, partition) == (sizes[partition]?.table, sizes[partition]?.index),
                    "\(partition): served \(served(metrics, partition)), PostgreSQL says \(sizes[partition]!)")
        }
    }

    /// Bounds are deparsed again only for partitions whose catalog row changed, and such a change is never missed:
    /// a partition detached and attached again over another range is served with its new range.
    @Test func aBoundChangedByDetachAndAttachIsReadAgain() throws {
        let server = try TestPostgres.shared
        let database = try Self.makeDatabase(server)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        let labels = ["relname": "daily", "partition": "daily_7"]
        let start = "pg_partition_range_start_timestamp_seconds"
        let before = try #require(try exporter.scrape().value(start, labels))
        try server.psql("""
            ALTER TABLE daily DETACH PARTITION daily_7;
            DELETE FROM daily_7;
            ALTER TABLE daily ATTACH PARTITION daily_7 FOR VALUES FROM ('2001-01-01 00:00:00+00') TO ('2001-01-02 00:00:00+00');
            """, database: database)
        let expected = try Double(server.psql("SELECT extract(epoch FROM timestamptz '2001-01-01 00:00:00+00')",
                                              database: database))!
        #expect(expected != before)
        #expect(try exporter.scrape().value(start, labels) == expected)
    }

    /// A bulk load not yet committed grows the files, but PostgreSQL counts its rows only at commit: the rolling
    /// refresh catches it within `--sizes.max-age`.
    @Test func anUncommittedBulkLoadIsExactWithinTheMaximumAge() throws {
        let server = try TestPostgres.shared
        let database = try Self.makeDatabase(server)
        let maxAge = 3.0
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database),
                                           arguments: ["--sizes.max-age", "3s"])
        defer { exporter.stop() }
        let before = try Self.sizes(server, database)
        _ = try exporter.scrape()

        let load = try BackgroundSession(server: server, database: database, sql: """
            BEGIN;
            INSERT INTO daily_3 SELECT 200000 + g, lower, repeat(md5(g::text), 8) FROM generate_series(1, 20000) g,
                (SELECT min(at) AS lower FROM daily_3) b;
            """)
        defer { load.close() }
        #expect(try eventually {
            let now = try Self.sizes(server, database)["daily_3"]!
            return now.table > before["daily_3"]!.table * 2 && now.index > before["daily_3"]!.index
        })
        // The load is complete (its INSERT returned when its sizes stopped growing) but uncommitted.
        #expect(try eventually {
            try server.psql("SELECT state FROM pg_stat_activity WHERE query LIKE 'INSERT INTO daily_3%'",
                            database: database) == "idle in transaction"
        })
        let loaded = Date()
        var exactAfterMaxAge = 0
        while Date().timeIntervalSince(loaded) < maxAge + 2 {
            let metrics = try exporter.scrape()
            let now = try Self.sizes(server, database)
            let age = try #require(metrics.value("pg_partition_exporter_size_age_seconds", ["datname": database]))
            #expect(age < maxAge, "a served size is older than --sizes.max-age")
            // Half a second of slack for the clocks of the test and of the database server.
            if Date().timeIntervalSince(loaded) > maxAge + 0.5 {
                #expect(Self.served(metrics, "daily_3") == (now["daily_3"]!.table, now["daily_3"]!.index))
                exactAfterMaxAge += 1
            }
            Thread.sleep(forTimeInterval: 0.4)
        }
        #expect(exactAfterMaxAge >= 2)
        // Still uncommitted, so the statistics never counted the rows: only the age could have caught it.
        #expect(try server.psql("SELECT pg_stat_get_tuples_inserted('daily_3'::regclass) < 20000", database: database)
                == "t")
    }
}
