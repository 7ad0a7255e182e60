import Foundation
import Testing
import TestSupport

/// The planner collector against a real PostgreSQL: settings overrides that a session's own SHOW hides, and the
/// statistics freshness of a parent that autovacuum never analyzes (autovacuum is off in the tests' server, so
/// only the test analyzes). Expected figures are what the test did, or what PostgreSQL's views report.
@Suite(.serialized)
struct PlannerTests {
    static let monitor = "planner_monitor"
    static let password = "pl4nner-Secret"
    static let appRole = "planner_app"

    struct Fixture {
        let server: TestPostgres
        let database: String
        var dsn: String { server.conninfo(database: database, user: PlannerTests.monitor, password: PlannerTests.password) }
    }

    static let fixture = Result { () throws -> Fixture in
        let server = try TestPostgres.shared
        let database = try server.createDatabase(prefix: "planner")
        try server.psql("""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(monitor)') THEN
                    CREATE ROLE \(monitor) LOGIN PASSWORD '\(password)' IN ROLE pg_monitor;
                END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(appRole)') THEN
                    CREATE ROLE \(appRole);
                END IF;
            END $$;
            ALTER ROLE \(appRole) SET enable_partition_pruning = false;
            ALTER DATABASE \(database) SET constraint_exclusion = off;
            """)
        return Fixture(server: server, database: database)
    }

    let table = ["schemaname": "public", "relname": "events"]

    @Test func overridesThatTurnPruningOffAreSeen() throws {
        let f = try Self.fixture.get()
        let exporter = try ExporterProcess(dataSourceName: f.dsn)
        defer { exporter.stop() }
        let m = try exporter.scrape()
        let overrides = m.samples("pg_partitioning_setting_override_info", ["datname": f.database])
        // Role overrides apply in every database; this database's own apply here.
        #expect(overrides.contains { $0.labels == [
            "datname": f.database, "database": "", "role": Self.appRole, "name": "enable_partition_pruning",
            "setting": "off",
        ] }, "\(overrides)")
        #expect(overrides.contains { $0.labels == [
            "datname": f.database, "database": f.database, "role": "", "name": "constraint_exclusion", "setting": "off",
        ] }, "\(overrides)")
        #expect(overrides.allSatisfy { ["enable_partition_pruning", "constraint_exclusion", "enable_partitionwise_join",
                                        "enable_partitionwise_aggregate"].contains($0.labels["name"] ?? "") })
        // The exporter's own sessions get the database's override, and say where it came from.
        let exclusion = m.samples("pg_partitioning_setting_info", ["datname": f.database, "name": "constraint_exclusion"])
        #expect(exclusion.map(\.labels["setting"]) == ["off"])
        #expect(exclusion.map(\.labels["source"]) == ["database"])
        #expect(m.samples("pg_partitioning_setting_info", ["datname": f.database]).count == 4)
        #expect(m.value("pg_partition_exporter_collector_success", ["collector": "planner"]) == 1)
    }

    /// On a server of its own with autovacuum on (the shared one has it off), so that autovacuum can analyze a
    /// partition after the parent: the sign that the parent's statistics went stale. Thresholds keep autovacuum
    /// away from the fixture's partitions until the test lowers one.
    @Test func theParentsStatisticsFollowAnalyze() throws {
        let server = try TestPostgres(options: ["autovacuum=on", "autovacuum_naptime=1"])
        defer { server.destroy() }
        let database = try server.createDatabase(prefix: "fresh")
        try server.psql("CREATE ROLE \(Self.monitor) LOGIN PASSWORD '\(Self.password)' IN ROLE pg_monitor")
        try server.psql("""
            CREATE TABLE public.events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE public.events_p1 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
            CREATE TABLE public.events_p2 PARTITION OF public.events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
            CREATE TABLE public.events_p3 PARTITION OF public.events FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
            INSERT INTO public.events SELECT g, '2026-01-10' FROM generate_series(1, 30) g;
            INSERT INTO public.events SELECT g, '2026-02-10' FROM generate_series(1, 20) g;
            """, database: database)
        let exporter = try ExporterProcess(
            dataSourceName: server.conninfo(database: database, user: Self.monitor, password: Self.password))
        defer { exporter.stop() }
        func epoch(_ column: String, _ relation: String) throws -> Double? {
            Double(try server.psql(
                "SELECT extract(epoch FROM \(column)) FROM pg_stat_user_tables WHERE relid = '\(relation)'::regclass",
                database: database))
        }

        // Never analyzed: rows in two partitions (30 and 20, below autovacuum's threshold of 50), none analyzed.
        var m = try exporter.scrape()
        #expect(m.value("pg_partitioned_table_last_analyze_timestamp_seconds", table) == 0)
        #expect(m.value("pg_partitioned_table_never_analyzed_partitions", table) == 2)
        #expect(m.value("pg_partitioned_table_rows_modified_since_analyze", table) == 50)
        #expect(m.value("pg_partitioned_table_oldest_modified_partition_analyze_timestamp_seconds", table) == 0)
        #expect(m.value("pg_partitioned_table_partitions_autoanalyzed_since_parent", table) == 0)

        // Analyzed: PostgreSQL's own view gives the time; every partition was analyzed with the parent.
        try server.psql("ANALYZE public.events", database: database)
        m = try exporter.scrape()
        #expect(m.value("pg_partitioned_table_last_analyze_timestamp_seconds", table)
                    == (try epoch("last_analyze", "public.events")))
        #expect(m.value("pg_partitioned_table_never_analyzed_partitions", table) == 0)
        #expect(m.value("pg_partitioned_table_rows_modified_since_analyze", table) == 0)
        #expect(m.value("pg_partitioned_table_partitions_autoanalyzed_since_parent", table) == 0)
        #expect(m.samples("pg_partitioned_table_oldest_modified_partition_analyze_timestamp_seconds", table).isEmpty)

        // Ten rows more in one partition: counted, and that partition's analyze is the oldest changed one.
        try server.psql("INSERT INTO public.events SELECT g, '2026-03-10' FROM generate_series(1, 10) g",
                        database: database)
        m = try exporter.scrape()
        #expect(m.value("pg_partitioned_table_rows_modified_since_analyze", table) == 10)
        #expect(m.value("pg_partitioned_table_oldest_modified_partition_analyze_timestamp_seconds", table)
                    == (try epoch("last_analyze", "public.events_p3")))

        // Autovacuum analyzes that partition once its threshold is lowered: the parent's statistics are now older
        // than a partition's, whose count of modified rows was reset.
        try server.psql("""
            ALTER TABLE public.events_p3 SET (autovacuum_analyze_threshold = 1, autovacuum_analyze_scale_factor = 0)
            """, database: database)
        let deadline = Date().addingTimeInterval(60)
        while try epoch("last_autoanalyze", "public.events_p3") == nil {
            guard Date() < deadline else { throw TestEnvironmentError("autovacuum did not analyze events_p3 in 60 s") }
            usleep(200_000)
        }
        m = try exporter.scrape()
        #expect(m.value("pg_partitioned_table_partitions_autoanalyzed_since_parent", table) == 1)
        #expect(m.value("pg_partitioned_table_rows_modified_since_analyze", table) == 0)
        #expect(m.value("pg_partitioned_table_last_analyze_timestamp_seconds", table)
                    == (try epoch("last_analyze", "public.events")))
    }
}
