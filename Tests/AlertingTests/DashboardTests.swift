import Foundation
import Testing
import TestSupport

/// The Grafana dashboards follow the dashboard-linter conventions, and every query is valid PromQL over the
/// exporter's metrics once Grafana has substituted the template variables.
@Suite struct DashboardTests {
    static let requiredVariables = ["job", "instance", "datname", "schemaname", "relname"]

    @Test func bothDashboardsExistWithFixedDistinctUIDs() throws {
        let files = try AlertingFiles.dashboardFiles()
        #expect(files.map(\.lastPathComponent) == ["pg-partition-overview.json", "pg-partition-table.json"])
        let uids = try files.map { try loadDashboard($0)["uid"] as? String ?? "" }
        #expect(uids.allSatisfy { !$0.isEmpty && $0.count <= 40 }, "\(uids)")
        #expect(Set(uids).count == uids.count, "dashboard uids differ: \(uids)")
        for file in files {
            let dashboard = try loadDashboard(file)
            #expect(!(dashboard["title"] as? String ?? "").isEmpty, "\(file.lastPathComponent): title")
            let schemaVersion = dashboard["schemaVersion"] as? Int ?? 0
            #expect((36...41).contains(schemaVersion), "\(file.lastPathComponent): schemaVersion \(schemaVersion)")
        }
    }

    @Test func dataSourceIsATemplateVariableEverywhere() throws {
        for file in try AlertingFiles.dashboardFiles() {
            let dashboard = try loadDashboard(file)
            let variables = templateVariables(dashboard)
            let datasource = try #require(variables["datasource"], "\(file.lastPathComponent): datasource variable")
            #expect(datasource["type"] as? String == "datasource")
            #expect(datasource["query"] as? String == "prometheus")
            for value in jsonValues(forKey: "datasource", in: dashboard) {
                guard let reference = value as? [String: Any] else {
                    // The datasource variable itself has no reference; any other form is a hard-coded name.
                    Issue.record("\(file.lastPathComponent): datasource given as \(value)")
                    continue
                }
                let uid = reference["uid"] as? String
                let isBuiltInAnnotation = uid == "-- Grafana --"
                #expect(isBuiltInAnnotation || uid == "${datasource}" || uid == "$datasource",
                        "\(file.lastPathComponent): hard-coded datasource uid \(uid ?? "nil")")
            }
            for panel in allPanels(dashboard) where panel["type"] as? String != "row" {
                let reference = panel["datasource"] as? [String: Any]
                #expect(reference?["uid"] as? String == "${datasource}", "\(panel["title"] ?? "?"): panel datasource")
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    let targetReference = target["datasource"] as? [String: Any]
                    #expect(targetReference?["uid"] as? String == "${datasource}",
                            "\(panel["title"] ?? "?"): target datasource")
                }
            }
        }
    }

    @Test func tableVariablesAreChainedLabelValueQueries() throws {
        for file in try AlertingFiles.dashboardFiles() {
            let variables = templateVariables(try loadDashboard(file))
            var previous: [String] = []
            for name in Self.requiredVariables {
                let variable = try #require(variables[name], "\(file.lastPathComponent): variable \(name)")
                #expect(variable["type"] as? String == "query", "\(name) is a query variable")
                let query = variable["query"] as? String ?? ""
                #expect(query.hasPrefix("label_values(pg_partitioned_table_info") && query.hasSuffix(", \(name))"),
                        "\(file.lastPathComponent): \(name) query \(query)")
                for earlier in previous {
                    #expect(query.contains("\(earlier)=~\"$\(earlier)\""), "\(name) is filtered by $\(earlier)")
                }
                previous.append(name)
            }
        }
    }

    @Test func everyPanelHasATitleADescriptionAndAUnit() throws {
        for file in try AlertingFiles.dashboardFiles() {
            let panels = allPanels(try loadDashboard(file))
            #expect(panels.count >= 8, "\(file.lastPathComponent) has \(panels.count) panels")
            for panel in panels {
                let title = panel["title"] as? String ?? ""
                #expect(!title.isEmpty, "\(file.lastPathComponent): a panel without title")
                // Rows only group panels; the panels in them are checked like any other.
                guard panel["type"] as? String != "row" else { continue }
                #expect(!(panel["description"] as? String ?? "").isEmpty, "\(title): description")
                let defaults = (panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any]
                let unit = defaults?["unit"] as? String ?? ""
                #expect(!unit.isEmpty, "\(title): fieldConfig.defaults.unit")
                #expect(!(panel["targets"] as? [[String: Any]] ?? []).isEmpty, "\(title): queries")
            }
        }
    }

    @Test func theOverviewListsEveryTableInOneMergedTable() throws {
        let overview = try loadDashboard(AlertingFiles.dashboardsDirectory.appendingPathComponent("pg-partition-overview.json"))
        let tables = allPanels(overview).filter { $0["type"] as? String == "table" }
        let table = try #require(tables.first { ($0["targets"] as? [[String: Any]] ?? []).count >= 6 })
        let targets = table["targets"] as? [[String: Any]] ?? []
        #expect(targets.allSatisfy { $0["instant"] as? Bool == true && $0["format"] as? String == "table" })
        let transformations = (table["transformations"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(transformations.contains("merge") && transformations.contains("organize"), "\(transformations)")
        let expressions = targets.compactMap { $0["expr"] as? String }.joined(separator: "\n")
        for metric in ["pg_partitioned_table_future_coverage_seconds", "pg_partitioned_table_missing_future_partitions",
                       "pg_partitioned_table_retention_overdue_partitions", "pg_partitioned_table_total_bytes",
                       "pg_partitioned_table_partitions", "pg_partitioned_table_default_rows"] {
            #expect(expressions.contains(metric), "the overview table shows \(metric)")
        }
        let all = panelExpressions(overview).map(\.expr).joined(separator: "\n")
        for metric in ["pg_partition_exporter_up", "pg_partition_exporter_scrape_duration_seconds",
                       "pg_partition_exporter_scrape_errors_total", "up{"] {
            #expect(all.contains(metric), "the overview shows exporter health: \(metric)")
        }
    }

    /// Each table has its own size and count limits (the exporter's threshold series), so the dashboards read them
    /// from those series, never from a constant: no colour step holds one of the seeds' limits, the size graph draws
    /// the table's thresholds as series, and both tables show each row's level against its own.
    @Test func theThresholdsComeFromTheExportersSeries() throws {
        let seeds: Set<Int64> = [524_288_000, 10_737_418_240, 53_687_091_200, 100, 101, 500, 501]
        for file in try AlertingFiles.dashboardFiles() {
            let dashboard = try loadDashboard(file)
            for panel in allPanels(dashboard) {
                let steps = jsonValues(forKey: "steps", in: panel).flatMap { $0 as? [[String: Any]] ?? [] }
                let values = Set(steps.compactMap { ($0["value"] as? NSNumber)?.int64Value })
                #expect(values.isDisjoint(with: seeds), "\(panel["title"] ?? "?") colours at a constant limit: \(values)")
            }
        }
        let table = try loadDashboard(AlertingFiles.dashboardsDirectory.appendingPathComponent("pg-partition-table.json"))
        let overview = try loadDashboard(
            AlertingFiles.dashboardsDirectory.appendingPathComponent("pg-partition-overview.json"))
        func expressions(_ dashboard: [String: Any], _ title: String) -> [String] {
            allPanels(dashboard).filter { $0["title"] as? String == title }
                .flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        }
        let sizeGraph = expressions(table, "Partition size over time")
        #expect(sizeGraph.contains { $0.contains("pg_partition_total_bytes") })
        #expect(sizeGraph.contains { $0.hasPrefix("max by (severity) (pg_partitioned_table_partition_size_threshold_bytes{") })
        #expect(expressions(table, "Partitions").contains {
            $0.contains("pg_partition_total_bytes") && $0.contains("pg_partitioned_table_partition_size_threshold_bytes")
        }, "the partitions table gives each partition's level")
        let rows = expressions(overview, "Partitioned tables").joined(separator: "\n")
        for metric in ["pg_partitioned_table_partition_size_threshold_bytes", "pg_partitioned_table_partition_count_threshold",
                       "pg_partitioned_table_expected_partitions"] {
            #expect(rows.contains(metric), "the overview's table reads \(metric)")
        }
        let all = panelExpressions(table).map(\.expr).joined(separator: "\n")
        for metric in ["pg_partition_estimated_rows", "pg_partitioned_table_future_coverage_seconds",
                       "pg_partition_range_start_timestamp_seconds", "pg_partition_range_end_timestamp_seconds"] {
            #expect(all.contains(metric), "the drill-down shows \(metric)")
        }
    }

    @Test func queriesUseOnlyTheAllowedVariablesAndEveryTableSelector() throws {
        let allowed = Set(dashboardVariableValues.map(\.name))
        for file in try AlertingFiles.dashboardFiles() {
            for (panel, expr) in panelExpressions(try loadDashboard(file)) {
                let used = expr.matches(of: /\$\{?[A-Za-z_]+/).map { String($0.output).replacingOccurrences(of: "{", with: "") }
                for variable in used {
                    #expect(allowed.contains(variable), "\(panel): \(variable) in \(expr)")
                }
                #expect(expr.contains("job=~\"$job\"") && expr.contains("instance=~\"$instance\""),
                        "\(panel): every query selects $job and $instance: \(expr)")
            }
        }
    }

    /// `or vector(0)` turns "no series" into 0, and 0 is green: an exporter that is down, or cannot read the
    /// catalog, would look healthy. Without it such a panel says "No data".
    @Test func noQueryTurnsMissingSeriesIntoAHealthyZero() throws {
        for file in try AlertingFiles.dashboardFiles() {
            for (panel, expr) in panelExpressions(try loadDashboard(file)) {
                #expect(expr.firstMatch(of: /or\s+vector\(\s*0\s*\)/) == nil, "\(panel): \(expr)")
            }
        }
    }

    /// At 500 tables, or 700 hourly partitions of one table, a graph of every series is unreadable: the overview's
    /// per-table graphs and the drill-down's per-partition graphs draw the largest (or, for coverage, the
    /// smallest) few, as many as the mixin's `dashboardSeriesLimit`. The tables still list every one.
    @Test func graphsOfManyTablesOrPartitionsDrawOnlyTheTopFew() throws {
        let perSeries: [(file: String, metric: Regex<Substring>)] = [
            ("pg-partition-overview.json", /pg_partitioned_table_\w+/),
            ("pg-partition-table.json", /pg_partition_[a-z_]+/),
        ]
        let limit = try #require(MixinTests.evaluate("(import \"mixin.libsonnet\")._config.dashboardSeriesLimit") as? Int)
        var checked = 0
        for file in try AlertingFiles.dashboardFiles() {
            guard let rule = perSeries.first(where: { $0.file == file.lastPathComponent }) else { continue }
            let graphs = allPanels(try loadDashboard(file)).filter {
                ["timeseries", "bargauge"].contains($0["type"] as? String)
            }
            for panel in graphs {
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    guard let expr = target["expr"] as? String,
                        let metric = expr.firstMatch(of: rule.metric)?.output, !metric.hasPrefix("pg_partition_exporter_")
                    else { continue }
                    checked += 1
                    #expect(expr.contains("topk(\(limit),") || expr.contains("bottomk(\(limit),"),
                            "\(file.lastPathComponent): \(panel["title"] ?? ""): \(expr)")
                }
            }
        }
        #expect(checked >= 6, "only \(checked) graphs checked")
    }

    @Test func everyQueryIsValidPromQL() throws {
        // promtool parses each expression as a recording rule; the variables get values Grafana could give them.
        var rules = "groups:\n  - name: dashboard-queries\n    rules:\n"
        var count = 0
        for file in try AlertingFiles.dashboardFiles() {
            let dashboard = try loadDashboard(file)
            let variableQueries = templateVariables(dashboard).values.compactMap { $0["query"] as? String }
                .filter { $0.hasPrefix("label_values(") }
                .map { query -> String in
                    // label_values(selector, label) is Grafana's; the selector must be valid PromQL.
                    let inner = query.dropFirst("label_values(".count).dropLast()
                    return String(inner[..<inner.lastIndex(of: ",")!])
                }
            for expr in panelExpressions(dashboard).map(\.expr) + variableQueries {
                let substituted = substitutingDashboardVariables(expr)
                #expect(!substituted.contains("$"), "unsubstituted variable in \(expr)")
                let quoted = String(decoding: try JSONEncoder().encode(substituted), as: UTF8.self)
                rules += "      - record: dashboard:query_\(count)\n        expr: \(quoted)\n"
                count += 1
            }
        }
        #expect(count >= 40)
        let directory = try TemporaryDirectory(prefix: "ppe-dash")
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("dashboard-queries.yml")
        try rules.write(to: file, atomically: true, encoding: .utf8)
        let result = try runCommand(try AlertingTools.promtool(), ["check", "rules", "--lint=none", file.path])
        #expect(result.status == 0, "invalid PromQL in a dashboard:\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("SUCCESS: \(count) rules found"), "\(result.stdout)")
    }
}
