import Dispatch
import Foundation
import Logging
import PartitionExporterCore
import Synchronization

/// The databases one connection string leads to: its own database, or those that `databases:` names.
///
/// Every database has its own persistent connection, built from the same connection parameters with `dbname`
/// replaced. `*` globs are matched against `pg_database` on every collection, read over the connection string's own
/// database, so databases created or dropped while the exporter runs are picked up without a restart. Not
/// thread-safe but for `interrupt()` and `close()`: `MetricsService` runs one collection at a time.
public final class DatabaseSet: @unchecked Sendable {
    private let conninfo: String
    private let configuration: Configuration
    private let statementTimeout: Double
    private let redactor: SecretRedactor
    private let logger: Logger
    /// One for every database, those created later included: shutdown sets it once.
    private let interruption = Interruption()
    /// The connection string's own database: collected when `databases:` is absent, and used to list the
    /// cluster's databases when a glob needs it.
    private let home: WatchedDatabase
    /// Databases named by `databases:`, by name; guarded so that shutdown can reach them from another thread.
    private let named = Mutex<[String: WatchedDatabase]>([:])
    /// The last list read from `pg_database`, kept when it cannot be read again, so that databases do not vanish.
    private var discovered: [String] = []
    private var lastDiscoveryError: String?
    /// The configured table patterns that matched no table in any database, as last decided.
    private var unmatched: [String] = []

    static let patternUnmatched = MetricFamily(
        "pg_partition_exporter_config_pattern_unmatched",
        "1 for each table pattern of the configuration file that matches no partitioned table in any watched database.")

    public init(conninfo: String, configuration: Configuration, statementTimeout: Double = 30,
                redactor: SecretRedactor, logger: Logger) {
        self.conninfo = conninfo
        self.configuration = configuration
        self.statementTimeout = statementTimeout
        self.redactor = redactor
        self.logger = logger
        home = WatchedDatabase(conninfo: conninfo, override: nil, configuration: configuration,
                               statementTimeout: statementTimeout, redactor: redactor, interruption: interruption,
                               logger: logger)
    }

    /// Collects every watched database at once, each on a thread of its own, all within `deadline`, and merges
    /// their samples. Threads, not Dispatch's global queue: a collection mostly waits on its database, and the
    /// global queue runs about one blocked item per core (measured: eight databases behind 20 ms of latency took
    /// four times one database's time), where threads run them all at once.
    public func collect(deadline: Deadline) -> MetricSamples {
        let databases = watched(deadline: deadline)
        var merged = collectAll(databases, deadline: deadline)
        merged.merge(patternSeries(databases))
        return merged
    }

    /// Decides, from databases whose catalog was read, which patterns match nothing, and logs a change. While a
    /// database cannot be read its tables are unknown, so the last decision stands.
    private func patternSeries(_ databases: [WatchedDatabase]) -> MetricSamples {
        let matched = databases.map(\.matchedPatterns)
        if !databases.isEmpty, !matched.contains(where: { $0 == nil }) {
            let union = matched.reduce(into: Set<String>()) { $0.formUnion($1 ?? []) }
            var seen: Set<String> = []
            let now = configuration.patterns.map(\.description)
                .filter { !union.contains($0) && seen.insert($0).inserted }
            if now != unmatched {
                if now.isEmpty {
                    logger.info("every table pattern of the configuration file matches a table")
                } else {
                    logger.warning("table patterns of the configuration file match no partitioned table", metadata: [
                        "patterns": "\(now.joined(separator: " "))",
                    ])
                }
            }
            unmatched = now
        }
        var samples = MetricSamples()
        for pattern in unmatched { samples.add(Self.patternUnmatched, LabelSet(["pattern": pattern]), 1) }
        return samples
    }

    private func collectAll(_ databases: [WatchedDatabase], deadline: Deadline) -> MetricSamples {
        guard databases.count > 1 else { return databases.first?.collect(deadline: deadline) ?? MetricSamples() }
        let results = Mutex<[Int: MetricSamples]>([:])
        let done = DispatchSemaphore(value: 0)
        for (index, database) in databases.enumerated() {
            Thread {
                let samples = database.collect(deadline: deadline)
                results.withLock { $0[index] = samples }
                done.signal()
            }.start()
        }
        for _ in databases { done.wait() }
        // Merged into the first database's samples, each result dropped once copied, so that at most one more
        // copy of the lines than the collections made exists at a time.
        var collected = results.withLock { results in
            let taken = results
            results = [:]
            return taken
        }
        var merged = collected.removeValue(forKey: 0) ?? MetricSamples()
        for index in databases.indices.dropFirst() {
            if let samples = collected.removeValue(forKey: index) { merged.merge(samples) }
        }
        return merged
    }

    /// The `datname` of every database the last collection watched, for a scrape that could not wait for one.
    public var names: [String] {
        configuration.databases == nil ? [home.name] : named.withLock { $0.keys.sorted() }
    }

    /// Cuts short every collection in flight (thread-safe); used at shutdown.
    public func interrupt() {
        interruption.interrupt()
    }

    /// Closes every connection (thread-safe); true when any was open.
    @discardableResult
    public func close() -> Bool {
        var closed = home.close()
        named.withLock { named in
            for database in named.values { closed = database.close() || closed }
        }
        return closed
    }

    /// The databases to collect now, sorted by name; connections of databases no longer watched are closed.
    private func watched(deadline: Deadline) -> [WatchedDatabase] {
        guard let patterns = configuration.databases else { return [home] }
        var wanted = Set(patterns.filter { !$0.contains("*") })
        if patterns.contains(where: { $0.contains("*") }) {
            refreshDiscovered(deadline: deadline)
            wanted.formUnion(discovered.filter { configuration.watches(database: $0) })
        }
        return named.withLock { named in
            for (name, database) in named where !wanted.contains(name) {
                database.close()
                named[name] = nil
                logger.info("no longer watching a database", metadata: ["datname": "\(name)"])
            }
            for name in wanted.sorted() where named[name] == nil {
                // The connection string's own database is collected over its connection, not a second one.
                named[name] = name == home.name && lastDiscoveryError == nil && !discovered.isEmpty ? home
                    : WatchedDatabase(conninfo: conninfo, override: name, configuration: configuration,
                                      statementTimeout: statementTimeout, redactor: redactor,
                                      interruption: interruption, logger: logger)
            }
            return wanted.sorted().compactMap { named[$0] }
        }
    }

    private func refreshDiscovered(deadline: Deadline) {
        do {
            let list = try home.listDatabases(deadline: deadline)
            if list != discovered {
                logger.info("databases in the cluster", metadata: ["datnames": "\(list.joined(separator: ","))"])
            }
            discovered = list
            if let before = lastDiscoveryError {
                logger.info("listing the cluster's databases again", metadata: ["previous_error": "\(before)"])
            }
            lastDiscoveryError = nil
        } catch {
            let message = redactor.redact(error.message)
            if lastDiscoveryError == nil {
                logger.error("cannot list the cluster's databases; watching the last known list",
                             metadata: ["error": "\(message)"])
            }
            lastDiscoveryError = message
        }
    }
}
