import Testing

@testable import PartitionExporterCore

struct CalendarIntervalParsingTests {
    static let valid: [(text: String, expected: CalendarInterval)] = [
        ("1 hour", CalendarInterval.seconds(3600)),
        ("12 hours", .seconds(43_200)),
        ("1 day", .seconds(86_400)),
        ("90 days", .seconds(7_776_000)),
        ("1 week", .seconds(604_800)),
        ("2 weeks", .seconds(1_209_600)),
        ("1 month", .months(1)),
        ("72 months", .months(72)),
        ("1 year", .months(12)),
        ("7 years", .months(84)),
        ("3 DAYS", .seconds(259_200)),
        ("  3   days ", .seconds(259_200)),
    ]

    @Test(arguments: valid)
    func parses(text: String, expected: CalendarInterval) {
        #expect(CalendarInterval(parsing: text) == expected)
    }

    @Test(arguments: [
        "", "day", "1", "0 days", "-1 days", "1.5 days", "72 monthz", "1 fortnight", "1 day extra", "days 1",
        "1 mon", "1 s", "1day", "one day", "1 minute",
    ])
    func rejects(text: String) {
        #expect(CalendarInterval(parsing: text) == nil)
    }

    /// A huge count must be rejected, not trap on `count * 12` (a configuration typo would crash the exporter).
    @Test func hugeYearCountIsRejectedWithoutTrapping() async {
        await #expect(processExitsWith: .success) {
            precondition(CalendarInterval(parsing: "999999999999999999 years") == nil)
        }
    }

    static let descriptions: [(interval: CalendarInterval, expected: String)] = [
        (.months(1), "1 mon"),
        (.months(3), "3 mons"),
        (.months(12), "1 year"),
        (.months(24), "2 years"),
        (.months(14), "1 year 2 mons"),
        (.months(84), "7 years"),
        (.seconds(86_400), "1 day"),
        (.seconds(604_800), "7 days"),
        (.seconds(3600), "01:00:00"),
        (.seconds(1800), "00:30:00"),
        (.seconds(90_000), "1 day 01:00:00"),
        (.seconds(43_200), "12:00:00"),
        (.seconds(2_678_400), "31 days"),
    ]

    @Test(arguments: descriptions)
    func describesAsPostgreSQL(interval: CalendarInterval, expected: String) {
        #expect(interval.description == expected)
    }
}

struct CalendarIntervalDetectionTests {
    /// Consecutive ranges from `start`, each ending where the next `advance` puts it, newest first.
    static func newestFirst(_ bounds: [Double]) -> [(lower: Double, upper: Double)] {
        zip(bounds, bounds.dropFirst()).map { (lower: $0, upper: $1) }.reversed()
    }

    @Test func monthly() {
        let ranges = Self.newestFirst((1...7).map { utc(2026, $0, 1) })
        #expect(CalendarInterval.detect(newestFirst: ranges) == .months(1))
    }

    @Test func monthlyAcrossFebruaryOfLeapYear() {
        let ranges = Self.newestFirst([utc(2024, 1, 1), utc(2024, 2, 1), utc(2024, 3, 1), utc(2024, 4, 1)])
        #expect(CalendarInterval.detect(newestFirst: ranges) == .months(1))
    }

    @Test func quarterly() {
        let ranges = Self.newestFirst([utc(2025, 7, 1), utc(2025, 10, 1), utc(2026, 1, 1), utc(2026, 4, 1)])
        #expect(CalendarInterval.detect(newestFirst: ranges) == .months(3))
    }

    @Test func yearly() {
        let ranges = Self.newestFirst([utc(2023, 1, 1), utc(2024, 1, 1), utc(2025, 1, 1), utc(2026, 1, 1)])
        #expect(CalendarInterval.detect(newestFirst: ranges) == .months(12))
    }

    @Test func daily() {
        let ranges = Self.newestFirst((1...10).map { utc(2026, 2, 25) + Double($0) * day })
        #expect(CalendarInterval.detect(newestFirst: ranges) == .seconds(86_400))
    }

    @Test func weekly() {
        let ranges = Self.newestFirst((0...4).map { utc(2026, 3, 2) + Double($0) * 7 * day })
        #expect(CalendarInterval.detect(newestFirst: ranges) == .seconds(604_800))
    }

    @Test func hourly() {
        let ranges = Self.newestFirst((0...30).map { utc(2026, 3, 1) + Double($0) * hour })
        #expect(CalendarInterval.detect(newestFirst: ranges) == .seconds(3600))
    }

    /// Older daily partitions outnumber the monthly ones, but only the five newest count.
    @Test func mostCommonAmongFiveNewest() {
        let m = utc(2026, 1, 1)
        let ranges: [(lower: Double, upper: Double)] = [
            (utc(2026, 6, 1), utc(2026, 6, 2)),  // day
            (utc(2026, 5, 1), utc(2026, 6, 1)),  // month
            (utc(2026, 4, 1), utc(2026, 5, 1)),  // month
            (utc(2026, 3, 31), utc(2026, 4, 1)),  // day
            (utc(2026, 3, 1), utc(2026, 3, 31)),  // 30 days, neither
            (m - 1 * day, m), (m - 2 * day, m - day), (m - 3 * day, m - 2 * day), (m - 4 * day, m - 3 * day),
        ]
        // Five newest: day, month, month, day, 30 days → tie between day and month, the newest (day) wins.
        #expect(CalendarInterval.detect(newestFirst: ranges) == .seconds(86_400))
        // Without the newest: month, month, day, 30 days, day → tie again, month is newest.
        #expect(CalendarInterval.detect(newestFirst: Array(ranges.dropFirst())) == .months(1))
        // Without the two newest: month, day, 30 days, day, day → day.
        #expect(CalendarInterval.detect(newestFirst: Array(ranges.dropFirst(2))) == .seconds(86_400))
    }

    @Test func threeMonthsBeatTwoDays() {
        let ranges: [(lower: Double, upper: Double)] = [
            (utc(2026, 6, 1), utc(2026, 7, 1)),
            (utc(2026, 5, 31), utc(2026, 6, 1)),
            (utc(2026, 4, 1), utc(2026, 5, 1)),
            (utc(2026, 3, 31), utc(2026, 4, 1)),
            (utc(2026, 2, 1), utc(2026, 3, 1)),
        ]
        #expect(CalendarInterval.detect(newestFirst: ranges) == .months(1))
    }

    /// A MAXVALUE catch-all on top and a MINVALUE one at the bottom do not take one of the five places.
    @Test func unboundedRangesIgnored() {
        let ranges: [(lower: Double, upper: Double)] = [
            (utc(2026, 6, 1), .infinity),
            (utc(2026, 5, 31), utc(2026, 6, 1)),
            (utc(2026, 5, 30), utc(2026, 5, 31)),
            (utc(2026, 4, 1), utc(2026, 5, 1)),
            (utc(2026, 3, 1), utc(2026, 4, 1)),
            (utc(2026, 2, 1), utc(2026, 3, 1)),
            (-.infinity, utc(2026, 2, 1)),
        ]
        #expect(CalendarInterval.detect(newestFirst: ranges) == .months(1))
        #expect(CalendarInterval.detect(newestFirst: [(-.infinity, .infinity)]) == nil)
        #expect(CalendarInterval.detect(newestFirst: []) == nil)
    }

    /// Monthly-looking bounds that are midnight in no time zone (15 hours off UTC, or off the quarter hour) are
    /// lengths in seconds; local midnights are months (see LocalMidnightTests).
    @Test func nonMidnightMonthStartsAreSeconds() {
        let fifteenHoursOff: [(lower: Double, upper: Double)] = [(utc(2026, 1, 1, 15), utc(2026, 2, 1, 15))]
        #expect(CalendarInterval.detect(newestFirst: fifteenHoursOff) == .seconds(31 * day))
        let offTheQuarterHour: [(lower: Double, upper: Double)] = [(utc(2026, 1, 1, 1, 7), utc(2026, 2, 1, 1, 7))]
        #expect(CalendarInterval.detect(newestFirst: offTheQuarterHour) == .seconds(31 * day))
    }
}

struct PeriodIndexTests {
    static let monthlyCases: [(time: Double, expected: Int)] = [
        (utc(2026, 1, 1), 0),
        (utc(2026, 1, 31, 23, 59, 59), 0),
        (utc(2026, 2, 1), 1),
        (utc(2026, 2, 28, 23, 59, 59), 1),
        (utc(2026, 3, 1), 2),
        (utc(2025, 12, 31, 23, 59, 59), -1),
        (utc(2025, 12, 1), -1),
        (utc(2025, 11, 30, 23, 59, 59), -2),
        (utc(2026, 12, 31, 23, 59, 59), 11),
        (utc(2027, 1, 1), 12),
        (utc(2000, 1, 1), -312),
        (utc(2052, 3, 1), 314),
    ]

    @Test(arguments: monthlyCases)
    func monthly(time: Double, expected: Int) {
        #expect(CalendarInterval.months(1).periodIndex(containing: time, anchor: utc(2026, 1, 1)) == expected)
    }

    @Test func monthlyAroundLeapDay() {
        let interval = CalendarInterval.months(1)
        let anchor = utc(2024, 1, 1)
        #expect(interval.periodIndex(containing: utc(2024, 2, 29, 12), anchor: anchor) == 1)
        #expect(interval.periodIndex(containing: utc(2024, 2, 29, 23, 59, 59), anchor: anchor) == 1)
        #expect(interval.periodIndex(containing: utc(2024, 3, 1), anchor: anchor) == 2)
    }

    /// A grid anchored on the 31st: periods start on Jan 31, Feb 28, Mar 31, Apr 30 (each from the anchor).
    @Test func monthlyAnchoredOnMonthEnd() {
        let interval = CalendarInterval.months(1)
        let anchor = utc(2026, 1, 31)
        #expect(interval.periodIndex(containing: utc(2026, 2, 27, 23), anchor: anchor) == 0)
        #expect(interval.periodIndex(containing: utc(2026, 2, 28), anchor: anchor) == 1)
        #expect(interval.periodIndex(containing: utc(2026, 3, 30, 23), anchor: anchor) == 1)
        #expect(interval.periodIndex(containing: utc(2026, 3, 31), anchor: anchor) == 2)
        #expect(interval.periodIndex(containing: utc(2026, 4, 30), anchor: anchor) == 3)
    }

    @Test func quarterlyAndYearly() {
        let quarter = CalendarInterval.months(3), year = CalendarInterval.months(12)
        let anchor = utc(2026, 1, 1)
        #expect(quarter.periodIndex(containing: utc(2026, 3, 31, 23, 59, 59), anchor: anchor) == 0)
        #expect(quarter.periodIndex(containing: utc(2026, 4, 1), anchor: anchor) == 1)
        #expect(quarter.periodIndex(containing: utc(2025, 12, 31), anchor: anchor) == -1)
        #expect(quarter.periodIndex(containing: utc(2025, 9, 30), anchor: anchor) == -2)
        #expect(year.periodIndex(containing: utc(2026, 12, 31, 23, 59, 59), anchor: anchor) == 0)
        #expect(year.periodIndex(containing: utc(2027, 1, 1), anchor: anchor) == 1)
        #expect(year.periodIndex(containing: utc(2025, 12, 31, 23, 59, 59), anchor: anchor) == -1)
    }

    @Test func fixedLengths() {
        let daily = CalendarInterval.seconds(day)
        let anchor = utc(2026, 3, 1)
        #expect(daily.periodIndex(containing: utc(2026, 3, 1), anchor: anchor) == 0)
        #expect(daily.periodIndex(containing: utc(2026, 3, 1, 23, 59, 59), anchor: anchor) == 0)
        #expect(daily.periodIndex(containing: utc(2026, 3, 15, 6), anchor: anchor) == 14)
        #expect(daily.periodIndex(containing: utc(2026, 2, 28, 23), anchor: anchor) == -1)
        let weekly = CalendarInterval.seconds(7 * day)
        #expect(weekly.periodIndex(containing: utc(2026, 3, 8, 23, 59, 59), anchor: utc(2026, 3, 2)) == 0)
        #expect(weekly.periodIndex(containing: utc(2026, 3, 9), anchor: utc(2026, 3, 2)) == 1)
    }

    @Test func advance() {
        #expect(CalendarInterval.months(1).advance(utc(2026, 1, 31), by: 1) == utc(2026, 2, 28))
        #expect(CalendarInterval.months(12).advance(utc(2024, 2, 29), by: -1) == utc(2023, 2, 28))
        #expect(CalendarInterval.months(3).advance(utc(2026, 1, 1), by: 4) == utc(2027, 1, 1))
        #expect(CalendarInterval.seconds(day).advance(utc(2026, 2, 28), by: 1) == utc(2026, 3, 1))
        #expect(CalendarInterval.seconds(day).advance(utc(2026, 3, 1), by: -90) == utc(2025, 12, 1))
    }
}

/// Intervals as PostgreSQL prints them, as pg_partman stores `partition_interval` and `retention`.
struct PostgresIntervalTests {
    @Test(arguments: [
        ("1 day", CalendarInterval.seconds(86_400)), ("7 days", .seconds(604_800)), ("01:00:00", .seconds(3600)),
        ("00:30:00", .seconds(1800)), ("1 day 12:00:00", .seconds(129_600)), ("1 mon", .months(1)),
        ("3 mons", .months(3)), ("1 year", .months(12)), ("7 years", .months(84)), ("1 year 6 mons", .months(18)),
        ("90 days", .seconds(7_776_000)), ("72 months", .months(72)), ("2 weeks", .seconds(1_209_600)),
        ("15 mins", .seconds(900)),
    ])
    func parses(text: String, expected: CalendarInterval) {
        #expect(CalendarInterval(postgres: text) == expected)
    }

    @Test(arguments: ["", "10000", "1 mon 15 days", "00:00:00", "-1 days", "1 fortnight", "1:2", "day"])
    func refuses(text: String) {
        #expect(CalendarInterval(postgres: text) == nil)
    }
}
