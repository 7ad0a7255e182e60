import Foundation
import Testing

@testable import PartitionExporterCore

/// The runbook's "By partition interval" table states how many partitions each policy implies; each of its rows
/// must be what `TableReport` computes for that interval, retention and premake 3.
struct RunbookIntervalTableTests {
    static func rows() throws -> [(interval: String, retention: String, implied: Double)] {
        let runbook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/runbook.md")
        let text = try String(contentsOf: runbook, encoding: .utf8)
        guard let start = text.range(of: "### By partition interval") else { return [] }
        // | 1 hour | 3 to 4 hours | 1 hour | 21 days: 504 + 1 + 3 + 1 = 509 |
        return text[start.upperBound...].split(separator: "\n").prefix(20).compactMap { line in
            guard let match = line.firstMatch(of: /^\| (\d+ \w+) \|.*\| (\d+ \w+): [\d +]+ = (\d+)/) else { return nil }
            return (String(match.1), String(match.2), Double(match.3)!)
        }
    }

    @Test func eachRowIsWhatTheExporterComputes() throws {
        let rows = try Self.rows()
        #expect(rows.count == 4, "rows read from the runbook: \(rows)")
        for row in rows {
            let interval = try #require(CalendarInterval(parsing: row.interval), "\(row.interval)")
            let retention = try #require(CalendarInterval(parsing: row.retention), "\(row.retention)")
            let report = TableReport(
                table: PartitionSeriesTests.table, database: "app", now: PartitionSeriesTests.now,
                settings: TableSettings(premake: 3, retention: retention, interval: interval))
            #expect(report.expectedPartitions == row.implied, "\(row.interval), \(row.retention)")
        }
    }
}
