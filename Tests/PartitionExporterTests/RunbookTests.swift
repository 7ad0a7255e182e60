import Foundation
import Testing
import TestSupport

/// The runbook's SQL that operators paste at 3 a.m., run as written against a real server.
struct RunbookTests {
    /// The `sql` block after `anchor` in docs/runbook.md.
    static func sqlBlock(after anchor: String) throws -> String {
        let runbook = try String(contentsOf: Tools.repositoryRoot.appendingPathComponent("docs/runbook.md"),
                                 encoding: .utf8)
        guard let mark = runbook.range(of: "<a id=\"\(anchor)\"></a>"),
            let open = runbook.range(of: "```sql\n", range: mark.upperBound..<runbook.endIndex),
            let close = runbook.range(of: "```", range: open.upperBound..<runbook.endIndex)
        else { throw TestEnvironmentError("docs/runbook.md has no sql block after the anchor \(anchor)") }
        return String(runbook[open.upperBound..<close.lowerBound])
    }

    /// The periods from the one holding now through `ahead` more that no partition of `table` covers, as the
    /// server counts them from the partitions' own bounds.
    static func uncovered(_ table: String, period: String, unit: String, ahead: Int, server: TestPostgres,
                          database: String) throws -> Int {
        Int(try server.psql("""
            SELECT count(*) FROM generate_series(0, \(ahead)) g,
                 LATERAL (SELECT date_trunc('\(unit)', now()) + g * interval '\(period)' AS lo) p
            WHERE NOT EXISTS (
                SELECT 1 FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid,
                     LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                          'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') b
                WHERE h.inhparent = '\(table)'::regclass
                  AND b[1]::timestamptz <= p.lo AND p.lo + interval '\(period)' <= b[2]::timestamptz)
            """, database: database)) ?? -1
    }

    @Test func theNextPeriodsBlockCreatesWhatIsMissingAndIsSafeToRunTwice() throws {
        let server = try TestPostgres.shared
        let database = try server.createDatabase(prefix: "runbook")
        // Last month's partition only: the current period and the next three are missing.
        try server.psql("""
            CREATE TABLE public.domain_events (id bigint, created_at timestamptz NOT NULL)
                PARTITION BY RANGE (created_at);
            CREATE TABLE public.domain_events_old PARTITION OF public.domain_events FOR VALUES
                FROM (date_trunc('month', now()) - interval '1 month') TO (date_trunc('month', now()));
            CREATE TABLE public.clicks (created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
            """, database: database)
        let block = try Self.sqlBlock(after: "create-the-next-periods")
        #expect(try Self.uncovered("public.domain_events", period: "1 month", unit: "month", ahead: 3,
                                   server: server, database: database) == 4)
        try server.psql(block, database: database)
        #expect(try Self.uncovered("public.domain_events", period: "1 month", unit: "month", ahead: 3,
                                   server: server, database: database) == 0)
        let partitions = "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.domain_events'::regclass"
        #expect(try server.psql(partitions, database: database) == "5")
        try server.psql(block, database: database)  // again: nothing to do, no error
        #expect(try server.psql(partitions, database: database) == "5")

        // The same block with the settings its comments name changed: a daily table.
        let daily = block.replacingOccurrences(of: "'public.domain_events'", with: "'public.clicks'")
            .replacingOccurrences(of: "interval '1 month'", with: "interval '1 day'")
            .replacingOccurrences(of: "date_trunc('month', now())", with: "date_trunc('day', now())")
        try #require(daily != block && daily.contains("'public.clicks'") && daily.contains("interval '1 day'"))
        try server.psql(daily, database: database)
        #expect(try Self.uncovered("public.clicks", period: "1 day", unit: "day", ahead: 3,
                                   server: server, database: database) == 0)

        // And the exporter agrees that both tables have their current period and the next three.
        let exporter = try ExporterProcess(dataSourceName: server.conninfo(database: database))
        defer { exporter.stop() }
        let metrics = try exporter.scrape()
        for table in ["domain_events", "clicks"] {
            #expect(metrics.value("pg_partitioned_table_missing_future_partitions", ["relname": table]) == 0, "\(table)")
        }
    }
}
