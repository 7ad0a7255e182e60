import Testing

/// Epoch seconds of a UTC civil time, found by counting whole years and months one at a time.
///
/// A deliberately naive oracle: it shares nothing with `CivilTime`'s era arithmetic, and `FixturesTests`
/// checks it against constants printed by `date -u -d … +%s`. Year 0 is 1 BC, as in ISO 8601.
func utc(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Double = 0
) -> Double {
    func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var days = 0
    if year >= 1970 {
        for y in 1970..<year { days += leap(y) ? 366 : 365 }
    } else {
        for y in year..<1970 { days -= leap(y) ? 366 : 365 }
    }
    for m in 1..<month { days += monthLengths[m - 1] + (m == 2 && leap(year) ? 1 : 0) }
    days += day - 1
    return Double(days) * 86_400 + Double(hour * 3600 + minute * 60) + second
}

let day: Double = 86_400
let hour: Double = 3600

struct FixturesTests {
    /// Every constant here was printed by `date -u -d '<date>' +%s`.
    static let known: [(computed: Double, expected: Double)] = [
        (utc(1970, 1, 1), 0.0),
        (utc(2026, 3, 1), 1_772_323_200),
        (utc(2026, 1, 1), 1_767_225_600),
        (utc(2024, 2, 29), 1_709_164_800),
        (utc(2000, 2, 29), 951_782_400),
        (utc(1900, 3, 1), -2_203_891_200),
        (utc(1969, 12, 31), -86_400),
        (utc(1960, 1, 1), -315_619_200),
        (utc(2026, 12, 31, 23, 59, 59), 1_798_761_599),
        (utc(2026, 3, 15, 12), 1_773_576_000),
        (utc(1600, 2, 29), -11_670_998_400),
        (utc(1, 1, 1), -62_135_596_800),
        (utc(0, 1, 1), -62_167_219_200),
    ]

    @Test(arguments: known)
    func oracleMatchesDateCommand(computed: Double, expected: Double) {
        #expect(computed == expected)
    }
}
