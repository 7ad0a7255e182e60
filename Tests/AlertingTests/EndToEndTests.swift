import Foundation
import Testing
import TestSupport

/// The whole chain on real processes, all on 127.0.0.1: a throwaway PostgreSQL with partitioned tables in known
/// states, the exporter reading it, a real Prometheus scraping the exporter and evaluating copies of the
/// repository's rule files, a real Alertmanager running the repository's routes and inhibit rules, and a
/// webhook receiver standing in for every notification endpoint. Then every dashboard query runs against that
/// Prometheus.
@Suite struct EndToEndTests {
    /// The scrape job the exporter alerts select (`up{job="pg_partition_exporter"}`).
    static let job = "pg_partition_exporter"

    /// The fixture's tables, all in schema `public` and partitioned by month on a `timestamptz`.
    enum Table {
        /// Three months back to four ahead, 12-month retention: nothing to report.
        static let healthy = "e2e_healthy"
        /// Only the four past months: no partition covers now.
        static let exhausted = "e2e_exhausted"
        /// Two months back to one ahead: covers now and next month, but not the premake horizon of 3.
        static let noFuture = "e2e_no_future"
        /// Fourteen months back to four ahead with a 6-month retention: eight partitions past it.
        static let pastRetention = "e2e_past_retention"
        /// Healthy coverage and a DEFAULT partition holding rows; 5-year retention (nothing past it).
        static let defaultRows = "e2e_default_rows"
        /// Four months back to four ahead without the month two months ago.
        static let gap = "e2e_gap"
        /// Fourteen months back to four ahead under a 72-month floor; its oldest partition is dropped while
        /// Prometheus watches.
        static let compliance = "e2e_compliance"

        static let all = [healthy, exhausted, noFuture, pastRetention, defaultRows, gap, compliance]
    }

    static let schema = """
        SET TimeZone = 'UTC';
        SET client_min_messages = warning;
        -- Creates the monthly partitions of public.<parent> for the months from_month .. to_month relative to the
        -- current one (0 is the current month), leaving out skip_month.
        CREATE FUNCTION pg_temp.monthly(parent text, from_month int, to_month int, skip_month int DEFAULT NULL)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE lower_bound timestamptz;
        BEGIN
            FOR m IN from_month .. to_month LOOP
                CONTINUE WHEN m = skip_month;
                lower_bound := date_trunc('month', now()) + m * interval '1 month';
                EXECUTE format('CREATE TABLE public.%I PARTITION OF public.%I FOR VALUES FROM (%L) TO (%L)',
                               parent || to_char(lower_bound, '"_y"YYYY"m"MM'), parent,
                               lower_bound, lower_bound + interval '1 month');
            END LOOP;
        END $$;

        CREATE TABLE public.\(Table.healthy) (id bigint, created_at timestamptz NOT NULL)
            PARTITION BY RANGE (created_at);
        SELECT pg_temp.monthly('\(Table.healthy)', -3, 4);
        INSERT INTO public.\(Table.healthy) SELECT g, now() - g * interval '1 second' FROM generate_series(1, 200) g;

        CREATE TABLE public.\(Table.exhausted) (id bigint, created_at timestamptz NOT NULL)
            PARTITION BY RANGE (created_at);
        SELECT pg_temp.monthly('\(Table.exhausted)', -4, -1);

        CREATE TABLE public.\(Table.noFuture) (id bigint, created_at timestamptz NOT NULL)
            PARTITION BY RANGE (created_at);
        SELECT pg_temp.monthly('\(Table.noFuture)', -2, 1);

        CREATE TABLE public.\(Table.pastRetention) (id bigint, created_at timestamptz NOT NULL)
            PARTITION BY RANGE (created_at);
        SELECT pg_temp.monthly('\(Table.pastRetention)', -14, 4);

        CREATE TABLE public.\(Table.defaultRows) (id bigint, created_at timestamptz NOT NULL)
            PARTITION BY RANGE (created_at);
        SELECT pg_temp.monthly('\(Table.defaultRows)', -2, 4);
        CREATE TABLE public.\(Table.defaultRows)_default PARTITION OF public.\(Table.defaultRows) DEFAULT;
        INSERT INTO public.\(Table.defaultRows)
            SELECT g, now() + interval '5 years' + g * interval '1 minute' FROM generate_series(1, 500) g;

        CREATE TABLE public.\(Table.gap) (id bigint, created_at timestamptz NOT NULL)
            PARTITION BY RANGE (created_at);
        SELECT pg_temp.monthly('\(Table.gap)', -4, 4, -2);

        CREATE TABLE public.\(Table.compliance) (id bigint, created_at timestamptz NOT NULL)
            PARTITION BY RANGE (created_at);
        SELECT pg_temp.monthly('\(Table.compliance)', -14, 4);
        """

    /// Drops the oldest partition of the compliance table: 14 months old, well inside its 72-month floor.
    static let complianceDrop = """
        DO $$ DECLARE oldest text; BEGIN
            SELECT c.relname INTO oldest FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.\(Table.compliance)'::regclass ORDER BY c.relname LIMIT 1;
            EXECUTE format('DROP TABLE public.%I', oldest);
        END $$;
        """

    /// The machinery around the tables, so that the maintenance panels have data: pg_partman manages the
    /// drill-down table (its part_config row says what the YAML says, so no figure changes), and pg_cron, in
    /// `postgres`, has a maintenance job for this database. pg_cron 1.4 schedules by the minute, too slowly for this
    /// test, so the job's schedule never comes and its last run is written into `cron.job_run_details` as pg_cron
    /// would; real runs are tested in MachineryTests.
    static func machinery(database: String) -> (partman: String, cron: String) {
        ("""
         CREATE SCHEMA partman;
         CREATE EXTENSION pg_partman SCHEMA partman;
         INSERT INTO partman.part_config (parent_table, control, partition_type, partition_interval, premake, retention)
         VALUES ('public.\(Table.defaultRows)', 'created_at', 'native', '1 mon', 3, '5 years');
         """,
         """
         ALTER ROLE postgres SET enable_partitionwise_join = on;  -- an override for the settings panels
         CREATE EXTENSION pg_cron;
         SELECT cron.schedule_in_database('partition-maintenance', '0 0 1 1 *', 'SELECT 1', '\(database)');
         SELECT cron.schedule_in_database('\(failingJob)', '0 0 1 1 *', 'CALL partman.run_maintenance_proc()',
                                          '\(database)');
         INSERT INTO cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message,
                                           start_time, end_time)
         SELECT jobid, nextval('cron.runid_seq'), 4242, database, username, command,
                CASE WHEN jobname = '\(failingJob)' THEN 'failed' ELSE 'succeeded' END,
                CASE WHEN jobname = '\(failingJob)' THEN 'ERROR: updated partition constraint for default partition '
                     || '"e2e_default_rows_default" would be violated by some row' ELSE 'SELECT 1' END,
                now() - interval '2 minutes', now() - interval '2 minutes' + interval '40 milliseconds'
         FROM cron.job;
         """)
    }

    /// The maintenance job whose last run failed, as the real one fails on a default partition holding rows.
    static let failingJob = "e2e-failing-maintenance"

    /// Series the dashboards show that Debian's pg_partman 4.7 never produces (it records no maintenance run):
    /// their queries must be valid, but cannot have data here.
    static let seriesOfNewerPartman = ["pg_partman_maintenance_last_run_timestamp_seconds"]

    static func exporterConfiguration(database: String) -> String {
        """
        databases: [\(database), postgres]
        defaults: {premake: 3}
        tables:
          - name: public.\(Table.healthy)
            retention: 12 months
          - name: public.\(Table.pastRetention)
            retention: 6 months
          - name: public.\(Table.defaultRows)
            retention: 5 years
            min_retention: 2 years
          - name: public.\(Table.compliance)
            retention: 7 years
            min_retention: 72 months
        """
    }

    /// An alert of one table, as the rules name it.
    struct TableAlert: Hashable, CustomStringConvertible {
        var alertname: String
        var relname: String
        var severity: String
        var description: String { "\(alertname)/\(relname) (\(severity))" }
    }

    /// The alerts that must reach a receiver.
    static let delivered: Set<TableAlert> = [
        TableAlert(alertname: "PgPartitionCoverageExhausted", relname: Table.exhausted, severity: "critical"),
        TableAlert(alertname: "PgPartitionFuturePartitionsMissing", relname: Table.noFuture, severity: "warning"),
        TableAlert(alertname: "PgPartitionRetentionOverdue", relname: Table.pastRetention, severity: "warning"),
        TableAlert(alertname: "PgPartitionDefaultPartitionHasRows", relname: Table.defaultRows, severity: "warning"),
        TableAlert(alertname: "PgPartitionGapsInRange", relname: Table.gap, severity: "warning"),
        TableAlert(alertname: "PgPartitionDroppedInsideMinimumRetention", relname: Table.compliance,
                   severity: "warning"),
        // Beside the table's coverage page, not muted by it: inhibition stays within one alert family.
        TableAlert(alertname: "PgPartitionFuturePartitionsMissing", relname: Table.exhausted, severity: "warning"),
    ]

    /// Alerts that must not be firing once the chain runs: they would mean the scrape job is named differently
    /// from the rules' `job` matcher, or that thresholds.yml was not loaded. (They may fire for a moment at start,
    /// before the first scrape and the first evaluation of the thresholds group.)
    static let wiringAlerts: Set<String> = ["PgPartitionExporterAbsent", "PgPartitionAlertThresholdsMissing"]

    @Test(.timeLimit(.minutes(4)))
    func alertsReachTheirReceiversAndEveryDashboardQueryHasData() throws {
        let server = try TestPostgres.withCron()
        defer { server.destroy() }  // Runs last, once the exporter is gone.
        let database = try server.createDatabase(prefix: "e2e")
        let machinery = Self.machinery(database: database)
        try server.psql(Self.schema + machinery.partman, database: database)
        try server.psql("ANALYZE", database: database)
        try server.psql(machinery.cron)

        let directory = try TemporaryDirectory(prefix: "ppe-e2e")
        defer { directory.remove() }
        func subdirectory(_ name: String) throws -> URL {
            let url = directory.url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }

        // The exporter, checked once directly so that a broken exporter is reported as such.
        let exporterConfig = directory.url.appendingPathComponent("exporter.yml")
        try Self.exporterConfiguration(database: database).write(to: exporterConfig, atomically: true, encoding: .utf8)
        let exporter = try ExporterProcess(
            dataSourceName: server.conninfo(database: database), arguments: ["--config.file", exporterConfig.path])
        defer { exporter.stop() }
        let scrape = try exporter.scrape()
        for watched in [database, "postgres"] {
            try #require(scrape.value("pg_partition_exporter_up", ["datname": watched]) == 1,
                         "the exporter cannot read \(watched): \(exporter.log)")
        }
        try #require(scrape.samples("pg_partition_exporter_collector_success").allSatisfy { $0.value == 1 },
                     "a collector failed: \(exporter.log)")
        let tables = Set(scrape.samples("pg_partitioned_table_info").compactMap { $0.labels["relname"] })
        try #require(tables == Set(Table.all), "the exporter sees \(tables)")

        // The webhook receiver and Alertmanager.
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let amConfig = webhookAlertmanagerConfig(
            try AlertingFiles.text(AlertingFiles.alertmanagerConfig), webhookPort: receiver.port)
        #expect(Set(amConfig.receivers) == [Receivers.pagerDuty, Receivers.tickets, Receivers.info], "\(amConfig)")
        let amDirectory = try subdirectory("alertmanager")
        let amConfigFile = amDirectory.appendingPathComponent("alertmanager.yml")
        try amConfig.text.write(to: amConfigFile, atomically: true, encoding: .utf8)
        let alertmanager = try AlertmanagerProcess(configFile: amConfigFile, directory: amDirectory)
        defer { alertmanager.terminate() }

        // Prometheus, with the rule files copied; the alerts' `for:` set to 0s (see rulesWithoutPendingPeriods).
        let rulesText = try AlertingFiles.text(AlertingFiles.alertRules)
        #expect(rulesText.contains("job=\"\(Self.job)\""), "the exporter alerts select job \(Self.job)")
        let rewritten = rulesWithoutPendingPeriods(rulesText)
        let originalRules = parseAlertRules(rulesText), copiedRules = parseAlertRules(rewritten.text)
        #expect(rewritten.replaced == originalRules.count, "one `for:` per alert")
        #expect(copiedRules.map { [$0.name, $0.expr] + $0.labels.sorted { $0.key < $1.key }.map(\.value) }
            == originalRules.map { [$0.name, $0.expr] + $0.labels.sorted { $0.key < $1.key }.map(\.value) },
            "only `for:` changes in the copy")
        let promDirectory = try subdirectory("prometheus")
        let rulesCopy = promDirectory.appendingPathComponent(AlertingFiles.alertRules.lastPathComponent)
        let thresholdsCopy = promDirectory.appendingPathComponent(AlertingFiles.thresholds.lastPathComponent)
        try rewritten.text.write(to: rulesCopy, atomically: true, encoding: .utf8)
        try AlertingFiles.text(AlertingFiles.thresholds).write(to: thresholdsCopy, atomically: true, encoding: .utf8)
        let promConfigFile = promDirectory.appendingPathComponent("prometheus.yml")
        try prometheusConfig(
            job: Self.job, exporterPort: exporter.port, alertmanagerPort: alertmanager.baseURL.port!,
            ruleFiles: [rulesCopy, thresholdsCopy]
        ).write(to: promConfigFile, atomically: true, encoding: .utf8)
        let prometheus = try PrometheusProcess(configFile: promConfigFile, directory: promDirectory)
        defer { prometheus.terminate() }

        // The compliance incident needs history: Prometheus must have seen the oldest partition before it goes.
        let oldestSeen = Date().addingTimeInterval(60)
        while try prometheus.query(
            "pg_partitioned_table_range_start_timestamp_seconds{relname=\"\(Table.compliance)\"}").1.isEmpty {
            guard Date() < oldestSeen else { throw TestEnvironmentError("Prometheus never scraped the exporter") }
            Thread.sleep(forTimeInterval: 0.5)
        }
        Thread.sleep(forTimeInterval: 2)
        try server.psql(Self.complianceDrop, database: database)

        try checkAlerts(prometheus: prometheus, alertmanager: alertmanager, receiver: receiver,
                        database: database)
        try checkDashboards(prometheus: prometheus, instance: "127.0.0.1:\(exporter.port)", database: database)
        try checkBlindness(server: server, prometheus: prometheus, receiver: receiver, database: database)
    }

    /// The exporter loses the database (it refuses connections and the exporter's sessions are ended): its table
    /// series vanish, yet every delivered table alert keeps firing and none is notified as resolved, while
    /// PgPartitionExporterCollectionFailed pages for the cause.
    private func checkBlindness(server: TestPostgres, prometheus: PrometheusProcess, receiver: WebhookReceiver,
                                database: String) throws {
        defer { try? server.psql("ALTER DATABASE \(database) ALLOW_CONNECTIONS true") }
        try server.psql("""
            ALTER DATABASE \(database) ALLOW_CONNECTIONS false;
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' \\g /dev/null
            """)
        let blind = Date().addingTimeInterval(30)
        var collectionFailed = false
        repeat {
            let up = try prometheus.query("pg_partition_exporter_up{datname=\"\(database)\"}").1
            let tables = try prometheus.query("pg_partitioned_table_info{datname=\"\(database)\"}").1
            collectionFailed = try prometheus.alerts().contains {
                $0.state == "firing" && $0.labels["alertname"] == "PgPartitionExporterCollectionFailed"
                    && $0.labels["datname"] == database
            }
            let upValue = (up.first?["value"] as? [Any])?.last as? String
            if upValue == "0" && tables.isEmpty && collectionFailed { break }
            Thread.sleep(forTimeInterval: 0.5)
        } while Date() < blind
        #expect(collectionFailed, "PgPartitionExporterCollectionFailed does not fire for \(database)")
        #expect(try prometheus.query("pg_partitioned_table_info{datname=\"\(database)\"}").1.isEmpty,
                "the table series are still there: the exporter did not lose the database")
        // Several evaluations and group intervals (1 s each) in which a resolution would show.
        Thread.sleep(forTimeInterval: 5)
        let firing = try prometheus.alerts().filter { $0.state == "firing" }
        let deliveries = DeliveredAlert.parse(receiver.requests).alerts
        for wanted in Self.delivered {
            #expect(firing.contains { $0.labels["alertname"] == wanted.alertname
                && $0.labels["relname"] == wanted.relname }, "\(wanted) resolved when the exporter went blind")
            #expect(!deliveries.contains { $0.status == "resolved" && $0.alertname == wanted.alertname
                && $0.relname == wanted.relname }, "\(wanted) was notified as resolved")
        }
    }

    /// Waits until Prometheus fires exactly the expected table alerts and the receivers got them, then checks
    /// routing, inhibition and that the healthy table stays quiet.
    private func checkAlerts(
        prometheus: PrometheusProcess, alertmanager: AlertmanagerProcess, receiver: WebhookReceiver,
        database: String
    ) throws {
        let firingInPrometheus = Self.delivered
        var firing: [(labels: [String: String], state: String)] = []
        var deliveries: [DeliveredAlert] = []
        func tableAlerts() -> Set<TableAlert> {
            Set(firing.filter { $0.state == "firing" && $0.labels["relname"] != nil }.map {
                TableAlert(alertname: $0.labels["alertname"] ?? "", relname: $0.labels["relname"] ?? "",
                           severity: $0.labels["severity"] ?? "")
            })
        }
        func wiringAlertsFiring() -> [String] {
            firing.compactMap { $0.labels["alertname"] }.filter { Self.wiringAlerts.contains($0) }
        }
        /// The failing job's alert, delivered to the tickets receiver.
        func jobAlertDelivered() -> Bool {
            deliveries.contains { $0.status == "firing" && $0.alertname == "PgPartitionMaintenanceJobFailing"
                && $0.labels["jobname"] == Self.failingJob && $0.path == "/\(Receivers.tickets)" }
        }
        func undelivered() -> [TableAlert] {
            Self.delivered.filter { wanted in
                !deliveries.contains { $0.status == "firing" && $0.alertname == wanted.alertname
                    && $0.relname == wanted.relname }
            }.sorted { $0.description < $1.description }
        }

        // Bounded: the first scrape comes within ~10 s of start; evaluation, sending and group_wait add seconds.
        let deadline = Date().addingTimeInterval(90)
        repeat {
            firing = try prometheus.alerts()
            deliveries = DeliveredAlert.parse(receiver.requests).alerts
            if tableAlerts() == firingInPrometheus && wiringAlertsFiring().isEmpty && undelivered().isEmpty
                && jobAlertDelivered() { break }
            Thread.sleep(forTimeInterval: 0.5)
        } while Date() < deadline
        // Give a wrongly routed or uninhibited notification time to arrive (several group intervals of 1 s).
        Thread.sleep(forTimeInterval: 4)
        firing = try prometheus.alerts()
        let parsed = DeliveredAlert.parse(receiver.requests)
        deliveries = parsed.alerts
        let context = "\nPrometheus alerts: \(firing.map { "\($0.state) \($0.labels)" })\n"
            + "Deliveries:\n\(deliveries.map(\.description).joined(separator: "\n"))"

        #expect(parsed.unparsed.isEmpty, "requests that are not Alertmanager notifications: \(parsed.unparsed)")
        #expect(tableAlerts() == firingInPrometheus, "firing table alerts in Prometheus\(context)")
        #expect(wiringAlertsFiring().isEmpty, "wiring alerts still firing\(context)\n\(prometheus.log())")
        #expect(undelivered().isEmpty, "not delivered: \(undelivered())\(context)\n\(alertmanager.log())")
        #expect(jobAlertDelivered(), "the failing maintenance job did not reach \(Receivers.tickets)\(context)")
        // The healthy job raises nothing.
        #expect(!firing.contains { $0.labels["jobname"] == "partition-maintenance" }, "healthy job alerting\(context)")

        // Each expected alert names its table and reaches the receiver of its severity.
        for wanted in Self.delivered {
            let found = deliveries.filter {
                $0.status == "firing" && $0.alertname == wanted.alertname && $0.relname == wanted.relname
            }
            for alert in found {
                let receiverName = Receivers.expected(forSeverity: wanted.severity) ?? "?"
                #expect(alert.path == "/\(receiverName)" && alert.receiver == receiverName, "\(wanted): \(alert)")
                #expect(alert.labels["severity"] == wanted.severity, "\(alert)")
                #expect(alert.labels["schemaname"] == "public" && alert.labels["datname"] == database, "\(alert)")
                #expect(alert.labels["job"] == Self.job, "\(alert)")
            }
        }
        // Every notification, including transient ones of the exporter alerts, went to the receiver of its
        // severity; no table alert other than the expected ones reached any receiver.
        for alert in deliveries {
            let receiverName = alert.labels["severity"].flatMap(Receivers.expected(forSeverity:))
            #expect(receiverName != nil && alert.path == "/\(receiverName!)", "routed by severity: \(alert)")
            guard alert.labels["relname"] != nil else { continue }
            let delivered = TableAlert(alertname: alert.alertname, relname: alert.relname,
                                       severity: alert.labels["severity"] ?? "")
            #expect(Self.delivered.contains(delivered), "unexpected notification: \(alert)\(context)")
        }

        // The healthy table raises nothing, anywhere.
        #expect(!firing.contains { $0.labels["relname"] == Table.healthy }, "healthy table alerting\(context)")
        #expect(!deliveries.contains { $0.relname == Table.healthy }, "healthy table notified\(context)")
        // Nothing is held back by inhibition: no two alerts of one family fire for one table here.
        let held = try alertmanager.alerts().filter { !$0.inhibitedBy.isEmpty }
        #expect(held.isEmpty, "inhibited: \(held.map(\.labels))")
    }

    /// Every panel query and every template variable query of both dashboards, with the variables substituted
    /// as Grafana would, is accepted by Prometheus and returns data on the fixture.
    private func checkDashboards(prometheus: PrometheusProcess, instance: String, database: String) throws {
        struct Query {
            var origin: String
            var promql: String
            /// For a `label_values(selector, label)` variable: the label, and values it must offer.
            var label: String?
            var mustOffer: Set<String> = []
        }
        var queries: [Query] = []
        for file in try AlertingFiles.dashboardFiles() {
            let dashboard = try loadDashboard(file)
            // The overview shows every table ("All" is `.*`); the drill-down shows one table, the one that has
            // every family (retention configured, a default partition).
            let isOverview = file.lastPathComponent == "pg-partition-overview.json"
            let values: [String: String] = [
                "$job": Self.job, "$instance": instance, "$datname": database, "$schemaname": "public",
                "$relname": isOverview ? ".*" : Table.defaultRows,
            ]
            func substitute(_ expr: String) -> String {
                dashboardVariableValues.map { ($0.name, values[$0.name] ?? $0.value) }
                    .sorted { $0.0.count > $1.0.count }
                    .reduce(expr) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            }
            for (panel, expr) in panelExpressions(dashboard) {
                queries.append(Query(origin: "\(file.lastPathComponent) panel \"\(panel)\"", promql: substitute(expr)))
            }
            for (name, variable) in templateVariables(dashboard) {
                guard let query = variable["query"] as? String, query.hasPrefix("label_values(") else { continue }
                // label_values(selector, label) is Grafana's: Prometheus answers the series of the selector.
                let inner = query.dropFirst("label_values(".count).dropLast()
                let comma = try #require(inner.lastIndex(of: ","), "\(query)")
                let label = inner[inner.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                let chosen = values["$\(name)"] ?? ""
                queries.append(Query(
                    origin: "\(file.lastPathComponent) variable \(name)", promql: substitute(String(inner[..<comma])),
                    label: label, mustOffer: chosen == ".*" ? Set(Table.all) : [chosen]))
            }
        }
        #expect(queries.count >= 40, "\(queries.count) queries")
        #expect(!queries.contains { $0.promql.contains("$") }, "unsubstituted variables")

        /// What is wrong with a query's answer; nil when it is right.
        func problem(_ query: Query) throws -> String? {
            let (envelope, samples) = try prometheus.query(query.promql)
            guard envelope["status"] as? String == "success" else {
                return "rejected: \(envelope["errorType"] ?? "") \(envelope["error"] ?? "")"
            }
            if Self.seriesOfNewerPartman.contains(where: query.promql.contains) { return nil }
            guard !samples.isEmpty else { return "no data" }
            if let label = query.label {
                let offered = Set(samples.compactMap { ($0["metric"] as? [String: String])?[label] })
                guard query.mustOffer.isSubset(of: offered) else { return "offers \(offered), not \(query.mustOffer)" }
            }
            return nil
        }

        // rate() and increase() need two samples in their range; poll until every query answers (bounded).
        var problems: [(Query, String)] = []
        let deadline = Date().addingTimeInterval(60)
        repeat {
            problems = try queries.compactMap { query in try problem(query).map { (query, $0) } }
            if problems.isEmpty { break }
            Thread.sleep(forTimeInterval: 1)
        } while Date() < deadline
        for (query, problem) in problems {
            Issue.record("\(query.origin): \(problem)\n  \(query.promql)")
        }
    }
}
