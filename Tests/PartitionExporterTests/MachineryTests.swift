import Foundation
import Testing
import TestSupport

/// pg_partman's settings and series, pg_cron's jobs, and several databases, against real pg_partman 4.7 and
/// pg_cron 1.4 from Debian. Expected figures come from the catalog, `part_config`, pg_partman's own
/// `show_partitions`/`show_partition_info` and `cron.job_run_details`, read by the test itself.
@Suite(.serialized)
struct MachineryTests {
    static let fixture = Result { try MachineryFixture() }

    func table(_ database: String, _ name: String) -> [String: String] {
        ["datname": database, "schemaname": "public", "relname": name]
    }

    /// Periods among the current one and the next `premake` that no partition covers, from pg_partman's view.
    func expectedMissing(_ f: MachineryFixture, _ parent: String, unit: String) throws -> Double {
        let value = try f.server.psql("""
            WITH cfg AS (SELECT premake, partition_interval::interval AS step FROM partman.part_config
                         WHERE parent_table = '\(parent)'),
            parts AS (SELECT i.child_start_time AS s, i.child_end_time AS e
                      FROM partman.show_partitions('\(parent)') p
                      CROSS JOIN LATERAL partman.show_partition_info(p.partition_schemaname || '.' || p.partition_tablename) i),
            periods AS (SELECT date_trunc('\(unit)', now()) + k * step AS lo,
                               date_trunc('\(unit)', now()) + (k + 1) * step AS hi
                        FROM cfg, generate_series(0, cfg.premake) k)
            SELECT count(*) FROM periods WHERE NOT EXISTS (SELECT 1 FROM parts WHERE s <= lo AND e >= hi)
            """, database: f.app)
        return try #require(Double(value))
    }

    func partConfig(_ f: MachineryFixture, _ parent: String, _ column: String, database: String? = nil) throws -> String {
        try f.server.psql("SELECT \(column) FROM partman.part_config WHERE parent_table = '\(parent)'",
                          database: database ?? f.app)
    }

    @Test func partmanSettingsApplyWithoutAnyConfigurationFile() throws {
        let f = try Self.fixture.get()
        let exporter = try f.exporter(database: f.app)
        defer { exporter.stop() }
        let m = try exporter.scrape()
        let tables = [("events_daily", "day"), ("metrics_hourly", "hour"), ("invoices_monthly", "month"),
                      ("epoch_events", "day")]
        for (name, unit) in tables {
            let parent = "public.\(name)"
            let premake = try #require(Double(try partConfig(f, parent, "premake")))
            #expect(m.value("pg_partitioned_table_premake", table(f.app, name)) == premake, "\(name)")
            #expect(m.value("pg_partitioned_table_missing_future_partitions", table(f.app, name))
                        == (try expectedMissing(f, parent, unit: unit)), "\(name)")
            let info = m.samples("pg_partman_table_info", table(f.app, name))
            #expect(info.count == 1, "\(name)")
            #expect(info.first?.labels["partition_interval"] == (try partConfig(f, parent, "partition_interval")))
            #expect(info.first?.labels["automatic_maintenance"]
                        == (try partConfig(f, parent, "automatic_maintenance")), "\(name)")
            #expect(info.first?.labels["retention_keep_table"] == "true", "\(name)")
            #expect(info.first?.labels["infinite_time_partitions"] == "false", "\(name)")
        }
        // The broken table: two missing days, which the defaults (premake 3) would have half hidden.
        #expect(try expectedMissing(f, "public.events_daily", unit: "day") == 2)
        #expect(m.samples("pg_partman_table_info", ["automatic_maintenance": "off"]).map(\.labels["relname"])
                    == ["invoices_monthly"])
        // Retention comes from part_config too: partitions that ended before now() - '3 days'.
        let overdue = try f.server.psql("""
            SELECT count(*) FROM partman.show_partitions('public.events_daily') p
            CROSS JOIN LATERAL partman.show_partition_info(p.partition_schemaname || '.' || p.partition_tablename) i
            WHERE i.child_end_time < now() - (SELECT retention::interval FROM partman.part_config
                                              WHERE parent_table = 'public.events_daily')
            """, database: f.app)
        #expect(m.value("pg_partitioned_table_retention_overdue_partitions", table(f.app, "events_daily"))
                    == Double(overdue))
        #expect(Double(overdue)! >= 6)
        #expect(m.samples("pg_partitioned_table_retention_overdue_partitions", table(f.app, "metrics_hourly")).isEmpty)
        // Epoch seconds: the integer bounds are read as time.
        let epochInfo = m.samples("pg_partitioned_table_info", table(f.app, "epoch_events"))
        #expect(epochInfo.first?.labels["interval"] == "1 day")
        #expect(m.samples("pg_partitioned_table_future_coverage_seconds", table(f.app, "epoch_events")).count == 1)
        // pg_partman 4.7 records no maintenance run; pg_cron is not installed in this database.
        #expect(m.samples("pg_partman_maintenance_last_run_timestamp_seconds").isEmpty)
        for collector in ["partman", "partitions"] {
            #expect(m.value("pg_partition_exporter_collector_success", ["datname": f.app, "collector": collector]) == 1)
            #expect(m.samples("pg_partition_exporter_collector_duration_seconds",
                              ["datname": f.app, "collector": collector]).count == 1)
        }
        #expect(m.samples("pg_partition_exporter_collector_success", ["collector": "cron"]).isEmpty)
        #expect(m.value("pg_partition_exporter_up", ["datname": f.app]) == 1)
    }

    @Test func partman5LayoutGivesTheLastMaintenanceRun() throws {
        let f = try Self.fixture.get()
        let exporter = try f.exporter(database: f.partman5)
        defer { exporter.stop() }
        let m = try exporter.scrape()
        let lastRun = try f.server.psql(
            "SELECT extract(epoch FROM maintenance_last_run) FROM partman.part_config", database: f.partman5)
        #expect(m.value("pg_partman_maintenance_last_run_timestamp_seconds", table(f.partman5, "ticks"))
                    == Double(lastRun))
        #expect(m.value("pg_partitioned_table_premake", table(f.partman5, "ticks"))
                    == Double(try partConfig(f, "public.ticks", "premake", database: f.partman5)))
        let info = m.samples("pg_partman_table_info", table(f.partman5, "ticks"))
        #expect(info.first?.labels["infinite_time_partitions"] == "true")
        #expect(info.first?.labels["partition_interval"] == "1 day")
        #expect(m.value("pg_partition_exporter_collector_success", ["collector": "partman"]) == 1)
    }

    @Test func aTableEntryInTheConfigurationWinsAndTheDifferenceIsLoggedOnce() throws {
        let f = try Self.fixture.get()
        let exporter = try f.exporter(database: f.app, yaml: "tables:\n  - name: public.events_daily\n    premake: 2\n")
        defer { exporter.stop() }
        _ = try exporter.scrape()
        let m = try exporter.scrape()
        #expect(m.value("pg_partitioned_table_premake", table(f.app, "events_daily")) == 2)
        // Keys the entry leaves out still come from part_config.
        #expect(m.samples("pg_partitioned_table_retention_overdue_partitions", table(f.app, "events_daily")).count == 1)
        #expect(m.value("pg_partitioned_table_premake", table(f.app, "metrics_hourly"))
                    == Double(try partConfig(f, "public.metrics_hourly", "premake")))
        let lines = exporter.log.split(separator: "\n").filter { $0.contains("overrides pg_partman") }
        #expect(lines.count == 1, "\(exporter.log)")
        #expect(lines.first?.contains("public.events_daily") == true)
        #expect(lines.first?.contains("premake") == true)
    }

    @Test func partmansRetentionBelowTheMinimumRetentionIsFlaggedAndLoggedOnce() throws {
        let f = try Self.fixture.get()
        // part_config.retention of events_daily is '3 days'; the floor is a week.
        let exporter = try f.exporter(database: f.app, yaml: """
            tables:
              - name: public.events_daily
                min_retention: 7 days
              - name: public.metrics_hourly
                min_retention: 1 day
            """)
        defer { exporter.stop() }
        _ = try exporter.scrape()
        let m = try exporter.scrape()
        #expect(try partConfig(f, "public.events_daily", "retention") == "3 days")
        #expect(m.value("pg_partitioned_table_retention_below_minimum", table(f.app, "events_daily")) == 1)
        #expect(m.value("pg_partitioned_table_min_retention_seconds", table(f.app, "events_daily"))
                    == Double(7 * 86_400))
        // No retention at all (metrics_hourly has none in part_config) drops nothing: not below the floor.
        #expect(m.value("pg_partitioned_table_retention_below_minimum", table(f.app, "metrics_hourly")) == 0)
        let floor = try #require(m.value("pg_partitioned_table_retention_floor_timestamp_seconds",
                                         table(f.app, "events_daily")))
        let now = try #require(Double(try f.server.psql("SELECT extract(epoch FROM now())")))
        #expect(abs(now - 7 * 86_400 - floor) < 60)
        let lines = exporter.log.split(separator: "\n").filter { $0.contains("shorter than min_retention") }
        #expect(lines.count == 1, "\(exporter.log)")
        #expect(lines.first?.contains("level=error") == true && lines.first?.contains("public.events_daily") == true)
    }

    @Test func cronJobsAndTheirLastRuns() throws {
        let f = try Self.fixture.get()
        try f.waitForCronRuns()
        let exporter = try f.exporter(database: "postgres")
        defer { exporter.stop() }
        func expected() throws -> [String: (succeeded: String, success: String, start: String)] {
            let rows = try f.server.psql("""
                SELECT j.jobid,
                       (SELECT (d.status = 'succeeded')::int FROM cron.job_run_details d WHERE d.jobid = j.jobid
                        AND d.status IN ('succeeded', 'failed') ORDER BY runid DESC LIMIT 1),
                       (SELECT extract(epoch FROM d.end_time) FROM cron.job_run_details d WHERE d.jobid = j.jobid
                        AND d.status = 'succeeded' ORDER BY runid DESC LIMIT 1),
                       (SELECT extract(epoch FROM d.start_time) FROM cron.job_run_details d WHERE d.jobid = j.jobid
                        ORDER BY runid DESC LIMIT 1)
                FROM cron.job j ORDER BY 1
                """)
            var result: [String: (String, String, String)] = [:]
            for line in rows.split(separator: "\n") {
                let cols = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                result[cols[0]] = (cols[1], cols[2], cols[3])
            }
            return result
        }
        for round in 0..<2 {  // The second scrape reads only the runs since the first.
            let before = try expected()
            let m = try exporter.scrape()
            let after = try expected()
            let jobs = try f.server.psql("SELECT jobid, jobname, schedule, database, username, active FROM cron.job")
            for line in jobs.split(separator: "\n") {
                let c = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                let labels = ["datname": "postgres", "jobid": c[0], "jobname": c[1]]
                let info = m.samples("pg_cron_job_info", labels)
                #expect(info.count == 1, "round \(round) job \(c[1])")
                #expect(info.first?.labels["schedule"] == c[2])
                #expect(info.first?.labels["database"] == c[3])
                #expect(info.first?.labels["username"] == c[4])
                #expect(info.first?.labels["active"] == (c[5] == "t" ? "true" : "false"))
                func matches(_ metric: String, _ pick: ((succeeded: String, success: String, start: String)) -> String)
                    -> Bool
                {
                    let candidates = [before[c[0]], after[c[0]]].compactMap { $0.map(pick) }
                    let value = m.samples(metric, labels)
                    if candidates.allSatisfy(\.isEmpty) { return value.isEmpty }
                    return value.count == 1 && candidates.compactMap(Double.init).contains(value[0].value)
                }
                #expect(matches("pg_cron_job_last_run_succeeded", \.succeeded), "round \(round) job \(c[1])")
                #expect(matches("pg_cron_job_last_success_timestamp_seconds", \.success), "round \(round) job \(c[1])")
                #expect(matches("pg_cron_job_last_run_start_timestamp_seconds", \.start), "round \(round) job \(c[1])")
            }
            #expect(m.value("pg_cron_job_last_run_succeeded", ["jobname": "app-ok"]) == 1)
            #expect(m.value("pg_cron_job_last_run_succeeded", ["jobname": "always-fails"]) == 0)
            #expect(m.samples("pg_cron_job_last_success_timestamp_seconds", ["jobname": "always-fails"]).isEmpty)
            #expect(m.samples("pg_cron_job_last_run_start_timestamp_seconds", ["jobname": "never-runs"]).isEmpty)
            #expect(m.value("pg_partition_exporter_collector_success", ["collector": "cron"]) == 1, "\(exporter.log)")
        }
    }

    /// part_config read once, then refused: the partman collector fails, and the tables keep pg_partman's settings
    /// from the last read rather than falling back to the configuration's defaults (premake 3).
    @Test func aFailedPartConfigReadKeepsTheLastSettings() throws {
        let f = try Self.fixture.get()
        let (user, password) = ("flaky_monitor", "fl4ky-Secret")
        try f.server.psql("""
            CREATE ROLE \(user) LOGIN PASSWORD '\(password)' IN ROLE pg_monitor;
            GRANT USAGE ON SCHEMA partman TO \(user);
            GRANT SELECT ON partman.part_config, partman.part_config_sub TO \(user);
            """, database: f.app)
        let exporter = try f.exporter(database: f.app, user: user, password: password)
        defer { exporter.stop() }
        let premake = try #require(Double(try partConfig(f, "public.events_daily", "premake")))
        #expect(premake != 3, "fixture: pg_partman's premake differs from the default")
        let read = try exporter.scrape()
        #expect(read.value("pg_partition_exporter_collector_success", ["datname": f.app, "collector": "partman"]) == 1)
        #expect(read.value("pg_partitioned_table_premake", table(f.app, "events_daily")) == premake)
        try f.server.psql("REVOKE SELECT ON partman.part_config FROM \(user)", database: f.app)
        let refused = try exporter.scrape()
        #expect(refused.value("pg_partition_exporter_collector_success", ["datname": f.app, "collector": "partman"])
                    == 0)
        #expect(refused.value("pg_partitioned_table_premake", table(f.app, "events_daily")) == premake)
    }

    @Test func withoutTheGrantsTheExtensionCollectorsFailAndPartitionsGoOn() throws {
        let f = try Self.fixture.get()
        try f.server.psql("GRANT USAGE ON SCHEMA cron TO \(MachineryFixture.bareUser)")
        let exporter = try f.exporter(database: "postgres", yaml: "databases: [\(f.app), postgres]\n",
                                      user: MachineryFixture.bareUser, password: MachineryFixture.barePassword)
        defer { exporter.stop() }
        _ = try exporter.scrape()
        let m = try exporter.scrape()
        #expect(m.value("pg_partition_exporter_collector_success", ["datname": f.app, "collector": "partman"]) == 0)
        #expect(m.value("pg_partition_exporter_collector_success", ["datname": "postgres", "collector": "cron"]) == 0)
        for database in [f.app, "postgres"] {
            #expect(m.value("pg_partition_exporter_up", ["datname": database]) == 1)
            #expect(m.value("pg_partition_exporter_collector_success", ["datname": database, "collector": "partitions"])
                        == 1)
        }
        // Without part_config, the defaults apply: premake 3 rather than pg_partman's 14.
        #expect(m.value("pg_partitioned_table_premake", table(f.app, "events_daily")) == 3)
        #expect(m.samples("pg_partman_table_info").isEmpty)
        #expect(m.samples("pg_cron_job_info").isEmpty)
        let log = exporter.log
        let partman = log.split(separator: "\n").filter { $0.contains("GRANT USAGE ON SCHEMA partman TO bare_monitor") }
        #expect(partman.count == 1, "\(log)")
        #expect(log.contains("GRANT SELECT ON partman.part_config, partman.part_config_sub TO bare_monitor"))
        let cron = log.split(separator: "\n").filter { $0.contains("ALTER ROLE bare_monitor BYPASSRLS") }
        #expect(cron.count == 1, "\(log)")
        #expect(!log.contains(MachineryFixture.barePassword))
    }

    @Test func everyDatabaseOfTheCluster() throws {
        let f = try Self.fixture.get()
        let exporter = try f.exporter(database: "postgres", yaml: "databases: ['*']\n")
        defer { exporter.stop() }
        var m = try exporter.scrape()
        // Every database that accepts the role's connections; the one that refuses it is not the role's to watch.
        let connectable = try f.server.psql("""
            SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate
              AND has_database_privilege('\(MachineryFixture.monitorUser)', datname, 'CONNECT') ORDER BY 1
            """).split(separator: "\n").map(String.init)
        #expect(!connectable.contains(f.revoked) && connectable.contains(f.app) && connectable.count == 3)
        #expect(Set(m.samples("pg_partition_exporter_up").compactMap { $0.labels["datname"] }) == Set(connectable))
        #expect(m.samples("pg_partition_exporter_up").allSatisfy { $0.value == 1 })
        #expect(m.samples("pg_partitioned_table_info", table(f.app, "events_daily")).count == 1)
        #expect(m.samples("pg_partitioned_table_info", table(f.partman5, "ticks")).count == 1)
        #expect(m.value("pg_partition_exporter_collector_success", ["datname": "postgres", "collector": "cron"]) == 1)
        #expect(m.samples("pg_partman_table_info", ["datname": "postgres"]).isEmpty)
        // One persistent connection per database, none to the one that refuses the role.
        let backends = try f.server.psql("""
            SELECT datname, count(*) FROM pg_stat_activity WHERE application_name = 'pg_partition_exporter'
            GROUP BY 1 ORDER BY 1
            """)
        #expect(backends == connectable.map { "\($0)|1" }.joined(separator: "\n"))

        // A database created while the exporter runs is watched from the next scrape; a dropped one is not.
        try f.server.psql("CREATE DATABASE latecomer")
        m = try exporter.scrape()
        #expect(m.value("pg_partition_exporter_up", ["datname": "latecomer"]) == 1)
        try f.server.psql("DROP DATABASE latecomer WITH (FORCE)")
        m = try exporter.scrape()
        #expect(m.samples("pg_partition_exporter_up", ["datname": "latecomer"]).isEmpty)
        #expect(m.value("pg_partition_exporter_up", ["datname": f.app]) == 1)
    }

    /// Named, a database that refuses the role is watched, down, and says why once; it never holds the others.
    @Test func aNamedDatabaseThatRefusesTheRoleIsDownWithItsReason() throws {
        let f = try Self.fixture.get()
        let exporter = try f.exporter(database: "postgres", yaml: "databases: [\(f.app), \(f.revoked)]\n")
        defer { exporter.stop() }
        var m = try exporter.scrape()
        for _ in 0..<2 { m = try exporter.scrape() }
        #expect(m.value("pg_partition_exporter_up", ["datname": f.app]) == 1)
        #expect(m.value("pg_partition_exporter_up", ["datname": f.revoked]) == 0)
        #expect(m.value("pg_partition_exporter_scrape_errors_total", ["datname": f.revoked]) == 3)
        let refused = exporter.log.split(separator: "\n").filter {
            $0.contains("cannot read the catalog") && $0.contains(f.revoked)
        }
        #expect(refused.count == 1, "\(exporter.log)")
        #expect(refused.first?.contains("permission denied") == true)
        #expect(refused.first?.contains("reason=refused") == true)
    }

    @Test func namedDatabasesOnly() throws {
        let f = try Self.fixture.get()
        for names in [[f.app, "postgres"], [f.app, "postgres", f.partman5]] {
            let exporter = try f.exporter(database: "postgres",
                                          yaml: "databases: [\(names.joined(separator: ", "))]\n")
            defer { exporter.stop() }
            let m = try exporter.scrape()
            #expect(m.samples("pg_partition_exporter_up").compactMap { $0.labels["datname"] }.sorted() == names.sorted())
            #expect(m.samples("pg_partition_exporter_up").allSatisfy { $0.value == 1 })
        }
    }
}
