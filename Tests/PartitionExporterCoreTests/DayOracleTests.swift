import Foundation
import Testing

/// The fuzz timestamp invariant's oracle, `FuzzInvariants.daysFromCivil`, checked against sources of its own:
/// Foundation's Gregorian calendar (in UTC, where it is proleptic enough: from its 1582 cutover on) and dates whose
/// day numbers PostgreSQL documents or that follow from the calendar's 146,097-day cycle.
struct DayOracleTests {
    @Test func agreesWithFoundationFrom1583To2600() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for year in stride(from: 1583, through: 2600, by: 7) {
            for (month, day) in [(1, 1), (2, 28), (2, 29), (3, 1), (12, 31)] {
                guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
                      calendar.component(.day, from: date) == day  // Foundation rolls 29 Feb over in common years
                else { continue }
                let expected = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
                #expect(FuzzInvariants.daysFromCivil(year: year, month: month, day: day) == expected,
                        "\(year)-\(month)-\(day)")
            }
        }
    }

    /// 4714 BC (year -4713) Nov 24 is Julian day 0, 2440588 days before 1970-01-01; 1 AD Jan 1 is 719,162 days
    /// before; and 400 proleptic years are 146,097 days at any point of the calendar.
    @Test func knownDayNumbersBeforeTheGregorianCutover() {
        #expect(FuzzInvariants.daysFromCivil(year: -4713, month: 11, day: 24) == -2_440_588)
        #expect(FuzzInvariants.daysFromCivil(year: 1, month: 1, day: 1) == -719_162)
        #expect(FuzzInvariants.daysFromCivil(year: 0, month: 3, day: 1)
                - FuzzInvariants.daysFromCivil(year: 0, month: 2, day: 29) == 1)
        for year in [-4712, -1, 0, 1, 1600, 294_000] {
            #expect(FuzzInvariants.daysFromCivil(year: year + 400, month: 6, day: 15)
                    - FuzzInvariants.daysFromCivil(year: year, month: 6, day: 15) == 146_097, "\(year)")
        }
    }
}
