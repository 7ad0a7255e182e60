import PartitionExporterCore
import Testing

@testable import PartitionExporter

/// Row decoding of the pg_partman and pg_cron collectors, on canned rows shaped as their queries return them.
struct PartmanRowsTests {
    /// Columns: schema, table, partition_interval, premake, retention, epoch, automatic_maintenance,
    /// infinite_time_partitions, retention_keep_table, has maintenance_last_run, maintenance_last_run.
    @Test func fourXRowsGiveSettingsAndNoLastRun() {
        let tables = PartmanTable.decode([
            ["public", "events", "1 day", "14", "90 days", "none", "on", "false", "true", "f", nil],
            ["public", "hourly", "01:00:00", "6", nil, "none", "off", "true", "false", "f", nil],
            ["public", "quarterly", "3 mons", "2", "7 years", "none", "on", "false", "true", "f", nil],
        ])
        #expect(tables.map(\.settings) == [
            PartmanSettings(premake: 14, retention: .seconds(90 * 86_400), interval: .seconds(86_400),
                            infiniteTimePartitions: false),
            PartmanSettings(premake: 6, retention: nil, interval: .seconds(3600), infiniteTimePartitions: true),
            PartmanSettings(premake: 2, retention: .months(84), interval: .months(3), infiniteTimePartitions: false),
        ])
        #expect(tables.map(\.automaticMaintenance) == ["on", "off", "on"])
        #expect(tables.allSatisfy { !$0.recordsMaintenanceLastRun && $0.maintenanceLastRun == nil })
        #expect(tables.allSatisfy { $0.unreadable.isEmpty })
    }

    @Test func fiveOneRowsCarryTheLastRun() {
        let tables = PartmanTable.decode([
            ["app", "ticks", "1 day", "4", nil, "none", "on", "false", "true", "t", "1796000000.5"],
            ["app", "never", "1 day", "4", nil, "none", "on", "false", "true", "t", nil],
        ])
        #expect(tables.map(\.recordsMaintenanceLastRun) == [true, true])
        #expect(tables.map(\.maintenanceLastRun) == [1_796_000_000.5, nil])
    }

    @Test func idAndEpochTables() {
        let tables = PartmanTable.decode([
            ["public", "by_id", "10000", "4", "100000", "none", "on", "false", "true", "f", nil],
            ["public", "by_epoch", "1 day", "4", "30 days", "milliseconds", "on", "false", "true", "f", nil],
        ])
        // An id table's interval and retention are counts, not times: nothing of them applies to time gauges.
        #expect(tables[0].settings == PartmanSettings(premake: 4))
        #expect(tables[0].unreadable.isEmpty)
        #expect(tables[1].settings == PartmanSettings(premake: 4, retention: .seconds(30 * 86_400),
                                                      interval: .seconds(86_400), epoch: .milliseconds,
                                                      infiniteTimePartitions: false))
    }

    @Test func valuesTheExporterCannotFollowAreNamed() {
        let tables = PartmanTable.decode([
            ["public", "odd", "1 mon 15 days", "4", "1 mon 2 days", "none", "on", "false", "true", "f", nil],
            [nil, "orphan", "1 day", "4", nil, "none", "on", "false", "true", "f", nil],
        ])
        #expect(tables.count == 1)
        #expect(tables[0].unreadable == ["partition_interval", "retention"])
        #expect(tables[0].settings == PartmanSettings(premake: 4, infiniteTimePartitions: false))
    }

    @Test func identifiersAreQuotedOnlyWhenNeeded() {
        #expect(quoteIdentifier("partman") == "partman")
        #expect(quoteIdentifier("partition_monitor2") == "partition_monitor2")
        #expect(quoteIdentifier("Monitor") == "\"Monitor\"")
        #expect(quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(quoteIdentifier("2x") == "\"2x\"")
    }
}

struct CronHistoryTests {
    /// A row of `CronCollector.jobsQuery`: the job, then (runid, status, start) of the last run and of the last
    /// finished run, then (runid, end) of the last success.
    static func row(_ jobid: String, last: (String, String, String)? = nil, finished: (String, String, String)? = nil,
                    success: (String, String)? = nil) -> [String?] {
        [jobid, "job\(jobid)", "* * * * *", "app", "postgres", "t",
         last?.0, last?.1, last?.2, finished?.0, finished?.1, finished?.2, success?.0, success?.1]
    }

    @Test func aRunInFlightHoldsTheWatermarkUntilItEnds() {
        var history = CronHistory()
        #expect(history.watermark == 0)
        // Scrape 1: job 1 succeeded at run 10 and is running again as run 12; job 2 failed at run 11.
        var jobs = history.absorb([
            Self.row("1", last: ("12", "running", "120"), finished: ("10", "succeeded", "100"), success: ("10", "101")),
            Self.row("2", last: ("11", "failed", "110"), finished: ("11", "failed", "110")),
            Self.row("3"),
        ])
        #expect(history.watermark == 12)
        #expect(jobs.map { $0.lastRun?.runid } == [12, 11, nil])
        #expect(jobs.map { $0.lastFinished?.status } == ["succeeded", "failed", nil])
        #expect(jobs[0].lastSuccess == CronHistory.Run(runid: 10, status: "succeeded", time: 101))
        // Scrape 2 reads from run 12 on: run 12 ended in failure; job 2 has no run since, and keeps run 11.
        jobs = history.absorb([
            Self.row("1", last: ("12", "failed", "120"), finished: ("12", "failed", "120")),
            Self.row("2"),
            Self.row("3"),
        ])
        #expect(history.watermark == 13)
        #expect(jobs[0].lastFinished?.status == "failed")
        #expect(jobs[0].lastSuccess?.runid == 10, "the last success is remembered, not read again")
        #expect(jobs[1].lastFinished?.runid == 11)
        // Scrape 3: job 3 runs for the first time; job 2 was unscheduled and is forgotten.
        jobs = history.absorb([
            Self.row("1"),
            Self.row("3", last: ("13", "succeeded", "130"), finished: ("13", "succeeded", "130"), success: ("13", "131")),
        ])
        #expect(jobs.map(\.jobid) == ["1", "3"])
        #expect(jobs[1].lastSuccess?.time == 131)
        #expect(history.watermark == 14)
    }

    @Test func noRunsLeaveTheWatermark() {
        var history = CronHistory()
        _ = history.absorb([Self.row("1")])
        #expect(history.watermark == 0)
    }
}

extension CronHistoryTests {
    /// A table of 100 runs read in chunks of 10: the newest chunk first, then older chunks only while some job's
    /// last success is unknown, down to the table's start.
    @Test func theHistoryIsReadInBoundedChunks() {
        var history = CronHistory(chunk: 10)
        let forward = history.forwardRange(newest: 100)
        #expect(forward.from == 91 && forward.below == .max)
        // Job 1 succeeded in the newest chunk; job 2 failed there and last succeeded long before; job 3 never ran.
        var jobs = history.absorb([
            Self.row("1", last: ("100", "succeeded", "1000"), finished: ("100", "succeeded", "1000"),
                     success: ("100", "1001")),
            Self.row("2", last: ("95", "failed", "950"), finished: ("95", "failed", "950")),
            Self.row("3"),
        ])
        #expect(history.watermark == 101)
        #expect(history.backwardRange(of: jobs)! == (81, 91))
        // The next chunk finds job 2's success; job 3 still unknown: keep going, one chunk per scrape.
        jobs = history.absorb([
            Self.row("1", last: ("90", "succeeded", "900"), finished: ("90", "succeeded", "900"), success: ("90", "901")),
            Self.row("2", last: ("85", "succeeded", "850"), finished: ("85", "succeeded", "850"), success: ("85", "851")),
            Self.row("3"),
        ], backwards: true)
        #expect(jobs[0].lastSuccess?.runid == 100, "an older chunk never replaces what is newer")
        #expect(jobs[1].lastRun?.runid == 95 && jobs[1].lastFinished?.status == "failed")
        #expect(jobs[1].lastSuccess?.runid == 85)
        #expect(history.unreadBelow == 81)
        #expect(history.watermark == 101, "backward reads leave the forward watermark alone")
        for expected: Int64 in [71, 61, 51, 41, 31, 21, 11, 1, 0] {
            let range = history.backwardRange(of: jobs)!
            #expect(range.from == expected)
            jobs = history.absorb([Self.row("1"), Self.row("2"), Self.row("3")], backwards: true)
        }
        #expect(history.unreadBelow == 0)
        #expect(history.backwardRange(of: jobs) == nil, "the table's start was reached")
    }

    @Test func oncePerJobSuccessIsKnownNoOlderChunkIsRead() {
        var history = CronHistory(chunk: 10)
        _ = history.forwardRange(newest: 5)
        #expect(history.unreadBelow == 0, "a table smaller than a chunk is read whole at once")
        var other = CronHistory(chunk: 10)
        _ = other.forwardRange(newest: 1000)
        let jobs = other.absorb([
            Self.row("1", last: ("1000", "succeeded", "1"), finished: ("1000", "succeeded", "1"), success: ("1000", "2")),
        ])
        #expect(other.backwardRange(of: jobs) == nil)
    }
}
