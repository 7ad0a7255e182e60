import Dispatch
import Logging
import PartitionExporterCore

/// The partitioned tables of one database: structure from the catalog, sizes of the leaves, and every gauge
/// computed from them with each table's settings (the YAML's, then pg_partman's, then the defaults).
///
/// Sizes are exact but measured again only for the leaves that may have changed (`SizeLedger`); bounds are deparsed
/// again only for partitions whose catalog row changed. Sizes of partitions held under an ACCESS EXCLUSIVE lock come
/// from the last value read, so maintenance never blocks or fails a scrape. Default partitions the role may read
/// are counted, up to a limit; the others are estimated from the statistics.
final class PartitionCollector: Collector {
    static let name = "partitions"
    /// The catalog is what the exporter is for: when it cannot be read, the database is down for the exporter.
    static let isEssential = true

    private let configuration: Configuration
    private let logger: Logger
    private var ledger: SizeLedger
    private var bounds: [Oid: CachedBound] = [:]
    /// Index signatures by table oid (leaves and their TOAST tables), read again when the database's changes.
    private var indexes: [Oid: Int] = [:]
    private var indexesVersion: String?
    /// Tables whose YAML entry overrides pg_partman, with the keys, so that each difference is logged once.
    private var overridesLogged: [QualifiedName: [TableSettings.Key]] = [:]
    private var lastStaleSizes = 0
    /// Whether the last collection left due leaves for later, so that this is logged once per cold start.
    private var sizesDeferred = false
    /// Size reads that failed for a reason other than a lock, and the last reason, logged once per change.
    private var sizeErrorsTotal = 0
    private var lastSizeError: String?
    /// Tables whose retention in effect is shorter than their min_retention, so that each is logged once.
    private var belowMinimumLogged: Set<QualifiedName> = []
    /// Range tables that get no range gauge, and tables with unreadable bounds, so that each is logged once.
    private var unmeasuredLogged: Set<QualifiedName> = []
    /// Why the default partitions' count last failed, logged once per change; nil while it works.
    private var lastCountProblem: String?
    /// Seconds the scrape must have left for the count to start; it gets half of what is left.
    static let minimumCountSeconds = 0.25

    init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        ledger = SizeLedger(maxAge: configuration.sizesMaxAge)
    }

    func collect(_ scrape: inout DatabaseScrape) throws(CollectorError) -> CollectorPresence {
        // Scoped so that the tree is released before the samples, the other large transient, are written.
        let snapshot: CatalogSnapshot
        let staleSizes: Int
        do {
            let tree: CatalogTree
            do {
                tree = try readCatalog(&scrape)
            } catch {
                throw CollectorError(error)
            }
            staleSizes = readSizes(of: tree, over: scrape.connection, deadline: scrape.deadline)
            let counts = countDefaultRows(of: tree, over: scrape.connection, deadline: scrape.deadline)
            scrape.partitionTrees = tree.statistics
            snapshot = tree.snapshot(sizes: ledger.sizes(of:), counts: counts)
        }
        var overrides: [QualifiedName: [TableSettings.Key]] = [:]
        var belowMinimum: Set<QualifiedName> = []
        var unmeasured: [QualifiedName: Unmeasured] = [:]
        // A table at a time: each report is written and released before the next is made.
        scrape.samples.declare(TableMetrics.families)
        for table in snapshot.tables {
            let name = QualifiedName(schema: table.schema, name: table.name)
            guard let resolved = configuration.resolve(
                schema: table.schema, table: table.name, partman: scrape.partmanSettings[name])
            else { continue }
            if !resolved.overridden.isEmpty { overrides[name] = resolved.overridden }
            if resolved.settings.retentionBelowMinimum { belowMinimum.insert(name) }
            let report = TableReport(table: table, database: snapshot.database, now: snapshot.now,
                                     settings: resolved.settings)
            if report.hasNoRangeGauges || report.unreadableBounds > 0 {
                // What the log needs only, so that the report is released with the others.
                unmeasured[name] = Unmeasured(key: report.key, unreadableBounds: report.unreadableBounds,
                                              noRangeGauges: report.hasNoRangeGauges)
            }
            TableMetrics.write(report, into: &scrape.samples)
        }
        logUnmeasured(unmeasured)
        TableMetrics.writeSizeState(database: scrape.database, stale: staleSizes, errorsTotal: sizeErrorsTotal,
                                    oldestAge: ledger.oldestAge(now: snapshot.now), into: &scrape.samples)
        logOverrides(overrides)
        let newlyBelow = belowMinimum.subtracting(belowMinimumLogged)
        for name in newlyBelow.sorted(by: { ($0.schema, $0.name) < ($1.schema, $1.name) }) {
            // Only pg_partman's retention can get here: the configuration file refuses such a pair at start.
            logger.error("retention is shorter than min_retention: maintenance would drop data inside the window",
                         metadata: [
                "table": "\(name.schema).\(name.name)", "fix": "raise part_config.retention",
            ])
        }
        belowMinimumLogged = belowMinimum
        if staleSizes > 0, lastStaleSizes == 0 {
            logger.warning("some partitions are locked; serving their last known sizes",
                           metadata: ["partitions": "\(staleSizes)"])
        }
        lastStaleSizes = staleSizes
        return .present
    }

    /// What `logUnmeasured` says of a table.
    private struct Unmeasured {
        var key: String
        var unreadableBounds: Int
        var noRangeGauges: Bool
    }

    /// Logs, once per table, what no alert can watch: a range table without coverage or headroom gauges (a text or
    /// numeric key; an integer one holding epoch time needs `epoch:`), and partitions whose bound did not parse.
    private func logUnmeasured(_ tables: [QualifiedName: Unmeasured]) {
        for (name, report) in tables.sorted(by: { ($0.key.schema, $0.key.name) < ($1.key.schema, $1.key.name) })
        where !unmeasuredLogged.contains(name) {
            let table = "\(name.schema).\(name.name)"
            if report.unreadableBounds > 0 {
                logger.error("partition bounds could not be parsed; those partitions count in no range gauge",
                             metadata: ["table": "\(table)", "partitions": "\(report.unreadableBounds)"])
            }
            if report.noRangeGauges, report.unreadableBounds == 0 {
                logger.warning("range table without coverage or headroom gauges: its key is not a time or an integer",
                               metadata: ["table": "\(table)", "key": "\(report.key)",
                                          "fix": "set epoch: in its tables: entry if an integer key holds epoch time"])
            }
        }
        unmeasuredLogged = Set(tables.keys)
    }

    /// Logs, once per table and set of keys, where a YAML entry wins over a different value in `part_config`.
    private func logOverrides(_ overrides: [QualifiedName: [TableSettings.Key]]) {
        for (name, keys) in overrides.sorted(by: { ($0.key.schema, $0.key.name) < ($1.key.schema, $1.key.name) })
        where overridesLogged[name] != keys {
            logger.warning("the configuration file overrides pg_partman's part_config for this table", metadata: [
                "table": "\(name.schema).\(name.name)", "keys": "\(keys.map(\.rawValue).joined(separator: ","))",
            ])
        }
        overridesLogged = overrides
    }

    /// The catalog: the structure batch, then the bounds and index signatures it lacks. The raw rows, the largest
    /// transient of a big catalog, are gone when this returns.
    private func readCatalog(_ scrape: inout DatabaseScrape) throws(PostgresError) -> CatalogTree {
        var tree = try CatalogTree(
            scrape.connection.batchResults(PartitionQueries.structure, deadline: scrape.deadline),
            configuration: configuration)
        try readBounds(of: &tree, over: scrape.connection, deadline: scrape.deadline)
        try readIndexes(of: tree, over: scrape.connection, deadline: scrape.deadline)
        // Only once the catalog is read in full: a failed collection says nothing of the patterns.
        scrape.matchedPatterns = configuration.matchedPatterns(among: tree.allRoots)
        return tree
    }

    /// Deparses the bounds of the partitions that are new or whose catalog row changed, and fills in every bound.
    private func readBounds(of tree: inout CatalogTree, over connection: PostgresConnection,
                            deadline: Deadline) throws(PostgresError) {
        let missing = tree.boundsMissing(from: bounds)
        if !missing.isEmpty {
            let rows = try connection.query(PartitionQueries.bounds, [oidArray(missing)], deadline: deadline)
            for row in rows {
                guard let oid = row[0].flatMap(Oid.init), let version = row[1].flatMap(UInt32.init) else { continue }
                bounds[oid] = CachedBound(version: version,
                                          bound: row[2].flatMap(PartitionBound.init(parsing:)) ?? .unreadable)
            }
        }
        // Forget dropped and detached partitions, so the cache never outgrows the catalog.
        if bounds.count > tree.directs.count { bounds = bounds.filter { tree.directIndex[$0.key] != nil } }
        tree.applyBounds(bounds)
    }

    /// Reads each table's index signature again when the database-wide one changed since the last read.
    private func readIndexes(of tree: CatalogTree, over connection: PostgresConnection,
                             deadline: Deadline) throws(PostgresError) {
        guard tree.indexesVersion != indexesVersion else { return }
        let rows = try connection.batch(PartitionQueries.indexes, deadline: deadline).last ?? []
        // Only the leaves' and their TOAST tables' entries: the database may hold many other tables.
        var wanted = Set<Oid>(minimumCapacity: tree.leafRows.count * 2)
        for row in tree.leafRows { wanted.insert(row.oid); wanted.insert(row.toast) }
        indexes = [:]
        for row in rows {
            if let oid = row[0].flatMap(Oid.init), wanted.contains(oid) { indexes[oid] = row[1].hashValue }
        }
        indexesVersion = tree.indexesVersion
    }

    /// Measures the leaves the ledger says are due, in batches, and records them in the ledger. Returns how many
    /// leaves it tried to measure but fell back to an earlier value (or to none) for.
    ///
    /// Batches let a cold start on a large catalog (every leaf due) measure what fits within the scrape's deadline
    /// and leave the rest due for the next scrapes, instead of running out of time on every scrape and never
    /// serving a size; a later batch starts only if twice the last one's time is left.
    private func readSizes(of tree: CatalogTree, over connection: PostgresConnection, deadline: Deadline) -> Int {
        let leaves = tree.leaves(indexes: indexes)
        let due = ledger.due(leaves, now: tree.now)
        var read: [Oid: PartitionSizes] = [:]
        var failure: String?
        var stale = 0
        var attempted = 0
        var lastBatch = 0.0
        batches: for start in stride(from: 0, to: due.count, by: SizeLedger.batchSize) {
            let remaining = Double(deadline.remainingMilliseconds) / 1000
            guard start == 0 || SizeLedger.nextBatchFits(remainingSeconds: remaining, lastBatchSeconds: lastBatch)
            else { break }
            let batch = Array(due[start..<min(start + SizeLedger.batchSize, due.count)])
            let began = DispatchTime.now().uptimeNanoseconds
            let before = read.count
            let outcome = measure(batch, over: connection, deadline: deadline, into: &read)
            lastBatch = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            switch outcome {
            case .read:
                attempted += batch.count
                stale += batch.count - (read.count - before)  // left out of the result: locked
            case .locked:
                attempted += batch.count
                stale += batch.count
            case .cancelled:
                break batches  // the scrape's deadline or shutdown: the batch stays due, and is not stale
            case .failed(let message):
                attempted += batch.count
                failure = message
                break batches
            }
        }
        if attempted < due.count, failure == nil, !sizesDeferred {
            logger.info("measuring partition sizes over several scrapes: not all fit in this one's deadline",
                        metadata: ["measured": "\(read.count)", "left": "\(due.count - attempted)"])
        }
        sizesDeferred = attempted < due.count && failure == nil
        if let failure {
            sizeErrorsTotal += 1
            if failure != lastSizeError {
                logger.error("cannot read partition sizes; serving the last known ones",
                             metadata: ["error": "\(failure)"])
            }
        }
        lastSizeError = failure
        ledger.record(read, leaves: leaves, now: tree.now)
        // Stale means skipped under a lock; a failed query is counted as an error instead.
        return stale
    }

    /// Counts the rows of the default partitions the role may read, each up to `--default-rows.count-limit`; the
    /// others are estimated, and so is every one when the count cannot run. It never fails the collection: a lock
    /// taken after the statement's lock check makes it try once more (the check then sees the lock) and then give
    /// up silently, as maintenance does not deserve a log line; a failure or running out of time is logged once
    /// per change of reason. The count gets half the scrape's time left, so the collectors after this one keep
    /// theirs.
    private func countDefaultRows(of tree: CatalogTree, over connection: PostgresConnection, deadline: Deadline)
        -> [Oid: RowCount]
    {
        let limit = configuration.defaultRowsCountLimit
        let partitions = tree.defaultPartitions
        let remaining = Double(deadline.remainingMilliseconds) / 1000
        guard limit > 0, !partitions.isEmpty, remaining > Self.minimumCountSeconds else { return [:] }
        let budget = Deadline.after(seconds: remaining / 2)
        for attempt in 0..<2 {
            do {
                let rows = try connection.query(PartitionQueries.defaultRowCounts,
                                                [oidArray(partitions), String(limit + 1)], deadline: budget)
                noteCountProblem(nil)
                return DefaultRowCounts.decode(rows, limit: limit)
            } catch {
                if error.isLockTimeout {
                    if attempt == 0, connection.isHealthy { continue }
                    break
                }
                noteCountProblem(error.sqlState == "57014"
                    ? "counting took longer than half the scrape's time left; lower --default-rows.count-limit"
                    : error.message)
                break
            }
        }
        return [:]
    }

    /// Logs why the default partitions could not be counted when the reason changes, and when they are again.
    private func noteCountProblem(_ problem: String?) {
        defer { lastCountProblem = problem }
        guard problem != lastCountProblem else { return }
        if let problem {
            logger.warning("cannot count the rows of default partitions; serving estimates",
                           metadata: ["error": "\(problem)"])
        } else if let before = lastCountProblem {
            logger.info("counting the rows of default partitions again", metadata: ["previous_error": "\(before)"])
        }
    }

    /// How one batch of size reads ended.
    private enum BatchOutcome {
        /// Read; leaves an ACCESS EXCLUSIVE lock held or awaited are left out of the result.
        case read
        /// A lock appeared after the check, twice: nothing read, every leaf keeps its earlier size.
        case locked
        /// The scrape's deadline or shutdown cancelled the statement.
        case cancelled
        case failed(String)
    }

    /// Reads the sizes of `batch` into `read`, retrying once when a lock appeared between the lock check and the
    /// size call.
    private func measure(_ batch: [Oid], over connection: PostgresConnection, deadline: Deadline,
                         into read: inout [Oid: PartitionSizes]) -> BatchOutcome {
        for attempt in 0..<2 {
            do {
                let rows = try connection.query(PartitionQueries.sizes, [oidArray(batch)], deadline: deadline)
                for row in rows {
                    guard let oid = row[0].flatMap(Oid.init), let table = row[1].flatMap(Double.init),
                        let index = row[2].flatMap(Double.init)
                    else { continue }
                    read[oid] = PartitionSizes(tableBytes: table, indexBytes: index)
                }
                return .read
            } catch {
                // Only a lock taken between the lock check and the size call is worth a second try; a lock is
                // maintenance, served from the last sizes; anything else is an error, counted and logged.
                if error.isLockTimeout {
                    if attempt == 0, connection.isHealthy { continue }
                    return .locked
                }
                // The scrape's own deadline or shutdown (57014 without a lock) is not the size query's fault.
                return error.sqlState == "57014" ? .cancelled : .failed(error.message)
            }
        }
        return .locked
    }
}
