import Foundation
import Testing
import TestSupport

/// Behind PgBouncer in transaction pooling mode, the server connection is shared with other clients, which leave
/// their session settings on it, and the exporter's own session settings would not survive to its next
/// transaction. The exporter sets what it relies on in each of its transactions, so the figures stay exact and it
/// changes nothing for the others.
@Suite(.serialized)
struct PgBouncerTests {
    /// Another client's session settings, left on the one shared server connection: time zone and date style
    /// change how bounds print (PgBouncer restores these two for each client, but not the others), a negative
    /// extra_float_digits rounds every epoch, and lock_timeout = 0 and statement_timeout = 0 would let a scrape
    /// wait for ever.
    static let pollution = """
        SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'SQL, DMY'; SET IntervalStyle = 'sql_standard';
        SET extra_float_digits = -10; SET lock_timeout = 0; SET statement_timeout = 0; SET search_path = public;
        """

    func psql(_ bouncer: PgBouncerProcess, _ database: String, _ sql: String) throws -> String {
        try runChecked(try Tools.postgresBinDir() + "/psql",
                       ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", bouncer.conninfo(database: database),
                        "-c", sql], timeout: 30).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every table and partition figure that does not move by itself, keyed by series.
    func figures(_ metrics: Exposition) -> [String: Double] {
        var result: [String: Double] = [:]
        for sample in metrics.samples where sample.name.hasPrefix("pg_partition") && !sample.name.contains("exporter")
            && !sample.name.contains("coverage_seconds") && !sample.name.contains("floor")
        {
            let key = sample.name + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.description
            result[key] = sample.value
        }
        return result
    }

    @Test func transactionPoolingKeepsTheSettingsAndTheFiguresAndLeavesNothingBehind() throws {
        let fixture = try PartitionFixture()
        let bouncer = try PgBouncerProcess(server: fixture.server)
        defer { bouncer.stop() }
        let config = try fixture.configurationFile()
        let direct = try ExporterProcess(dataSourceName: fixture.monitorURI, arguments: ["--config.file", config])
        defer { direct.stop() }
        let pooled = try ExporterProcess(dataSourceName: bouncer.conninfo(database: fixture.database),
                                         arguments: ["--config.file", config])
        defer { pooled.stop() }

        let expected = figures(try direct.scrape())
        #expect(expected.count > 100)
        for round in 0..<2 {
            _ = try psql(bouncer, fixture.database, Self.pollution)
            let through = try pooled.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"])
            #expect(through.value("pg_partition_exporter_up") == 1, "round \(round): \(pooled.log)\n\(bouncer.log)")
            let got = figures(through)
            let differing = expected.filter { got[$0.key] != $0.value }.keys.sorted()
            #expect(got == expected, "round \(round): \(differing.prefix(5)) \(got.count) \(expected.count)")
        }
        // The other client's settings are as it left them: the exporter set nothing for the session.
        #expect(try psql(bouncer, fixture.database, "SHOW lock_timeout") == "0")
        #expect(try psql(bouncer, fixture.database, "SHOW statement_timeout") == "0")
        #expect(try psql(bouncer, fixture.database, "SHOW search_path") == "public")
        #expect(try psql(bouncer, fixture.database, "SHOW extra_float_digits") == "-10")
        #expect(try psql(bouncer, fixture.database, "SHOW default_transaction_read_only") == "off")
    }

    @Test func aHeldLockDoesNotStallAScrapeThroughThePoolWhateverTheSharedTimeouts() throws {
        let server = try TestPostgres.shared
        let database = try LockTests.makeDatabase(server)
        let bouncer = try PgBouncerProcess(server: server)
        defer { bouncer.stop() }
        let exporter = try ExporterProcess(dataSourceName: bouncer.conninfo(database: database))
        defer { exporter.stop() }
        _ = try exporter.scrape()
        let holder = try BackgroundSession(server: server, database: database,
                                           sql: "BEGIN; LOCK TABLE events_1 IN ACCESS EXCLUSIVE MODE;")
        defer { holder.close() }
        #expect(try eventually {
            try server.psql("SELECT count(*) FROM pg_locks WHERE relation = 'events_1'::regclass AND granted "
                            + "AND mode = 'AccessExclusiveLock'", database: database) == "1"
        })
        _ = try psql(bouncer, database, Self.pollution)
        let metrics = try exporter.scrape(headers: ["X-Prometheus-Scrape-Timeout-Seconds: 10"])
        #expect(metrics.value("pg_partition_exporter_up") == 1, "\(exporter.log)")
        #expect(metrics.value("pg_partition_exporter_stale_size_partitions") == 1)
    }
}
