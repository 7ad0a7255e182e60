import Foundation
import Logging
import PartitionExporterCore

/// Serves scrapes: one collection at a time, shared by every scrape that arrives while it runs (single flight),
/// so fifty simultaneous scrapes cost one round of queries and never more than one connection per database.
public final class MetricsService: @unchecked Sendable {
    private let databases: DatabaseSet
    private let build: ExporterMetrics.BuildInfo
    private let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var collecting = false
    private var generation = 0
    private var lastBody: ScrapeBody?

    public init(databases: DatabaseSet, build: ExporterMetrics.BuildInfo, logger: Logger) {
        self.databases = databases
        self.build = build
        self.logger = logger
    }

    /// The exposition of a collection that finishes within `timeout` seconds: a new one, or the one in flight.
    public func scrape(timeout: Double) -> ScrapeBody {
        let deadline = Deadline.after(seconds: timeout)
        condition.lock()
        if collecting {
            let awaited = generation + 1
            while generation < awaited, !deadline.hasPassed {
                _ = condition.wait(until: Date().addingTimeInterval(Double(deadline.remainingMilliseconds) / 1000))
            }
            defer { condition.unlock() }
            if generation >= awaited, let lastBody { return lastBody }
            // The collection in flight overran this scrape's deadline: say so rather than hang.
            var samples = MetricSamples()
            for name in databases.names { samples.add(ExporterMetrics.up, LabelSet(["datname": name]), 0) }
            samples.merge(ExporterMetrics.scrapeSeries(duration: timeout, build: build))
            return ScrapeBody(&samples)
        }
        collecting = true
        condition.unlock()

        let started = DispatchTime.now().uptimeNanoseconds
        var samples = databases.collect(deadline: deadline)
        let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        samples.merge(ExporterMetrics.scrapeSeries(duration: duration, build: build))
        // Rendering and compressing need no guarded state: waiters stay blocked on `generation` meanwhile.
        let body = ScrapeBody(&samples)

        condition.lock()
        lastBody = body
        generation += 1
        collecting = false
        condition.broadcast()
        condition.unlock()
        logger.debug("collected", metadata: [
            "duration_seconds": "\(duration)", "bytes": "\(body.plainCount)", "gzip_bytes": "\(body.gzip.count)",
        ])
        return body
    }

    /// Cuts short the collection in flight (it answers `up 0` at once), then closes the connections.
    public func shutdown() {
        databases.interrupt()
        close()
    }

    /// Closes the database connections once no collection is running.
    public func close() {
        condition.lock()
        while collecting { condition.wait() }
        databases.close()
        condition.unlock()
    }
}
