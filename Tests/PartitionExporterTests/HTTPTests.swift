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

    /// Prometheus asks for gzip on every scrape; curl and browsers without it get the same text, plain.
    @Test func gzipIsServedWhenAskedForAndExpandsToTheSameSeries() throws {
        let server = try TestPostgres.shared
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: try LockTests.makeDatabase(server)))
        defer { exporter.stop() }
        let curl = try Tools.require("curl", debianPackage: "curl")
        let gzip = try Tools.require("gzip", debianPackage: "gzip")
        let directory = NSTemporaryDirectory() + "ppe-gzip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fetched = try runCommand(curl, ["-sS", "--max-time", "30", "-H", "Accept-Encoding: gzip", "-D",
                                            directory + "/headers", "-o", directory + "/body.gz",
                                            "http://127.0.0.1:\(exporter.port)/metrics"])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let headers = try String(contentsOfFile: directory + "/headers", encoding: .utf8).lowercased()
        #expect(headers.contains("content-encoding: gzip\r\n"))
        #expect(headers.contains("vary: accept-encoding\r\n"))
        // Expanded by gzip(1), not by the exporter's own code.
        let expanded = try runCommand(gzip, ["-dc", directory + "/body.gz"])
        #expect(expanded.status == 0, "\(expanded.stderr)")
        let zipped = Exposition(expanded.stdout)
        let compressedBytes = try FileManager.default.attributesOfItem(atPath: directory + "/body.gz")[.size] as! Int

        for refusal in [[], ["Accept-Encoding: gzip;q=0"], ["Accept-Encoding: identity"]] {
            let response = try HTTP.get(port: exporter.port, path: "/metrics", headers: refusal)
            #expect(response.headers["content-encoding"] == nil, "\(refusal)")
            #expect(response.headers["vary"] == "Accept-Encoding")
            let plain = Exposition(response.body)
            #expect(compressedBytes * 3 < response.body.utf8.count)
            // The same series, with the same values but for durations measured from now (coverage, ages, timings),
            // which two scrapes differ in.
            func key(_ sample: Exposition.Sample) -> String {
                sample.name + sample.labels.sorted { $0.key < $1.key }.description
            }
            #expect(Set(zipped.samples.map(key)) == Set(plain.samples.map(key)))
            let values = Dictionary(uniqueKeysWithValues: plain.samples.map { (key($0), $0.value) })
            for sample in zipped.samples
            where !sample.name.hasSuffix("_seconds") || sample.name.hasSuffix("_timestamp_seconds") {
                #expect(values[key(sample)] == sample.value, "\(key(sample))")
            }
        }
        #expect(zipped.samples("pg_partition_total_bytes").count == 5)
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
