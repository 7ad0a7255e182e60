import Foundation
import Testing
import TestSupport

/// A real hot standby, streaming from a primary the test starts (`pg_basebackup -R`): the exporter scraping the
/// standby serves the standby's own catalog, and an ACCESS EXCLUSIVE lock that the standby replays from the
/// primary (its startup process holds it) neither stalls nor fails a scrape.
struct StandbyTests {
    /// Time tables, whose counts, bounds and coverage come from `fixture.bounds`.
    static let timeParents = [
        "public.domain_events", "public.audit_log", "public.episodic_events", "rustcare.sessions",
        "rustcare.refresh_tokens", "rustcare.rate_limits", "public.daily_rollups", "public.readings",
        "public.local_months",
    ]
    /// Tables whose sizes are compared, leaf by leaf summed per direct partition.
    static let sizedParents = [
        "public.domain_events", "public.audit_log", "rustcare.sessions", "public.readings", "public.tenants",
        "public.orders", "public.ledger",
    ]

    /// Waits until `standby` has replayed everything `primary` has written so far. A transaction committed with
    /// `synchronous_commit = on` first flushes the primary's WAL (the servers run with it off), so that records of
    /// transactions still open, such as a lock, reach the standby too.
    static func waitForReplay(of primary: TestPostgres, on standby: TestPostgres) throws {
        let lsn = try primary.psql("""
            BEGIN; SET LOCAL synchronous_commit = on; SELECT txid_current() \\g /dev/null
            COMMIT;
            SELECT pg_current_wal_lsn();
            """)
        #expect(try eventually(timeout: 60) {
            try standby.psql("SELECT pg_last_wal_replay_lsn() >= '\(lsn)'::pg_lsn") == "t"
        }, "the standby did not replay up to \(lsn)")
    }

    /// How many direct partitions of `parent` the standby's catalog holds, the default partition left out.
    static func partitionCount(_ parent: String, on fixture: PartitionFixture) throws -> Double {
        try Double(fixture.server.psql("""
            SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '\(parent)'::regclass AND pg_get_expr(c.relpartbound, 0) <> 'DEFAULT'
            """, database: fixture.database))!
    }

    static func labels(_ parent: String, _ partition: String? = nil) -> [String: String] {
        let (schema, name) = PartitionFixture.split(parent)
        var labels = ["schemaname": schema, "relname": name]
        labels["partition"] = partition
        return labels
    }

    /// The fixture's tables with a default partition, and that partition.
    static let defaults = [("rustcare.sessions", "rustcare.sessions_default"),
                           ("public.tenants", "public.tenants_other")]

    /// The rows of each default partition by `count(*)` on `replica`, keyed by parent.
    static func defaultCounts(_ replica: PartitionFixture) throws -> [String: Double] {
        var counts: [String: Double] = [:]
        for (parent, partition) in defaults {
            counts[parent] = try Double(replica.server.psql("SELECT count(*) FROM \(partition)",
                                                            database: replica.database))
        }
        return counts
    }

    /// Every figure of the fixture that the standby's own catalog determines, compared with a scrape of the
    /// standby by the pg_monitor role; `except` names a partition whose sizes the caller checks itself. `nowBefore`
    /// and `nowAfter` are the standby's clock around the scrape; `defaultRows` is `defaultCounts`.
    static func expectFiguresMatch(_ metrics: Exposition, _ replica: PartitionFixture, nowBefore: Double,
                                   nowAfter: Double, except: String? = nil, defaultRows: [String: Double]) throws {
        for parent in timeParents + ["public.tenants", "public.orders", "public.ledger"] {
            #expect(metrics.value("pg_partitioned_table_partitions", labels(parent))
                    == (try partitionCount(parent, on: replica)), "\(parent)")
        }
        for parent in sizedParents {
            let figures = try replica.partitionFigures(parent, excluding: Set([except].compactMap { $0 }))
            #expect(!figures.isEmpty, "\(parent)")
            for (partition, expected) in figures {
                let labels = labels(parent, partition)
                #expect(metrics.value("pg_partition_table_bytes", labels) == expected.table, "\(partition)")
                #expect(metrics.value("pg_partition_index_bytes", labels) == expected.index, "\(partition)")
                #expect(metrics.value("pg_partition_estimated_rows", labels) == expected.rows, "\(partition)")
            }
        }
        for parent in timeParents {
            let bounds = try replica.bounds(parent)
            let sorted = bounds.values.sorted { $0.lower < $1.lower }
            let holes = zip(sorted, sorted.dropFirst()).filter { $0.upper != $1.lower }.count
            #expect(metrics.value("pg_partitioned_table_gaps", labels(parent)) == Double(holes), "\(parent)")
            for (partition, range) in bounds {
                #expect(metrics.value("pg_partition_range_start_timestamp_seconds", labels(parent, partition))
                        == range.lower, "\(partition)")
                #expect(metrics.value("pg_partition_range_end_timestamp_seconds", labels(parent, partition))
                        == range.upper, "\(partition)")
            }
            var end = try #require(sorted.first { $0.lower <= nowBefore && nowBefore < $0.upper }).upper
            while let next = sorted.first(where: { $0.lower == end }) { end = next.upper }
            let coverage = try #require(metrics.value("pg_partitioned_table_future_coverage_seconds", labels(parent)))
            #expect(coverage <= end - nowBefore && coverage >= end - nowAfter, "\(parent): \(coverage)")
        }
        // The pg_monitor role may not SELECT the default partitions: their rows are estimated, from the reltuples
        // that the primary's ANALYZE wrote and the standby replayed (its own n_live_tup reads 0).
        for (parent, _) in defaults {
            #expect(metrics.value("pg_partitioned_table_default_rows", labels(parent)) == defaultRows[parent],
                    "\(parent)")
            #expect(metrics.value("pg_partitioned_table_default_rows_exact", labels(parent)) == 0, "\(parent)")
        }
    }

    @Test func aStandbyServesItsCatalogAndAReplayedLockDoesNotStallAScrape() throws {
        let primary = try TestPostgres(options: ["wal_level=replica", "max_wal_senders=4"])
        defer { primary.destroy() }
        let standby = try TestPostgres(standbyOf: primary)
        defer { standby.destroy() }
        #expect(try standby.psql("SELECT pg_is_in_recovery()") == "t")

        let fixture = try PartitionFixture(server: primary)
        try Self.waitForReplay(of: primary, on: standby)
        let replica = fixture.reading(from: standby)
        let uri = "postgresql://\(PartitionFixture.monitorUser):\(PartitionFixture.monitorPassword)@127.0.0.1:"
            + "\(standby.port)/\(fixture.database)?sslmode=disable"
        let exporter = try ExporterProcess(dataSourceName: uri,
                                           arguments: ["--config.file", try fixture.configurationFile()])
        defer { exporter.stop() }

        // The superuser may SELECT every default partition: it counts them, on the standby too.
        let counting = try ExporterProcess(dataSourceName: standby.conninfo(database: fixture.database),
                                           arguments: ["--config.file", try fixture.configurationFile()])
        defer { counting.stop() }
        let defaultRows = try Self.defaultCounts(replica)
        #expect(defaultRows == ["rustcare.sessions": Double(PartitionFixture.defaultRows), "public.tenants": 40])
        for (_, partition) in Self.defaults {
            #expect(try standby.psql("SELECT pg_stat_get_live_tuples('\(partition)'::regclass)",
                                     database: fixture.database) == "0",
                    "fixture: the standby's statistics hold no live rows of \(partition)")
        }

        let nowBefore = try replica.serverNow()
        let metrics = try exporter.scrape()
        let nowAfter = try replica.serverNow()
        #expect(metrics.value("pg_partition_exporter_up") == 1, "\(exporter.log)")
        #expect(metrics.value("pg_partition_exporter_scrape_errors_total") == 0)
        #expect(metrics.value("pg_partition_exporter_size_errors_total") == 0)
        #expect(metrics.value("pg_partition_exporter_stale_size_partitions") == 0)
        try Self.expectFiguresMatch(metrics, replica, nowBefore: nowBefore, nowAfter: nowAfter,
                                    defaultRows: defaultRows)
        let counted = try counting.scrape()
        for (parent, _) in Self.defaults {
            #expect(counted.value("pg_partitioned_table_default_rows", Self.labels(parent)) == defaultRows[parent])
            #expect(counted.value("pg_partitioned_table_default_rows_exact", Self.labels(parent)) == 1,
                    "\(counting.log)")
        }

        // Grow every orders partition and VACUUM them on the primary: the new relpages, replayed, tell the
        // exporter's size ledger on the standby that each must be measured again. Then lock one of them, as DETACH
        // or DROP would, and wait until the standby's startup process holds that lock too.
        let locked = "orders_p0"
        let before = try #require(metrics.value("pg_partition_total_bytes", Self.labels("public.orders", locked)))
        try primary.psql("INSERT INTO public.orders SELECT g, g FROM generate_series(5001, 9000) g",
                         database: fixture.database)
        try primary.psql("VACUUM public.orders", database: fixture.database)
        try Self.waitForReplay(of: primary, on: standby)
        // Measured before the lock reaches the standby: once it does, the size functions would wait behind it.
        let grown = try #require(try replica.partitionFigures("public.orders")[locked])
        #expect(grown.table + grown.index != before, "fixture: the locked partition grew on the standby")
        let holder = try LockTests.holdAccessExclusiveLock(on: "public.\(locked)", in: fixture.database, of: primary)
        defer { holder.close() }
        try Self.waitForReplay(of: primary, on: standby)
        #expect(try eventually(timeout: 60) {
            try standby.psql("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.relation = 'public.\(locked)'::regclass AND l.granted AND l.mode = 'AccessExclusiveLock'
                  AND a.backend_type = 'startup'
                """, database: fixture.database) == "1"
        }, "the standby's startup process does not hold the replayed lock")

        let deadline = 10.0
        let started = Date()
        let nowLocked = try replica.serverNow()
        let during = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: \(deadline)"],
                                         timeout: deadline + 5)
        let seconds = Date().timeIntervalSince(started)
        let nowUnlocked = try replica.serverNow()
        print("standby scrape with a replayed ACCESS EXCLUSIVE lock held: \(seconds) s")
        #expect(seconds < deadline, "the scrape took \(seconds) s")
        #expect(during.value("pg_partition_exporter_up") == 1, "\(exporter.log)")
        #expect(during.value("pg_partition_exporter_size_errors_total") == 0, "\(exporter.log)")
        // Every orders partition was due again (its relpages changed); of them, only the locked one was skipped.
        #expect(during.value("pg_partition_exporter_stale_size_partitions") == 1)
        #expect(during.value("pg_partition_total_bytes", Self.labels("public.orders", locked)) == before)
        // reltuples as the standby has it now: an autoanalyze on the primary may have replayed between the measure
        // above and the lock (which then keeps any further one away). Reading pg_class takes no lock.
        let rowsNow = try Double(standby.psql(
            "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'public.\(locked)'::regclass",
            database: fixture.database))
        #expect(during.value("pg_partition_estimated_rows", Self.labels("public.orders", locked)) == rowsNow,
                "the catalog's figures of the locked partition are current")
        try Self.expectFiguresMatch(during, replica, nowBefore: nowLocked, nowAfter: nowUnlocked, except: locked,
                                    defaultRows: defaultRows)
        #expect(!exporter.log.contains(PartitionFixture.monitorPassword))

        // A replayed lock on a default partition: the counting role estimates that one, within the deadline, and
        // still counts the other.
        let defaultHolder = try LockTests.holdAccessExclusiveLock(on: "public.tenants_other", in: fixture.database,
                                                                  of: primary)
        defer { defaultHolder.close() }
        try Self.waitForReplay(of: primary, on: standby)
        #expect(try eventually(timeout: 60) {
            try standby.psql("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.relation = 'public.tenants_other'::regclass AND l.granted
                  AND l.mode = 'AccessExclusiveLock' AND a.backend_type = 'startup'
                """, database: fixture.database) == "1"
        }, "the standby's startup process does not hold the replayed lock on the default partition")
        let countStarted = Date()
        let whileLocked = try counting.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: \(deadline)"],
                                              timeout: deadline + 5)
        let countSeconds = Date().timeIntervalSince(countStarted)
        #expect(countSeconds < deadline / 2, "the scrape took \(countSeconds) s")
        #expect(whileLocked.value("pg_partition_exporter_up") == 1, "\(counting.log)")
        #expect(whileLocked.value("pg_partitioned_table_default_rows", Self.labels("public.tenants"))
                == defaultRows["public.tenants"])
        #expect(whileLocked.value("pg_partitioned_table_default_rows_exact", Self.labels("public.tenants")) == 0)
        #expect(whileLocked.value("pg_partitioned_table_default_rows_exact", Self.labels("rustcare.sessions")) == 1)
    }
}
