/// Calendar arithmetic on the proleptic Gregorian calendar in UTC, without Foundation's locale-dependent machinery.
///
/// Times are `Double` seconds since the Unix epoch, as Prometheus takes them; ±infinity stand for
/// PostgreSQL's `infinity`, `MINVALUE` and `MAXVALUE`.
public enum CivilTime {
    public static let secondsPerDay: Double = 86_400

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Splits an instant into its civil day and the seconds into that day.
    static func split(_ time: Double) -> (days: Int, secondOfDay: Double) {
        let days = Int((time / secondsPerDay).rounded(.down))
        return (days, time - Double(days) * secondsPerDay)
    }

    /// Adds calendar months, clamping the day to the month's end as PostgreSQL's `timestamp + interval` does.
    public static func addingMonths(_ months: Int, to time: Double) -> Double {
        guard time.isFinite else { return time }
        let (dayCount, secondOfDay) = split(time)
        let date = civil(days: dayCount)
        let total = date.year * 12 + (date.month - 1) + months
        let year = Int((Double(total) / 12).rounded(.down))
        let month = total - year * 12 + 1
        let day = min(date.day, daysInMonth(year: year, month: month))
        return Double(days(year: year, month: month, day: day)) * secondsPerDay + secondOfDay
    }

    /// Whole calendar months from `start` to `end` when both sit at midnight on the first of a month, else nil.
    ///
    /// Midnight may be local: each bound may lie up to 14 hours off UTC midnight in whole quarter hours, as when
    /// partitions are cut in a database whose `TimeZone` is not UTC, and the two offsets may differ by the hour of
    /// daylight saving time.
    public static func wholeMonths(from start: Double, to end: Double) -> Int? {
        guard let a = nearestMonthStart(start), let b = nearestMonthStart(end), abs(a.offset - b.offset) <= 3600 else {
            return nil
        }
        return b.index - a.index
    }

    /// The month (`year * 12 + month - 1`) whose first midnight lies within 14 hours of `time`, with `time`'s offset
    /// from it, when that offset is a whole number of quarter hours; else nil.
    static func nearestMonthStart(_ time: Double) -> (index: Int, offset: Double)? {
        guard time.isFinite else { return nil }
        let window = 14 * 3600.0
        // A month start within 14 hours of `time` begins the month that holds `time + 14 h`.
        let date = civil(days: split(time + window).days)
        let monthStart = Double(days(year: date.year, month: date.month, day: 1)) * secondsPerDay
        let offset = time - monthStart
        guard abs(offset) <= window, offset.truncatingRemainder(dividingBy: 900) == 0 else { return nil }
        return (date.year * 12 + date.month - 1, offset)
    }

    /// Parses a timestamp literal as PostgreSQL prints it with `DateStyle=ISO` (`2026-03-01`,
    /// `2026-03-01 00:00:00`, `2026-03-01 00:00:00.25+05:30`, `… BC`, `infinity`). Zone-less values read as UTC.
    public static func parseTimestamp(_ text: String) -> Double? {
        switch text {
        case "infinity", "+infinity": return .infinity
        case "-infinity": return -.infinity
        default: break
        }
        var scanner = Scanner(Array(text.utf8))
        // PostgreSQL's years stop at 5874897 (dates); more digits would overflow the day arithmetic.
        guard let yearDigits = scanner.digits(), (4...7).contains(yearDigits.count), var year = Int(yearDigits),
            scanner.take(UInt8(ascii: "-")), let month = scanner.number(2), scanner.take(UInt8(ascii: "-")),
            let day = scanner.number(2), (1...12).contains(month)
        else { return nil }
        var seconds: Double = 0
        let bc = Array(" BC".utf8)
        var isBC = scanner.take(bc)  // A date prints as `0044-03-15 BC`, a timestamp with its time first.
        if !isBC, scanner.take(UInt8(ascii: " ")) || scanner.take(UInt8(ascii: "T")) {
            guard let h = scanner.number(2), scanner.take(UInt8(ascii: ":")), let m = scanner.number(2),
                scanner.take(UInt8(ascii: ":")), let s = scanner.number(2), h < 25, m < 60, s < 61
            else {
                return nil
            }
            seconds = Double(h * 3600 + m * 60 + s)
            if scanner.take(UInt8(ascii: ".")) {
                guard let fraction = scanner.digits() else { return nil }
                seconds += Double("0." + fraction) ?? 0
            }
            if let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                scanner.advance()
                guard let oh = scanner.number(2) else { return nil }
                var offset = oh * 3600
                if scanner.take(UInt8(ascii: ":")) {
                    guard let om = scanner.number(2) else { return nil }
                    offset += om * 60
                    if scanner.take(UInt8(ascii: ":")) {
                        guard let os = scanner.number(2) else { return nil }
                        offset += os
                    }
                }
                seconds -= Double(sign == UInt8(ascii: "+") ? offset : -offset)
            }
            isBC = scanner.take(bc)
        }
        if isBC { year = 1 - year }
        guard scanner.atEnd, day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return Double(days(year: year, month: month, day: day)) * secondsPerDay + seconds
    }
}

/// A byte cursor for the small hand-written parsers in this module.
struct Scanner {
    private let bytes: [UInt8]
    private(set) var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }
    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
    mutating func advance() { index += 1 }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func take(_ sequence: [UInt8]) -> Bool {
        guard bytes.count - index >= sequence.count, Array(bytes[index..<index + sequence.count]) == sequence else {
            return false
        }
        index += sequence.count
        return true
    }

    /// One or more ASCII digits.
    mutating func digits() -> String? {
        let start = index
        while let b = peek(), b >= 48, b <= 57 { index += 1 }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    /// Exactly `count` ASCII digits as a number.
    mutating func number(_ count: Int) -> Int? {
        guard bytes.count - index >= count else { return nil }
        var value = 0
        for offset in 0..<count {
            let b = bytes[index + offset]
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        index += count
        return value
    }

    mutating func skipSpaces() {
        while peek() == UInt8(ascii: " ") { index += 1 }
    }

    func rest() -> String { String(decoding: bytes[index...], as: UTF8.self) }
}
