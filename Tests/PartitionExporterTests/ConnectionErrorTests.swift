import Foundation
import Testing
import TestSupport

/// Connections that cannot be made are reported at once, with libpq's reason and its kind, instead of waiting
/// out the scrape's deadline; and shutdown does not wait for a connection attempt to a server that never answers.
@Suite(.serialized)
struct ConnectionErrorTests {
    /// A TCP port that accepts connections (the kernel completes them) and never answers: a hung server.
    final class SilentServer: @unchecked Sendable {
        let port: Int
        private let fd: Int32

        init() throws {
            (fd, port) = try listenOnLoopback(backlog: 16)
        }

        deinit { close(fd) }
    }

    /// Scrapes once with Prometheus' 10 s timeout header and returns the time the answer took and the log.
    func scrapeFailing(_ dsn: String) throws -> (seconds: Double, metrics: Exposition, log: String) {
        let exporter = try ExporterProcess(dataSourceName: dsn)
        defer { exporter.stop() }
        let started = Date()
        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"])
        return (Date().timeIntervalSince(started), metrics, exporter.log)
    }

    /// Each kind of failure, its libpq reason, and an answer long before the 10 s deadline (it took all of it).
    @Test func instantFailuresAreReportedAtOnceWithTheirReason() throws {
        let server = try TestPostgres.shared
        let refused = freeLoopbackPort()
        let cases: [(dsn: String, reason: String, says: String)] = [
            ("host=127.0.0.1 port=\(server.port) sslmode=disabled", "connection_string",
             #"invalid sslmode value: \"disabled\""#),
            ("host=127.0.0.1 port=\(refused) user=postgres", "unreachable", "Connection refused"),
            ("host=/nonexistent-socket-dir user=postgres", "unreachable", "No such file or directory"),
            (server.conninfo(database: "postgres", user: "postgres", password: "Wrong-Pw0rd"), "authentication",
             "password authentication failed"),
            (server.conninfo(database: "no_such_database"), "missing_database", "does not exist"),
        ]
        for (dsn, reason, says) in cases {
            let result = try scrapeFailing(dsn)
            #expect(result.metrics.value("pg_partition_exporter_up") == 0, "\(dsn)")
            #expect(result.seconds < 5, "\(dsn) took \(result.seconds) s")
            let lines = result.log.split(separator: "\n").filter { $0.contains("cannot read the catalog") }
            #expect(lines.count == 1, "\(result.log)")
            #expect(lines.first?.contains("reason=\(reason)") == true, "\(dsn): \(result.log)")
            #expect(lines.first?.contains(says) == true, "\(dsn): \(result.log)")
            #expect(!result.log.contains("Wrong-Pw0rd") && !result.log.contains(server.superuserPassword))
        }
    }

    @Test func aSilentServerIsATimeoutAndShutdownDoesNotWaitForIt() throws {
        let silent = try SilentServer()
        let exporter = try ExporterProcess(dataSourceName: "host=127.0.0.1 port=\(silent.port) user=postgres")
        defer { exporter.stop() }
        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 1.5"])
        #expect(metrics.value("pg_partition_exporter_up") == 0)
        #expect(exporter.log.contains("reason=timeout"), "\(exporter.log)")

        // A second scrape is connecting again when SIGTERM comes: the exporter exits well within a second or so,
        // not after the 10 s the scrape would wait.
        let scrape = Background { try? exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"]) }
        usleep(500_000)
        let stopped = Date()
        let status = exporter.stop(signal: SIGTERM, timeout: 10)
        let seconds = Date().timeIntervalSince(stopped)
        _ = scrape.wait(timeout: 10)
        #expect(status == 0, "\(exporter.log)")
        #expect(seconds < 2, "SIGTERM took \(seconds) s while connecting")
    }
}

/// A port already in use: status 2, and the cause in one structured line, nothing raw on standard error.
struct ListenErrorTests {
    @Test func aPortInUseExitsTwoWithOneStructuredLineNamingTheCause() throws {
        let busy = try ConnectionErrorTests.SilentServer()
        let result = try runCommand(try Tools.exporterBinary(), ["--web.listen-address", "127.0.0.1:\(busy.port)"],
                                    environment: ["DATA_SOURCE_NAME": "host=127.0.0.1"], timeout: 30)
        #expect(result.status == 2)
        let lines = (result.stderr + result.stdout).split(separator: "\n")
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("ts=") == true && lines.first?.contains("level=error") == true, "\(lines)")
        #expect(lines.first?.contains("cannot listen") == true)
        #expect(lines.first?.contains("Address already in use") == true, "\(lines)")
    }

    @Test func theCauseIsInTheJSONLogToo() throws {
        let busy = try ConnectionErrorTests.SilentServer()
        let result = try runCommand(try Tools.exporterBinary(),
                                    ["--web.listen-address", "127.0.0.1:\(busy.port)", "--log.format", "json"],
                                    environment: ["DATA_SOURCE_NAME": "host=127.0.0.1"], timeout: 30)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(lines)")
        let object = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
        #expect((object?["error"] as? String)?.contains("Address already in use") == true, "\(lines)")
    }
}
