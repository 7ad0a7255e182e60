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
                // Only a lock taken between the lock check and the size call is worth a second try.
                guard error.isLockTimeout, attempt == 0, connection.isHealthy else { break }
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
