import Foundation
import Testing
import TestSupport

/// The Prometheus rule files: valid for promtool, proven by the promtool unit tests, and following the
/// monitoring-mixins conventions the runbook and Alertmanager configuration rely on.
@Suite struct RuleTests {
    static let runbookBase =
        "https://github.com/pg-partition-exporter/pg_partition_exporter/blob/main/docs/runbook.md#"

    @Test func promtoolAcceptsEveryRuleFile() throws {
        let promtool = try AlertingTools.promtool()
        let files = try AlertingFiles.ruleFiles()
        #expect(files.map(\.lastPathComponent) == ["pg-partition-alerts.yml", "thresholds.yml"])
        for file in files {
            let output = try runChecked(promtool, ["check", "rules", "--lint=all", "--lint-fatal", file.path])
            #expect(output.contains("SUCCESS"), "\(file.lastPathComponent): \(output)")
        }
    }

    @Test func promtoolUnitTestsPass() throws {
        let promtool = try AlertingTools.promtool()
        let files = try AlertingFiles.unitTestFiles()
        #expect(files.count >= 5, "expected the unit test files in alerts/tests/")
        let result = try runCommand(promtool, ["test", "rules"] + files.map(\.path), timeout: 300)
        #expect(result.status == 0, "promtool test rules failed:\n\(result.stdout)\n\(result.stderr)")
        // promtool prints one SUCCESS per file that passed.
        let successes = result.stdout.components(separatedBy: "SUCCESS").count - 1
        #expect(successes == files.count, "\(result.stdout)")
    }

    @Test func everyAlertHasAUnitTestThatExpectsItToFire() throws {
        let tests = try AlertingFiles.unitTestFiles().map { try AlertingFiles.text($0) }.joined(separator: "\n")
        for name in Set(try loadAlertRules().map(\.name)) {
            // An expectation of firing names the alert and lists at least one alert with labels.
            let pattern = "alertname: \(name)\n        exp_alerts:\n          - exp_labels:"
            #expect(tests.contains(pattern), "no unit test expects \(name) to fire")
            #expect(tests.contains("alertname: \(name)\n        exp_alerts: []"),
                    "no unit test expects \(name) not to fire")
        }
    }

    @Test func theRuleReaderFindsEveryAlert() throws {
        let rules = try loadAlertRules()
        let promtoolCount = try runChecked(try AlertingTools.promtool(), ["check", "rules", AlertingFiles.alertRules.path])
        // "SUCCESS: N rules found" counts recording and alerting rules; the alerts file has only alerts.
        #expect(promtoolCount.contains("SUCCESS: \(rules.count) rules found"), "\(promtoolCount)")
        #expect(rules.count >= 16)
    }

    @Test func alertsFollowTheNamingAndLabelConventions() throws {
        for rule in try loadAlertRules() {
            #expect(rule.name.hasPrefix("PgPartition"), "\(rule): names share the PgPartition prefix")
            #expect(rule.name.allSatisfy { $0.isLetter || $0.isNumber } && rule.name.first!.isUppercase,
                    "\(rule): CamelCase name")
            #expect(["info", "warning", "critical"].contains(rule.severity ?? ""), "\(rule): severity label")
            #expect(rule.forDuration != nil, "\(rule): every alert has a deliberate for:")
            #expect(!rule.expr.isEmpty, "\(rule): expression")
        }
    }

    @Test func summariesAreOneStaticSentence() throws {
        for rule in try loadAlertRules() {
            let summary = try #require(rule.annotations["summary"], "\(rule): summary")
            #expect(summary.hasSuffix("."), "\(rule): summary ends with a period")
            #expect(!summary.dropLast().contains(". "), "\(rule): summary is one sentence")
            #expect(!summary.contains("{{"), "\(rule): summary is static")
            #expect(summary.first?.isUppercase == true, "\(rule): summary starts with a capital")
        }
    }

    @Test func descriptionsNameTheTableAndHumanizeTheValue() throws {
        for rule in try loadAlertRules() {
            let description = try #require(rule.annotations["description"], "\(rule): description")
            #expect(description.contains("{{"), "\(rule): description is templated")
            let isExporterAlert = rule.name.hasPrefix("PgPartitionExporter")
            let isMetaAlert = rule.name == "PgPartitionAlertThresholdsMissing"
            // A setting is the database's or a role's, and a pg_cron job is a job, not a table.
            let isSettingAlert = rule.name == "PgPartitionPruningDisabled"
            let isJobAlert = rule.expr.contains("pg_cron_job_")
            if isSettingAlert {
                for label in ["datname", "instance", "role", "database"] {
                    #expect(description.contains("$labels.\(label)"), "\(rule): description names \(label)")
                }
            }
            if isJobAlert {
                for label in ["datname", "instance", "jobname", "jobid"] {
                    #expect(description.contains("$labels.\(label)"), "\(rule): description names \(label)")
                }
            }
            if !isExporterAlert && !isMetaAlert && !isSettingAlert && !isJobAlert {
                for label in ["datname", "schemaname", "relname", "instance"] {
                    #expect(description.contains("$labels.\(label)"), "\(rule): description names \(label)")
                }
                #expect(description.contains("{{ $labels.schemaname }}.{{ $labels.relname }}"),
                        "\(rule): description names the table as schema.table")
            }
            if rule.name.hasPrefix("PgPartitionExporter") && rule.name != "PgPartitionExporterAbsent" {
                #expect(description.contains("$labels.instance"), "\(rule): description names the instance")
            }
        }
        let rules = try loadAlertRules()
        for rule in rules where rule.name == "PgPartitionLarge" {
            #expect(rule.annotations["description"]!.contains("$labels.partition"), "\(rule) names the partition")
            #expect(rule.annotations["description"]!.contains("$value | humanize1024"), "\(rule) in IEC bytes")
        }
        for rule in rules where rule.name == "PgPartitionCoverageEndingSoon" {
            #expect(rule.annotations["description"]!.contains("$value | humanizeDuration"), "\(rule) as a duration")
        }
        for rule in rules where rule.name == "PgPartitionRetentionOverdue" {
            #expect(rule.annotations["description"]!.contains("humanize1024"), "\(rule) names the bytes")
        }
    }

    @Test func everyRunbookURLPointsAtAHeadingOfTheRunbook() throws {
        let runbook = try AlertingFiles.text(AlertingFiles.runbook)
        let anchors = Set(markdownHeadings(runbook).map(githubAnchor))
        for rule in try loadAlertRules() {
            let url = try #require(rule.annotations["runbook_url"], "\(rule): runbook_url")
            #expect(url.hasPrefix(Self.runbookBase), "\(rule): \(url) points into docs/runbook.md")
            let anchor = String(url.dropFirst(Self.runbookBase.count))
            #expect(anchors.contains(anchor), "\(rule): no heading of docs/runbook.md has the anchor #\(anchor)")
            #expect(anchor == rule.name.lowercased(), "\(rule): each alert has a section named after it")
        }
    }

    @Test func theRunbookExplainsEveryForDuration() throws {
        let runbook = try AlertingFiles.text(AlertingFiles.runbook)
        for rule in try loadAlertRules() {
            let section = try #require(runbookSection(anchor: rule.name.lowercased(), in: runbook), "\(rule)")
            let forDuration = try #require(rule.forDuration)
            #expect(section.contains("Why `for: \(forDuration)`"), "\(rule): the runbook explains for: \(forDuration)")
            #expect(section.contains("**Confirm.**") && section.contains("**Fix.**"), "\(rule): confirm and fix")
        }
    }

    @Test func thresholdsLiveOnlyInTheThresholdsFile() throws {
        let thresholds = try AlertingFiles.text(AlertingFiles.thresholds)
        let names = thresholds.split(separator: "\n").compactMap { line -> String? in
            guard let label = line.range(of: "threshold: ") else { return nil }
            return line[label.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        #expect(names.count == 3 && Set(names).count == names.count, "\(names)")
        let rules = try loadAlertRules()
        for name in names {
            let users = rules.filter { $0.expr.contains("threshold=\"\(name)\"") }
            #expect(!users.isEmpty, "threshold \(name) is used by an alert")
            let meta = rules.first { $0.name == "PgPartitionAlertThresholdsMissing" }
            #expect(meta?.expr.contains("absent(pg_partition:alert_threshold{threshold=\"\(name)\"})") == true,
                    "PgPartitionAlertThresholdsMissing watches \(name)")
        }
        // No alert compares against a bare number other than 0 and 1: a tunable number belongs in the mixin's _config
        // or in the exporter's threshold series. Range selectors (`[3d]`) are windows, not thresholds.
        for rule in rules {
            let comparable = rule.expr.replacing(/\[[0-9a-z]+\]/, with: "[]")
            let numbers = comparable.split { !$0.isNumber && $0 != "." }.filter { $0 != "0" && $0 != "1" }
            #expect(numbers.isEmpty, "\(rule): literal numbers \(numbers)")
        }
    }
}
