import Foundation
import Testing
import TestSupport

/// Clients that open connections and never finish their requests, or hold them open, cannot starve a scrape; and a
/// scrape that waits on its database holds no polling thread.
@Suite(.serialized)
struct HostileClientTests {
    /// `count` connections: half connect and send nothing, half send part of a request and stop.
    static func hostileConnections(_ count: Int, port: Int) throws -> [RawTCP] {
        try (0..<count).map { index in
            let connection = try RawTCP(port: port)
            if index % 2 == 1 { connection.send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ") }
            return connection
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func twoThousandIdleAndHalfSentConnectionsDoNotStarveAScrape() throws {
        try raiseOpenFileLimit(atLeast: 2_500)
        let server = try TestPostgres.shared
        let database = try server.createDatabase()
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database),
                                           arguments: ["--web.header-timeout", "60s"])
        defer { exporter.stop() }
        _ = try exporter.scrape()  // connected and warm, so that what follows measures the HTTP layer
        let baseline = openDescriptors(of: exporter.processIdentifier)
        let hostile = try Self.hostileConnections(2_000, port: exporter.port)
        // Every one accepted by the exporter, not waiting in the kernel's listen queue.
        #expect(eventually(timeout: 30) { openDescriptors(of: exporter.processIdentifier) >= baseline + hostile.count },
                "the exporter holds \(openDescriptors(of: exporter.processIdentifier) - baseline) of \(hostile.count)")
        let started = Date()
        let response = try HTTP.get(port: exporter.port, path: "/metrics", timeout: 5)
        let seconds = Date().timeIntervalSince(started)
        #expect(response.status == 200, "answered \(response.status) after \(seconds) s")
        #expect(Exposition(response.body).value("pg_partition_exporter_up", ["datname": database]) == 1)
        #expect(seconds < 5, "a scrape beside 2,000 hostile connections took \(seconds) s")
        withExtendedLifetime(hostile) {}
    }

    @Test(.timeLimit(.minutes(2)))
    func silentConnectionsCloseAfterTheHeaderTimeoutAndKeptAliveOnesAfterTheIdleTimeout() throws {
        let exporter = try ExporterProcess(dataSourceName: try TestPostgres.shared.conninfo(database: "postgres"),
                                           arguments: ["--web.header-timeout", "1s", "--web.idle-timeout", "5s"])
        defer { exporter.stop() }
        let silent = try RawTCP(port: exporter.port)
        let halfSent = try RawTCP(port: exporter.port)
        halfSent.send("GET / HTTP/1.1\r\nHost: x\r\n")
        #expect(silent.closedByPeer(within: 4), "a silent connection outlived the 1 s header timeout")
        #expect(halfSent.closedByPeer(within: 1), "a half-sent request outlived the 1 s header timeout")

        // A kept-alive connection waits for its next request under the idle timeout, not the header timeout.
        let kept = try RawTCP(port: exporter.port)
        kept.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(kept.receive(timeout: 2.5).hasPrefix("HTTP/1.1 200"))
        kept.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(kept.receive(timeout: 1).hasPrefix("HTTP/1.1 200"), "closed 2.5 s after its first request")
        #expect(kept.closedByPeer(within: 8), "a kept-alive connection outlived the 5 s idle timeout")
    }

    /// A database that accepts TCP and never answers makes every scrape wait until its deadline. Four such scrapes
    /// at once, as many as the polling threads and more, leave the other requests answered at once.
    @Test(.timeLimit(.minutes(2)))
    func scrapesWaitingOnTheDatabaseHoldNoPollingThread() throws {
        let silent = try listenOnLoopback()
        defer { close(silent.fd) }
        let exporter = try ExporterProcess(
            dataSourceName: "host=127.0.0.1 port=\(silent.port) dbname=x user=u connect_timeout=30",
            arguments: ["--web.header-timeout", "1s"])
        defer { exporter.stop() }
        let waiting = (0..<4).map { _ in
            Background { try HTTP.get(port: exporter.port, path: "/metrics",
                                      headers: ["X-Prometheus-Scrape-Timeout-Seconds: 4"], timeout: 10) }
        }
        usleep(300_000)
        for _ in 0..<10 {
            let started = Date()
            let landing = try HTTP.get(port: exporter.port, path: "/", timeout: 2)
            #expect(landing.status == 200, "the landing page waited \(Date().timeIntervalSince(started)) s")
        }
        // Longer than the 1 s header timeout, each scrape still gets its answer: a suspended connection is not idle.
        for scrape in waiting {
            let response = try #require(try scrape.wait(timeout: 10)?.get())
            #expect(response.status == 200)
            #expect(Exposition(response.body).value("pg_partition_exporter_up", ["datname": "x"]) == 0)
        }
    }
}
