import PartitionExporterCore

/// The rows of the structure query, assembled into partitioned tables.
struct CatalogTree {
    struct Root {
        var schema: String, name: String, strategy: PartitionStrategy, key: String, keyIsTime: Bool,
            keyIsInteger: Bool, statistics: RelationStatistics
    }
    struct Direct {
        var root: Oid, name: String, bound: PartitionBound = .list, instants: BoundInstants? = nil,
            estimatedRows: Double = 0, liveRows: Double = 0
        /// The version (`xmin`) of the partition's `pg_class` row, which its bound belongs to.
        var version = ""
        var leaves: [Oid] = []
        var leafStatistics: [RelationStatistics] = []
    }

    var database: String
    var now: Double
    /// A signature of every index in the database: when it changes, each table's index signatures are read again.
    var indexesVersion: String
    var roots: [(oid: Oid, root: Root)] = []
    var directs: [Oid: Direct] = [:]
    var directOrder: [Oid] = []
    /// Leaf tables (relkind `r`) below the tables the configuration includes: oid, TOAST table oid, and what the
    /// catalog and statistics record of their heap (see `PartitionQueries.structure`).
    var leafRows: [(oid: Oid, toast: Oid, heap: Int)] = []

    init(_ results: [[[String?]]], configuration: Configuration) throws(PostgresError) {
        guard results.count == 3, let clock = results[0].first, let now = clock[0].flatMap(Double.init),
            let database = clock[1]
        else { throw PostgresError(message: "unexpected result shape from the catalog query") }
        self.now = now
        self.database = database
        indexesVersion = clock[2] ?? ""
        var included: Set<Oid> = []
        for row in results[1] {
            guard let oid = row[0].flatMap(Oid.init), let schema = row[1], let name = row[2], let strat = row[3],
                configuration.settings(schema: schema, table: name) != nil
            else { continue }
            let strategy: PartitionStrategy = strat == "l" ? .list : strat == "h" ? .hash : .range
            roots.append((oid, Root(schema: schema, name: name, strategy: strategy,
                                    key: row[4] ?? "", keyIsTime: row[5] == "t", keyIsInteger: row[6] == "t",
                                    statistics: RelationStatistics.decoding(manual: row[7], auto: row[8], modified: row[9],
                                                                   live: row[10]))))
            included.insert(oid)
        }
        // Rows come in any order: a leaf below a sub-partitioned partition may precede the partition's own row.
        for row in results[2] {
            guard let root = row[0].flatMap(Oid.init), included.contains(root), let direct = row[1].flatMap(Oid.init),
                let oid = row[2].flatMap(Oid.init),
                let name = row[3], let kind = row[4]
            else { continue }
            // Taken out while it changes: a copy left in the dictionary would make every append copy the arrays.
            var entry = directs.removeValue(forKey: direct) ?? Direct(root: root, name: "")
            if oid == direct {
                entry.name = name
                entry.version = row[5] ?? ""
            }
            if kind != "p" {  // Partitioned relations hold no rows or storage of their own.
                entry.estimatedRows += row[6].flatMap(Double.init) ?? 0
                entry.liveRows += row[7].flatMap(Double.init) ?? 0
                if kind == "r" {
                    entry.leaves.append(oid)
                    entry.leafStatistics.append(RelationStatistics.decoding(
                        manual: row[9], auto: row[10], modified: row[11], live: row[7]))
                }
            }
            directs[direct] = entry
            if oid == direct { directOrder.append(direct) }
            if kind == "r" {
                // The heap's catalog signature with the statistics that move on every write.
                var heap = Hasher()
                for cell in [row[12], row[6], row[9], row[10], row[11]] { heap.combine(cell) }
                leafRows.append((oid, row[8].flatMap(Oid.init) ?? 0, heap.finalize()))
            }
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
        directOrder.filter { cache[$0]?.version != directs[$0]!.version }
    }

    /// Takes each direct partition's bound from `cache`. No unparseable bound is expected; one, or one missing, would
    /// count as a partition without a time range.
    mutating func applyBounds(_ cache: [Oid: CachedBound]) {
        for oid in directOrder {
            directs[oid]!.bound = cache[oid]?.bound ?? .list
            directs[oid]!.instants = cache[oid]?.instants
        }
    }

    /// Each included root with the statistics of its root and leaves, for collectors that judge them.
    var statistics: [TreeStatistics] {
        var leaves: [Oid: [RelationStatistics]] = [:]
        for oid in directOrder {
            let direct = directs[oid]!
            leaves[direct.root, default: []].append(contentsOf: direct.leafStatistics)
        }
        return roots.map { oid, root in
            TreeStatistics(name: QualifiedName(schema: root.schema, name: root.name), root: root.statistics,
                           leaves: leaves[oid] ?? [])
        }
    }

    /// The tables with their partitions, each leaf's sizes from `sizes` (nil when never measured).
    func snapshot(sizes: (Oid) -> PartitionSizes?) -> CatalogSnapshot {
        var partitionsByRoot: [Oid: [Partition]] = [:]
        for oid in directOrder {
            let direct = directs[oid]!
            // Unknown only when no leaf size was ever read; a foreign-table partition has no leaves and size 0.
            let known = direct.leaves.compactMap(sizes)
            let zero = PartitionSizes(tableBytes: 0, indexBytes: 0)
            let sizes = known.isEmpty && !direct.leaves.isEmpty ? nil : known.reduce(zero, +)
            partitionsByRoot[direct.root, default: []].append(Partition(
                name: direct.name, bound: direct.bound, sizes: sizes, estimatedRows: direct.estimatedRows,
                liveRows: direct.liveRows, instants: direct.instants))
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
    var version: String
    var bound: PartitionBound
    var instants: BoundInstants?

    init(version: String, bound: PartitionBound) {
        self.version = version
        self.bound = bound
        instants = bound.instants
    }
}
