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

    /// A way of handing the exporter a password that the server refuses, or that never reaches a server.
    struct SecretCase: Sendable, CustomStringConvertible {
        var name: String
        /// DATA_SOURCE_NAME, from the shared server's port and a refused one.
        var dsn: @Sendable (_ port: Int, _ refused: Int) -> String
        var environment: [String: String] = [:]
        /// A passfile's line, with `PORT` for the shared server's port; PGPASSFILE points at it.
        var passfile: String?
        var reason: String
        /// Every spelling of the password: as written and as libpq reads it.
        var spellings: [String]
        var description: String { name }
    }

    static let secretCases: [SecretCase] = [
        SecretCase(name: "URI, percent-escaped password, authentication fails",
                   dsn: { port, _ in "postgresql://postgres:Hunter%32x-Pw@127.0.0.1:\(port)/postgres?sslmode=disable" },
                   reason: "authentication", spellings: ["Hunter%32x-Pw", "Hunter2x-Pw"]),
        SecretCase(name: "URI, percent-escaped password, refused port",
                   dsn: { _, refused in
                       "postgresql://postgres:Hunter%32x-Pw@127.0.0.1:\(refused)/postgres?sslmode=disable" },
                   reason: "unreachable", spellings: ["Hunter%32x-Pw", "Hunter2x-Pw"]),
        SecretCase(name: "conninfo, quoted password with an escaped quote, authentication fails",
                   dsn: { port, _ in "host=127.0.0.1 port=\(port) dbname=postgres user=postgres sslmode=disable "
                          + #"password='it\'s Hunter2'"# },
                   reason: "authentication", spellings: [#"it\'s Hunter2"#, "it's Hunter2", "Hunter2"]),
        SecretCase(name: "PGPASSWORD, authentication fails",
                   dsn: { port, _ in "host=127.0.0.1 port=\(port) dbname=postgres user=postgres sslmode=disable" },
                   environment: ["PGPASSWORD": "Env-Hunter2-Pw"], reason: "authentication",
                   spellings: ["Env-Hunter2-Pw"]),
        SecretCase(name: "PGPASSWORD, refused port",
                   dsn: { _, refused in "host=127.0.0.1 port=\(refused) dbname=postgres user=postgres sslmode=disable" },
                   environment: ["PGPASSWORD": "Env-Hunter2-Pw"], reason: "unreachable", spellings: ["Env-Hunter2-Pw"]),
        SecretCase(name: "passfile, authentication fails",
                   dsn: { port, _ in "host=127.0.0.1 port=\(port) dbname=postgres user=postgres sslmode=disable" },
                   passfile: "127.0.0.1:PORT:*:postgres:File-Hunter2-Pw", reason: "authentication",
                   spellings: ["File-Hunter2-Pw"]),
    ]

    /// Every way of giving a password, on every error path after start: the one logged line names the kind of
    /// failure, and no spelling of the password appears in the log or in the metrics.
    @Test(arguments: ConnectionErrorTests.secretCases)
    func noSpellingOfAPasswordIsLoggedOrServed(_ secret: SecretCase) throws {
        let server = try TestPostgres.shared
        let refused = freeLoopbackPort()
        var environment = secret.environment
        if let line = secret.passfile {
            let path = NSTemporaryDirectory() + "ppe-pgpass-\(UUID().uuidString)"
            try line.replacingOccurrences(of: "PORT", with: "\(server.port)").write(
                toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)  // libpq ignores a passfile that others may read
            environment["PGPASSFILE"] = path
        }
        let exporter = try ExporterProcess(dataSourceName: secret.dsn(server.port, refused), environment: environment)
        defer { exporter.stop() }
        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"])
        #expect(metrics.value("pg_partition_exporter_up") == 0)
        let lines = exporter.log.split(separator: "\n").filter { $0.contains("cannot read the catalog") }
        #expect(lines.count == 1 && lines[0].contains("reason=\(secret.reason)"), "\(exporter.log)")
        if let line = secret.passfile, secret.reason == "authentication" {
            // libpq says where the refused password came from: so it was read, and refused.
            #expect(lines.first?.contains("password retrieved from file") == true, "\(line): \(exporter.log)")
        }
        for spelling in secret.spellings {
            #expect(!exporter.log.contains(spelling), "\(spelling) in the log: \(exporter.log)")
            #expect(!metrics.text.contains(spelling), "\(spelling) in the metrics")
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
