/// Exact sizes of leaf partitions, measured again only when they may have changed.
///
/// Time partitions are nearly all immutable, yet `pg_table_size` and `pg_indexes_size` read every file of every
/// partition: four fifths of a large scrape. The ledger keeps each leaf's last sizes with the signature of what
/// PostgreSQL recorded about it at the time (relfilenodes of the heap and of its and its TOAST table's indexes, the
/// statistics of writes and vacuums: `PartitionQueries.structure`), and asks for a new measurement when the
/// signature differs. What the signature
/// cannot see (a bulk load not yet committed, a statistics reset, a crash) is covered by age: no served size gets
/// older than `maxAge`, and a rolling share of the oldest is measured on every collection so that the work is spread
/// rather than due all at once.
public struct SizeLedger: Sendable {
    /// A leaf as the catalog shows it in this collection.
    public struct Leaf: Sendable, Equatable {
        /// The leaf's `pg_class` oid.
        public var oid: UInt32
        /// A hash of the leaf's relfilenodes and statistics counters; any difference means "measure again".
        public var signature: Int

        public init(oid: UInt32, signature: Int) {
            self.oid = oid
            self.signature = signature
        }
    }

    private struct Entry: Sendable {
        var signature: Int
        var sizes: PartitionSizes
        var measuredAt: Double
    }

    /// Leaves measured per size query: at 100,000 partitions a cold start measures in twenty statements, each of
    /// which can stop at the scrape's deadline without losing the others.
    public static let batchSize = 5000

    /// Whether another batch of size reads may start with `remainingSeconds` of the scrape left, the last batch
    /// having taken `lastBatchSeconds`: twice its time and a quarter of a second, for the collectors after this one.
    public static func nextBatchFits(remainingSeconds: Double, lastBatchSeconds: Double) -> Bool {
        remainingSeconds > 2 * lastBatchSeconds + 0.25
    }

    /// Seconds a served size may be old.
    public var maxAge: Double
    private var entries: [UInt32: Entry] = [:]
    private var lastCollection: Double?

    public init(maxAge: Double) {
        self.maxAge = maxAge
    }

    /// The leaves to measure at `now` (seconds): those never measured or whose signature changed; those that would be
    /// older than `maxAge` at the next collection, if it comes as long after this one as this one after the last;
    /// and, oldest first, enough others that every leaf is measured once per `maxAge` at this pace.
    public func due(_ leaves: [Leaf], now: Double) -> [UInt32] {
        let pace = lastCollection.map { min(max(now - $0, 0), maxAge) } ?? 0
        var due: [UInt32] = []
        var aged = 0
        var others: [(oid: UInt32, measuredAt: Double)] = []
        for leaf in leaves {
            guard let entry = entries[leaf.oid], entry.signature == leaf.signature else {
                due.append(leaf.oid)
                continue
            }
            if now - entry.measuredAt + pace >= maxAge {
                due.append(leaf.oid)
                aged += 1
            } else {
                others.append((leaf.oid, entry.measuredAt))
            }
        }
        let share = maxAge > 0 ? Int((Double(leaves.count) * pace / maxAge).rounded(.up)) : leaves.count
        let rolling = min(max(share - aged, 0), others.count)
        if rolling > 0 {
            others.sort { $0.measuredAt < $1.measuredAt }
            due.append(contentsOf: others.prefix(rolling).map(\.oid))
        }
        return due
    }

    /// Records what was measured at `now`; a leaf asked for but not measured (held under a lock) keeps its earlier
    /// sizes and stays due. Leaves no longer in the catalog are forgotten.
    public mutating func record(_ measured: [UInt32: PartitionSizes], leaves: [Leaf], now: Double) {
        // In place: on most collections only a few leaves were measured and none vanished.
        var present = 0
        for leaf in leaves {
            if let sizes = measured[leaf.oid] {
                entries[leaf.oid] = Entry(signature: leaf.signature, sizes: sizes, measuredAt: now)
                present += 1
            } else if entries[leaf.oid] != nil {
                present += 1
            }
        }
        if entries.count != present {
            let current = Set(leaves.map(\.oid))
            entries = entries.filter { current.contains($0.key) }
        }
        lastCollection = now
    }

    /// The sizes served for a leaf, nil when it was never measured.
    public func sizes(of oid: UInt32) -> PartitionSizes? {
        entries[oid]?.sizes
    }

    /// Seconds since the oldest served size was measured; 0 when none is served.
    public func oldestAge(now: Double) -> Double {
        entries.values.reduce(0) { max($0, now - $1.measuredAt) }
    }
}
