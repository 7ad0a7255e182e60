import Foundation
import Testing
import TestSupport

/// `pg_partitioned_table_default_rows` from the real exporter: an exact count where its role may SELECT the default
/// partition, an estimate from `reltuples` and `n_live_tup` where it may not, each said by
/// `pg_partitioned_table_default_rows_exact`; neither a statistics reset nor a lock makes it read 0 or stall.
/// Expected rows are the `count(*)` each test runs itself.
struct DefaultRowsTests {
    /// Range tables whose default partitions hold rows: a plain one; a sub-partitioned one (hash, two leaves), whose
    /// rows `ONLY` would miss; one with names that need quoting; one under row-level security, which hides its
    /// rows from every role that does not own it or bypass it, `pg_read_all_data` included.
    static let schema = #"""
        SET client_min_messages = warning;
        CREATE TABLE public.events (id bigint NOT NULL, at bigint NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE public.events_0 PARTITION OF public.events FOR VALUES FROM (0) TO (1000);
        CREATE TABLE public.events_default PARTITION OF public.events DEFAULT;
        CREATE INDEX ON public.events (id);
        INSERT INTO public.events SELECT g, 1000000 + g FROM generate_series(1, 300) g;
        INSERT INTO public.events SELECT g, g FROM generate_series(1, 50) g;

        CREATE TABLE public.nested (id bigint NOT NULL, at bigint NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE public.nested_0 PARTITION OF public.nested FOR VALUES FROM (0) TO (1000);
        CREATE TABLE public.nested_default PARTITION OF public.nested DEFAULT PARTITION BY HASH (id);
        CREATE TABLE public.nested_default_h0 PARTITION OF public.nested_default
            FOR VALUES WITH (MODULUS 2, REMAINDER 0);
        CREATE TABLE public.nested_default_h1 PARTITION OF public.nested_default
            FOR VALUES WITH (MODULUS 2, REMAINDER 1);
        INSERT INTO public.nested SELECT g, 5000 + g FROM generate_series(1, 120) g;

        CREATE SCHEMA "Odd ""Schema""";
        CREATE TABLE "Odd ""Schema"""."Mixed Case" (at bigint NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE "Odd ""Schema"""."Mixed Case 0" PARTITION OF "Odd ""Schema"""."Mixed Case"
            FOR VALUES FROM (0) TO (10);
        CREATE TABLE "Odd ""Schema"""."Default; Rows" PARTITION OF "Odd ""Schema"""."Mixed Case" DEFAULT;
        INSERT INTO "Odd ""Schema"""."Mixed Case" SELECT 100 + g FROM generate_series(1, 25) g;

        CREATE TABLE public.secured (at bigint NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE public.secured_0 PARTITION OF public.secured FOR VALUES FROM (0) TO (10);
        CREATE TABLE public.secured_default PARTITION OF public.secured DEFAULT;
        INSERT INTO public.secured SELECT 100 + g FROM generate_series(1, 30) g;
        ALTER TABLE public.secured_default ENABLE ROW LEVEL SECURITY;
        """#

    /// Each table: its labels, its default partition (as SQL names it), and that partition's leaves.
    struct Table {
        var schema: String, name: String, defaultPartition: String, leaves: [String]
        var labels: [String: String] { ["schemaname": schema, "relname": name] }
    }

    static let events = Table(schema: "public", name: "events", defaultPartition: "public.events_default",
                              leaves: ["public.events_default"])
    static let nested = Table(schema: "public", name: "nested", defaultPartition: "public.nested_default",
                              leaves: ["public.nested_default_h0", "public.nested_default_h1"])
    /// `"Odd ""Schema"""."Default; Rows"`.
    static let oddDefault = "\"Odd \"\"Schema\"\"\".\"Default; Rows\""
    static let odd = Table(schema: "Odd \"Schema\"", name: "Mixed Case", defaultPartition: oddDefault,
                           leaves: [oddDefault])
    static let secured = Table(schema: "public", name: "secured", defaultPartition: "public.secured_default",
                               leaves: ["public.secured_default"])
    static let tables = [events, nested, odd, secured]

    static let password = "r0ws-Secret-7"
    /// What the exporter logs when the count statement fails; a lock must not make it fail.
    static let countFailed = "cannot count the rows of default partitions"

    /// A database holding `schema`, its inserts' statistics published (so that the ANALYZE the caller may run next
    /// is not counted twice by `n_live_tup`), and the rows each default partition holds by `count(*)`.
    static func makeDatabase(_ server: TestPostgres, sql: String = schema, tables: [Table] = tables) throws
        -> (database: String, counts: [String: Double])
    {
        let database = try server.createDatabase(prefix: "rows")
        try server.psql(sql, database: database)
        var counts: [String: Double] = [:]
        for table in tables {
            let count = try #require(Double(try server.psql("SELECT count(*) FROM \(table.defaultPartition)",
                                                            database: database)))
            let leaves = table.leaves.map { "pg_stat_get_tuples_inserted('\($0)'::regclass)" }
            let inserted = "SELECT " + leaves.joined(separator: " + ")
            #expect(try eventually { try Double(server.psql(inserted, database: database)) == count },
                    "the inserts into \(table.defaultPartition) never reached the statistics")
            counts[table.name] = count
        }
        return (database, counts)
    }

    /// A role that logs in with `password` and holds `pg_monitor` and `roles`; `grants` runs after, in `database`.
    static func makeRole(_ name: String, in database: String, of server: TestPostgres, roles: [String] = [],
                         grants: String = "") throws -> String {
        let memberOf = (["pg_monitor"] + roles).joined(separator: ", ")
        try server.psql("CREATE ROLE \(name) LOGIN PASSWORD '\(password)' IN ROLE \(memberOf)")
        if !grants.isEmpty { try server.psql(grants, database: database) }
        return server.conninfo(database: database, user: name, password: password)
    }

    /// Zeroes the activity statistics of every leaf of the default partitions, as a crash or
    /// `pg_stat_reset()` would, and checks that `n_live_tup` now reads 0 for each.
    static func resetStatistics(of tables: [Table], in database: String, of server: TestPostgres) throws {
        let leaves = tables.flatMap(\.leaves)
        try server.psql(leaves.map { "SELECT pg_stat_reset_single_table_counters('\($0)'::regclass);" }
                            .joined(separator: "\n"), database: database)
        let live = leaves.map { "pg_stat_get_live_tuples('\($0)'::regclass)" }.joined(separator: " + ")
        #expect(try server.psql("SELECT \(live)", database: database) == "0",
                "fixture: the reset left live rows in the statistics")
    }

    /// Expects each table's default rows to be its `count(*)`, and exact where `exact` says so.
    static func expectRows(_ metrics: Exposition, _ counts: [String: Double], exact: Set<String>,
                           tables: [Table] = tables, _ context: String) {
        #expect(metrics.value("pg_partition_exporter_up") == 1, "\(context)")
        for table in tables {
            #expect(metrics.value("pg_partitioned_table_default_rows", table.labels) == counts[table.name],
                    "\(context): \(table.name)")
            #expect(metrics.value("pg_partitioned_table_default_rows_exact", table.labels)
                    == (exact.contains(table.name) ? 1 : 0), "\(context): \(table.name)")
        }
    }

    @Test func countedWhereTheRoleMaySelectAndEstimatedElseEvenAfterAStatisticsReset() throws {
        let server = try TestPostgres.shared
        let (database, counts) = try Self.makeDatabase(server)
        #expect(counts == ["events": 300, "nested": 120, "Mixed Case": 25, "secured": 30], "fixture")
        try server.psql("ANALYZE", database: database)
        let monitor = try Self.makeRole("\(database)_monitor", in: database, of: server)
        let reader = try Self.makeRole("\(database)_reader", in: database, of: server, roles: ["pg_read_all_data"])
        // SELECT on two default partitions, one of them in a schema the role may not use (so it cannot name it).
        let granted = try Self.makeRole("\(database)_granted", in: database, of: server, grants: """
            GRANT SELECT ON public.events_default, \(Self.odd.defaultPartition) TO \(database)_granted;
            """)
        let exporters = try [monitor, reader, granted].map { try ExporterProcess(dataSourceName: $0) }
        defer { for exporter in exporters { exporter.stop() } }
        // Row-level security hides every row of `secured` from the reader: its rows are estimated, never counted.
        let exact: [Set<String>] = [[], ["events", "nested", "Mixed Case"], ["events"]]

        // Analyzed: reltuples and n_live_tup both hold the rows, so the estimates are exact too.
        for (index, exporter) in exporters.enumerated() {
            Self.expectRows(try exporter.scrape(), counts, exact: exact[index], "analyzed, role \(index)")
        }
        // n_live_tup reads 0 after the reset, as after a crash: the roles that count still count, and the others'
        // estimates come from reltuples, which the reset leaves alone.
        try Self.resetStatistics(of: Self.tables, in: database, of: server)
        for (index, exporter) in exporters.enumerated() {
            Self.expectRows(try exporter.scrape(), counts, exact: exact[index], "after the reset, role \(index)")
            #expect(!exporter.log.contains(Self.countFailed), "\(exporter.log)")
        }
    }

    /// With `--default-rows.count-limit 100`, a count that reaches 101 rows stops there and serves the larger of
    /// that and the statistics' estimate, as an estimate; 100 rows are still counted exactly; 0 counts nothing.
    @Test func aCountStoppingAtItsLimitServesAnEstimateOfAtLeastTheLimit() throws {
        let server = try TestPostgres.shared
        let atLimit = Table(schema: "public", name: "at_limit", defaultPartition: "public.at_limit_default",
                            leaves: ["public.at_limit_default"])
        let (database, counts) = try Self.makeDatabase(server, sql: Self.schema + """
            CREATE TABLE public.at_limit (at bigint NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE public.at_limit_0 PARTITION OF public.at_limit FOR VALUES FROM (0) TO (10);
            CREATE TABLE public.at_limit_default PARTITION OF public.at_limit DEFAULT;
            INSERT INTO public.at_limit SELECT 100 + g FROM generate_series(1, 100) g;
            """, tables: [Self.events, atLimit])
        let limit = 100.0
        let limited = try ExporterProcess(dataSourceName: server.conninfo(database: database),
                                          arguments: ["--default-rows.count-limit", "\(Int(limit))"])
        defer { limited.stop() }
        let never = try ExporterProcess(dataSourceName: server.conninfo(database: database),
                                        arguments: ["--default-rows.count-limit", "0"])
        defer { never.stop() }

        // Never analyzed (the test servers run without autovacuum): reltuples is -1, and n_live_tup holds the rows.
        let tables = [Self.events, atLimit]
        Self.expectRows(try limited.scrape(), counts, exact: ["at_limit"], tables: tables, "limit 100")
        Self.expectRows(try never.scrape(), counts, exact: [], tables: tables, "limit 0")

        // With the statistics reset, the estimate is 0: the count's 101 rows are what is served.
        try Self.resetStatistics(of: [Self.events], in: database, of: server)
        let metrics = try limited.scrape()
        let rows = try #require(metrics.value("pg_partitioned_table_default_rows", Self.events.labels))
        #expect(rows >= limit && rows == limit + 1 && rows < counts["events"]!)
        #expect(metrics.value("pg_partitioned_table_default_rows_exact", Self.events.labels) == 0)
        #expect(metrics.value("pg_partitioned_table_default_rows", atLimit.labels) == 100)
        #expect(metrics.value("pg_partitioned_table_default_rows_exact", atLimit.labels) == 1)
    }

    /// An ACCESS EXCLUSIVE lock held or awaited on a default partition, on a leaf below a sub-partitioned one, or
    /// on the parent of a sub-partitioned one (whose bound the planner reads) leaves that table estimated, within
    /// a bounded scrape, while the other default partitions are still counted in the same statement.
    @Test func aLockOnADefaultPartitionFallsBackToTheEstimateWithoutStallingTheScrape() throws {
        let server = try TestPostgres.shared
        let (database, counts) = try Self.makeDatabase(server)
        try server.psql("ANALYZE", database: database)
        // As the superuser, whom row-level security does not filter: every default partition is counted.
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        let all: Set<String> = ["events", "nested", "Mixed Case", "secured"]
        Self.expectRows(try exporter.scrape(), counts, exact: all, "unlocked")

        func scrapeBounded(_ context: String) throws -> Exposition {
            let started = Date()
            let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 20"])
            let seconds = Date().timeIntervalSince(started)
            #expect(seconds < 5, "\(context): the scrape took \(seconds) s")
            return metrics
        }

        do {
            let holders = try ["public.events_default", "public.nested_default_h1"].map {
                try LockTests.holdAccessExclusiveLock(on: $0, in: database, of: server)
            }
            defer { for holder in holders { holder.close() } }
            Self.expectRows(try scrapeBounded("held"), counts, exact: ["Mixed Case", "secured"], "held")
        }
        do {
            // DETACH waits behind a reader of events_default, and every later lock request would queue behind it.
            let reader = try BackgroundSession(server: server, database: database,
                                               sql: "BEGIN; SELECT count(*) FROM public.events_default;")
            defer { reader.close() }
            #expect(try eventually {
                try server.psql("SELECT count(*) FROM pg_locks WHERE relation = 'public.events_default'::regclass "
                                + "AND granted", database: database) == "1"
            })
            // In a transaction, so that closing the session rolls the DETACH back once the reader let it run.
            let ddl = try BackgroundSession(
                server: server, database: database,
                sql: "BEGIN; ALTER TABLE public.events DETACH PARTITION public.events_default;")
            defer { ddl.close() }
            let parent = try BackgroundSession(server: server, database: database,
                                               sql: "BEGIN; LOCK TABLE ONLY public.nested IN ACCESS EXCLUSIVE MODE;")
            defer { parent.close() }
            #expect(try eventually {
                try server.psql("""
                    SELECT count(*) FILTER (WHERE relation = 'public.events_default'::regclass AND NOT granted)
                           || ':' || count(*) FILTER (WHERE relation = 'public.nested'::regclass AND granted)
                    FROM pg_locks WHERE mode = 'AccessExclusiveLock'
                    """, database: database) == "1:1"
            })
            Self.expectRows(try scrapeBounded("awaited"), counts, exact: ["Mixed Case", "secured"], "awaited")
            let waiting = try server.psql("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND a.application_name = 'pg_partition_exporter'
                """, database: database)
            #expect(waiting == "0")
            reader.close()
            ddl.close()
        }
        Self.expectRows(try exporter.scrape(), counts, exact: all, "released")
        #expect(!exporter.log.contains(Self.countFailed), "\(exporter.log)")
    }
}
