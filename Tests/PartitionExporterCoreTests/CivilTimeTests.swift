import Testing

@testable import PartitionExporterCore

struct CivilTimeDaysTests {
    /// Day numbers from `date -u -d … +%s` / 86400 and, for BC, from the Julian Day Number formula.
    static let known: [(year: Int, month: Int, day: Int, expected: Int)] = [
        (1970, 1, 1, 0),
        (1969, 12, 31, -1),
        (1960, 1, 1, -3653),
        (2024, 2, 29, 19782),
        (2024, 3, 1, 19783),
        (2000, 2, 29, 11016),
        (2000, 3, 1, 11017),
        (1900, 2, 28, -25509),
        (1900, 3, 1, -25508),
        (1999, 12, 31, 10956),
        (2026, 12, 31, 20818),
        (2027, 1, 1, 20819),
        (1, 1, 1, -719_162),
        (0, 1, 1, -719_528),
        (0, 2, 29, -719_469),
        (-43, 3, 15, -735_160),
    ]

    @Test(arguments: known)
    func knownDays(year: Int, month: Int, day: Int, expected: Int) {
        #expect(CivilTime.days(year: year, month: month, day: day) == expected)
        let date = CivilTime.civil(days: expected)
        #expect(date.year == year && date.month == month && date.day == day)
    }

    /// 1900 is not a leap year: the day after 28 February is 1 March.
    @Test func nineteenHundredHasNoLeapDay() {
        let date = CivilTime.civil(days: -25509 + 1)
        #expect(date.year == 1900 && date.month == 3 && date.day == 1)
    }

    @Test func roundTripsEveryDayFor2200Years() {
        var mismatches = 0
        for n in stride(from: -730_000, through: 100_000, by: 1) {
            let date = CivilTime.civil(days: n)
            if CivilTime.days(year: date.year, month: date.month, day: date.day) != n { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// The first of every month from 1600 to 2400 against the naive year-by-year oracle.
    @Test func firstOfEveryMonthMatchesOracle() {
        var mismatches: [String] = []
        for year in 1600...2400 {
            for month in 1...12 {
                let expected = Int(utc(year, month, 1) / day)
                if CivilTime.days(year: year, month: month, day: 1) != expected {
                    mismatches.append("\(year)-\(month)")
                }
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test(arguments: [(1900, false), (2000, true), (2024, true), (2026, false), (2100, false), (1600, true), (0, true),
                      (-1, false), (-4, true)])
    func leapYears(year: Int, leap: Bool) {
        #expect(CivilTime.isLeapYear(year) == leap)
    }

    @Test(arguments: [(2024, 2, 29), (2026, 2, 28), (1900, 2, 28), (2000, 2, 29), (2026, 1, 31), (2026, 4, 30),
                      (2026, 6, 30), (2026, 9, 30), (2026, 11, 30), (2026, 12, 31), (2026, 7, 31), (2026, 8, 31)])
    func daysInMonth(year: Int, month: Int, expected: Int) {
        #expect(CivilTime.daysInMonth(year: year, month: month) == expected)
    }
}

struct ParseTimestampTests {
    static let valid: [(text: String, expected: Double)] = [
        ("2026-03-01", 1_772_323_200.0),
        ("2026-03-01 00:00:00", 1_772_323_200),
        ("2026-03-01T00:00:00", 1_772_323_200),
        ("2026-03-01 00:00:00+00", 1_772_323_200),
        ("2026-03-01 00:00:00+05:30", 1_772_303_400),
        ("2026-03-01 00:00:00-08", 1_772_352_000),
        ("2026-03-01 00:00:00.25+05:30", 1_772_303_400.25),
        ("2026-03-01 00:00:00.5", 1_772_323_200.5),
        ("2026-03-15 12:00:00+00", 1_773_576_000),
        ("2025-12-31 23:59:59+00", 1_767_225_599),
        ("2024-02-29 00:00:00+00", 1_709_164_800),
        ("2000-02-29", 951_782_400),
        ("1969-12-31 23:59:59.5", -0.5),
        ("1960-01-01 00:00:00+00", -315_619_200),
        ("1900-03-01", -2_203_891_200),
        ("10000-01-01", 253_402_300_800),
        ("0001-01-01 00:00:00+00", -62_135_596_800),
        // 1 BC is year 0, a leap year; 44 BC is year -43. Days -719469 and -735160 (Julian Day Number formula).
        ("0001-01-01 00:00:00 BC", -62_167_219_200),
        ("0001-02-29 00:00:00+00 BC", -62_162_121_600),
        ("0044-03-15 00:00:00+00 BC", -63_517_824_000),
        // A local-mean-time offset with seconds, as PostgreSQL prints for old dates.
        ("1900-03-01 00:00:00+00:53:28", -2_203_891_200 - 3208),
        ("2026-03-01 24:00:00", 1_772_409_600),
    ]

    @Test(arguments: valid)
    func parses(text: String, expected: Double) {
        #expect(CivilTime.parseTimestamp(text) == expected)
    }

    /// A `date` key prints BC dates without a time: `0044-03-15 BC` (the " BC" must not be read as a time).
    @Test func bcDateWithoutTime() {
        #expect(CivilTime.parseTimestamp("0001-01-01 BC") == -62_167_219_200)
        #expect(CivilTime.parseTimestamp("0044-03-15 BC") == -63_517_824_000)
    }

    @Test func infinities() {
        #expect(CivilTime.parseTimestamp("infinity") == .infinity)
        #expect(CivilTime.parseTimestamp("+infinity") == .infinity)
        #expect(CivilTime.parseTimestamp("-infinity") == -.infinity)
    }

    @Test(arguments: [
        "", "garbage", "2026-13-01", "2026-00-10", "2026-02-30", "2026-02-29", "2026-04-31", "2026-03-00",
        "1900-02-29", "0002-02-29 BC", "2026-3-1", "26-03-01", "2026/03/01", "2026-03-01 00:00", "2026-03-01 25:00:00",
        "2026-03-01 00:60:00", "2026-03-01 00:00:00+", "2026-03-01 00:00:00+5", "2026-03-01 00:00:00.",
        "2026-03-01 00:00:00 ", " 2026-03-01", "2026-03-01x", "2026-03-01 00:00:00Z", "Infinity", "infinityx",
        "2026-03-01 00:00:00+00 AD", "100",
    ])
    func rejects(text: String) {
        #expect(CivilTime.parseTimestamp(text) == nil)
    }
}

struct AddingMonthsTests {
    static let cases: [(start: Double, months: Int, expected: Double)] = [
        // Clamped to the end of a shorter month, as PostgreSQL's timestamp + interval does.
        (utc(2026, 1, 31, 12, 34, 56), 1, utc(2026, 2, 28, 12, 34, 56)),
        (utc(2024, 1, 31), 1, utc(2024, 2, 29)),
        (utc(2026, 3, 31), -1, utc(2026, 2, 28)),
        (utc(2024, 3, 31), -1, utc(2024, 2, 29)),
        (utc(2026, 8, 31), -6, utc(2026, 2, 28)),
        (utc(2026, 5, 31), 1, utc(2026, 6, 30)),
        // Across leap years.
        (utc(2026, 2, 28), -72, utc(2020, 2, 28)),
        (utc(2024, 2, 29), -72, utc(2018, 2, 28)),
        (utc(2024, 2, 29), 48, utc(2028, 2, 29)),
        (utc(2030, 3, 31), -72, utc(2024, 3, 31)),
        (utc(2026, 3, 15, 12), -72, utc(2020, 3, 15, 12)),
        (utc(2026, 3, 15), -84, utc(2019, 3, 15)),
        // Year ends.
        (utc(2026, 12, 15), 1, utc(2027, 1, 15)),
        (utc(2026, 1, 15), -1, utc(2025, 12, 15)),
        (utc(2026, 1, 1), -13, utc(2024, 12, 1)),
        (utc(2026, 12, 31, 23, 59, 59), 2, utc(2027, 2, 28, 23, 59, 59)),
        // Before 1970 and into BC (year 0 is 1 BC).
        (utc(1969, 12, 31, 23), 2, utc(1970, 2, 28, 23)),
        (utc(1970, 1, 1), -1, utc(1969, 12, 1)),
        (utc(1, 1, 1), -1, utc(0, 12, 1)),
        (utc(2026, 3, 1), 0, utc(2026, 3, 1)),
    ]

    @Test(arguments: cases)
    func addsMonths(start: Double, months: Int, expected: Double) {
        #expect(CivilTime.addingMonths(months, to: start) == expected)
    }

    @Test func infinitiesStayPut() {
        #expect(CivilTime.addingMonths(-72, to: .infinity) == .infinity)
        #expect(CivilTime.addingMonths(3, to: -.infinity) == -.infinity)
    }

    @Test func wholeMonths() {
        #expect(CivilTime.wholeMonths(from: utc(2026, 1, 1), to: utc(2026, 3, 1)) == 2)
        #expect(CivilTime.wholeMonths(from: utc(2025, 12, 1), to: utc(2026, 1, 1)) == 1)
        #expect(CivilTime.wholeMonths(from: utc(2025, 1, 1), to: utc(2026, 1, 1)) == 12)
        #expect(CivilTime.wholeMonths(from: utc(2026, 3, 1), to: utc(2026, 1, 1)) == -2)
        #expect(CivilTime.wholeMonths(from: utc(2026, 1, 1), to: utc(2026, 2, 1, 2)) == nil)
        #expect(CivilTime.wholeMonths(from: utc(2026, 1, 2), to: utc(2026, 2, 1)) == nil)
        #expect(CivilTime.wholeMonths(from: -.infinity, to: utc(2026, 2, 1)) == nil)
        #expect(CivilTime.wholeMonths(from: utc(2026, 1, 1), to: .infinity) == nil)
    }
}
