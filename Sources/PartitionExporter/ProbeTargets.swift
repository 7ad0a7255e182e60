import Dispatch
import Logging
import PartitionExporterCore
import Synchronization

/// The clusters of `targets:`, collected by `/probe?target=<name>`: for each, a `MetricsService` of its own (single
/// flight, a persistent connection per database, the collectors' caches), with the same collectors, table rules
/// and deadline handling as `/metrics`. Connections of a target not probed for `idleTimeout` seconds are closed
/// by a sweep, so that a fleet's retired or rarely scraped targets do not hold backends.
public final class ProbeTargets: Sendable {
    /// Every configured target's service, by name; fixed at start.
    private let services: [String: MetricsService]
    private let idleTimeout: Double
    /// Held in a mutex only because Dispatch does not declare its sources `Sendable`.
    private let sweeper: Mutex<DispatchSourceTimer>
    private let logger: Logger

    /// `redactor` hides the passwords of every connection string the exporter holds.
    public init(targets: [ProbeTarget], configuration: Configuration, redactor: SecretRedactor,
                idleTimeout: Double, build: ExporterMetrics.BuildInfo, logger: Logger) {
        var services: [String: MetricsService] = [:]
        for target in targets {
            var targetLogger = logger
            targetLogger[metadataKey: "target"] = "\(target.name)"
            let databases = DatabaseSet(conninfo: target.dsn, configuration: configuration.configuration(for: target),
                                        redactor: redactor, logger: targetLogger)
            services[target.name] = MetricsService(databases: databases, build: build, logger: targetLogger)
        }
        self.services = services
        names = Set(services.keys)
        self.idleTimeout = idleTimeout
        self.logger = logger
        // A sweep at a quarter of the timeout closes an idle target's connections at most 25% late.
        let sweeper = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "pg_partition_exporter.probe-sweeper"))
        let period = max(idleTimeout / 4, 0.05)
        sweeper.schedule(deadline: .now() + period, repeating: period, leeway: .milliseconds(10))
        sweeper.setEventHandler { [services, idleTimeout, logger] in
            for (name, service) in services where service.closeIfIdle(for: idleTimeout) {
                logger.info("closed the connections of a target not probed lately", metadata: [
                    "target": "\(name)", "idle_timeout_seconds": "\(idleTimeout)",
                ])
            }
        }
        sweeper.resume()
        self.sweeper = Mutex(sweeper)
    }

    /// The configured names, for `ProbeRequest`.
    public let names: Set<String>

    /// The service of a configured target; nil for any other name.
    public func service(named name: String) -> MetricsService? { services[name] }

    deinit { sweeper.withLock { $0.cancel() } }

    /// Cuts every probe in flight short (thread-safe); they answer at once.
    public func interrupt() {
        services.values.forEach { $0.interrupt() }
    }

    /// Stops the sweep, cuts every probe in flight short, then closes every connection once its probe ended.
    public func shutdown() {
        sweeper.withLock { $0.cancel() }
        interrupt()
        services.values.forEach { $0.close() }
    }
}
