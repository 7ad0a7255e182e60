import PartitionExporterCore

/// The rows of the structure query, assembled into partitioned tables.
struct CatalogTree {
    struct Root {
        var schema: String, name: String, strategy: PartitionStrategy, key: String, keyIsTime: Bool,
            keyIsInteger: Bool
    }
    struct Direct {
        var root: String, name: String, bound: PartitionBound = .list, estimatedRows: Double = 0, liveRows: Double = 0
        /// The version (`xmin`) of the partition's `pg_class` row, which its bound belongs to.
        var version = ""
        var leaves: [String] = []
    }

    var database: String
    var now: Double
    var roots: [(oid: String, root: Root)] = []
    var directs: [String: Direct] = [:]
    var directOrder: [String] = []
    /// Leaf tables (relkind `r`) below the tables the configuration includes, with their size signatures.
    var leaves: [SizeLedger.Leaf] = []
    var leafSizes: [String: PartitionSizes] = [:]

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
                                    key: row[4] ?? "", keyIsTime: row[5] == "t", keyIsInteger: row[6] == "t")))
            included.insert(oid)
        }
        // Rows come in any order: a leaf below a sub-partitioned partition may precede the partition's own row.
        for row in results[2] {
            guard let root = row[0], included.contains(root), let direct = row[1], let oid = row[2],
                let name = row[3], let kind = row[4]
            else { continue }
            var entry = directs[direct] ?? Direct(root: root, name: "")
            if oid == direct {
                entry.name = name
                entry.version = row[5] ?? ""
                directOrder.append(direct)
            }
            if kind != "p" {  // Partitioned relations hold no rows or storage of their own.
                entry.estimatedRows += row[6].flatMap(Double.init) ?? 0
                entry.liveRows += row[7].flatMap(Double.init) ?? 0
                if kind == "r" {
                    entry.leaves.append(oid)
                    leaves.append(SizeLedger.Leaf(oid: oid, signature: (row[8] ?? "").hashValue))
                }
            }
            directs[direct] = entry
        }
    }

    /// Direct partitions whose bound `cache` does not hold at the version of their catalog row.
    func boundsMissing(from cache: [String: CachedBound]) -> [String] {
        directOrder.filter { cache[$0]?.version != directs[$0]!.version }
    }

    /// Takes each direct partition's bound from `cache`. No unparseable bound is expected; one, or one missing, would
    /// count as a partition without a time range.
    mutating func applyBounds(_ cache: [String: CachedBound]) {
        for oid in directOrder { directs[oid]!.bound = cache[oid]?.bound ?? .list }
    }

    /// Each included root with its oid and the oids of its leaf tables, for collectors that read statistics.
    var rootsWithLeaves: [TreeOids] {
        var leaves: [String: [String]] = [:]
        for oid in directOrder {
            let direct = directs[oid]!
            leaves[direct.root, default: []].append(contentsOf: direct.leaves)
        }
        return roots.map { oid, root in
            TreeOids(name: QualifiedName(schema: root.schema, name: root.name), root: oid, leaves: leaves[oid] ?? [])
        }
    }

    func snapshot() -> CatalogSnapshot {
        var partitionsByRoot: [String: [Partition]] = [:]
        for oid in directOrder {
            let direct = directs[oid]!
            // Unknown only when no leaf size was ever read; a foreign-table partition has no leaves and size 0.
            let known = direct.leaves.compactMap { leafSizes[$0] }
            let zero = PartitionSizes(tableBytes: 0, indexBytes: 0)
            let sizes = known.isEmpty && !direct.leaves.isEmpty ? nil : known.reduce(zero, +)
            partitionsByRoot[direct.root, default: []].append(Partition(
                name: direct.name, bound: direct.bound, sizes: sizes, estimatedRows: direct.estimatedRows,
                liveRows: direct.liveRows))
        }
        let tables = roots.map { oid, root in
            PartitionedTable(schema: root.schema, name: root.name, strategy: root.strategy, key: root.key,
                             keyIsTime: root.keyIsTime, keyIsInteger: root.keyIsInteger,
                             partitions: (partitionsByRoot[oid] ?? []).sorted { $0.name < $1.name })
        }.sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
        return CatalogSnapshot(database: database, now: now, tables: tables)
    }
}

/// A partition's parsed bound, with the version of the `pg_class` row it was read from.
struct CachedBound {
    var version: String
    var bound: PartitionBound
}
