import Foundation
import Testing
import TestSupport

/// Partition maintenance holds ACCESS EXCLUSIVE locks; a scrape must neither wait behind them nor fail.
struct LockTests {
    /// A monthly table `events` with five partitions (two months back to two ahead) holding some rows.
    static func makeDatabase(_ server: TestPostgres) throws -> String {
        let database = try server.createDatabase(prefix: "locks")
        try server.psql("""
            SET TimeZone = 'UTC';
            CREATE TABLE events (id bigint, at timestamptz NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            DO $$ BEGIN
                FOR i IN -2 .. 2 LOOP
                    EXECUTE format('CREATE TABLE events_%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)', i + 2,
                                   date_trunc('month', now()) + i * interval '1 month',
                                   date_trunc('month', now()) + (i + 1) * interval '1 month');
                END LOOP;
            END $$;
            INSERT INTO events SELECT g, now() - g * interval '1 hour' FROM generate_series(1, 1000) g;
            """, database: database)
        return database
    }

    /// Holds an ACCESS EXCLUSIVE lock on `relation`, as DETACH or DROP would, until the session is closed; returns
    /// once PostgreSQL shows the lock granted.
    static func holdAccessExclusiveLock(on relation: String, in database: String, of server: TestPostgres) throws
        -> BackgroundSession
    {
        let holder = try BackgroundSession(server: server, database: database,
                                           sql: "BEGIN; LOCK TABLE \(relation) IN ACCESS EXCLUSIVE MODE;")
        #expect(try eventually {
            try server.psql("SELECT count(*) FROM pg_locks WHERE relation = '\(relation)'::regclass AND granted "
                            + "AND mode = 'AccessExclusiveLock'", database: database) == "1"
        })
        return holder
    }

    /// Writes rows into `events_<n>` (as made by `makeDatabase`) and waits until PostgreSQL publishes the insert in
    /// its statistics, so that the exporter's size ledger sees the partition as changed and measures it again.
    static func write(into partition: String, in database: String, of server: TestPostgres) throws {
        let month = Int(partition.dropFirst("events_".count))! - 2
        let inserted = "SELECT pg_stat_get_tuples_inserted('\(partition)'::regclass)"
        let before = try server.psql(inserted, database: database)
        try server.psql("""
            INSERT INTO \(partition) SELECT 1000000 + g, date_trunc('month', now()) + \(month) * interval '1 month'
            FROM generate_series(1, 50) g
            """, database: database)
        #expect(try eventually { try server.psql(inserted, database: database) != before })
    }

    static func totalBytes(_ server: TestPostgres, _ database: String, _ partition: String) throws -> Double {
        try Double(server.psql("SELECT pg_total_relation_size('\(partition)')", database: database))!
    }

    static func labels(_ partition: String) -> [String: String] {
        ["relname": "events", "partition": partition]
    }

    @Test func aHeldLockServesTheLastKnownSizeAndNothingElseChanges() throws {
        let server = try TestPostgres.shared
        let database = try Self.makeDatabase(server)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        let before = try Self.totalBytes(server, database, "events_1")
        #expect(try exporter.scrape().value("pg_partition_total_bytes", Self.labels("events_1")) == before)

        // Write to the partition, so that it must be measured again, then hold the lock as DETACH or DROP would, and
        // grow another partition meanwhile.
        try Self.write(into: "events_1", in: database, of: server)
        #expect(try Self.totalBytes(server, database, "events_1") != before)
        let holder = try Self.holdAccessExclusiveLock(on: "events_1", in: database, of: server)
        defer { holder.close() }
        try Self.write(into: "events_3", in: database, of: server)

        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 30"])
        #expect(metrics.value("pg_partition_exporter_up") == 1)
        #expect(metrics.value("pg_partition_exporter_stale_size_partitions") == 1)
        #expect(metrics.value("pg_partition_total_bytes", Self.labels("events_1")) == before)
        for partition in ["events_0", "events_2", "events_3", "events_4"] {
            #expect(metrics.value("pg_partition_total_bytes", Self.labels(partition))
                    == (try Self.totalBytes(server, database, partition)), "\(partition)")
        }
        #expect(metrics.value("pg_partitioned_table_partitions", ["relname": "events"]) == 5)
    }

    /// A DDL statement waiting for its lock queues every later lock request behind it; the size query must skip
    /// the relation rather than join that queue.
    @Test func anAwaitedLockIsSkippedToo() throws {
        let server = try TestPostgres.shared
        let database = try Self.makeDatabase(server)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        _ = try exporter.scrape()
        try Self.write(into: "events_2", in: database, of: server)

        let reader = try BackgroundSession(server: server, database: database,
                                           sql: "BEGIN; SELECT count(*) FROM events_2;")
        defer { reader.close() }
        #expect(try eventually {
            try server.psql("SELECT count(*) FROM pg_locks WHERE relation = 'events_2'::regclass AND granted",
                            database: database) == "1"
        })
        let ddl = try BackgroundSession(server: server, database: database,
                                        sql: "ALTER TABLE events DETACH PARTITION events_2;")
        defer { ddl.close() }
        #expect(try eventually {
            try server.psql("SELECT count(*) FROM pg_locks WHERE relation = 'events_2'::regclass AND NOT granted "
                            + "AND mode = 'AccessExclusiveLock'", database: database) == "1"
        })

        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 30"])
        #expect(metrics.value("pg_partition_exporter_up") == 1, "\(exporter.log)")
        #expect(metrics.value("pg_partition_exporter_stale_size_partitions") == 1)
        #expect(metrics.value("pg_partition_total_bytes", Self.labels("events_3"))
                == (try Self.totalBytes(server, database, "events_3")))
        // The exporter's backend is not among the lock waiters.
        let waiting = try server.psql("""
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.application_name = 'pg_partition_exporter'
            """, database: database)
        #expect(waiting == "0")
    }

    /// A partition locked before the exporter ever read its size has no size series yet, but is still counted.
    @Test func aPartitionLockedBeforeItsFirstScrapeHasNoSizeYet() throws {
        let server = try TestPostgres.shared
        let database = try Self.makeDatabase(server)
        let holder = try BackgroundSession(server: server, database: database,
                                           sql: "BEGIN; LOCK TABLE events_4 IN ACCESS EXCLUSIVE MODE;")
        defer { holder.close() }
        #expect(try eventually {
            try server.psql("SELECT count(*) FROM pg_locks WHERE relation = 'events_4'::regclass AND granted",
                            database: database) == "1"
        })
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 30"])
        #expect(metrics.value("pg_partition_exporter_up") == 1)
        #expect(metrics.value("pg_partition_total_bytes", Self.labels("events_4")) == nil)
        #expect(metrics.value("pg_partition_range_start_timestamp_seconds", Self.labels("events_4")) != nil)
        #expect(metrics.value("pg_partitioned_table_partitions", ["relname": "events"]) == 5)
    }
}
