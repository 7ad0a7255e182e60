/// Planner-statistics freshness of one partitioned table, from the statistics of its root and leaves.
///
/// Autovacuum never analyzes a partitioned parent, so its statistics, which plans over the whole table use, age
/// unless someone runs ANALYZE on it. Analyzing the parent also analyzes every partition (each a moment after
/// the parent), resetting their counts of rows modified; autovacuum's later analyze of a partition resets that
/// partition's alone, and is the sign that its data changed since the parent's statistics were taken.
struct AnalyzeFreshness: Equatable {
    /// The parent's last ANALYZE, manual or automatic, in seconds since the epoch; 0 when never.
    var lastAnalyze: Double
    /// Rows inserted, updated or deleted in the leaves since each was last analyzed: since the parent's ANALYZE,
    /// at least this many rows changed.
    var rowsModifiedSinceAnalyze: Double
    /// Leaves that autovacuum analyzed after the parent was analyzed: their data changed since (autovacuum
    /// analyzes changed tables only; the parent's own ANALYZE analyzes its partitions manually, not automatically).
    var partitionsAutoanalyzedSinceParent: Int
    /// The oldest last analyze (0 for never) among leaves with rows modified since; nil when none has.
    var oldestModifiedPartitionAnalyze: Double?
    /// Leaves holding live rows that were never analyzed.
    var neverAnalyzedPartitions: Int

    typealias Stats = RelationStatistics

    init(root: Stats?, leaves: [Stats]) {
        let parent = root?.lastAnalyze ?? 0
        lastAnalyze = parent
        rowsModifiedSinceAnalyze = leaves.reduce(0) { $0 + $1.modifiedSinceAnalyze }
        partitionsAutoanalyzedSinceParent = leaves.filter { ($0.lastAutoanalyze ?? 0) > parent }.count
        oldestModifiedPartitionAnalyze = leaves.filter { $0.modifiedSinceAnalyze > 0 }.map { $0.lastAnalyze ?? 0 }.min()
        neverAnalyzedPartitions = leaves.filter { $0.lastAnalyze == nil && $0.liveRows > 0 }.count
    }
}
