import Foundation
import Logging
import PartitionExporterCore

/// A source of metric families read over one database connection, as node_exporter's and postgres_exporter's
/// collectors are.
///
/// Each database gets its own instance of every collector, so a collector may keep state between scrapes (the
/// partition collector's size cache); a database runs one collection at a time, so no instance is used from two
/// threads at once. Adding a collector means writing its type and adding it to `Collectors.all`.
protocol Collector: AnyObject {
    /// The `collector` label of `pg_partition_exporter_collector_success`, and its name in logs.
    static var name: String { get }
    /// True for the collector whose failure means the database could not be read (`pg_partition_exporter_up 0`).
    static var isEssential: Bool { get }
    init(configuration: Configuration, logger: Logger)
    /// Reads the collector's source and adds its samples to `scrape.samples`. Returns `.absent` when the source
    /// does not exist in this database (the extension is not installed): the collector then reports nothing, not
    /// even its success. Throws when the source exists but cannot be read.
    func collect(_ scrape: inout DatabaseScrape) throws(CollectorError) -> CollectorPresence
}

extension Collector {
    static var isEssential: Bool { false }
}

enum CollectorPresence {
    case present, absent
}

/// The registry: every collector, in the order they run. pg_partman runs before the partition collector, which
/// takes each table's settings from what it found; the planner collector reads the statistics of the tables the
/// partition collector found.
enum Collectors {
    static var all: [any Collector.Type] {
        [
            PartmanCollector.self,
            PartitionCollector.self,
            CronCollector.self,
            PlannerCollector.self,
        ]
    }
}

/// What one database's collectors share during one collection.
struct DatabaseScrape {
    let connection: PostgresConnection
    let deadline: Deadline
    /// The `datname` label: the database the connection is in.
    let database: String
    /// Compressed as they are written, so that a large catalog's lines are never all held as text.
    var samples = MetricSamples(compressor: Gzip.piece)
    /// pg_partman's settings per table (`schema.table`), left by the pg_partman collector for the partition
    /// collector; empty where pg_partman is not installed or cannot be read.
    var partmanSettings: [QualifiedName: PartmanSettings] = [:]

    /// The configured table patterns that match a partitioned table of this database; nil when the partition
    /// collector could not read the catalog.
    var matchedPatterns: Set<String>?
    /// The partitioned tables the partition collector read, with the statistics of their relations, left for the
    /// collectors that judge them; empty when it failed.
    var partitionTrees: [TreeStatistics] = []

    /// Runs one statement, turning a failure into the collector's error. Without parameters it goes as a batch,
    /// one round trip with its transaction; with them it takes three (start, statement, commit).
    func query(_ sql: String, _ parameters: [String] = []) throws(CollectorError) -> [[String?]] {
        do {
            if parameters.isEmpty { return try connection.batch(sql, deadline: deadline).last ?? [] }
            return try connection.query(sql, parameters, deadline: deadline)
        } catch {
            throw CollectorError(error)
        }
    }
}

/// A relation's oid, as `pg_class` numbers it.
typealias Oid = UInt32

/// An oid array literal, for an `oid[]` parameter.
func oidArray(_ oids: [Oid]) -> String {
    "{" + oids.map(String.init).joined(separator: ",") + "}"
}

/// A table's schema and name, as the catalog spells them (unquoted).
struct QualifiedName: Hashable, Sendable {
    var schema: String
    var name: String
}

/// A partitioned table with the analyze statistics of its root and leaves, which the partition collector reads in
/// its catalog query for the planner collector: one pass over the partitions rather than two.
struct TreeStatistics {
    var name: QualifiedName
    var root: RelationStatistics
    var leaves: [RelationStatistics]
}

/// One relation's statistics: last manual and automatic analyze (nil when never), rows modified since the later
/// of them, live rows.
struct RelationStatistics: Equatable {
    var lastManualAnalyze: Double?
    var lastAutoanalyze: Double?
    var modifiedSinceAnalyze: Double
    var liveRows: Double

    init(manual: Double?, auto: Double? = nil, modified: Double, live: Double) {
        lastManualAnalyze = manual
        lastAutoanalyze = auto
        modifiedSinceAnalyze = modified
        liveRows = live
    }

    /// Decodes the cells of a catalog row in the columns given: last analyze and last autoanalyze (epochs, NULL
    /// when never), n_mod_since_analyze, n_live_tup.
    static func decoding(_ cells: some ResultCells, _ row: Int, manual: Int, auto: Int, modified: Int, live: Int)
        -> RelationStatistics
    {
        RelationStatistics(manual: cells.double(row, manual), auto: cells.double(row, auto),
                           modified: cells.double(row, modified) ?? 0, live: cells.double(row, live) ?? 0)
    }

    /// The later of the two analyzes; nil when never analyzed.
    var lastAnalyze: Double? {
        switch (lastManualAnalyze, lastAutoanalyze) {
        case let (manual?, auto?): return max(manual, auto)
        case let (manual, auto): return manual ?? auto
        }
    }
}

/// Why a collector could not read its source, with what would fix it when that is known (a missing grant).
struct CollectorError: Error, CustomStringConvertible {
    var message: String
    var hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    init(_ error: PostgresError) {
        self.init(error.message)
    }

    var description: String { hint.map { "\(message); \($0)" } ?? message }
}

/// An identifier as SQL needs it: bare when it is lower-case letters, digits and underscores, else double-quoted.
func quoteIdentifier(_ name: String) -> String {
    let plain = name.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
        && name.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
