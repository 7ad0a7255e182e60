import PartitionExporterCore
import Testing

@testable import PartitionExporter

/// The structure query's rows decoded where they lie (`ResultCells`), on canned rows.
struct CatalogTreeRowsTests {
    @Test func cellsReadNumbersAsPostgreSQLPrintsThem() {
        let rows: [[String?]] = [["1.5", "1e+20", "NaN", "Infinity", "-Infinity", "", "1.5x", nil, "-0.25"]]
        let doubles = (0..<9).map { rows.double(0, $0) }
        #expect(doubles[0] == 1.5 && doubles[1] == 1e20 && doubles[2]!.isNaN && doubles[3] == .infinity)
        #expect(doubles[4] == -.infinity && doubles[8] == -0.25)
        #expect(doubles[5] == nil && doubles[6] == nil && doubles[7] == nil)

        let integers: [[String?]] = [["4294967295", "4294967296", "12a", "", nil, "0", "-1"]]
        #expect(integers.unsigned(0, 0, as: UInt32.self) == UInt32.max)
        #expect((1...4).map { integers.unsigned(0, $0, as: UInt32.self) } == [nil, nil, nil, nil])
        #expect(integers.unsigned(0, 5, as: UInt32.self) == 0 && integers.unsigned(0, 6, as: UInt32.self) == nil)
    }

    @Test func cellsCompareAndHashTheirBytes() {
        let rows: [[String?]] = [["t", "tt", nil, "", "r"], ["t", "tt", nil, "", "p"]]
        #expect(rows.cell(0, 0, is: "t") && !rows.cell(0, 1, is: "t") && !rows.cell(0, 2, is: "t"))
        func hash(_ row: Int, _ column: Int) -> Int {
            var hasher = Hasher()
            rows.hash(row, column, into: &hasher)
            return hasher.finalize()
        }
        #expect(hash(0, 1) == hash(1, 1))
        #expect(hash(0, 2) != hash(0, 3), "NULL and the empty text must differ")
        #expect(hash(0, 4) != hash(1, 4))
        #expect(rows.string(0, 1) == "tt" && rows.string(0, 2) == nil && rows.string(0, 9) == nil)
    }

    /// The clock; an included root and an excluded one; the tree, with a leaf of a sub-partitioned partition
    /// before that partition's own row, a foreign-table partition, and a row of the excluded root.
    static let results: [[[String?]]] = [
        [["1767225600.5", "app", "12:3456:12"]],
        [
            ["100", "public", "events", "r", "created_at", "t", "f", "1767225000", nil, "7", "0"],
            ["200", "scratch", "tmp", "l", "k", "f", "f", nil, nil, "0", "0"],
        ],
        [
            // root, direct, oid, relname, relkind, xmin, reltuples, live, toast, analyze, autoanalyze, modified, heap
            ["100", "102", "1021", "events_2026_01_a", "r", nil, "30", "31", "5021", nil, "1767220000", "2", "1021:4:0:1"],
            ["100", "101", "101", "events_2025_12", "r", "900", "10", "11", "5101", "1767000000", nil, "0", "101:1:1:0"],
            ["100", "102", "102", "events_2026_01", "p", "901", "0", "0", nil, nil, nil, "0", nil],
            ["100", "103", "103", "events_remote", "f", "902", "5", "0", nil, nil, nil, "0", nil],
            ["200", "201", "201", "tmp_1", "r", "903", "1", "1", "5201", nil, nil, "0", "201:1:0:0"],
        ],
    ]

    @Test func theTreeIsAssembledFromCannedRows() throws {
        var configuration = Configuration()
        configuration.exclude = [try #require(TablePattern(parsing: "scratch.*"))]
        let tree = try CatalogTree(Self.results, configuration: configuration)
        #expect(tree.now == 1_767_225_600.5 && tree.database == "app" && tree.indexesVersion == "12:3456:12")
        #expect(tree.roots.map(\.oid) == [100])
        let root = tree.roots[0].root
        #expect(root.keyIsTime && !root.keyIsInteger && root.strategy == .range)
        #expect(tree.allRoots.map { "\($0.schema).\($0.name)" } == ["public.events", "scratch.tmp"])
        // In the order their first rows came; the sub-partitioned one takes its name and version from its own row.
        #expect(tree.directs.map(\.oid) == [102, 101, 103])
        #expect(tree.directs.map(\.name) == ["events_2026_01", "events_2025_12", "events_remote"])
        #expect(tree.directs.map(\.version) == [901, 900, 902])
        #expect(tree.directIndex == [102: 0, 101: 1, 103: 2])
        #expect(tree.directs.map(\.leaves) == [[1021], [101], []])
        #expect(tree.directs.map(\.estimatedRows) == [30, 10, 5])
        // The larger of reltuples and live rows, leaf by leaf; the foreign table's live rows are unknown (0).
        #expect(tree.directs.map(\.rowEstimate) == [31, 11, 5])
        #expect(tree.directs[0].leafStatistics
                == [RelationStatistics(manual: nil, auto: 1_767_220_000, modified: 2, live: 31)])
        #expect(tree.leafRows.map(\.oid) == [1021, 101] && tree.leafRows.map(\.toast) == [5021, 5101])
        #expect(Set(tree.leafRows.map(\.heap)).count == 2)
        #expect(tree.boundsMissing(from: [101: CachedBound(version: 900, bound: .list),
                                          102: CachedBound(version: 1, bound: .list)]) == [102, 103])
    }

    @Test func aHeapSignatureMovesWithEveryCellItCovers() throws {
        let base = try CatalogTree(Self.results, configuration: Configuration()).leafRows[1].heap
        for column in [12, 6, 9, 10, 11] {
            var changed = Self.results
            changed[2][1][column] = (changed[2][1][column] ?? "") + "1"
            let moved = try CatalogTree(changed, configuration: Configuration()).leafRows[1].heap
            #expect(moved != base, "column \(column)")
        }
    }

    /// A sub-partitioned default partition: one leaf analyzed and its statistics reset since (reltuples 30, live
    /// rows 0), one never analyzed (reltuples -1, read as 0, and 12 live rows). Leaf by leaf that is 30 + 12; the
    /// larger of the sums would be 30.
    @Test func aDefaultPartitionsEstimateTakesTheLargerStatisticLeafByLeaf() throws {
        var results = Self.results
        results[2] = [
            ["100", "104", "104", "events_default", "p", "904", "0", "0", nil, nil, nil, "0", nil],
            ["100", "104", "1041", "events_default_h0", "r", nil, "30", "0", "5041", "1767000000", nil, "0", "1041:1:1:1"],
            ["100", "104", "1042", "events_default_h1", "r", nil, "0", "12", "5042", nil, nil, "12", "1042:0:0:0"],
            ["100", "101", "101", "events_2025_12", "r", "900", "10", "11", "5101", "1767000000", nil, "0", "101:1:1:0"],
        ]
        var tree = try CatalogTree(results, configuration: Configuration())
        #expect(tree.directs.map(\.rowEstimate) == [42, 11])
        #expect(tree.directs.map(\.estimatedRows) == [30, 10])
        tree.applyBounds([104: CachedBound(version: 904, bound: .defaultPartition),
                          101: CachedBound(version: 900, bound: .list)])
        #expect(tree.defaultPartitions == [104])
        let snapshot = tree.snapshot(sizes: { _ in nil }, counts: [104: .exact(45)])
        let partitions = try #require(snapshot.tables.first).partitions
        #expect(partitions.map(\.countedRows) == [nil, .exact(45)])
        #expect(partitions.map(\.rowEstimate) == [11, 42])
    }

    /// The count query's rows: oid and rows seen, each count stopped after limit + 1 rows.
    @Test func defaultRowCountsAreExactUpToTheLimit() {
        let rows: [[String?]] = [
            ["501", "300"], ["502", "10000"], ["503", "10001"], ["504", "0"],
            ["505", nil], ["x", "5"], ["506", "-1"], ["507", "NaN"],
        ]
        #expect(DefaultRowCounts.decode(rows, limit: 10_000) == [
            501: .exact(300), 502: .exact(10_000), 503: .atLeast(10_001), 504: .exact(0),
        ])
        #expect(DefaultRowCounts.decode([] as [[String?]], limit: 10_000).isEmpty)
    }

    @Test func aMalformedClockIsAnError() {
        #expect(throws: PostgresError.self) {
            try CatalogTree([[["not a number", "app", ""]], [], []] as [[[String?]]], configuration: Configuration())
        }
    }
}
