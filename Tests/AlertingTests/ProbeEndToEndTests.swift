import Foundation
import Testing
import TestSupport

/// The README's fleet configuration, run for real: one exporter, two PostgreSQL clusters named in its `targets:`,
/// and a Prometheus scraping both through `/probe` with the README's relabeling. Each cluster's figures arrive under
/// its own `instance`, and the shipped alert rules fire for the broken cluster alone.
struct ProbeEndToEndTests {
    static let marker = "<!-- probe-scrape-config"
    static let exporterAddress = "pg-partition-exporter.internal:10187"

    /// The README's scrape configuration block, which the test must run unchanged but for addresses and timing.
    static func readmeScrapeConfig() throws -> String {
        let readme = try String(contentsOf: Tools.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let marker = readme.range(of: marker),
              let open = readme.range(of: "```yaml\n", range: marker.upperBound..<readme.endIndex),
              let close = readme.range(of: "```", range: open.upperBound..<readme.endIndex)
        else { throw TestEnvironmentError("README.md has no yaml block after \(marker)") }
        return String(readme[open.upperBound..<close.lowerBound])
    }

    /// `public.events` by day: healthy from yesterday to four days ahead (premake 3 is covered), or broken, with
    /// partitions that all ended before today, so that no partition covers now.
    static func events(on server: TestPostgres, healthy: Bool) throws -> String {
        let database = try server.createDatabase(prefix: "fleet")
        let days = healthy ? Array(-1...4) : Array(-6...(-2))
        var sql = "CREATE TABLE public.events (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);\n"
        for day in days {
            sql += """
                CREATE TABLE public.events_\(day + 10) PARTITION OF public.events FOR VALUES
                  FROM (date_trunc('day', now()) + interval '\(day) days')
                  TO (date_trunc('day', now()) + interval '\(day + 1) days');

                """
        }
        try server.psql(sql, database: database)
        return database
    }

    @Test(.timeLimit(.minutes(3)))
    func prometheusScrapesTwoClustersThroughOneExporterAndAlertsPerInstance() throws {
        let healthyServer = try TestPostgres()
        defer { healthyServer.destroy() }
        let brokenServer = try TestPostgres()
        defer { brokenServer.destroy() }
        let healthy = try Self.events(on: healthyServer, healthy: true)
        let broken = try Self.events(on: brokenServer, healthy: false)

        let directory = try TemporaryDirectory(prefix: "ppe-fleet")
        defer { directory.remove() }
        let exporterConfig = directory.url.appendingPathComponent("fleet.yml")
        try """
            targets:
              - name: billing-primary
                dsn: "\(healthyServer.conninfo(database: healthy))"
              - name: tenants-eu
                dsn: "\(brokenServer.conninfo(database: broken))"
            """.write(to: exporterConfig, atomically: true, encoding: .utf8)
        let exporter = try ExporterProcess(dataSourceName: nil, arguments: ["--config.file", exporterConfig.path])
        defer { exporter.stop() }

        var scrape = try Self.readmeScrapeConfig()
        let replacements = [(Self.exporterAddress, "127.0.0.1:\(exporter.port)"),
                            ("scrape_interval: 60s", "scrape_interval: 1s"), ("scrape_timeout: 30s", "scrape_timeout: 1s")]
        for (from, to) in replacements {
            try #require(scrape.contains(from), "the README's scrape configuration no longer has \(from)")
            scrape = scrape.replacingOccurrences(of: from, with: to)
        }
        let rules = directory.url.appendingPathComponent("alerts.yml")
        let thresholds = directory.url.appendingPathComponent("thresholds.yml")
        try rulesWithoutPendingPeriods(try AlertingFiles.text(AlertingFiles.alertRules)).text
            .write(to: rules, atomically: true, encoding: .utf8)
        try AlertingFiles.text(AlertingFiles.thresholds).write(to: thresholds, atomically: true, encoding: .utf8)
        let configFile = directory.url.appendingPathComponent("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ['\(rules.path)', '\(thresholds.path)']

            """.appending(scrape).write(to: configFile, atomically: true, encoding: .utf8)
        let prometheus = try PrometheusProcess(configFile: configFile, directory: directory.url)
        defer { prometheus.terminate() }

        // Each cluster's partition count arrives under its own instance, as the cluster itself counts them.
        let expected = try [("billing-primary", healthyServer, healthy), ("tenants-eu", brokenServer, broken)]
            .map { name, server, database in
                (name, database, try Double(server.psql(
                    "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.events'::regclass", database: database)))
            }
        func counts() throws -> [String: Double] {
            var found: [String: Double] = [:]
            for sample in try prometheus.query("pg_partitioned_table_partitions{job=\"pg_partition_exporter\"}").samples {
                let labels = sample["metric"] as? [String: String] ?? [:]
                let value = (sample["value"] as? [Any])?.last as? String
                found["\(labels["instance"] ?? "")/\(labels["datname"] ?? "")"] = value.flatMap(Double.init)
            }
            return found
        }
        let wanted = Dictionary(uniqueKeysWithValues: expected.map { ("\($0.0)/\($0.1)", $0.2) })
        let deadline = Date().addingTimeInterval(60)
        while try counts() != wanted, Date() < deadline { Thread.sleep(forTimeInterval: 0.5) }
        #expect(try counts() == wanted, "Prometheus log:\n\(prometheus.log())")

        // The broken cluster's table pages, under its instance; the healthy cluster raises nothing.
        func firing() throws -> [[String: String]] {
            try prometheus.alerts().filter { $0.state == "firing" }.map(\.labels)
        }
        let alertDeadline = Date().addingTimeInterval(60)
        while try !firing().contains(where: { $0["alertname"] == "PgPartitionCoverageExhausted" }),
              Date() < alertDeadline {
            Thread.sleep(forTimeInterval: 0.5)
        }
        Thread.sleep(forTimeInterval: 3)  // A few more evaluations, for anything else to fire.
        let alerts = try firing()
        let exhausted = alerts.filter { $0["alertname"] == "PgPartitionCoverageExhausted" }
        #expect(exhausted.map { [$0["instance"], $0["datname"], $0["relname"]] } == [["tenants-eu", broken, "events"]],
                "\(alerts)")
        #expect(alerts.filter { $0["instance"] == "billing-primary" }.isEmpty, "the healthy cluster alerts: \(alerts)")
        #expect(alerts.allSatisfy { $0["instance"] == "tenants-eu" }, "\(alerts)")
    }
}
