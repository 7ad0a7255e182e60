/// What the exporter knows of pg_cron's jobs and their runs, kept between scrapes.
///
/// `cron.job_run_details` is never cleaned and grows by a row per run, so each scrape reads only the runs from
/// `watermark` on: the first scrape reads them all once, later ones the few since. A run is inserted when it
/// starts and updated when it ends, so the watermark stays at the oldest run still in flight, whose end is yet
/// to be seen. pg_cron never runs a job twice at once, and marks the runs in flight as failed when it restarts.
struct CronHistory {
    /// One job of `cron.job`, with what its runs tell.
    struct Job: Equatable {
        var jobid: String
        var jobname: String
        var schedule: String
        var database: String
        var username: String
        var active: String
        var lastRun: Run?
        var lastFinished: Run?
        var lastSuccess: Run?
    }

    struct Run: Equatable {
        var runid: Int64
        var status: String
        /// `start_time`, or for `lastSuccess` the end (`end_time`, else `start_time`), in seconds since the epoch.
        var time: Double?

        var isFinished: Bool { status == "succeeded" || status == "failed" }
    }

    /// The smallest `runid` the next scrape must read.
    private(set) var watermark: Int64 = 0
    private var runs: [String: (last: Run?, finished: Run?, success: Run?)] = [:]

    /// Merges the rows of `CronCollector.jobsQuery` (read from `watermark` on) with what earlier scrapes saw, and
    /// returns every job of `cron.job`. Jobs no longer in `cron.job` are forgotten.
    mutating func absorb(_ rows: [[String?]]) -> [Job] {
        var jobs: [Job] = []
        var remembered: [String: (last: Run?, finished: Run?, success: Run?)] = [:]
        var newest = watermark - 1
        for row in rows {
            guard row.count >= 14, let jobid = row[0] else { continue }
            func run(_ id: Int, _ status: Int?, _ time: Int) -> Run? {
                guard let runid = row[id].flatMap(Int64.init) else { return nil }
                newest = max(newest, runid)
                return Run(runid: runid, status: status.flatMap { row[$0] } ?? "succeeded",
                           time: row[time].flatMap(Double.init))
            }
            var known = runs[jobid] ?? (nil, nil, nil)
            known.last = Self.newer(run(6, 7, 8), known.last)
            known.finished = Self.newer(run(9, 10, 11), known.finished)
            known.success = Self.newer(run(12, nil, 13), known.success)
            remembered[jobid] = known
            jobs.append(Job(jobid: jobid, jobname: row[1] ?? "", schedule: row[2] ?? "", database: row[3] ?? "",
                            username: row[4] ?? "", active: row[5] == "t" ? "true" : "false",
                            lastRun: known.last, lastFinished: known.finished, lastSuccess: known.success))
        }
        runs = remembered
        let inFlight = remembered.values.compactMap { $0.last }.filter { !$0.isFinished }.map(\.runid)
        watermark = min(newest + 1, inFlight.min() ?? .max)
        return jobs
    }

    /// The later of two runs of one job: a run read again (same `runid`) replaces what was known of it.
    private static func newer(_ read: Run?, _ known: Run?) -> Run? {
        guard let read else { return known }
        guard let known else { return read }
        return read.runid >= known.runid ? read : known
    }
}
