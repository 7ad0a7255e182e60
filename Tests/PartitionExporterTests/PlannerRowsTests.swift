import Testing

@testable import PartitionExporter

/// Row decoding of the planner collector, on canned rows.
struct PlannerRowsTests {
    @Test(arguments: [("off", "off"), ("false", "off"), ("FALSE", "off"), ("0", "off"), ("no", "off"), ("of", "off"),
                      ("fal", "off"), ("on", "on"), ("true", "on"), ("1", "on"), ("yes", "on"), ("tr", "on"),
                      ("f", "off"), ("n", "off"), ("t", "on"), ("y", "on"), ("ye", "on"), ("o", "o"),
                      ("partition", "partition"), ("Partition", "partition")])
    func settingsAreSpelledAsShowPrintsThem(value: String, expected: String) {
        #expect(PlannerSettings.canonical(value) == expected)
    }

    @Test func overridesKeepOnlyThePartitioningSettings() {
        let overrides = PlannerSettings.overrides([
            ["", "app_rw", "enable_partition_pruning=false"],
            ["app", "", "constraint_exclusion=partition"],
            ["app", "", "work_mem=64MB"],
            ["app", "report", "Enable_PartitionWise_Join=on"],
            ["", "odd", "search_path=a=b"],
        ])
        #expect(overrides == [
            .init(database: "", role: "app_rw", name: "enable_partition_pruning", setting: "off"),
            .init(database: "app", role: "", name: "constraint_exclusion", setting: "partition"),
            .init(database: "app", role: "report", name: "enable_partitionwise_join", setting: "on"),
        ])
    }

    typealias Stats = AnalyzeFreshness.Stats

    @Test func aParentNeverAnalyzedWithRowsInItsPartitions() {
        let fresh = AnalyzeFreshness(root: Stats(manual: nil, modified: 0, live: 0), leaves: [
            Stats(manual: nil, modified: 100, live: 100),
            Stats(manual: nil, auto: 500, modified: 7, live: 40),
            Stats(manual: nil, modified: 0, live: 0),
        ])
        #expect(fresh.lastAnalyze == 0)
        #expect(fresh.rowsModifiedSinceAnalyze == 107)
        #expect(fresh.partitionsAutoanalyzedSinceParent == 1)
        #expect(fresh.oldestModifiedPartitionAnalyze == 0)
        #expect(fresh.neverAnalyzedPartitions == 1)
    }

    @Test func anAnalyzedParentWithOneChangedPartition() {
        // The parent's ANALYZE analyzed each partition a moment later, manually; autovacuum analyzed the third
        // once more afterwards, and the fourth before the parent's ANALYZE.
        let fresh = AnalyzeFreshness(root: Stats(manual: 1000, modified: 0, live: 0), leaves: [
            Stats(manual: 1000.01, modified: 0, live: 100),
            Stats(manual: 1000.02, modified: 10, live: 110),
            Stats(manual: 1000.03, auto: 1200, modified: 0, live: 900),
            Stats(manual: 1000.04, auto: 900, modified: 0, live: 900),
        ])
        #expect(fresh.lastAnalyze == 1000)
        #expect(fresh.rowsModifiedSinceAnalyze == 10)
        #expect(fresh.partitionsAutoanalyzedSinceParent == 1)
        #expect(fresh.oldestModifiedPartitionAnalyze == 1000.02)
        #expect(fresh.neverAnalyzedPartitions == 0)
        #expect(AnalyzeFreshness(root: nil, leaves: []).oldestModifiedPartitionAnalyze == nil)
    }

    /// The four statistics cells of a catalog row: last analyze, last autoanalyze, modified since, live rows.
    @Test func statisticsCells() {
        // Columns in another order than the parameters, as the structure query's tree rows have them.
        let rows: [[String?]] = [
            ["40", "1773576000.25", "1773576100", "3"], ["0", nil, nil, "0"], ["2", nil, "1773576200", "1"],
            [nil, "9", "5", nil],
        ]
        func decoded(_ row: Int) -> Stats { Stats.decoding(rows, row, manual: 1, auto: 2, modified: 3, live: 0) }
        #expect(decoded(0) == Stats(manual: 1_773_576_000.25, auto: 1_773_576_100, modified: 3, live: 40))
        #expect(decoded(1) == Stats(manual: nil, modified: 0, live: 0))
        #expect(decoded(2).lastAnalyze == 1_773_576_200)
        #expect(decoded(3) == Stats(manual: 9, auto: 5, modified: 0, live: 0))
    }
}
