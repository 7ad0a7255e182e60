import Foundation
import Testing
import TestSupport

/// Concurrent scrapes share one collection and one database connection.
struct LoadTests {
    @Test func fiftySimultaneousScrapesCauseOneRoundOfQueries() throws {
        let server = try TestPostgres(options: ["log_statement=all"])
        defer { server.destroy() }
        let database = try LockTests.makeDatabase(server)
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        _ = try exporter.scrape()
        let backend = try #require(try server.exporterBackends(database: database).first)
        let logMark = server.serverLog.count

        // Hold the first collection on a stopped backend until all fifty requests are waiting for it.
        kill(backend, SIGSTOP)
        let curl = try Tools.require("curl", debianPackage: "curl")
        let url = "http://127.0.0.1:\(exporter.port)/metrics"
        let arguments = ["-s", "--parallel", "--parallel-immediate", "--parallel-max", "50", "--max-time", "60",
                         "-H", "X-Prometheus-Scrape-Timeout-Seconds: 60", "-w", "%{http_code}\\n"]
            + Array(repeating: ["-o", "/dev/null", url], count: 50).flatMap { $0 }
        let clients = Background { try runCommand(curl, arguments, timeout: 90) }
        let allWaiting = eventually { establishedConnections(toPort: exporter.port) >= 50 }
        kill(backend, SIGCONT)
        #expect(allWaiting)

        let result = try #require(try clients.wait(timeout: 90)?.get())
        let codes = result.stdout.split(separator: "\n")
        #expect(codes.count == 50)
        #expect(codes.allSatisfy { $0 == "200" })
        let queries = String(server.serverLog.dropFirst(logMark)).components(separatedBy: "FROM pg_partitioned_table pt")
        #expect(queries.count - 1 == 1, "structure queries run for fifty scrapes")
        #expect(try server.exporterBackends(database: database).count == 1)
    }
}
