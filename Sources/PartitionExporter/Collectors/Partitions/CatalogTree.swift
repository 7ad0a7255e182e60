import PartitionExporterCore

/// The rows of the structure query, assembled into partitioned tables.
struct CatalogTree {
    struct Root {
        var schema: String, name: String, strategy: PartitionStrategy, key: String, keyIsTime: Bool,
            keyIsInteger: Bool, statistics: RelationStatistics
    }
    struct Direct {
        var oid: Oid, root: Oid, name: String = "", bound: PartitionBound = .list, instants: BoundInstants? = nil,
            estimatedRows: Double = 0, rowEstimate: Double = 0
        /// The version (`xmin`) of the partition's `pg_class` row, which its bound belongs to; nil until that row
        /// is read (a leaf below it may come first).
        var version: UInt32?
        var leaves: [Oid] = []
        var leafStatistics: [RelationStatistics] = []
    }

    var database: String
    var now: Double
    /// A signature of every index in the database: when it changes, each table's index signatures are read again.
    var indexesVersion: String
    var roots: [(oid: Oid, root: Root)] = []
    /// The direct partitions of the included roots, in the order their rows came; an array mutated in place, so
    /// that filling in bounds copies nothing.
    var directs: [Direct] = []
    /// Where each direct partition is in `directs`.
    var directIndex: [Oid: Int] = [:]
    /// Leaf tables (relkind `r`) below the tables the configuration includes: oid, TOAST table oid, and what the
    /// catalog and statistics record of their heap (see `PartitionQueries.structure`).
    var leafRows: [(oid: Oid, toast: Oid, heap: Int)] = []
    /// Every partitioned root of the database, included or not, for the configuration's pattern check.
    var allRoots: [(schema: String, name: String)] = []

    /// Reads the three results of `PartitionQueries.structure`: the clock, the roots, the tree.
    init<Cells: ResultCells>(_ results: [Cells], configuration: Configuration) throws(PostgresError) {
        guard results.count == 3, results[0].rowCount == 1, let now = results[0].double(0, 0),
            let database = results[0].string(0, 1)
        else { throw PostgresError(message: "unexpected result shape from the catalog query") }
        self.now = now
        self.database = database
        indexesVersion = results[0].string(0, 2) ?? ""
        let rootRows = results[1]
        var included: Set<Oid> = []
        for row in 0..<rootRows.rowCount {
            guard let oid = rootRows.unsigned(row, 0, as: Oid.self), let schema = rootRows.string(row, 1),
                let name = rootRows.string(row, 2)
            else { continue }
            allRoots.append((schema, name))
            guard configuration.settings(schema: schema, table: name) != nil else { continue }
            let strategy: PartitionStrategy = rootRows.cell(row, 3, is: "l") ? .list
                : rootRows.cell(row, 3, is: "h") ? .hash : .range
            let statistics = RelationStatistics.decoding(rootRows, row, manual: 7, auto: 8, modified: 9, live: 10)
            roots.append((oid, Root(schema: schema, name: name, strategy: strategy, key: rootRows.string(row, 4) ?? "",
                                    keyIsTime: rootRows.cell(row, 5, is: "t"),
                                    keyIsInteger: rootRows.cell(row, 6, is: "t"), statistics: statistics)))
            included.insert(oid)
        }
        let tree = results[2]
        directs.reserveCapacity(tree.rowCount)
        directIndex.reserveCapacity(tree.rowCount)
        leafRows.reserveCapacity(tree.rowCount)
        // Rows come in any order: a leaf below a sub-partitioned partition may precede the partition's own row.
        for row in 0..<tree.rowCount {
            guard let root = tree.unsigned(row, 0, as: Oid.self), included.contains(root),
                let direct = tree.unsigned(row, 1, as: Oid.self), let oid = tree.unsigned(row, 2, as: Oid.self)
            else { continue }
            let index: Int
            if let known = directIndex[direct] {
                index = known
            } else {
                index = directs.count
                directIndex[direct] = index
                directs.append(Direct(oid: direct, root: root))
            }
            if oid == direct {
                directs[index].name = tree.string(row, 3) ?? ""
                directs[index].version = tree.unsigned(row, 5, as: UInt32.self) ?? 0
            }
            let isLeaf = tree.cell(row, 4, is: "r")
            if !tree.cell(row, 4, is: "p") {  // Partitioned relations hold no rows or storage of their own.
                let estimated = tree.double(row, 6) ?? 0, live = tree.double(row, 7) ?? 0
                directs[index].estimatedRows += estimated
                // Leaf by leaf: a never-analyzed leaf's 0 defers to its live rows, and an analyzed one's reltuples
                // outlasts a statistics reset that zeroed them.
                directs[index].rowEstimate += max(estimated, live)
                if isLeaf {
                    directs[index].leaves.append(oid)
                    directs[index].leafStatistics.append(RelationStatistics.decoding(
                        tree, row, manual: 9, auto: 10, modified: 11, live: 7))
                }
            }
            if isLeaf {
                // The heap's catalog signature with the statistics that move on every write.
                var heap = Hasher()
                for column in [12, 6, 9, 10, 11] { tree.hash(row, column, into: &heap) }
                leafRows.append((oid, tree.unsigned(row, 8, as: Oid.self) ?? 0, heap.finalize()))
            }
        }
        // A partition whose own row never came (a relkind the query leaves out) is not one of the table's.
        if directs.contains(where: { $0.version == nil }) {
            directs.removeAll { $0.version == nil }
            directIndex = Dictionary(uniqueKeysWithValues: directs.enumerated().map { ($1.oid, $0) })
        }
    }

    /// The leaves with their size signatures: what the catalog records of the heap, of its indexes and of its TOAST
    /// table's index (`indexes`, by table oid).
    func leaves(indexes: [Oid: Int]) -> [SizeLedger.Leaf] {
        leafRows.map { row in
            var hasher = Hasher()
            hasher.combine(row.heap)
            hasher.combine(indexes[row.oid])
            hasher.combine(indexes[row.toast])
            return SizeLedger.Leaf(oid: row.oid, signature: hasher.finalize())
        }
    }

    /// Direct partitions whose bound `cache` does not hold at the version of their catalog row.
    func boundsMissing(from cache: [Oid: CachedBound]) -> [Oid] {
        directs.compactMap { cache[$0.oid]?.version != $0.version ? $0.oid : nil }
    }

    /// Takes each direct partition's bound from `cache`. No unparseable bound is expected; one, or one missing, is
    /// `.unreadable`, which the table reports.
    mutating func applyBounds(_ cache: [Oid: CachedBound]) {
        for index in directs.indices {
            let cached = cache[directs[index].oid]
            directs[index].bound = cached?.bound ?? .unreadable
            directs[index].instants = cached?.instants
        }
    }

    /// Each included root with the statistics of its root and leaves, for collectors that judge them.
    var statistics: [TreeStatistics] {
        var leaves: [Oid: [RelationStatistics]] = [:]
        for direct in directs { leaves[direct.root, default: []].append(contentsOf: direct.leafStatistics) }
        return roots.map { oid, root in
            TreeStatistics(name: QualifiedName(schema: root.schema, name: root.name), root: root.statistics,
                           leaves: leaves[oid] ?? [])
        }
    }

    /// The default partitions of the included tables.
    var defaultPartitions: [Oid] {
        directs.compactMap { $0.bound == .defaultPartition ? $0.oid : nil }
    }

    /// The tables with their partitions, each leaf's sizes from `sizes` (nil when never measured), and the counts
    /// of the default partitions that were counted.
    func snapshot(sizes: (Oid) -> PartitionSizes?, counts: [Oid: RowCount] = [:]) -> CatalogSnapshot {
        var partitionsByRoot: [Oid: [Partition]] = [:]
        for direct in directs {
            // Unknown only when no leaf size was ever read; a foreign-table partition has no leaves and size 0.
            let known = direct.leaves.compactMap(sizes)
            let zero = PartitionSizes(tableBytes: 0, indexBytes: 0)
            let sizes = known.isEmpty && !direct.leaves.isEmpty ? nil : known.reduce(zero, +)
            partitionsByRoot[direct.root, default: []].append(Partition(
                name: direct.name, bound: direct.bound, sizes: sizes, estimatedRows: direct.estimatedRows,
                rowEstimate: direct.rowEstimate, countedRows: counts[direct.oid], instants: direct.instants))
        }
        let tables = roots.map { oid, root in
            PartitionedTable(schema: root.schema, name: root.name, strategy: root.strategy, key: root.key,
                             keyIsTime: root.keyIsTime, keyIsInteger: root.keyIsInteger,
                             partitions: (partitionsByRoot[oid] ?? []).sorted { $0.name < $1.name })
        }.sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
        return CatalogSnapshot(database: database, now: now, tables: tables)
    }
}

/// A partition's parsed bound and its instants, with the version of the `pg_class` row it was read from.
struct CachedBound {
    var version: UInt32
    var bound: PartitionBound
    var instants: BoundInstants?

    init(version: UInt32, bound: PartitionBound) {
        self.version = version
        self.bound = bound
        instants = bound.instants
    }
}
