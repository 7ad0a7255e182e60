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

    /// A backend that stops answering (SIGSTOP) mid-scrape: the scrape answers `up 0` by its deadline, cancels
    /// the query, and a later scrape reads the catalog again over one connection.
    @Test func aStuckQueryIsCancelledAtTheScrapeDeadline() throws {
        let server = try TestPostgres.shared
        let (exporter, backend, database) = try exporterWithBackend(server)
        defer { exporter.stop() }

        kill(backend, SIGSTOP)
        let stuck = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 2"], timeout: 20)
        kill(backend, SIGCONT)
        #expect(stuck.value("pg_partition_exporter_up") == 0)

        #expect(try exporter.scrape().value("pg_partition_exporter_up") == 1)
        #expect(try eventually { try server.exporterBackends(database: database).count == 1 })
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
        #expect(exporter.stop(signal: SIGTERM, timeout: 20) == 0)
        #expect(try scrape.wait(timeout: 10)?.get().value("pg_partition_exporter_up") == 0)
        #expect(exporter.log.contains("stopped"))
    }
}
