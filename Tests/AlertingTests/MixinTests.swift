import Foundation
import Testing
import TestSupport

/// The monitoring mixin (mixin/) is the source of alerts/pg-partition-alerts.yml, alerts/thresholds.yml and
/// dashboards/*.json: the committed files are what it renders, and a setting of its `_config` reaches the rules,
/// the alerts and the dashboards alike.
@Suite struct MixinTests {
    static let mixinDirectory = AlertingFiles.root.appendingPathComponent("mixin")

    static func jsonnet() throws -> String { try Tools.require("jsonnet", debianPackage: "jsonnet") }

    /// Evaluates jsonnet `code` with mixin/ on the library path, so that it can `import "mixin.libsonnet"`.
    static func evaluate(_ code: String) throws -> Any {
        let output = try runChecked(jsonnet(), ["-J", mixinDirectory.path, "-e", code])
        return try JSONSerialization.jsonObject(with: Data(output.utf8), options: .fragmentsAllowed)
    }

    @Test func theCommittedFilesAreWhatTheMixinRenders() throws {
        let directory = try TemporaryDirectory(prefix: "ppe-mixin")
        defer { directory.remove() }
        let alerts = directory.url.appendingPathComponent("alerts")
        let dashboards = directory.url.appendingPathComponent("dashboards")
        // The invocations of scripts/mixin.sh.
        let entries = [(alerts, "rule-files.jsonnet", true), (dashboards, "dashboard-files.jsonnet", false)]
        for (output, entry, asText) in entries {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let arguments = ["-J", Self.mixinDirectory.path] + (asText ? ["-S"] : [])
                + ["-m", output.path, Self.mixinDirectory.appendingPathComponent(entry).path]
            _ = try runChecked(try Self.jsonnet(), arguments)
        }
        let ruleFiles = [AlertingFiles.alertRules, AlertingFiles.thresholds]
        let rendered = try FileManager.default.contentsOfDirectory(atPath: alerts.path).sorted()
        #expect(rendered == ruleFiles.map(\.lastPathComponent).sorted(), "the mixin renders \(rendered) into alerts/")
        let renderedDashboards = try FileManager.default.contentsOfDirectory(atPath: dashboards.path).sorted()
        let committedDashboards = try AlertingFiles.dashboardFiles().map(\.lastPathComponent)
        #expect(renderedDashboards == committedDashboards,
                "dashboards/ holds \(committedDashboards), mixin/ renders \(renderedDashboards): run scripts/mixin.sh")

        let pairs = ruleFiles.map { ($0, alerts.appendingPathComponent($0.lastPathComponent)) }
            + (try AlertingFiles.dashboardFiles()).map { ($0, dashboards.appendingPathComponent($0.lastPathComponent)) }
        for (committed, fresh) in pairs {
            let name = "\(committed.deletingLastPathComponent().lastPathComponent)/\(committed.lastPathComponent)"
            guard FileManager.default.fileExists(atPath: fresh.path) else { continue }  // Reported above.
            let expected = try AlertingFiles.text(fresh), actual = try AlertingFiles.text(committed)
            guard expected != actual else { continue }
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(expectedLines, actualLines).prefix { $0 == $1 }.count
            Issue.record("""
                \(name) differs from what mixin/ renders, first at line \(line + 1); it is generated: change mixin/ \
                and run scripts/mixin.sh.
                committed: \(line < actualLines.count ? String(actualLines[line]) : "<end of file>")
                rendered:  \(line < expectedLines.count ? String(expectedLines[line]) : "<end of file>")
                """)
        }
        for file in ruleFiles {
            #expect(try AlertingFiles.text(file).hasPrefix("# Generated from mixin/ by scripts/mixin.sh"),
                    "\(file.lastPathComponent) says it is generated")
        }
    }

    @Test func aThresholdOfTheConfigReachesTheRuleAndTheDashboards() throws {
        // Values no default has, written in the units the descriptions use, so that the text to find follows.
        let horizonHours = 5
        let horizonSeconds = horizonHours * 3600
        let maintenanceHours = 3
        let job = "job=\"partition_exporter_renamed\""
        let mixins = [
            "default": "(import \"mixin.libsonnet\")",
            "override": """
                (import "mixin.libsonnet") + { _config+:: { coverageHorizonSeconds: \(horizonSeconds),
                  partmanMaintenanceMaxAgeSeconds: \(maintenanceHours * 3600), exporterSelector: '\(job)' } }
                """,
        ]
        var rendered: [String: [String: Any]] = [:]
        for (name, mixin) in mixins {
            rendered[name] = try #require(Self.evaluate("""
                local mixin = \(mixin);
                { config: mixin._config, rules: mixin.prometheusRules, alerts: mixin.prometheusAlerts,
                  dashboards: mixin.grafanaDashboards }
                """) as? [String: Any])
        }
        let defaults = try #require(rendered["default"]?["config"] as? [String: Any])
        let defaultHorizon = try #require(defaults["coverageHorizonSeconds"] as? NSNumber).int64Value
        let defaultSelector = try #require(defaults["exporterSelector"] as? String)
        #expect(Int64(horizonSeconds) != defaultHorizon && job != defaultSelector)

        // The recording rule holds the new value.
        let thresholdRules = ruleList(rendered["override"]?["rules"]).filter { $0["record"] != nil }
        let horizonRule = thresholdRules.first {
            ($0["labels"] as? [String: String])?["threshold"] == "coverage_horizon_seconds"
        }
        #expect(horizonRule?["expr"] as? String == "vector(\(horizonSeconds))", "\(String(describing: horizonRule))")

        // In the dashboards, exactly the steps and lines that showed the default horizon show the new one,
        // and the descriptions that quoted it quote the new one; nothing else changes.
        var changed: [(path: String, before: Any, after: Any)] = []
        differences(rendered["default"]!["dashboards"]!, rendered["override"]!["dashboards"]!, path: "") {
            changed.append(($0, $1, $2))
        }
        let numbers = changed.filter { $0.before is NSNumber }
        let texts = changed.filter { $0.before is String }
        #expect(numbers.count + texts.count == changed.count, "\(changed.map(\.path))")
        // The overview's coverage column and graph, the drill-down's coverage stat and graph.
        #expect(numbers.count >= 4, "the coverage steps of both dashboards: \(numbers.map(\.path))")
        for change in numbers {
            #expect((change.before as? NSNumber)?.int64Value == defaultHorizon, "\(change.path): \(change.before)")
            #expect((change.after as? NSNumber)?.int64Value == Int64(horizonSeconds), "\(change.path): \(change.after)")
        }
        let stillDefault = jsonNumbers(in: rendered["override"]!["dashboards"]!).filter { $0 == defaultHorizon }
        #expect(stillDefault.isEmpty, "\(stillDefault.count) dashboard values still hold the default horizon")
        #expect(texts.count >= 3, "the coverage panels' descriptions: \(texts.map(\.path))")
        for change in texts {
            #expect(change.path.hasSuffix("/description"), "\(change.path)")
            #expect((change.after as? String)?.contains("\(horizonHours)-hour") == true, "\(change.path): \(change.after)")
        }

        // The alerts: the static summary quoting a threshold follows it, the exporter alerts select the new job.
        let alerts = ruleList(rendered["override"]?["alerts"])
        let partman = alerts.first { $0["alert"] as? String == "PgPartitionPartmanMaintenanceStale" }
        let summary = (partman?["annotations"] as? [String: String])?["summary"] ?? ""
        #expect(summary.contains("for \(maintenanceHours) hours"), "\(summary)")
        let exporterAlerts = alerts.filter { ($0["expr"] as? String ?? "").contains("up{") }
        #expect(Set(exporterAlerts.compactMap { $0["alert"] as? String })
            == ["PgPartitionExporterDown", "PgPartitionExporterAbsent"])
        for alert in exporterAlerts {
            #expect((alert["expr"] as? String)?.contains("up{\(job)}") == true, "\(alert["alert"] ?? "?")")
        }
        for alert in alerts {
            #expect((alert["expr"] as? String)?.contains(defaultSelector) == false, "\(alert["alert"] ?? "?")")
        }
    }

    @Test func everyThresholdOfTheConfigIsRecordedAndOnlyItsDashboardValuesFollowIt() throws {
        // Every number of _config but the dashboards' series limit is a threshold, recorded under its key in snake
        // case (coverageHorizonSeconds as coverage_horizon_seconds). Each gets a new value of its own, 7 above its
        // default.
        let defaults = try #require(try Self.evaluate("(import \"mixin.libsonnet\")._config") as? [String: Any])
        let thresholds = defaults.compactMap { key, value -> (key: String, value: Int64)? in
            guard let number = value as? NSNumber, !(value is String), key != "dashboardSeriesLimit" else { return nil }
            return (key, number.int64Value)
        }.sorted { $0.key < $1.key }
        #expect(thresholds.count == 3, "\(thresholds.map(\.key))")
        let overrides = thresholds.map { "\($0.key): \($0.value + 7)" }.joined(separator: ", ")
        let mixin = "(import \"mixin.libsonnet\") + { _config+:: { \(overrides) } }"
        let rules = ruleList(try Self.evaluate("(\(mixin)).prometheusRules"))
        let recorded = Dictionary(uniqueKeysWithValues: rules.compactMap { rule -> (String, String)? in
            guard let name = (rule["labels"] as? [String: String])?["threshold"] else { return nil }
            return (name, rule["expr"] as? String ?? "")
        })
        #expect(recorded.count == thresholds.count, "\(recorded.keys.sorted())")
        for threshold in thresholds {
            let name = threshold.key.replacing(/[A-Z]/) { "_" + $0.output.lowercased() }
            #expect(recorded[name] == "vector(\(threshold.value + 7))", "\(threshold.key) is recorded as \(name)")
        }

        // In the dashboards, a number changes only from a threshold's default to its new value (or both plus one:
        // the colour steps of whole counts), and no default of a threshold (nor one plus it) is left behind.
        let before = try Self.evaluate("(import \"mixin.libsonnet\").grafanaDashboards")
        let after = try Self.evaluate("(\(mixin)).grafanaDashboards")
        let moves = Set(thresholds.flatMap { [[$0.value, $0.value + 7], [$0.value + 1, $0.value + 8]] })
        var drawn = Set<String>()
        differences(before, after, path: "") { path, old, new in
            guard let old = old as? NSNumber, let new = new as? NSNumber else { return }
            #expect(moves.contains([old.int64Value, new.int64Value]), "\(path): \(old) became \(new)")
            drawn.formUnion(thresholds.filter { [$0.value, $0.value + 1].contains(old.int64Value) }.map(\.key))
        }
        // pg_partman's maintenance age has no panel; every other threshold is drawn.
        #expect(drawn == Set(thresholds.map(\.key)).subtracting(["partmanMaintenanceMaxAgeSeconds"]), "\(drawn)")
        let left = Set(jsonNumbers(in: after)).intersection(thresholds.flatMap { [$0.value, $0.value + 1] })
        #expect(left.isEmpty, "dashboard values still at a default threshold: \(left)")
    }
}

/// The rules of every group of a rendered `{ groups: [...] }` object.
private func ruleList(_ groups: Any?) -> [[String: Any]] {
    ((groups as? [String: Any])?["groups"] as? [[String: Any]] ?? []).flatMap { $0["rules"] as? [[String: Any]] ?? [] }
}

/// Calls `report` with the path and both values of every leaf where two JSON trees differ.
private func differences(_ before: Any, _ after: Any, path: String, report: (String, Any, Any) -> Void) {
    if let left = before as? [String: Any], let right = after as? [String: Any] {
        for key in Set(left.keys).union(right.keys).sorted() {
            differences(left[key] ?? NSNull(), right[key] ?? NSNull(), path: "\(path)/\(key)", report: report)
        }
    } else if let left = before as? [Any], let right = after as? [Any], left.count == right.count {
        for (index, pair) in zip(left, right).enumerated() {
            differences(pair.0, pair.1, path: "\(path)/\(index)", report: report)
        }
    } else if !sameLeaf(before, after) {
        report(path, before, after)
    }
}

/// Whether two JSON leaves (string, number, boolean, null) are equal; arrays of different lengths are not.
private func sameLeaf(_ left: Any, _ right: Any) -> Bool {
    switch (left, right) {
    case let (left as String, right as String): return left == right
    case let (left as Bool, right as Bool): return left == right
    case let (left as NSNumber, right as NSNumber): return left.isEqual(to: right)
    case (is NSNull, is NSNull): return true
    default: return false
    }
}

/// Every whole number in a JSON tree.
private func jsonNumbers(in tree: Any) -> [Int64] {
    if let object = tree as? [String: Any] { return object.values.flatMap(jsonNumbers) }
    if let array = tree as? [Any] { return array.flatMap(jsonNumbers) }
    if let number = tree as? NSNumber { return [number.int64Value] }
    return []
}
