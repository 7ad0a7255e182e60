import Foundation
import PartitionExporterCore
import Testing
import TestSupport

@testable import PartitionExporter

/// The whole exposition of one scrape, from canned inputs of every collector, against a committed file, as
/// node_exporter's `fixtures/e2e-output.txt`: a changed metric name, HELP text, label or order is one readable diff.
/// Run with `UPDATE_GOLDEN=1` to rewrite the file after an intended change, and review the diff.
struct GoldenExpositionTests {
    static let file = Tools.repositoryRoot.appendingPathComponent("Tests/PartitionExporterTests/Fixtures/exposition.txt")

    /// What each collector of two databases adds, merged as `DatabaseSet` and `MetricsService` merge them.
    static func exposition() -> String {
        var app = MetricSamples()
        PartmanCollector.write(PartmanTable.decode([
            ["public", "events", "1 mon", "4", "6 mons", "none", "on", "false", "true", "t", "1773500000"],
        ]), database: "app", into: &app)
        let configuration = TableMetricsTests.configuration
        let reports = TableMetricsTests.snapshot.tables.compactMap { table in
            configuration.settings(schema: table.schema, table: table.name).map {
                TableReport(table: table, database: "app", now: TableMetricsTests.now, settings: $0)
            }
        }
        TableMetrics.write(reports, into: &app)
        TableMetrics.writeSizeState(database: "app", stale: 1, errorsTotal: 0, oldestAge: 42.5, into: &app)
        PlannerCollector.writeSettings(
            session: [["constraint_exclusion", "partition", "default"], ["enable_partition_pruning", "on", "default"]],
            overrides: PlannerSettings.overrides([["", "app_rw", "enable_partition_pruning=off"]]), database: "app",
            into: &app)
        PlannerCollector.write([(QualifiedName(schema: "public", name: "events"), AnalyzeFreshness(
            root: .init(manual: nil, modified: 0, live: 0),
            leaves: [.init(manual: nil, auto: 1_773_000_000, modified: 12, live: 40),
                     .init(manual: nil, modified: 5, live: 5)]))],
            database: "app", into: &app)
        app.merge(WatchedDatabase.stateSeries(database: "app", collectors: [
            .init(name: "partman", success: true, seconds: 0.002),
            .init(name: "partitions", success: true, seconds: 0.031),
            .init(name: "planner", success: true, seconds: 0.003),
        ], up: true, errorsTotal: 0))

        var postgres = MetricSamples()
        var history = CronHistory()
        CronCollector.write(history.absorb([
            ["1", "partman-maintenance", "* * * * *", "app", "postgres", "t", "12", "failed", "1773575940",
             "12", "failed", "1773575940", "10", "1773575821.5"],
            ["2", "cleanup", "0 3 * * *", "postgres", "postgres", "f", nil, nil, nil, nil, nil, nil, nil, nil],
        ]), database: "postgres", into: &postgres)
        TableMetrics.writeSizeState(database: "postgres", stale: 0, errorsTotal: 3, oldestAge: 0, into: &postgres)
        postgres.merge(WatchedDatabase.stateSeries(database: "postgres", collectors: [
            .init(name: "partitions", success: true, seconds: 0.004),
            .init(name: "cron", success: false, seconds: 0.001),
        ], up: true, errorsTotal: 2))

        var merged = MetricSamples()
        merged.merge(app)
        merged.merge(postgres)
        merged.merge(ExporterMetrics.scrapeSeries(
            duration: 0.05, build: .init(version: "1.2.3", revision: "abc123", swiftVersion: "6.3")))
        return String(decoding: merged.exposition, as: UTF8.self)
    }

    @Test func theExpositionMatchesTheCommittedFile() throws {
        let rendered = Self.exposition()
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.file, encoding: .utf8)
        let renderedLines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (got, want)) in zip(renderedLines, committedLines).enumerated() where got != want {
            Issue.record("line \(index + 1) differs:\n  got:  \(got)\n  want: \(want)")
            break
        }
        #expect(renderedLines.count == committedLines.count, "run with UPDATE_GOLDEN=1 and review the diff")
    }

    @Test func promtoolAcceptsIt() throws {
        let promtool = try Tools.require("promtool", debianPackage: "prometheus")
        let result = try runCommand(promtool, ["check", "metrics"], input: Self.exposition())
        #expect(result.status == 0, "promtool check metrics: \(result.stdout) \(result.stderr)")
    }
}
