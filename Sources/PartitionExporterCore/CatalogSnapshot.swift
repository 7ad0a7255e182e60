/// What one collection read from a database: its partitioned tables, their partitions and the server's clock.
public struct CatalogSnapshot: Sendable, Equatable {
    /// `current_database()`, the `datname` label.
    public var database: String
    /// The database server's `now()` in seconds since the epoch; every time gauge is relative to it.
    public var now: Double
    public var tables: [PartitionedTable]

    public init(database: String, now: Double, tables: [PartitionedTable]) {
        self.database = database
        self.now = now
        self.tables = tables
    }
}

public enum PartitionStrategy: String, Sendable {
    case range, list, hash
}

/// A partitioned table at the root of a partition tree.
public struct PartitionedTable: Sendable, Equatable {
    public var schema: String
    public var name: String
    public var strategy: PartitionStrategy
    /// The key columns as PostgreSQL prints identifiers (`created_at`, `"timestamp"`), `(expression)` for an
    /// expression.
    public var key: String
    /// True when the first key column is `timestamptz`, `timestamp` or `date`: the table gets time gauges.
    public var keyIsTime: Bool
    /// True when the first key column is an integer or `numeric`: with an epoch setting, its bounds are read as time.
    public var keyIsInteger: Bool
    /// Direct partitions, the default one included; a sub-partitioned partition is one entry.
    public var partitions: [Partition]

    public init(
        schema: String, name: String, strategy: PartitionStrategy, key: String, keyIsTime: Bool,
        keyIsInteger: Bool = false, partitions: [Partition]
    ) {
        self.schema = schema
        self.name = name
        self.strategy = strategy
        self.key = key
        self.keyIsTime = keyIsTime
        self.keyIsInteger = keyIsInteger
        self.partitions = partitions
    }
}

/// A direct partition; for a sub-partitioned one, sizes and row counts are sums over its leaves.
public struct Partition: Sendable, Equatable {
    public var name: String
    public var bound: PartitionBound
    /// Nil when the sizes could not be read (held under a lock) and no earlier value is known.
    public var sizes: PartitionSizes?
    /// `reltuples`, with never-analyzed leaves counted as 0.
    public var estimatedRows: Double
    /// The statistics' best guess at the rows: per leaf, the larger of `reltuples` (never analyzed counts as
    /// unknown, 0) and `n_live_tup`. `reltuples` survives a statistics reset and is replicated to a standby, where
    /// `n_live_tup` reads 0; `n_live_tup` sees rows written since the last analyze.
    public var rowEstimate: Double
    /// What a capped `count(*)` found, for a default partition the role may read; nil when it was not counted.
    public var countedRows: RowCount?
    /// `bound.instants`, when the caller keeps them parsed across scrapes (the collector does, with the bound);
    /// nil means the bound is parsed again.
    public var instants: BoundInstants?

    public init(name: String, bound: PartitionBound, sizes: PartitionSizes?, estimatedRows: Double,
                rowEstimate: Double, countedRows: RowCount? = nil, instants: BoundInstants? = nil) {
        self.name = name
        self.bound = bound
        self.sizes = sizes
        self.estimatedRows = estimatedRows
        self.rowEstimate = rowEstimate
        self.countedRows = countedRows
        self.instants = instants
    }
}

/// The rows a `count(*)` limited to `limit + 1` rows found.
public enum RowCount: Sendable, Equatable {
    /// It saw every row: there are exactly this many, at most the limit.
    case exact(Double)
    /// It stopped past the limit: there are at least this many.
    case atLeast(Double)

    public init(counted: Double, limit: Int) {
        self = counted > Double(limit) ? .atLeast(counted) : .exact(counted)
    }
}

/// On-disk sizes in bytes: heap with TOAST (`pg_table_size`) and indexes (`pg_indexes_size`).
public struct PartitionSizes: Sendable, Equatable {
    public var tableBytes: Double
    public var indexBytes: Double
    public var totalBytes: Double { tableBytes + indexBytes }

    public init(tableBytes: Double, indexBytes: Double) {
        self.tableBytes = tableBytes
        self.indexBytes = indexBytes
    }

    public static func + (lhs: PartitionSizes, rhs: PartitionSizes) -> PartitionSizes {
        PartitionSizes(tableBytes: lhs.tableBytes + rhs.tableBytes, indexBytes: lhs.indexBytes + rhs.indexBytes)
    }
}
