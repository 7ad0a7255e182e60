import PartitionExporterCore

/// What the exporter knows of pg_cron's jobs and their runs, kept between scrapes.
///
/// `cron.job_run_details` is never cleaned and grows by a row per run, so no scrape reads it all:
/// - forwards, each scrape reads the runs from `watermark` on, the few since the last scrape. A run is inserted
///   when it starts and updated when it ends, so the watermark stays at the oldest run still in flight, whose end
///   is yet to be seen (pg_cron never runs a job twice at once, and marks the runs in flight as failed when it
///   restarts);
/// - backwards, the first scrape starts `chunk` runs before the newest, and while some job's last success is
///   still unknown, each scrape reads one more chunk below what it read, until the table's start. A full read
///   would grow with the table (0.25 s per million runs here) until it overran the scrape's deadline, and fail on
///   every scrape from then on.
struct CronHistory {
    /// Runs read per scrape backwards (about 125 ms here).
    let chunk: Int64
    /// The runs below this one are not read yet; 0 once the table's start was reached.
    private(set) var unreadBelow: Int64?

    init(chunk: Int64 = 500_000) {
        self.chunk = chunk
    }

    /// The range of `runid`s to read forwards, given the newest one in the table (nil when it is empty).
    mutating func forwardRange(newest: Int64?) -> (from: Int64, below: Int64) {
        if unreadBelow == nil {
            let start = max(0, (newest ?? 0) + 1 - chunk)
            unreadBelow = start
            watermark = start
        }
        return (watermark, .max)
    }

    /// The range to read backwards this scrape, or nil when nothing older can change what is known.
    func backwardRange(of jobs: [Job]) -> (from: Int64, below: Int64)? {
        guard let below = unreadBelow, below > 0, jobs.contains(where: { $0.lastSuccess == nil }) else { return nil }
        return (max(0, below - chunk), below)
    }

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
        /// The schedule's longest gap between runs; nil when it cannot be read.
        var scheduleMaxInterval: Double?
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
    /// Schedules read so far: reading one walks a year of the calendar.
    private var scheduleIntervals: [String: Double?] = [:]

    /// Merges the rows of `CronCollector.jobsQuery`, read over `forwardRange` or, with `backwards`, over
    /// `backwardRange`, with what earlier scrapes saw, and returns every job of `cron.job`. Jobs no longer in
    /// `cron.job` are forgotten.
    mutating func absorb(_ rows: [[String?]], backwards: Bool = false) -> [Job] {
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
            let schedule = row[2] ?? ""
            if scheduleIntervals[schedule] == nil {
                scheduleIntervals[schedule] = .some(CronSchedule(parsing: schedule)?.maxIntervalSeconds)
            }
            jobs.append(Job(jobid: jobid, jobname: row[1] ?? "", schedule: schedule, database: row[3] ?? "",
                            username: row[4] ?? "", active: row[5] == "t" ? "true" : "false",
                            lastRun: known.last, lastFinished: known.finished, lastSuccess: known.success,
                            scheduleMaxInterval: scheduleIntervals[schedule] ?? nil))
        }
        runs = remembered
        if backwards {
            if let below = unreadBelow { unreadBelow = max(0, below - chunk) }
            return jobs
        }
        // A run stuck in flight for good (a crash pg_cron did not clean up) holds the watermark back at most a chunk.
        let inFlight = remembered.values.compactMap { $0.last }.filter { !$0.isFinished }.map(\.runid)
        watermark = max(min(newest + 1, inFlight.min() ?? .max), newest + 1 - chunk, watermark)
        return jobs
    }

    /// The later of two runs of one job: a run read again (same `runid`) replaces what was known of it.
    private static func newer(_ read: Run?, _ known: Run?) -> Run? {
        guard let read else { return known }
        guard let known else { return read }
        return read.runid >= known.runid ? read : known
    }
}
