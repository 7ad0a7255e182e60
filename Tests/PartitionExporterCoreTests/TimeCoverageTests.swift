import Testing

@testable import PartitionExporterCore

/// Ranges for consecutive partitions whose bounds are `bounds[i] ..< bounds[i + 1]`, each `bytes` in size.
func consecutive(_ bounds: [Double], bytes: Double = 0) -> [TimeCoverage.Range] {
    zip(bounds, bounds.dropFirst()).map { TimeCoverage.Range(lower: $0, upper: $1, totalBytes: bytes) }
}

/// Monthly bounds: the first of each month from `year`-`month` for `count + 1` months.
func monthStarts(_ year: Int, _ month: Int, count: Int) -> [Double] {
    (0...count).map { i in
        let m = month - 1 + i
        return utc(year + m / 12, m % 12 + 1, 1)
    }
}

struct FutureCoverageTests {
    /// January to June 2026.
    let firstHalf = consecutive(monthStarts(2026, 1, count: 6))

    func coverage(_ ranges: [TimeCoverage.Range], now: Double) -> Double {
        TimeCoverage(ranges: ranges, now: now, interval: nil, premake: 3, retention: nil).futureCoverageSeconds
    }

    @Test func nowInsideAPartition() {
        // 2026-03-15 12:00 → 2026-07-01 00:00: 1782864000 − 1773576000.
        #expect(coverage(firstHalf, now: 1_773_576_000) == 9_288_000)
    }

    @Test func nowAtExactBounds() {
        #expect(coverage(firstHalf, now: utc(2026, 3, 1)) == 1_782_864_000 - 1_772_323_200)
        #expect(coverage(firstHalf, now: utc(2026, 1, 1)) == 1_782_864_000 - 1_767_225_600)
        // The upper bound of the newest partition is not covered.
        #expect(coverage(firstHalf, now: utc(2026, 7, 1)) == 0)
        #expect(coverage(firstHalf, now: utc(2026, 7, 1) - 1) == 1)
    }

    @Test func uncoveredNowIsZero() {
        #expect(coverage(firstHalf, now: utc(2025, 12, 31, 23, 59, 59)) == 0)
        #expect(coverage(firstHalf, now: utc(2026, 8, 1)) == 0)
        #expect(coverage([], now: utc(2026, 3, 1)) == 0)
        // In a hole: April is missing.
        let holed = firstHalf.filter { $0.lower != utc(2026, 4, 1) }
        #expect(coverage(holed, now: utc(2026, 4, 10)) == 0)
        // Before the hole, coverage stops at the hole.
        #expect(coverage(holed, now: utc(2026, 3, 31)) == day)
    }

    @Test func maxValueIsInfinite() {
        let ranges = firstHalf + [TimeCoverage.Range(lower: utc(2026, 7, 1), upper: .infinity, totalBytes: 0)]
        #expect(coverage(ranges, now: utc(2026, 3, 15)) == .infinity)
        #expect(coverage(ranges, now: utc(2030, 1, 1)) == .infinity)
        let all = [TimeCoverage.Range(lower: -.infinity, upper: .infinity, totalBytes: 0)]
        #expect(coverage(all, now: 0) == .infinity)
    }

    @Test func inputOrderDoesNotMatter() {
        #expect(coverage(firstHalf.reversed(), now: 1_773_576_000) == 9_288_000)
    }
}

struct MissingFuturePartitionsTests {
    func missing(
        _ ranges: [TimeCoverage.Range], now: Double, interval: CalendarInterval?, premake: Int
    ) -> Int? {
        TimeCoverage(ranges: ranges, now: now, interval: interval, premake: premake, retention: nil)
            .missingFuturePartitions
    }

    /// Now in March 2026; premake 3 needs March, April, May and June.
    @Test(arguments: [
        (6, 0),  // January to June
        (5, 1),  // January to May
        (4, 2),  // January to April
        (3, 3),  // January to March
        (2, 4),  // January and February only: March is missing too
    ])
    func monthlyPremakeThree(months: Int, expected: Int) {
        let ranges = consecutive(monthStarts(2026, 1, count: months))
        #expect(missing(ranges, now: utc(2026, 3, 15, 12), interval: .months(1), premake: 3) == expected)
    }

    @Test func missingMonthInTheMiddle() {
        let ranges = consecutive(monthStarts(2026, 1, count: 6)).filter { $0.lower != utc(2026, 4, 1) }
        #expect(missing(ranges, now: utc(2026, 3, 15, 12), interval: .months(1), premake: 3) == 1)
        #expect(missing(ranges, now: utc(2026, 3, 15, 12), interval: .months(1), premake: 4) == 2)
        #expect(missing(ranges, now: utc(2026, 3, 15, 12), interval: .months(1), premake: 0) == 0)
    }

    /// Daily partitions for 1 to 10 March; now 5 March 06:00; premake 14 needs 5 to 19 March (15 days).
    @Test func dailyPremakeFourteen() {
        let ranges = consecutive((0...10).map { utc(2026, 3, 1) + Double($0) * day })
        #expect(missing(ranges, now: utc(2026, 3, 5, 6), interval: .seconds(day), premake: 14) == 9)
        // Fourteen days ahead exist: 5 March to 19 March inclusive.
        let ahead = consecutive((0...19).map { utc(2026, 3, 1) + Double($0) * day })
        #expect(missing(ahead, now: utc(2026, 3, 5, 6), interval: .seconds(day), premake: 14) == 0)
    }

    /// Weekly partitions from Monday 2 March 2026 to 23 March; now Tuesday 10 March; premake 4.
    @Test func weekly() {
        let ranges = consecutive((0...3).map { utc(2026, 3, 2) + Double($0) * 7 * day })
        // Weeks of 9, 16, 23, 30 March and 6 April are needed; 9 and 16 exist.
        #expect(missing(ranges, now: utc(2026, 3, 10), interval: .seconds(7 * day), premake: 4) == 3)
    }

    @Test func yearlyAndQuarterly() {
        let years = consecutive([utc(2024, 1, 1), utc(2025, 1, 1), utc(2026, 1, 1), utc(2027, 1, 1)])
        #expect(missing(years, now: utc(2026, 6, 1), interval: .months(12), premake: 1) == 1)
        #expect(missing(years, now: utc(2026, 6, 1), interval: .months(12), premake: 0) == 0)
        let quarters = consecutive([utc(2026, 1, 1), utc(2026, 4, 1), utc(2026, 7, 1), utc(2026, 10, 1)])
        // Q1 to Q3 2026 exist; now in Q2: premake 2 needs Q2 to Q4, premake 3 also Q1 2027.
        #expect(missing(quarters, now: utc(2026, 5, 15), interval: .months(3), premake: 2) == 1)
        #expect(missing(quarters, now: utc(2026, 5, 15), interval: .months(3), premake: 3) == 2)
    }

    @Test func noPartitions() {
        #expect(missing([], now: utc(2026, 3, 15), interval: .months(1), premake: 3) == 4)
        #expect(missing([], now: utc(2026, 3, 15), interval: .seconds(day), premake: 14) == 15)
        #expect(missing([], now: utc(2026, 3, 15), interval: nil, premake: 3) == nil)
    }

    @Test func noIntervalMeansNoGrid() {
        let ranges = consecutive(monthStarts(2026, 1, count: 2))
        #expect(missing(ranges, now: utc(2026, 3, 15), interval: nil, premake: 3) == nil)
    }

    /// January to April 2026 exist.
    @Test func nowAtMonthEnd() {
        let ranges = consecutive(monthStarts(2026, 1, count: 4))
        let lastSecondOfJanuary = utc(2026, 1, 31, 23, 59, 59)
        #expect(missing(ranges, now: lastSecondOfJanuary, interval: .months(1), premake: 3) == 0)
        #expect(missing(ranges, now: lastSecondOfJanuary, interval: .months(1), premake: 4) == 1)
        // One second later, February is current and May is needed.
        #expect(missing(ranges, now: utc(2026, 2, 1), interval: .months(1), premake: 3) == 1)
        #expect(
            TimeCoverage(ranges: ranges, now: lastSecondOfJanuary, interval: .months(1), premake: 3, retention: nil)
                .futureCoverageSeconds == utc(2026, 5, 1) - lastSecondOfJanuary)
    }

    /// January to May 2024 exist; now is leap day noon.
    @Test func nowOnLeapDay() {
        let ranges = consecutive(monthStarts(2024, 1, count: 5))
        let now = utc(2024, 2, 29, 12)
        #expect(missing(ranges, now: now, interval: .months(1), premake: 3) == 0)
        #expect(missing(ranges, now: now, interval: .months(1), premake: 4) == 1)
        let coverage = TimeCoverage(ranges: ranges, now: now, interval: .months(1), premake: 3, retention: nil)
        // 2024-06-01 is 1717200000; leap day noon is 1709164800 + 43200.
        #expect(coverage.futureCoverageSeconds == 1_717_200_000 - 1_709_208_000)
    }

    /// November 2026 to February 2027 exist; now is the last second of 2026: December, January, February, March.
    @Test func nowAtYearEnd() {
        let ranges = consecutive(monthStarts(2026, 11, count: 4))
        let now = utc(2026, 12, 31, 23, 59, 59)
        #expect(now == 1_798_761_599)
        #expect(missing(ranges, now: now, interval: .months(1), premake: 3) == 1)
        let coverage = TimeCoverage(ranges: ranges, now: now, interval: .months(1), premake: 3, retention: nil)
        // 2027-03-01 is 1803859200: one second, January and February (59 days).
        #expect(coverage.futureCoverageSeconds == 1_803_859_200 - 1_798_761_599)
        #expect(coverage.futureCoverageSeconds == 59 * day + 1)
    }

    @Test func maxValuePartitionCoversTheFuture() {
        let ranges = consecutive(monthStarts(2026, 1, count: 2))
            + [TimeCoverage.Range(lower: utc(2026, 3, 1), upper: .infinity, totalBytes: 0)]
        #expect(missing(ranges, now: utc(2026, 3, 15), interval: .months(1), premake: 3) == 0)
        let all = [TimeCoverage.Range(lower: -.infinity, upper: .infinity, totalBytes: 0)]
        #expect(missing(all, now: utc(2026, 3, 15), interval: .months(1), premake: 3) == 0)
    }

    /// A lone MINVALUE partition up to 1 February: the grid is anchored on its upper bound.
    @Test func minValuePartitionOnly() {
        let ranges = [TimeCoverage.Range(lower: -.infinity, upper: utc(2026, 2, 1), totalBytes: 0)]
        // Now in January: January is covered; February, March and April are not.
        #expect(missing(ranges, now: utc(2026, 1, 15), interval: .months(1), premake: 3) == 3)
    }

    /// A configured interval finer than the partitions: one partition covers several periods.
    @Test func configuredIntervalOverridesPartitionLength() {
        let ranges = consecutive(monthStarts(2026, 3, count: 1))
        #expect(missing(ranges, now: utc(2026, 3, 10), interval: .seconds(day), premake: 14) == 0)
        #expect(missing(ranges, now: utc(2026, 3, 25), interval: .seconds(day), premake: 14) == 8)
    }
}

struct GapsAndRangeTests {
    @Test func gaps() {
        let months = consecutive(monthStarts(2026, 1, count: 6))
        func gaps(_ ranges: [TimeCoverage.Range]) -> Int {
            TimeCoverage(ranges: ranges, now: utc(2026, 3, 1), interval: .months(1), premake: 3, retention: nil).gaps
        }
        #expect(gaps(months) == 0)
        #expect(gaps([]) == 0)
        #expect(gaps(Array(months.prefix(1))) == 0)
        // January, March, May.
        #expect(gaps([months[4], months[0], months[2]]) == 2)
        // April missing only.
        #expect(gaps(months.filter { $0.lower != utc(2026, 4, 1) }) == 1)
        // A MINVALUE partition followed by a hole.
        #expect(gaps([TimeCoverage.Range(lower: -.infinity, upper: utc(2025, 12, 1), totalBytes: 0)] + months) == 1)
    }

    @Test func rangeStartAndEnd() {
        let months = consecutive(monthStarts(2026, 1, count: 6))
        let coverage = TimeCoverage(
            ranges: months.reversed(), now: utc(2026, 3, 1), interval: nil, premake: 3, retention: nil)
        #expect(coverage.rangeStart == 1_767_225_600)
        #expect(coverage.rangeEnd == 1_782_864_000)
        let empty = TimeCoverage(ranges: [], now: 0, interval: nil, premake: 3, retention: nil)
        #expect(empty.rangeStart == nil)
        #expect(empty.rangeEnd == nil)
        #expect(empty.retentionOverduePartitions == nil)
        #expect(empty.retentionOverdueBytes == nil)
        let unbounded = TimeCoverage(
            ranges: [
                .init(lower: -.infinity, upper: utc(2026, 1, 1), totalBytes: 0),
                .init(lower: utc(2026, 1, 1), upper: .infinity, totalBytes: 0),
            ],
            now: 0, interval: nil, premake: 3, retention: nil)
        #expect(unbounded.rangeStart == -.infinity)
        #expect(unbounded.rangeEnd == .infinity)
        #expect(unbounded.gaps == 0)
    }
}

struct RetentionTests {
    func overdue(
        _ ranges: [TimeCoverage.Range], now: Double, retention: CalendarInterval
    ) -> (count: Int?, bytes: Double?) {
        let coverage = TimeCoverage(ranges: ranges, now: now, interval: nil, premake: 3, retention: retention)
        return (coverage.retentionOverduePartitions, coverage.retentionOverdueBytes)
    }

    /// Now 2026-03-15 12:00, 72 months → cutoff 2020-03-15 12:00: January and February 2020 are overdue.
    @Test func seventyTwoMonths() {
        let ranges = [
            TimeCoverage.Range(lower: utc(2020, 1, 1), upper: utc(2020, 2, 1), totalBytes: 1000),
            TimeCoverage.Range(lower: utc(2020, 2, 1), upper: utc(2020, 3, 1), totalBytes: 53_687_091_200),
            TimeCoverage.Range(lower: utc(2020, 3, 1), upper: utc(2020, 4, 1), totalBytes: 7),
            TimeCoverage.Range(lower: utc(2026, 3, 1), upper: utc(2026, 4, 1), totalBytes: 9),
        ]
        let result = overdue(ranges, now: 1_773_576_000, retention: .months(72))
        #expect(result.count == 2)
        #expect(result.bytes == 53_687_092_200)
    }

    /// Cutoff exactly on a bound: 2026-03-01 − 72 months = 2020-03-01; February 2020 ends there and is kept.
    @Test func boundaryAtCutoffIsNotOverdue() {
        let ranges = consecutive(monthStarts(2020, 1, count: 3), bytes: 10)
        let result = overdue(ranges, now: 1_772_323_200, retention: .months(72))
        #expect(result.count == 1)
        #expect(result.bytes == 10)
        // One second later February's upper bound is before the cutoff.
        #expect(overdue(ranges, now: 1_772_323_201, retention: .months(72)).count == 2)
    }

    /// 31 August − 6 months = 28 February (clamped), not 3 March.
    @Test func monthSubtractionClampsToMonthEnd() {
        let ranges = consecutive((0...3).map { utc(2026, 2, 25) + Double($0) * day }, bytes: 1)
        // Days 25, 26 and 27 February end on 26, 27 and 28 February; cutoff is 28 February 00:00.
        #expect(overdue(ranges, now: utc(2026, 8, 31), retention: .months(6)).count == 2)
    }

    /// Leap day − 72 months = 2018-02-28.
    @Test func leapDayMinusSeventyTwoMonths() {
        let ranges = consecutive((0...3).map { utc(2018, 2, 25) + Double($0) * day }, bytes: 1)
        #expect(utc(2018, 2, 28) == 1_519_776_000)
        #expect(overdue(ranges, now: utc(2024, 2, 29), retention: .months(72)).count == 2)
    }

    /// Now 2026-03-15, 7 years → cutoff 2019-03-15: the 2017 and 2018 partitions are overdue.
    @Test func sevenYears() {
        let ranges = consecutive([utc(2017, 1, 1), utc(2018, 1, 1), utc(2019, 1, 1), utc(2020, 1, 1)], bytes: 5)
        let result = overdue(ranges, now: utc(2026, 3, 15), retention: .months(84))
        #expect(result.count == 2)
        #expect(result.bytes == 10)
    }

    /// Now 2026-03-01, 90 days → cutoff 2025-12-01 (1764547200).
    @Test func ninetyDays() {
        let ranges = consecutive((0...3).map { 1_764_547_200 - Double(3 - $0) * day }, bytes: 3)
        // Bounds: 28, 29, 30 November, 1 December; the last ends exactly at the cutoff.
        #expect(overdue(ranges, now: 1_772_323_200, retention: .seconds(90 * day)).count == 2)
        #expect(overdue(ranges, now: 1_772_323_200, retention: .seconds(90 * day)).bytes == 6)
        #expect(overdue(ranges, now: 1_772_323_200 + 1, retention: .seconds(90 * day)).count == 3)
    }

    @Test func nothingOverdue() {
        let ranges = consecutive(monthStarts(2026, 1, count: 3), bytes: 3)
        let result = overdue(ranges, now: utc(2026, 3, 15), retention: .months(72))
        #expect(result.count == 0)
        #expect(result.bytes == 0)
    }

    /// MINVALUE and MAXVALUE bounds: only the finite upper bound decides.
    @Test func unboundedPartitions() {
        let ranges = [
            TimeCoverage.Range(lower: -.infinity, upper: utc(2019, 1, 1), totalBytes: 100),
            TimeCoverage.Range(lower: utc(2019, 1, 1), upper: .infinity, totalBytes: 200),
        ]
        let result = overdue(ranges, now: utc(2026, 3, 15), retention: .months(12))
        #expect(result.count == 1)
        #expect(result.bytes == 100)
    }

    @Test func noRetention() {
        let coverage = TimeCoverage(
            ranges: consecutive(monthStarts(2020, 1, count: 3)), now: utc(2026, 3, 15), interval: nil, premake: 3,
            retention: nil)
        #expect(coverage.retentionOverduePartitions == nil)
        #expect(coverage.retentionOverdueBytes == nil)
    }
}
