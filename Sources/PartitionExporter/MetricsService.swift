import Foundation
import Logging
import PartitionExporterCore

/// Serves scrapes: one collection at a time, shared by every scrape that arrives while it runs (single flight),
/// so fifty simultaneous scrapes cost one round of queries and never more than one connection per database.
public final class MetricsService: @unchecked Sendable {
    /// Nil when `/metrics` has no database of its own (only `/probe` targets): it serves the exporter's series.
    private let databases: DatabaseSet?
    private let build: ExporterMetrics.BuildInfo
    private let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var collecting = false
    private var generation = 0
    private var lastBody: ScrapeBody?
    /// When the last collection ended (uptime nanoseconds), and whether it may have left connections open.
    private var lastEnded: UInt64 = 0
    private var connectionsOpen = false

    public init(databases: DatabaseSet?, build: ExporterMetrics.BuildInfo, logger: Logger) {
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
            for name in databases?.names ?? [] { samples.add(ExporterMetrics.up, LabelSet(["datname": name]), 0) }
            samples.merge(ExporterMetrics.scrapeSeries(duration: timeout, build: build))
            return ScrapeBody(&samples)
        }
        collecting = true
        connectionsOpen = databases != nil
        condition.unlock()

        let started = DispatchTime.now().uptimeNanoseconds
        var samples = databases?.collect(deadline: deadline) ?? MetricSamples()
        let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        samples.merge(ExporterMetrics.scrapeSeries(duration: duration, build: build))
        // Rendering and compressing need no guarded state: waiters stay blocked on `generation` meanwhile.
        let body = ScrapeBody(&samples)

        condition.lock()
        lastBody = body
        lastEnded = DispatchTime.now().uptimeNanoseconds
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
        interrupt()
        close()
    }

    /// Cuts short the collection in flight (thread-safe), which then answers `up 0` at once.
    public func interrupt() {
        databases?.interrupt()
    }

    /// Closes the database connections once no collection is running.
    public func close() {
        condition.lock()
        while collecting { condition.wait() }
        databases?.close()
        connectionsOpen = false
        condition.unlock()
    }

    /// Closes the database connections when no collection has run for `seconds`, without waiting for one in
    /// flight; true when one was open and closed now (not for a database that was down). The next scrape connects
    /// again, and keeps what the collectors cached (sizes, bounds).
    public func closeIfIdle(for seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let idle = Double(DispatchTime.now().uptimeNanoseconds - lastEnded) / 1e9
        guard connectionsOpen, !collecting, idle >= seconds else { return false }
        connectionsOpen = false
        return databases?.close() ?? false
    }
}
