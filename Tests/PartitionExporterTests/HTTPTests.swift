import Foundation
import Testing
import TestSupport

/// What the exporter answers to well-formed, unexpected and hostile HTTP.
@Suite(.serialized)
struct HTTPTests {
    static let exporter: Result<ExporterProcess, Error> = Result {
        let server = try TestPostgres.shared
        let database = try server.createDatabase(prefix: "http")
        return try ExporterProcess(dataSourceName: server.conninfo(database: database))
    }

    @Test func metricsAreServedAsTextFormat004() throws {
        let exporter = try Self.exporter.get()
        let response = try HTTP.get(port: exporter.port, path: "/metrics")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.body.contains("pg_partition_exporter_up 1"))
    }

    @Test func theLandingPageLinksToTheMetrics() throws {
        let response = try HTTP.get(port: try Self.exporter.get().port, path: "/")
        #expect(response.status == 200)
        #expect(response.body.contains("href=\"/metrics\""))
    }

    @Test func headGetsHeadersWithoutABody() throws {
        let response = try HTTP.get(port: try Self.exporter.get().port, path: "/metrics", method: "HEAD")
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }

    @Test func unknownPathsAre404() throws {
        #expect(try HTTP.get(port: try Self.exporter.get().port, path: "/nope").status == 404)
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func otherMethodsOnTheMetricsPathAre405(method: String) throws {
        let response = try HTTP.get(port: try Self.exporter.get().port, path: "/metrics", method: method)
        #expect(response.status == 405)
        #expect(response.headers["allow"] == "GET, HEAD")
    }

    @Test func oversizedHeadersGetA4xxAndTheExporterCarriesOn() throws {
        let exporter = try Self.exporter.get()
        // Too long for a command line: curl reads it from a file (`-H @file`).
        let headerFile = NSTemporaryDirectory() + "ppe-huge-header-\(UUID().uuidString)"
        try ("X-Padding: " + String(repeating: "a", count: 200_000) + "\n").write(
            toFile: headerFile, atomically: true, encoding: .utf8)
        let response = try HTTP.get(port: exporter.port, path: "/metrics", headers: ["@" + headerFile])
        #expect((400..<500).contains(response.status))
        #expect(try HTTP.get(port: exporter.port, path: "/metrics").status == 200)
    }

    @Test func aMalformedRequestGetsA400() throws {
        let exporter = try Self.exporter.get()
        let connection = try RawTCP(port: exporter.port)
        connection.send("THIS IS NOT HTTP\r\n\r\n")
        #expect(connection.receive(timeout: 5).hasPrefix("HTTP/1.1 400"))
        #expect(try HTTP.get(port: exporter.port, path: "/metrics").status == 200)
    }

    /// Clients that open connections and never finish their request (slowloris) do not starve the others.
    @Test func idleConnectionsDoNotStarveScrapes() throws {
        let exporter = try Self.exporter.get()
        let idle = try (0..<20).map { _ in
            let connection = try RawTCP(port: exporter.port)
            connection.send("GET /metrics HTTP/1.1\r\nHost: x\r\n")
            return connection
        }
        #expect(eventually { establishedConnections(toPort: exporter.port) >= idle.count })
        let response = try HTTP.get(port: exporter.port, path: "/metrics", timeout: 10)
        #expect(response.status == 200)
        #expect(response.body.contains("pg_partition_exporter_up 1"))
    }

    @Test func aCustomTelemetryPathMovesTheMetrics() throws {
        let exporter = try ExporterProcess(
            dataSourceName: try TestPostgres.shared.conninfo(database: "postgres"),
            arguments: ["--web.telemetry-path", "/custom/metrics"])
        defer { exporter.stop() }
        #expect(try HTTP.get(port: exporter.port, path: "/custom/metrics").status == 200)
        #expect(try HTTP.get(port: exporter.port, path: "/metrics").status == 404)
        #expect(try HTTP.get(port: exporter.port, path: "/").body.contains("href=\"/custom/metrics\""))
    }
}
