import Dispatch
import Foundation
import Logging
import PartitionExporterCore
import Synchronization

/// One database the exporter watches: its persistent connection and its own instance of every collector.
///
/// Collections are serialised by `MetricsService` (single flight); `interrupt()`, `close()` and `name` may come
/// from other threads, and touch only the connection, the interruption and the name, each thread-safe.
final class WatchedDatabase: @unchecked Sendable {
    /// The database replacing the connection string's own; nil for the connection string's own database.
    let override: String?
    private let conninfo: String
    private let settings: String
    private let collectors: [any Collector]
    private let redactor: SecretRedactor
    private let logger: Logger
    private let connection = Mutex<PostgresConnection?>(nil)
    /// Reaches the connection attempt in flight too, which `connection` does not hold yet; shared by every
    /// database of a `DatabaseSet`, so that shutdown reaches one created during the collection it interrupts.
    private let interruption: Interruption
    /// The name libpq connected to last; before any connection, what the connection string implies. Read by a
    /// scrape that gave up waiting, while the collection may be reconnecting.
    private let knownName: Mutex<String>
    private var errorsTotal = 0
    private var lastConnectionError: String?
    private var lastCollectorErrors: [String: String] = [:]
    /// The table patterns that matched in the last collection; nil when it could not read the catalog. Read by
    /// the `DatabaseSet` once the collection ended.
    private(set) var matchedPatterns: Set<String>?

    init(conninfo: String, override: String?, configuration: Configuration, statementTimeout: Double,
         redactor: SecretRedactor, interruption: Interruption, logger: Logger) {
        self.conninfo = conninfo
        self.override = override
        self.redactor = redactor
        self.interruption = interruption
        settings = Self.transactionSettings(statementTimeoutMilliseconds: Int(statementTimeout * 1000))
        let name = override ?? Self.impliedDatabase(of: conninfo)
        knownName = Mutex(name)
        var logger = logger
        logger[metadataKey: "datname"] = "\(name)"
        self.logger = logger
        collectors = Collectors.all.map { $0.init(configuration: configuration, logger: logger) }
    }

    /// The `datname` label of this database's series.
    var name: String { knownName.withLock { $0 } }

    /// The settings every statement runs under: bound literals print in UTC and ISO, floats (the epochs) print
    /// exactly, and no statement waits long for a lock. Set with SET LOCAL in each of the exporter's (read-only)
    /// transactions rather than once per session, so that they hold behind PgBouncer's transaction pooling, where
    /// the server connection is shared and a session setting would be lost, or leak to other clients.
    static func transactionSettings(statementTimeoutMilliseconds: Int) -> String {
        """
        SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, MDY'; SET LOCAL IntervalStyle = 'postgres';
        SET LOCAL lock_timeout = '200ms'; SET LOCAL statement_timeout = '\(statementTimeoutMilliseconds)ms';
        SET LOCAL idle_in_transaction_session_timeout = '60s'; SET LOCAL jit = off;
        SET LOCAL search_path = pg_catalog; SET LOCAL extra_float_digits = 1
        """
    }

    /// How one collector fared in a collection.
    struct CollectorState {
        var name: String
        var success: Bool
        var seconds: Double
    }

    /// Runs every collector and returns their samples with the exporter's own series for this database.
    func collect(deadline: Deadline) -> MetricSamples {
        var samples = MetricSamples()
        var states: [CollectorState] = []
        /// Up only once the essential collector read the catalog, so not when the deadline left it no time.
        var up = false
        matchedPatterns = nil
        do {
            let connection = try connected(deadline: deadline)
            var scrape = DatabaseScrape(connection: connection, deadline: deadline, database: connection.database)
            for collector in collectors {
                // Past the deadline the scrape has its answer: each statement more would cost a cancel and its grace.
                guard !deadline.hasPassed else { break }
                let kind = type(of: collector)
                let started = DispatchTime.now().uptimeNanoseconds
                var error: CollectorError?
                do {
                    if try collector.collect(&scrape) == .absent {
                        noteCollector(kind.name, error: nil)
                        continue
                    }
                } catch let failure {
                    error = failure
                }
                if kind.isEssential, error == nil { up = true }
                noteCollector(kind.name, error: error?.description)
                states.append(CollectorState(name: kind.name, success: error == nil,
                                             seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
            }
            samples = scrape.samples
            matchedPatterns = scrape.matchedPatterns
            noteConnection(error: nil)
        } catch {
            if self.connection.withLock({ $0?.isHealthy }) != true { close() }
            noteConnection(error: error.message)
        }
        if !up { errorsTotal += 1 }
        samples.merge(Self.stateSeries(database: name, collectors: states, up: up, errorsTotal: errorsTotal))
        return samples
    }

    /// The exporter's own series for one database's collection: each collector's success and duration, `up` and
    /// the error counter.
    static func stateSeries(database: String, collectors: [CollectorState], up: Bool, errorsTotal: Int)
        -> MetricSamples
    {
        let labels = LabelSet(["datname": database])
        var samples = MetricSamples()
        for state in collectors {
            let collectorLabels = labels.adding("collector", state.name)
            samples.add(ExporterMetrics.collectorSuccess, collectorLabels, state.success ? 1 : 0)
            samples.add(ExporterMetrics.collectorDuration, collectorLabels, state.seconds)
        }
        samples.add(ExporterMetrics.up, labels, up ? 1 : 0)
        samples.add(ExporterMetrics.scrapeErrors, labels, Double(errorsTotal))
        return samples
    }

    /// The databases of the cluster that accept the role's connections, templates excluded, read over this
    /// connection. A database the role may not CONNECT to (a managed service's own, say) is not the exporter's
    /// to watch: listed, it would be `up 0` and page for ever. Named in `databases:`, it is watched and says so.
    func listDatabases(deadline: Deadline) throws(PostgresError) -> [String] {
        let rows = try connected(deadline: deadline).query(
            "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate "
                + "AND has_database_privilege(datname, 'CONNECT') ORDER BY datname",
            deadline: deadline)
        return rows.compactMap { $0[0] }
    }

    /// Closes the database connection (thread-safe); true when one was open.
    @discardableResult
    func close() -> Bool {
        connection.withLock { connection in
            let wasOpen = connection != nil
            connection?.close()
            connection = nil
            return wasOpen
        }
    }

    private func connected(deadline: Deadline) throws(PostgresError) -> PostgresConnection {
        if let healthy = connection.withLock({ $0?.isHealthy == true ? $0 : nil }) { return healthy }
        close()
        let fresh = try PostgresConnection(conninfo: conninfo, database: override, deadline: deadline,
                                           settings: settings, interruption: interruption)
        connection.withLock { $0 = fresh }
        knownName.withLock { $0 = fresh.database }
        return fresh
    }

    /// Logs once per change of state (the database readable or not, and why: the kind of failure), not once per
    /// scrape; a new message of the same kind only at debug level.
    private func noteConnection(error: String?) {
        let now = error.map(redactor.redact), before = lastConnectionError
        lastConnectionError = now
        switch (now, before) {
        case let (now?, before) where before.map(ConnectionFailure.init(message:)) != ConnectionFailure(message: now):
            logger.error("cannot read the catalog", metadata: [
                "error": "\(now)", "reason": "\(ConnectionFailure(message: now).rawValue)",
            ])
        case let (now?, before?) where now != before:
            logger.debug("still cannot read the catalog", metadata: ["error": "\(now)"])
        case let (nil, before?):
            logger.info("reading the catalog again", metadata: ["previous_error": "\(before)"])
        default:
            break
        }
    }

    /// Logs a collector's failure when it starts or its reason changes, and its recovery.
    private func noteCollector(_ name: String, error: String?) {
        let now = error.map(redactor.redact), before = lastCollectorErrors[name]
        lastCollectorErrors[name] = now
        switch (now, before) {
        case let (now?, before) where now != before:
            logger.warning("collector failed", metadata: ["collector": "\(name)", "error": "\(now)"])
        case let (nil, before?):
            logger.info("collector reads again", metadata: ["collector": "\(name)", "previous_error": "\(before)"])
        default:
            break
        }
    }

    /// The database libpq would connect to for `conninfo`: its `dbname`, else `PGDATABASE`, else the user name
    /// (`user`, `PGUSER`, the OS user), as libpq defaults it. Only a label until the first connection.
    static func impliedDatabase(of conninfo: String) -> String {
        let options = (try? PostgresConnection.parseConninfo(conninfo).get()) ?? [:]
        let environment = ProcessInfo.processInfo.environment
        return options["dbname"] ?? environment["PGDATABASE"] ?? options["user"] ?? environment["PGUSER"]
            ?? ProcessInfo.processInfo.userName
    }
}
