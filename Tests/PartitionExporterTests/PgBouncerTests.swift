import Foundation
import Testing
import TestSupport

/// Behind PgBouncer in transaction pooling mode, the server connection is shared with other clients, which leave
/// their session settings on it, and the exporter's own session settings would not survive to its next
/// transaction. The exporter sets what it relies on in each of its transactions, so the figures stay exact and it
/// changes nothing for the others.
@Suite(.serialized)
struct PgBouncerTests {
    /// Another client's session settings, left on the one shared server connection: time zone and date style
    /// change how bounds print (PgBouncer restores these two for each client, but not the others), a negative
    /// extra_float_digits rounds every epoch, and lock_timeout = 0 and statement_timeout = 0 would let a scrape
    /// wait for ever.
    static let pollution = """
        SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'SQL, DMY'; SET IntervalStyle = 'sql_standard';
        SET extra_float_digits = -10; SET lock_timeout = 0; SET statement_timeout = 0; SET search_path = public;
        """

    func psql(_ bouncer: PgBouncerProcess, _ database: String, _ sql: String) throws -> String {
        try runChecked(try Tools.postgresBinDir() + "/psql",
                       ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", bouncer.conninfo(database: database),
                        "-c", sql], timeout: 30).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The fixture's time tables (monthly, weekly, daily; `timestamptz`, `timestamp` and `date` keys; local-midnight
    /// bounds; quoted names) and a list and a hash table, whose figures PostgreSQL itself gives.
    static let parents = ["public.domain_events", "public.audit_log", "rustcare.sessions", "rustcare.refresh_tokens",
                          "public.daily_rollups", "public.local_months", "public.tenants", "public.orders",
                          "\"Edge Cases\".\"Events\""]

    /// Every partition's bounds, sizes and row estimate, as the fixture recorded them and PostgreSQL reports them.
    func expectExact(_ metrics: Exposition, _ fixture: PartitionFixture, round: Int) throws {
        for parent in Self.parents {
            let (schema, name) = PartitionFixture.split(parent)
            let bounds = try fixture.bounds(parent)
            let figures = try fixture.partitionFigures(parent)
            #expect(!figures.isEmpty, "\(parent)")
            for (partition, expected) in figures {
                let labels = ["schemaname": schema, "relname": name, "partition": partition]
                let context = "round \(round): \(parent) \(partition)"
                #expect(metrics.value("pg_partition_table_bytes", labels) == expected.table, "\(context)")
                #expect(metrics.value("pg_partition_index_bytes", labels) == expected.index, "\(context)")
                #expect(metrics.value("pg_partition_estimated_rows", labels) == expected.rows, "\(context)")
                guard let range = bounds[partition] else { continue }
                #expect(metrics.value("pg_partition_range_start_timestamp_seconds", labels) == range.lower, "\(context)")
                #expect(metrics.value("pg_partition_range_end_timestamp_seconds", labels) == range.upper, "\(context)")
            }
        }
        // The superuser may SELECT the default partitions: they are counted through the pool too.
        for (schema, name, partition) in [("rustcare", "sessions", "sessions_default"),
                                          ("public", "tenants", "tenants_other")] {
            let count = try Double(fixture.server.psql("SELECT count(*) FROM \(schema).\(partition)",
                                                       database: fixture.database))
            let labels = ["schemaname": schema, "relname": name]
            #expect(metrics.value("pg_partitioned_table_default_rows", labels) == count, "round \(round): \(name)")
            #expect(metrics.value("pg_partitioned_table_default_rows_exact", labels) == 1, "round \(round): \(name)")
        }
    }

    @Test func transactionPoolingKeepsTheSettingsAndTheFiguresAndLeavesNothingBehind() throws {
        let fixture = try PartitionFixture()
        let bouncer = try PgBouncerProcess(server: fixture.server)
        defer { bouncer.stop() }
        let pooled = try ExporterProcess(dataSourceName: bouncer.conninfo(database: fixture.database),
                                         arguments: ["--config.file", try fixture.configurationFile()])
        defer { pooled.stop() }
        for round in 0..<2 {
            _ = try psql(bouncer, fixture.database, Self.pollution)
            let through = try pooled.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"])
            #expect(through.value("pg_partition_exporter_up") == 1, "round \(round): \(pooled.log)\n\(bouncer.log)")
            try expectExact(through, fixture, round: round)
        }
        // The other client's settings are as it left them: the exporter set nothing for the session.
        #expect(try psql(bouncer, fixture.database, "SHOW lock_timeout") == "0")
        #expect(try psql(bouncer, fixture.database, "SHOW statement_timeout") == "0")
        #expect(try psql(bouncer, fixture.database, "SHOW search_path") == "public")
        #expect(try psql(bouncer, fixture.database, "SHOW extra_float_digits") == "-10")
        #expect(try psql(bouncer, fixture.database, "SHOW default_transaction_read_only") == "off")
    }

    @Test func aHeldLockDoesNotStallAScrapeThroughThePoolWhateverTheSharedTimeouts() throws {
        let server = try TestPostgres.shared
        let database = try LockTests.makeDatabase(server)
        let bouncer = try PgBouncerProcess(server: server)
        defer { bouncer.stop() }
        let exporter = try ExporterProcess(dataSourceName: bouncer.conninfo(database: database))
        defer { exporter.stop() }
        _ = try exporter.scrape()
        try LockTests.write(into: "events_1", in: database, of: server)
        let holder = try LockTests.holdAccessExclusiveLock(on: "events_1", in: database, of: server)
        defer { holder.close() }
        _ = try psql(bouncer, database, Self.pollution)
        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"])
        #expect(metrics.value("pg_partition_exporter_up") == 1, "\(exporter.log)")
        #expect(metrics.value("pg_partition_exporter_stale_size_partitions") == 1)
    }

    /// The count of the default partitions runs under the exporter's own lock_timeout, not the pool's 0: a lock on
    /// one leaves that one estimated, within the deadline, and the others counted.
    @Test func aLockedDefaultPartitionIsEstimatedThroughThePoolWhateverTheSharedTimeouts() throws {
        let server = try TestPostgres.shared
        let (database, counts) = try DefaultRowsTests.makeDatabase(server)
        try server.psql("ANALYZE", database: database)
        let bouncer = try PgBouncerProcess(server: server)
        defer { bouncer.stop() }
        let exporter = try ExporterProcess(dataSourceName: bouncer.conninfo(database: database))
        defer { exporter.stop() }
        let tables = [DefaultRowsTests.events, DefaultRowsTests.odd]
        DefaultRowsTests.expectRows(try exporter.scrape(), counts, exact: ["events", "Mixed Case"], tables: tables,
                                    "unlocked")
        let holder = try LockTests.holdAccessExclusiveLock(on: "public.events_default", in: database, of: server)
        defer { holder.close() }
        _ = try psql(bouncer, database, Self.pollution)
        let started = Date()
        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"])
        let seconds = Date().timeIntervalSince(started)
        #expect(seconds < 5, "the scrape took \(seconds) s")
        DefaultRowsTests.expectRows(metrics, counts, exact: ["Mixed Case"], tables: tables, "locked")
    }
}
