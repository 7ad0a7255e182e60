import Foundation
import PartitionExporterCore

/// Reads a fresh `CatalogSnapshot` per scrape over one persistent connection, reconnecting when it breaks.
///
/// Sizes of partitions held under an ACCESS EXCLUSIVE lock come from the last value read, so maintenance
/// never blocks or fails a scrape. Not thread-safe: `MetricsService` runs one collection at a time.
public final class Collector: @unchecked Sendable {
    /// What one collection produced: a snapshot, or the reason there is none.
    public struct Outcome: Sendable {
        public var snapshot: CatalogSnapshot?
        public var error: String?
        /// Partitions whose sizes could not be read this time (locked) and came from an earlier scrape.
        public var staleSizes: Int
    }

    private let conninfo: String
    private let configuration: Configuration
    private let statementTimeoutMilliseconds: Int
    /// Guarded by `connectionLock`: `interrupt()` reads it from another thread.
    private var connection: PostgresConnection?
    private let connectionLock = NSLock()
    private var sizeCache: [String: PartitionSizes] = [:]

    public init(conninfo: String, configuration: Configuration, statementTimeout: Double = 30) {
        self.conninfo = conninfo
        self.configuration = configuration
        self.statementTimeoutMilliseconds = Int(statementTimeout * 1000)
    }

    /// Closes the database connection.
    public func close() {
        connectionLock.lock()
        defer { connectionLock.unlock() }
        connection?.close()
        connection = nil
    }

    /// Cuts short the collection in flight, if any (thread-safe); used at shutdown.
    public func interrupt() {
        connectionLock.lock()
        defer { connectionLock.unlock() }
        connection?.interrupt()
    }

    public func collect(deadline: Deadline) -> Outcome {
        do {
            let connection = try connected(deadline: deadline)
            let structure = try connection.batch(CatalogQueries.structure, deadline: deadline)
            var tree = try CatalogTree(structure, configuration: configuration)
            let staleSizes = readSizes(of: &tree, over: connection, deadline: deadline)
            return Outcome(snapshot: tree.snapshot(), error: nil, staleSizes: staleSizes)
        } catch {
            if connection?.isHealthy != true { close() }
            return Outcome(snapshot: nil, error: error.description, staleSizes: 0)
        }
    }

    private func connected(deadline: Deadline) throws(PostgresError) -> PostgresConnection {
        if let connection, connection.isHealthy { return connection }
        close()
        let fresh = try PostgresConnection(
            conninfo: conninfo, deadline: deadline,
            setup: CatalogQueries.sessionSetup(statementTimeoutMilliseconds: statementTimeoutMilliseconds))
        connectionLock.lock()
        connection = fresh
        connectionLock.unlock()
        return fresh
    }

    /// Fills in leaf sizes, retrying once when a lock appeared between the lock check and the size call.
    /// Returns how many leaves fell back to an earlier value (or to none).
    private func readSizes(of tree: inout CatalogTree, over connection: PostgresConnection, deadline: Deadline) -> Int {
        let leaves = tree.leafOids
        var read: [String: PartitionSizes] = [:]
        for attempt in 0..<2 {
            do {
                let rows = try connection.query(CatalogQueries.sizes, ["{" + leaves.joined(separator: ",") + "}"],
                                                deadline: deadline)
                for row in rows {
                    guard let oid = row[0], let table = row[1].flatMap(Double.init),
                        let index = row[2].flatMap(Double.init)
                    else { continue }
                    read[oid] = PartitionSizes(tableBytes: table, indexBytes: index)
                }
                break
            } catch {
                if !(error.isLockTimeout && attempt == 0) || !connection.isHealthy { break }
            }
        }
        var stale = 0
        var cache: [String: PartitionSizes] = [:]
        for oid in leaves {
            if let sizes = read[oid] ?? sizeCache[oid] { cache[oid] = sizes }
            if read[oid] == nil { stale += 1 }
        }
        sizeCache = cache
        tree.leafSizes = cache
        return stale
    }
}

/// The rows of the structure query, assembled into partitioned tables.
struct CatalogTree {
    struct Root {
        var schema: String, name: String, strategy: PartitionStrategy, key: String, keyIsTime: Bool
    }
    struct Direct {
        var root: String, name: String, bound: PartitionBound, estimatedRows: Double = 0, liveRows: Double = 0
        var leaves: [String] = []
    }

    var database: String
    var now: Double
    var roots: [(oid: String, root: Root)] = []
    var directs: [String: Direct] = [:]
    var directOrder: [String] = []
    var leafSizes: [String: PartitionSizes] = [:]

    /// Leaf tables (relkind `r`) below the tables the configuration includes.
    var leafOids: [String] { directOrder.flatMap { directs[$0]!.leaves } }

    init(_ results: [[[String?]]], configuration: Configuration) throws(PostgresError) {
        guard results.count == 3, let clock = results[0].first, let now = clock[0].flatMap(Double.init),
            let database = clock[1]
        else { throw PostgresError(message: "unexpected result shape from the catalog query") }
        self.now = now
        self.database = database
        var included: Set<String> = []
        for row in results[1] {
            guard let oid = row[0], let schema = row[1], let name = row[2], let strat = row[3],
                configuration.settings(schema: schema, table: name) != nil
            else { continue }
            let strategy: PartitionStrategy = strat == "l" ? .list : strat == "h" ? .hash : .range
            roots.append((oid, Root(schema: schema, name: name, strategy: strategy,
                                    key: row[4] ?? "", keyIsTime: row[5] == "t")))
            included.insert(oid)
        }
        for row in results[2] {
            guard let root = row[0], included.contains(root), let direct = row[1], let oid = row[2],
                let name = row[3], let kind = row[4]
            else { continue }
            if oid == direct {
                let bound = row[5].flatMap(PartitionBound.init(parsing:)) ?? .list
                directs[direct, default: Direct(root: root, name: name, bound: bound)].name = name
                directs[direct]!.bound = bound
                directOrder.append(direct)
            } else if directs[direct] == nil {
                directs[direct] = Direct(root: root, name: "", bound: .list)
            }
            guard kind != "p" else { continue }
            directs[direct]!.estimatedRows += row[6].flatMap(Double.init) ?? 0
            directs[direct]!.liveRows += row[7].flatMap(Double.init) ?? 0
            if kind == "r" { directs[direct]!.leaves.append(oid) }
        }
    }

    func snapshot() -> CatalogSnapshot {
        var partitionsByRoot: [String: [Partition]] = [:]
        for oid in directOrder {
            let direct = directs[oid]!
            let known = direct.leaves.compactMap { leafSizes[$0] }
            let sizes = known.isEmpty && !direct.leaves.isEmpty ? nil : known.reduce(PartitionSizes(tableBytes: 0, indexBytes: 0), +)
            partitionsByRoot[direct.root, default: []].append(Partition(
                name: direct.name, bound: direct.bound, sizes: sizes, estimatedRows: direct.estimatedRows,
                liveRows: direct.liveRows))
        }
        let tables = roots.map { oid, root in
            PartitionedTable(schema: root.schema, name: root.name, strategy: root.strategy, key: root.key,
                             keyIsTime: root.keyIsTime,
                             partitions: (partitionsByRoot[oid] ?? []).sorted { $0.name < $1.name })
        }.sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
        return CatalogSnapshot(database: database, now: now, tables: tables)
    }
}
