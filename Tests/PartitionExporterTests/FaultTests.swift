import Foundation
import Testing
import TestSupport

/// The database going away, a stuck backend, and shutdown, each on real processes.
struct FaultTests {
    /// An exporter that has scraped a fresh database of `server` once, the pid of the backend serving it, and the
    /// database.
    func exporterWithBackend(_ server: TestPostgres) throws -> (ExporterProcess, pid_t, String) {
        let database = try LockTests.makeDatabase(server)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        _ = try exporter.scrape()
        guard let backend = try server.exporterBackends(database: database).first else {
            exporter.stop()
            throw TestEnvironmentError("no backend serves the exporter")
        }
        return (exporter, backend, database)
    }

    /// Starts a scrape and returns once it is waiting on the (stopped) backend.
    func scrapeWaitingOnTheDatabase(_ exporter: ExporterProcess, timeout: Int) -> Background<Exposition> {
        let scrape = Background {
            try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: \(timeout)"], timeout: Double(timeout) + 10)
        }
        _ = eventually { establishedConnections(toPort: exporter.port) >= 1 }
        usleep(300_000)  // from connected to waiting in the collection
        return scrape
    }

    @Test func aDatabaseThatGoesDownAndComesBackIsReadAgainWithoutRestart() throws {
        let server = try TestPostgres()
        defer { server.destroy() }
        let database = try LockTests.makeDatabase(server)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        #expect(try exporter.scrape().value("pg_partition_exporter_up") == 1)

        try server.stop()
        for _ in 0..<3 {
            let down = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 5"])
            #expect(down.value("pg_partition_exporter_up") == 0)
            #expect(down.samples("pg_partitioned_table_info").isEmpty)
        }
        let failures = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 5"])
        #expect(failures.value("pg_partition_exporter_scrape_errors_total") == 4)

        try server.start()
        let back = try exporter.scrape()
        #expect(back.value("pg_partition_exporter_up") == 1)
        #expect(back.value("pg_partitioned_table_partitions", ["relname": "events"]) == 5)
        // Logged once per change of state, not once per failed scrape.
        #expect(exporter.log.components(separatedBy: "cannot read the catalog").count - 1 == 1)
        #expect(exporter.log.components(separatedBy: "reading the catalog again").count - 1 == 1)
        #expect(!exporter.log.contains(server.superuserPassword))
    }

    @Test func anUnreachableDatabaseAtStartStillServesUpZero() throws {
        let closedPort = freeLoopbackPort()
        let exporter = try ExporterProcess(
            dataSourceName: "postgresql://someone:p4ss-Unreachable@127.0.0.1:\(closedPort)/db?connect_timeout=2")
        defer { exporter.stop() }
        let metrics = try exporter.scrape()
        #expect(metrics.value("pg_partition_exporter_up") == 0)
        #expect(metrics.value("pg_partition_exporter_scrape_errors_total") == 1)
        #expect(exporter.log.contains("cannot read the catalog"))
        #expect(!exporter.log.contains("p4ss-Unreachable"))
    }

    /// A backend that stops answering (SIGSTOP) mid-scrape: the scrape answers `up 0` by its deadline. A stopped
    /// backend cannot act on the cancel request within its grace, so the exporter drops that connection: once
    /// continued, the old backend is gone from the server, and a later scrape reads the catalog again over one new
    /// connection.
    @Test func aStuckBackendIsDroppedAtTheScrapeDeadline() throws {
        let server = try TestPostgres.shared
        let (exporter, backend, database) = try exporterWithBackend(server)
        defer { exporter.stop() }

        kill(backend, SIGSTOP)
        let stuck = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 2"], timeout: 20)
        kill(backend, SIGCONT)
        #expect(stuck.value("pg_partition_exporter_up") == 0)
        #expect(try eventually { try !server.exporterBackends(database: database).contains(backend) },
                "the stuck backend \(backend) still serves the exporter")

        #expect(try exporter.scrape().value("pg_partition_exporter_up") == 1)
        let after = try server.exporterBackends(database: database)
        #expect(after.count == 1 && after.first != backend, "backends after: \(after), stuck one: \(backend)")
    }

    /// A statement that runs long on a backend that still answers (a row-level security policy on pg_partman's
    /// `part_config` that sleeps, for the role the exporter uses): at the scrape's deadline the exporter cancels it,
    /// the server says so in its log for that backend, and the next scrape runs over the same connection.
    @Test func aLongStatementIsCancelledAtTheDeadlineAndTheConnectionReused() throws {
        try Tools.requirePartmanAndCron()
        let server = try TestPostgres()
        defer { server.destroy() }
        let database = try server.createDatabase(prefix: "slow")
        try server.psql("""
            CREATE SCHEMA partman;
            CREATE EXTENSION pg_partman SCHEMA partman;
            CREATE TABLE public.events (at timestamptz NOT NULL) PARTITION BY RANGE (at);
            SELECT partman.create_parent('public.events', 'at', 'native', 'daily');
            CREATE ROLE slow_monitor LOGIN PASSWORD 'sl0w-Secret' IN ROLE pg_monitor;
            GRANT USAGE ON SCHEMA partman TO slow_monitor;
            GRANT SELECT ON partman.part_config, partman.part_config_sub TO slow_monitor;
            """, database: database)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(
            database: database, user: "slow_monitor", password: "sl0w-Secret"))
        defer { exporter.stop() }
        #expect(try exporter.scrape().value("pg_partition_exporter_up") == 1)
        let backend = try #require(try server.exporterBackends(database: database).first)

        try server.psql("""
            ALTER TABLE partman.part_config ENABLE ROW LEVEL SECURITY;
            CREATE POLICY slow ON partman.part_config FOR SELECT USING (pg_sleep(60) IS NOT NULL);
            """, database: database)
        let started = Date()
        let slow = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 2"], timeout: 20)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(slow.value("pg_partition_exporter_collector_success", ["collector": "partman"]) == 0,
                "\(slow.text)")
        #expect(try eventually {
            server.serverLog.contains("[\(backend)] ERROR:  canceling statement due to user request")
        }, "\(server.serverLog)")
        // The backend is idle again, not still sleeping in the statement.
        #expect(try eventually {
            try server.psql("SELECT state FROM pg_stat_activity WHERE pid = \(backend)", database: database) == "idle"
        })

        try server.psql("DROP POLICY slow ON partman.part_config", database: database)
        #expect(try exporter.scrape().value("pg_partition_exporter_collector_success", ["collector": "partman"]) == 1)
        #expect(try server.exporterBackends(database: database) == [backend])
    }

    /// The server crashes and restarts while a scrape waits on it: the backend serving the exporter is held
    /// mid-query, then killed, which makes the postmaster reset every backend and run crash recovery.
    @Test func aServerRestartInTheMiddleOfAScrapeIsSurvived() throws {
        let server = try TestPostgres()
        defer { server.destroy() }
        let (exporter, backend, _) = try exporterWithBackend(server)
        defer { exporter.stop() }

        kill(backend, SIGSTOP)
        let scrape = scrapeWaitingOnTheDatabase(exporter, timeout: 30)
        kill(backend, SIGKILL)
        #expect(try scrape.wait(timeout: 40)?.get().value("pg_partition_exporter_up") == 0)

        // The first scrape after recovery reads the catalog again, with no exporter restart.
        #expect(try eventually(timeout: 60) {
            try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 5"]).value("pg_partition_exporter_up") == 1
        })
        #expect(try exporter.scrape().value("pg_partitioned_table_partitions", ["relname": "events"]) == 5)
    }

    /// SIGTERM during a scrape stuck on the database: the scrape is cut short and answered, the connection is
    /// closed and the exporter exits 0.
    @Test func sigtermCutsTheScrapeInFlightShortAndExitsZero() throws {
        let (exporter, backend, _) = try exporterWithBackend(try TestPostgres.shared)
        defer { exporter.stop() }
        kill(backend, SIGSTOP)
        defer { kill(backend, SIGCONT) }

        let scrape = scrapeWaitingOnTheDatabase(exporter, timeout: 60)
        let stopping = Date()
        #expect(exporter.stop(signal: SIGTERM, timeout: 20) == 0)
        let seconds = Date().timeIntervalSince(stopping)
        #expect(seconds < 2, "SIGTERM took \(seconds) s while a scrape waited on the database")
        #expect(try scrape.wait(timeout: 10)?.get().value("pg_partition_exporter_up") == 0)
        #expect(exporter.log.contains("stopped"))
    }

    /// SIGTERM while a client takes a large response slowly: the exporter gives it a moment, then closes it and
    /// exits, rather than waiting for the client.
    @Test(.timeLimit(.minutes(2)))
    func sigtermDoesNotWaitForAClientReadingSlowly() throws {
        let server = try TestPostgres.shared
        let database = try server.createDatabase(prefix: "slow")
        // 3,000 partitions with long names: a plain body of about 4 MB, more than the kernel holds for a reader this
        // slow (the sender's buffer grows to 4 MiB, about 2.8 MB of data), so the response is still being sent.
        let table = "events_" + String(repeating: "x", count: 48)
        try server.psql("""
            CREATE TABLE public.\(table) (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
            SELECT format('CREATE TABLE public.\(table)_%s PARTITION OF public.\(table) FOR VALUES FROM (%L) TO (%L)',
                          d, timestamptz '2026-01-01' + d * interval '1 day',
                          timestamptz '2026-01-01' + (d + 1) * interval '1 day')
            FROM generate_series(0, 2999) d \\gexec
            """, database: database)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        let plain = try HTTP.get(port: exporter.port, path: "/metrics")
        try #require(plain.body.utf8.count > 3_500_000, "the body is only \(plain.body.utf8.count) bytes")

        let reader = try RawTCP(port: exporter.port, receiveBuffer: 4096)
        reader.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")  // plain, and never read
        usleep(1_000_000)
        let stopping = Date()
        let status = exporter.stop(signal: SIGTERM, timeout: 20)
        let seconds = Date().timeIntervalSince(stopping)
        #expect(status == 0, "\(exporter.log)")
        #expect(seconds < 2, "SIGTERM took \(seconds) s while a client read slowly")
        withExtendedLifetime(reader) {}
    }
}
