import Foundation
import Logging
import PartitionExporterCore

/// Serves scrapes: one collection at a time, shared by every scrape that arrives while it runs (single flight),
/// so fifty simultaneous scrapes cost one round of queries and never more than one database connection.
public final class MetricsService: @unchecked Sendable {
    private let collector: Collector
    private let configuration: Configuration
    private let build: ExporterMetrics.BuildInfo
    private let redactor: SecretRedactor
    private let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var collecting = false
    private var generation = 0
    private var lastBody: [UInt8] = []
    private var errorsTotal = 0
    private var lastError: String?
    private var lastStaleSizes = 0

    public init(
        collector: Collector, configuration: Configuration, build: ExporterMetrics.BuildInfo,
        redactor: SecretRedactor, logger: Logger
    ) {
        self.collector = collector
        self.configuration = configuration
        self.build = build
        self.redactor = redactor
        self.logger = logger
    }

    /// The exposition of a collection that finishes within `timeout` seconds: a new one, or the one in flight.
    public func scrape(timeout: Double) -> [UInt8] {
        let deadline = Deadline.after(seconds: timeout)
        condition.lock()
        if collecting {
            let awaited = generation + 1
            while generation < awaited, !deadline.hasPassed {
                _ = condition.wait(until: Date().addingTimeInterval(Double(deadline.remainingMilliseconds) / 1000))
            }
            defer { condition.unlock() }
            if generation >= awaited { return lastBody }
            // The collection in flight overran this scrape's deadline: say so rather than hang.
            return ExporterMetrics.render(
                snapshot: nil, configuration: configuration, duration: timeout, errorsTotal: errorsTotal,
                staleSizeCount: 0, build: build)
        }
        collecting = true
        condition.unlock()

        let started = DispatchTime.now().uptimeNanoseconds
        let outcome = collector.collect(deadline: deadline)
        let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        condition.lock()
        if outcome.snapshot == nil { errorsTotal += 1 }
        let errors = errorsTotal
        condition.unlock()
        // Rendering needs no guarded state but the counter: waiters stay blocked on `generation` meanwhile.
        let body = ExporterMetrics.render(
            snapshot: outcome.snapshot, configuration: configuration, duration: duration, errorsTotal: errors,
            staleSizeCount: outcome.staleSizes, build: build)

        condition.lock()
        lastBody = body
        generation += 1
        collecting = false
        let previousError = lastError, previousStale = lastStaleSizes
        let currentError = outcome.error.map(redactor.redact)
        lastError = currentError
        lastStaleSizes = outcome.staleSizes
        condition.broadcast()
        condition.unlock()

        logChanges(error: (currentError, previousError), previousStale: previousStale, outcome: outcome,
                   duration: duration)
        return body
    }

    /// Logs once per change of state (catalog readable or not), not once per scrape.
    private func logChanges(error: (now: String?, before: String?), previousStale: Int, outcome: Collector.Outcome,
                            duration: Double) {
        switch (error.now, error.before) {
        case let (now?, nil):
            logger.error("cannot read the catalog", metadata: ["error": "\(now)"])
        case let (now?, before?) where now != before:
            logger.debug("still cannot read the catalog", metadata: ["error": "\(now)"])
        case let (nil, before?):
            logger.info("reading the catalog again", metadata: ["previous_error": "\(before)"])
        default:
            break
        }
        if outcome.staleSizes > 0, previousStale == 0 {
            logger.warning("some partitions are locked; serving their last known sizes",
                           metadata: ["partitions": "\(outcome.staleSizes)"])
        }
        logger.debug("collected", metadata: [
            "duration_seconds": "\(duration)", "tables": "\(outcome.snapshot?.tables.count ?? 0)",
        ])
    }

    /// Cuts short the collection in flight (it answers `up 0` at once), then closes the connection.
    public func shutdown() {
        collector.interrupt()
        close()
    }

    /// Closes the database connection once no collection is running.
    public func close() {
        condition.lock()
        while collecting { condition.wait() }
        collector.close()
        condition.unlock()
    }
}
