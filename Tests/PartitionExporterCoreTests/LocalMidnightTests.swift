import Testing
@testable import PartitionExporterCore

/// Monthly partitions cut at local midnight, as in a database whose TimeZone is not UTC. Epochs from
/// `date -u -d 'TZ="Europe/Berlin" 2026-03-01 00:00' +%s` and the like.
struct LocalMidnightTests {
    static let berlinMarch1: Double = 1_772_319_600  // 2026-02-28 23:00 UTC (CET, +01)
    static let berlinApril1: Double = 1_774_994_400  // 2026-03-31 22:00 UTC (CEST, +02)
    static let berlinMarch2: Double = 1_772_406_000  // 2026-03-01 23:00 UTC

    @Test func monthsAcrossTheStartOfDaylightSavingTime() {
        #expect(CivilTime.wholeMonths(from: Self.berlinMarch1, to: Self.berlinApril1) == 1)
    }

    @Test func monthsWestOfUTCAcrossTheEndOfDaylightSavingTime() {
        // New York: 2026-11-01 00:00 EDT (04:00 UTC) to 2026-12-01 00:00 EST (05:00 UTC).
        #expect(CivilTime.wholeMonths(from: 1_793_505_600, to: 1_796_101_200) == 1)
    }

    @Test func monthsAtAHalfHourOffset() {
        // Kolkata, +05:30: 2026-01-01 00:00 to 2026-02-01 00:00.
        #expect(CivilTime.wholeMonths(from: 1_767_205_800, to: 1_769_884_200) == 1)
    }

    @Test func aLocalDayIsNotAMonth() {
        #expect(CivilTime.wholeMonths(from: Self.berlinMarch1, to: Self.berlinMarch2) == nil)
        #expect(CalendarInterval.detect(newestFirst: [(Self.berlinMarch1, Self.berlinMarch2)]) == .seconds(86_400))
    }

    @Test func anHourIsNotAMonth() {
        // 2026-03-01 00:00 to 01:00 UTC: both within an hour of the same month start.
        #expect(CalendarInterval.detect(newestFirst: [(1_772_323_200, 1_772_326_800)]) == .seconds(3600))
    }

    /// Berlin monthly partitions from 2026-03 to 2026-07 (bounds by hand from `date`); now is 2026-03-15 UTC.
    @Test func berlinMonthsCoverTheirPeriodsDespiteTheHourShifts() {
        let bounds: [Double] = [
            1_772_319_600,  // 2026-03-01 00:00 CET
            1_774_994_400,  // 2026-04-01 00:00 CEST
            1_777_586_400,  // 2026-05-01 00:00 CEST
            1_780_264_800,  // 2026-06-01 00:00 CEST
            1_782_856_800,  // 2026-07-01 00:00 CEST
        ]
        let ranges = zip(bounds, bounds.dropFirst()).map { TimeCoverage.Range(lower: $0, upper: $1, totalBytes: 0) }
        let newestFirst = ranges.reversed().map { (lower: $0.lower, upper: $0.upper) }
        let interval = CalendarInterval.detect(newestFirst: newestFirst)
        #expect(interval == .months(1))
        let now: Double = 1_773_532_800  // 2026-03-15 00:00 UTC
        let coverage = TimeCoverage(ranges: ranges, now: now, interval: interval, premake: 3, retention: nil)
        #expect(coverage.missingFuturePartitions == 0)
        let oneMore = TimeCoverage(ranges: ranges, now: now, interval: interval, premake: 4, retention: nil)
        #expect(oneMore.missingFuturePartitions == 1)
    }
}
