import Logging
import PartitionExporterCore

/// pg_cron's jobs and how their last runs went: the maintenance that creates and drops partitions is usually one
/// of them, and when it fails, nothing else says so until partitions run out.
///
/// Absent in databases without the extension; pg_cron lives in the one database that `cron.database_name` names.
final class CronCollector: Collector {
    static let name = "cron"

    static let jobInfo = MetricFamily(
        "pg_cron_job_info", "1 for each pg_cron job; labels give its schedule, target database, user and state.")
    static let lastRunStart = MetricFamily(
        "pg_cron_job_last_run_start_timestamp_seconds", "When the job's last run started (it may still run).")
    static let lastRunSucceeded = MetricFamily(
        "pg_cron_job_last_run_succeeded", "1 when the job's last finished run succeeded, 0 when it failed.")
    static let lastSuccess = MetricFamily(
        "pg_cron_job_last_success_timestamp_seconds", "When the job's last successful run ended.")
    static let scheduleInterval = MetricFamily(
        "pg_cron_job_schedule_max_interval_seconds",
        "The longest time between two runs that the job's schedule gives (UTC calendar); absent when it cannot be read.")

    /// Whether pg_cron is installed, and whether the role may read its tables and sees every job's rows. Its
    /// objects are always in schema `cron`, whatever `pg_extension.extnamespace` says (`public`, as a rule).
    static let extensionQuery = """
        SELECT n.nspname, has_schema_privilege(n.oid, 'USAGE'),
               coalesce(has_table_privilege(j.oid, 'SELECT') AND has_table_privilege(d.oid, 'SELECT'), false),
               coalesce(row_security_active(j.oid) OR row_security_active(d.oid), false), d.oid IS NOT NULL
        FROM pg_extension e
        JOIN pg_namespace n ON n.nspname = 'cron'
        LEFT JOIN pg_class j ON j.relnamespace = n.oid AND j.relname = 'job'
        LEFT JOIN pg_class d ON d.relnamespace = n.oid AND d.relname = 'job_run_details'
        WHERE e.extname = 'pg_cron'
        """

    /// Every job, with the newest run, the newest finished run and the newest success among the runs from `$1` to
    /// below `$2`. The range on `runid`, the primary key, keeps the query to the runs since the last scrape (or to
    /// one chunk of older ones) however large the table grows: `job_run_details` has no index on `jobid`.
    static let jobsQuery = """
        WITH recent AS (
            SELECT jobid, max(runid) AS last_run,
                   max(runid) FILTER (WHERE status IN ('succeeded', 'failed')) AS last_finished,
                   max(runid) FILTER (WHERE status = 'succeeded') AS last_success
            FROM cron.job_run_details WHERE runid >= $1::bigint AND runid < $2::bigint GROUP BY jobid
        )
        SELECT j.jobid, j.jobname, j.schedule, j.database, j.username, j.active,
               r.last_run, l.status, extract(epoch FROM l.start_time)::float8,
               r.last_finished, f.status, extract(epoch FROM f.start_time)::float8,
               r.last_success, extract(epoch FROM coalesce(s.end_time, s.start_time))::float8
        FROM cron.job j
        LEFT JOIN recent r ON r.jobid = j.jobid
        LEFT JOIN cron.job_run_details l ON l.runid = r.last_run
        LEFT JOIN cron.job_run_details f ON f.runid = r.last_finished
        LEFT JOIN cron.job_run_details s ON s.runid = r.last_success
        ORDER BY j.jobid
        """

    /// The newest run, where the first scrape starts reading.
    static let newestRunQuery = "SELECT max(runid) FROM cron.job_run_details"

    private var history = CronHistory()

    init(configuration: Configuration, logger: Logger) {}

    func collect(_ scrape: inout DatabaseScrape) throws(CollectorError) -> CollectorPresence {
        guard let row = try scrape.query(Self.extensionQuery).first else { return .absent }
        let role = quoteIdentifier(scrape.connection.user)
        guard row[1] == "t" else {
            throw CollectorError("permission denied for schema cron", hint: "run: GRANT USAGE ON SCHEMA cron TO \(role)")
        }
        guard row[4] == "t" else { throw CollectorError("pg_cron has no cron.job_run_details table (pg_cron < 1.3)") }
        guard row[2] == "t" else {
            throw CollectorError("permission denied for table cron.job or cron.job_run_details",
                                 hint: "run: GRANT SELECT ON cron.job, cron.job_run_details TO \(role)")
        }
        guard row[3] == "f" else {
            // Row-level security would hide every job the role does not own: a failing job would look absent.
            throw CollectorError("cron.job and cron.job_run_details show this role only its own jobs",
                                 hint: "run: ALTER ROLE \(role) BYPASSRLS")
        }
        let first = history.unreadBelow == nil
        let newest = first ? try scrape.query(Self.newestRunQuery).first?[0].flatMap(Int64.init) : nil
        let forward = history.forwardRange(newest: newest)
        var jobs = history.absorb(try scrape.query(Self.jobsQuery, [String(forward.from), String(forward.below)]))
        // Older chunks from the second scrape on: the first one reads a chunk already.
        if !first, let backward = history.backwardRange(of: jobs) {
            jobs = history.absorb(try scrape.query(Self.jobsQuery, [String(backward.from), String(backward.below)]),
                                  backwards: true)
        }
        Self.write(jobs, database: scrape.database, into: &scrape.samples)
        return .present
    }

    /// Adds the samples of `jobs`, read in `database` (the one pg_cron lives in).
    static func write(_ jobs: [CronHistory.Job], database: String, into samples: inout MetricSamples) {
        func labels(_ job: CronHistory.Job) -> LabelSet {
            LabelSet(["datname": database, "jobid": job.jobid, "jobname": job.jobname])
        }
        for job in jobs {
            samples.add(jobInfo, labels(job).adding("schedule", job.schedule).adding("database", job.database)
                .adding("username", job.username).adding("active", job.active), 1)
        }
        for job in jobs {
            if let start = job.lastRun?.time { samples.add(lastRunStart, labels(job), start) }
        }
        for job in jobs {
            if let finished = job.lastFinished {
                samples.add(lastRunSucceeded, labels(job), finished.status == "succeeded" ? 1 : 0)
            }
        }
        for job in jobs {
            if let success = job.lastSuccess?.time { samples.add(lastSuccess, labels(job), success) }
        }
        for job in jobs {
            if let interval = job.scheduleMaxInterval { samples.add(scheduleInterval, labels(job), interval) }
        }
    }
}
