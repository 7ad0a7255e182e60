import Foundation
import Testing
import TestSupport

/// A table pattern that matches no table is a typo that turns monitoring off: it is reported, by name.
struct PatternTests {
    @Test func patternsThatMatchNoTableAreReportedAndLoggedOnce() throws {
        let fixture = try PartitionFixture()
        let path = NSTemporaryDirectory() + "ppe-patterns-\(UUID().uuidString).yml"
        try """
            tables:
              - {name: public.audit_log, retention: 24 months}
              - {name: rustcare.sessiosn, retention: 90 days}
            exclude: ['scratch.*', 'nowhere.*']
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let exporter = try ExporterProcess(dataSourceName: fixture.monitorURI, arguments: ["--config.file", path])
        defer { exporter.stop() }
        _ = try exporter.scrape()
        let m = try exporter.scrape()
        let unmatched = m.samples("pg_partition_exporter_config_pattern_unmatched")
        #expect(Set(unmatched.compactMap { $0.labels["pattern"] }) == ["rustcare.sessiosn", "nowhere.*"])
        #expect(unmatched.allSatisfy { $0.value == 1 })
        // The typo left the real table without its retention: no retention series for it.
        #expect(m.samples("pg_partitioned_table_retention_overdue_partitions", ["relname": "sessions"]).isEmpty)
        let lines = exporter.log.split(separator: "\n").filter { $0.contains("match no partitioned table") }
        #expect(lines.count == 1, "\(exporter.log)")
        #expect(lines.first?.contains("rustcare.sessiosn") == true)
    }
}
