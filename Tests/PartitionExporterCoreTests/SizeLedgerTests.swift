import Testing

@testable import PartitionExporterCore

struct SizeLedgerTests {
    static func leaves(_ count: Int, signature: Int = 0) -> [SizeLedger.Leaf] {
        (0..<count).map { SizeLedger.Leaf(oid: UInt32($0), signature: signature) }
    }

    static func measure(_ ledger: inout SizeLedger, _ leaves: [SizeLedger.Leaf], at now: Double,
                        bytes: Double = 8192) -> [UInt32] {
        let due = ledger.due(leaves, now: now)
        let measured = Dictionary(uniqueKeysWithValues: due.map { ($0, PartitionSizes(tableBytes: bytes, indexBytes: 0)) })
        ledger.record(measured, leaves: leaves, now: now)
        return due
    }

    @Test func theFirstCollectionMeasuresEveryLeafAndAnUnchangedOneIsNotMeasuredAgainSoon() {
        var ledger = SizeLedger(maxAge: 300)
        let leaves = Self.leaves(10)
        #expect(Self.measure(&ledger, leaves, at: 1000).count == 10)
        // 1 s later: the rolling share is ceil(10 × 1 / 300) = 1 leaf, the oldest.
        #expect(Self.measure(&ledger, leaves, at: 1001).count == 1)
        #expect(ledger.sizes(of: 3) == PartitionSizes(tableBytes: 8192, indexBytes: 0))
        #expect(ledger.sizes(of: 10) == nil)
    }

    @Test func aChangedSignatureIsMeasuredAtOnce() {
        var ledger = SizeLedger(maxAge: 300)
        var leaves = Self.leaves(10)
        _ = Self.measure(&ledger, leaves, at: 1000)
        leaves[4].signature = 7
        leaves[9].signature = 7
        let due = ledger.due(leaves, now: 1000)  // no time passed: no rolling share, no ageing
        #expect(due == [4, 9])
    }

    @Test func aLeafAskedForButNotMeasuredKeepsItsSizesAndStaysDue() {
        var ledger = SizeLedger(maxAge: 300)
        var leaves = Self.leaves(3)
        _ = Self.measure(&ledger, leaves, at: 1000)
        leaves[1].signature = 1
        ledger.record([:], leaves: leaves, now: 1000)  // the size query skipped it under a lock
        #expect(ledger.sizes(of: 1) == PartitionSizes(tableBytes: 8192, indexBytes: 0))
        #expect(ledger.due(leaves, now: 1000) == [1])
    }

    @Test func droppedLeavesAreForgotten() {
        var ledger = SizeLedger(maxAge: 300)
        _ = Self.measure(&ledger, Self.leaves(5), at: 1000)
        _ = Self.measure(&ledger, Self.leaves(2), at: 1000)
        #expect(ledger.sizes(of: 4) == nil)
        #expect(ledger.sizes(of: 1) != nil)
    }

    /// Scraped every 15 s with a 300 s maximum age, 1,000 unchanged leaves are measured about 50 at a time, never all
    /// at once after the first collection, and no served size ever gets older than the maximum age.
    @Test(arguments: [15.0, 60.0, 290.0, 301.0])
    func theRollingRefreshSpreadsTheWorkAndKeepsEveryAgeUnderTheMaximum(interval: Double) {
        var ledger = SizeLedger(maxAge: 300)
        let leaves = Self.leaves(1000)
        var now = 1000.0
        _ = Self.measure(&ledger, leaves, at: now)
        var largest = 0
        for _ in 0..<100 {
            now += interval
            #expect(ledger.oldestAge(now: now) <= 300 + interval)  // before measuring: the age a scrape finds
            largest = max(largest, Self.measure(&ledger, leaves, at: now).count)
            #expect(ledger.oldestAge(now: now) < 300)
        }
        let share = Int((1000 * min(interval, 300) / 300).rounded(.up))
        #expect(largest <= max(share * 2, 1), "at most twice the even share at any one collection")
    }

    /// A cold start on a large catalog measures batch after batch while the scrape has time for one more.
    @Test func anotherBatchStartsOnlyWhenTwiceTheLastOneFits() {
        #expect(SizeLedger.nextBatchFits(remainingSeconds: 9, lastBatchSeconds: 0.8))
        #expect(!SizeLedger.nextBatchFits(remainingSeconds: 1.5, lastBatchSeconds: 0.8))
        #expect(!SizeLedger.nextBatchFits(remainingSeconds: 0.2, lastBatchSeconds: 0))
    }

    @Test func withoutLeavesTheAgeIsZero() {
        #expect(SizeLedger(maxAge: 300).oldestAge(now: 1000) == 0)
    }
}

struct PrometheusDurationTests {
    @Test(arguments: [("30s", 30.0), ("5m", 300), ("1h", 3600), ("1h30m", 5400), ("250ms", 0.25), ("2d", 172_800),
                      ("1w", 604_800), ("1y", 31_536_000), ("1m30s500ms", 90.5), ("0s", 0)])
    func parses(text: String, seconds: Double) {
        #expect(PrometheusDuration.seconds(parsing: text) == seconds)
    }

    @Test(arguments: ["", "5", "m", "-5m", "1.5h", "5 m", "30s5m", "5m5m", "5M", "1ms1s", "5mm", "1h ", "1e3s"])
    func rejects(text: String) {
        #expect(PrometheusDuration.seconds(parsing: text) == nil)
    }
}
