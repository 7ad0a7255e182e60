import Foundation
import Testing
import TestSupport

/// `alerts/alertmanager.yml`: valid for amtool, routing each severity to its receiver, and inhibiting as the
/// runbook describes, checked against a real Alertmanager.
///
/// The tests are synchronous, as are the end-to-end ones: an async test that awaits (a sleep, a reply) needs a
/// free thread of the cooperative pool to go on, and in a full run on two cores the blocking database tests hold
/// them. Awaiting there, the inhibition test took 24.7 s of its minute beside nine other suites; blocking on a
/// thread of its own, 1.3 s.
@Suite struct AlertmanagerTests {
    @Test func amtoolAcceptsTheConfiguration() throws {
        let output = try runChecked(try AlertingTools.amtool(), ["check-config", AlertingFiles.alertmanagerConfig.path])
        #expect(output.contains("SUCCESS"), "\(output)")
        #expect(output.contains("3 receivers"), "\(output)")
    }

    @Test func theConfigurationHoldsNoSecret() throws {
        let config = try AlertingFiles.text(AlertingFiles.alertmanagerConfig)
        #expect(config.contains("routing_key_file:"))
        #expect(!config.contains("routing_key:") && !config.contains("service_key:"), "PagerDuty key inline")
        #expect(!config.contains("api_url:") && config.contains("api_url_file:"), "Slack URL inline")
    }

    /// Routes a label set with `amtool config routes test` and returns the receivers it reaches.
    private func route(_ labels: [String: String], verify receiver: String) throws -> CommandResult {
        let arguments = ["config", "routes", "test", "--config.file=\(AlertingFiles.alertmanagerConfig.path)",
                         "--verify.receivers=\(receiver)"] + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return try runCommand(try AlertingTools.amtool(), arguments)
    }

    @Test(arguments: [
        (["severity": "critical", "alertname": "PgPartitionCoverageExhausted", "datname": "app",
          "schemaname": "public", "relname": "domain_events"], Receivers.pagerDuty),
        (["severity": "critical", "alertname": "PgPartitionExporterDown", "instance": "db1:10187"], Receivers.pagerDuty),
        (["severity": "warning", "alertname": "PgPartitionRetentionOverdue", "relname": "audit_log"], Receivers.tickets),
        (["severity": "info", "alertname": "PgPartitionLarge", "partition": "domain_events_y2026m01"], Receivers.info),
        (["alertname": "SomethingWithoutSeverity"], Receivers.tickets),
    ])
    func routesBySeverity(labels: [String: String], receiver: String) throws {
        let result = try route(labels, verify: receiver)
        #expect(result.status == 0, "\(labels) should reach \(receiver): \(result.stdout) \(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == receiver)
    }

    @Test func everyAlertRoutesToTheReceiverOfItsSeverity() throws {
        for rule in try loadAlertRules() {
            let severity = try #require(rule.severity)
            let receiver = try #require(Receivers.expected(forSeverity: severity))
            let result = try route(["alertname": rule.name, "severity": severity], verify: receiver)
            #expect(result.status == 0, "\(rule) should reach \(receiver): \(result.stdout) \(result.stderr)")
        }
    }

    @Test func aWarningDoesNotPage() throws {
        let result = try route(["severity": "warning", "alertname": "PgPartitionLarge"], verify: Receivers.pagerDuty)
        #expect(result.status != 0, "a warning reached PagerDuty: \(result.stdout)")
    }

    /// Alerts posted to a real Alertmanager, with whether each must end up inhibited.
    private static let inhibitionCases: [(name: String, labels: [String: String], inhibited: Bool)] = {
        func table(_ alertname: String, _ severity: String, _ relname: String, instance: String = "db1:10187",
                   partition: String? = nil) -> [String: String] {
            var labels = ["alertname": alertname, "severity": severity, "job": "pg_partition_exporter",
                          "instance": instance, "datname": "app", "schemaname": "public", "relname": relname]
            labels["partition"] = partition
            return labels
        }
        let exporter = ["job": "pg_partition_exporter", "instance": "db1:10187"]
        return [
            // Sizes of one partition: only the critical one notifies.
            ("critical size", table("PgPartitionLarge", "critical", "domain_events", partition: "p1"), false),
            ("warning size under critical", table("PgPartitionLarge", "warning", "domain_events", partition: "p1"), true),
            ("info size under critical", table("PgPartitionLarge", "info", "domain_events", partition: "p1"), true),
            // A warning size mutes the info of its own partition, not of another one.
            ("warning size", table("PgPartitionLarge", "warning", "sessions", partition: "s1"), false),
            ("info size under warning", table("PgPartitionLarge", "info", "sessions", partition: "s1"), true),
            ("info size of another partition", table("PgPartitionLarge", "info", "sessions", partition: "s2"), false),
            // A table's critical mutes the warnings of its own alert family only: not the table's other alerts,
            // nor those of other tables or instances.
            ("critical coverage", table("PgPartitionCoverageEndingSoon", "critical", "audit_log"), false),
            ("critical count", table("PgPartitionCountHigh", "critical", "audit_log"), false),
            ("warning count under the critical count", table("PgPartitionCountHigh", "warning", "audit_log"), true),
            ("another family's warning of the table", table("PgPartitionRetentionOverdue", "warning", "audit_log"),
             false),
            ("missing partitions under the coverage page",
             table("PgPartitionFuturePartitionsMissing", "warning", "audit_log"), false),
            ("same family on another instance",
             table("PgPartitionCountHigh", "warning", "audit_log", instance: "db2:10187"), false),
            ("warning of another table", table("PgPartitionGapsInRange", "warning", "tenants"), false),
            // The exporter alerts have no table: they mute only the exporter's own warnings.
            ("exporter down", exporter.merging(["alertname": "PgPartitionExporterDown", "severity": "critical"]) { $1 }, false),
            ("scrape errors of the down exporter",
             exporter.merging(["alertname": "PgPartitionExporterScrapeErrors", "severity": "warning"]) { $1 }, true),
            ("scrape errors of another exporter",
             ["alertname": "PgPartitionExporterScrapeErrors", "severity": "warning", "job": "pg_partition_exporter",
              "instance": "db2:10187"], false),
            // Neither has instance or table labels: an inhibition equal only on table labels would match them.
            ("exporter absent", ["alertname": "PgPartitionExporterAbsent", "severity": "critical",
                                 "job": "pg_partition_exporter"], false),
            ("thresholds missing", ["alertname": "PgPartitionAlertThresholdsMissing", "severity": "warning",
                                    "threshold": "coverage_horizon_seconds"], false),
        ]
    }()

    /// The limit guards against a hang, not the speed: its waits are bounded (Alertmanager's start, 20 s of
    /// polling), and in a full run on 2 cores, beside PostgreSQL, Prometheus and exporters of other suites, they
    /// added up to over the one minute this test had (CI on a fresh clone).
    @Test(.timeLimit(.minutes(3)))
    func inhibitionMutesLowerSeveritiesOfTheSameFamilyAndTableOnly() throws {
        let directory = try TemporaryDirectory(prefix: "ppe-am")
        defer { directory.remove() }
        let config = try runnableAlertmanagerConfig(
            try AlertingFiles.text(AlertingFiles.alertmanagerConfig), directory: directory.url,
            unusedPort: freeLoopbackPort())
        let configFile = directory.url.appendingPathComponent("alertmanager.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let settings = config.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        for outside in ["/etc/alertmanager", "example.internal", "pagerduty.com", "slack.com"] {
            #expect(!settings.contains { $0.contains(outside) }, "\(outside) left in the test configuration:\n\(config)")
        }

        let alertmanager = try AlertmanagerProcess(configFile: configFile, directory: directory.url)
        defer { alertmanager.terminate() }
        let cases = Self.inhibitionCases
        try alertmanager.post(alerts: cases.map(\.labels))

        // The inhibitor learns about source alerts asynchronously: poll until every case is settled.
        var observed: [(labels: [String: String], inhibitedBy: [String])] = []
        let deadline = Date().addingTimeInterval(20)
        func settled() -> Bool {
            cases.allSatisfy { wanted in
                observed.contains { $0.labels == wanted.labels && $0.inhibitedBy.isEmpty != wanted.inhibited }
            }
        }
        repeat {
            observed = try alertmanager.alerts()
            if settled() { break }
            Thread.sleep(forTimeInterval: 0.25)
        } while Date() < deadline
        // Look once more a little later, so that an alert muted late is not mistaken for an active one.
        Thread.sleep(forTimeInterval: 1)
        observed = try alertmanager.alerts()

        #expect(observed.count == cases.count, "Alertmanager holds \(observed.count) alerts:\n\(alertmanager.log())")
        for wanted in cases {
            let alert = try #require(observed.first { $0.labels == wanted.labels }, "\(wanted.name) was not stored")
            #expect(alert.inhibitedBy.isEmpty != wanted.inhibited,
                    "\(wanted.name): expected \(wanted.inhibited ? "inhibited" : "active"), inhibitedBy \(alert.inhibitedBy)")
        }
    }

    /// A running Alertmanager with the shipped configuration, its receivers pointed at an unused loopback port.
    private func startAlertmanager(_ directory: TemporaryDirectory) throws -> AlertmanagerProcess {
        let config = try runnableAlertmanagerConfig(
            try AlertingFiles.text(AlertingFiles.alertmanagerConfig), directory: directory.url,
            unusedPort: freeLoopbackPort())
        let configFile = directory.url.appendingPathComponent("alertmanager.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        return try AlertmanagerProcess(configFile: configFile, directory: directory.url)
    }

    /// 500 tables of one database breaking at once (a stopped maintenance job) page once; another database of
    /// the same cluster is a page of its own.
    @Test(.timeLimit(.minutes(2)))
    func fiveHundredCriticalAlertsOfOneDatabaseAreOnePage() throws {
        let directory = try TemporaryDirectory(prefix: "ppe-am-groups")
        defer { directory.remove() }
        let alertmanager = try startAlertmanager(directory)
        defer { alertmanager.terminate() }
        func page(_ relname: String, _ alertname: String, datname: String = "app") -> [String: String] {
            ["alertname": alertname, "severity": "critical", "job": "pg_partition_exporter", "instance": "db1:10187",
             "datname": datname, "schemaname": "public", "relname": relname]
        }
        var alerts = (0..<500).map { page("t\($0)", $0 % 2 == 0 ? "PgPartitionCoverageEndingSoon"
                                                                 : "PgPartitionCoverageExhausted") }
        alerts.append(page("orders", "PgPartitionCoverageExhausted", datname: "billing"))
        try alertmanager.post(alerts: alerts)
        var groups: [(receiver: String, labels: [String: String], alerts: Int)] = []
        let deadline = Date().addingTimeInterval(30)
        repeat {
            groups = try alertmanager.groups()
            if groups.reduce(0, { $0 + $1.alerts }) == alerts.count { break }
            Thread.sleep(forTimeInterval: 0.25)
        } while Date() < deadline
        let pages = groups.filter { $0.receiver == Receivers.pagerDuty }
        #expect(pages.count == 2, "\(groups.map { "\($0.receiver) \($0.labels) \($0.alerts)" })")
        #expect(pages.first { $0.labels["datname"] == "app" }?.alerts == 500)
        #expect(pages.first { $0.labels["datname"] == "billing" }?.alerts == 1)
        #expect(groups.allSatisfy { $0.receiver == Receivers.pagerDuty })
    }

    /// The runbook used to advise silencing exceptions; with inhibition across alert families, a silenced page
    /// would have hidden the table's other alerts. A silence now hides what it matches, and nothing else.
    @Test(.timeLimit(.minutes(2)))
    func aSilencedCriticalAlertInhibitsNoOtherFamily() throws {
        let directory = try TemporaryDirectory(prefix: "ppe-am-silence")
        defer { directory.remove() }
        let alertmanager = try startAlertmanager(directory)
        defer { alertmanager.terminate() }
        let base = ["job": "pg_partition_exporter", "instance": "db1:10187", "datname": "app", "schemaname": "public",
                    "relname": "audit_log"]
        let page = base.merging(["alertname": "PgPartitionCountHigh", "severity": "critical"]) { $1 }
        try alertmanager.silence(matching: ["alertname": "PgPartitionCountHigh", "relname": "audit_log"])
        let others = ["PgPartitionRetentionOverdue", "PgPartitionFuturePartitionsMissing",
                      "PgPartitionDefaultPartitionHasRows"].map {
            base.merging(["alertname": $0, "severity": "warning"]) { $1 }
        }
        let sameFamily = base.merging(["alertname": "PgPartitionCountHigh", "severity": "warning"]) { $1 }
        try alertmanager.post(alerts: [page, sameFamily] + others)
        var observed: [(labels: [String: String], inhibitedBy: [String])] = []
        let deadline = Date().addingTimeInterval(20)
        repeat {
            observed = try alertmanager.alerts()
            if observed.first(where: { $0.labels == sameFamily })?.inhibitedBy.isEmpty == false { break }
            Thread.sleep(forTimeInterval: 0.25)
        } while Date() < deadline
        Thread.sleep(forTimeInterval: 1)
        observed = try alertmanager.alerts()
        // The silenced page still inhibits its own family's warning, as a silence of the family should.
        #expect(observed.first { $0.labels == sameFamily }?.inhibitedBy.isEmpty == false, "\(observed)")
        for other in others {
            let alert = try #require(observed.first { $0.labels == other }, "\(other) was not stored")
            #expect(alert.inhibitedBy.isEmpty, "\(other["alertname"]!) inhibited by the silenced page")
        }
    }
}
