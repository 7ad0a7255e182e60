import Foundation

/// A pg_cron schedule: five cron fields (`*/15 3 * * 1-5`, with names such as `mon` or `jan`), the `@hourly`
/// family, or pg_cron's `N seconds`, enough to know how long a job may go without running.
public struct CronSchedule: Sendable, Equatable {
    /// The longest time between two consecutive runs, in seconds, over a year and more of the calendar (UTC,
    /// pg_cron's default `cron.timezone`): how stale a job's last success may get while it is healthy.
    public let maxIntervalSeconds: Double

    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count == 2, words[1] == "seconds" || words[1] == "second", let n = Int(words[0]), (1...59).contains(n) {
            maxIntervalSeconds = Double(n)
            return
        }
        let fields: [String]
        switch trimmed {
        case "@yearly", "@annually": fields = ["0", "0", "1", "1", "*"]
        case "@monthly": fields = ["0", "0", "1", "*", "*"]
        case "@weekly": fields = ["0", "0", "*", "*", "0"]
        case "@daily", "@midnight": fields = ["0", "0", "*", "*", "*"]
        case "@hourly": fields = ["0", "*", "*", "*", "*"]
        default: fields = words
        }
        guard fields.count == 5,
            let minutes = Self.field(fields[0], 0...59), let hours = Self.field(fields[1], 0...23),
            let days = Self.field(fields[2], 1...31), let months = Self.field(fields[3], 1...12, names: Self.months),
            var weekdays = Self.field(fields[4], 0...7, names: Self.weekdays)
        else { return nil }
        if weekdays.contains(7) { weekdays.insert(0) }
        // As cron does: when both day fields are restricted, a day matches either.
        let dayOfMonthAny = fields[2].hasPrefix("*"), weekdayAny = fields[4].hasPrefix("*")
        let minuteList = minutes.sorted(), hourList = hours.sorted()
        // Walk 400 days from 2026-01-01 (a Thursday) day by day, then the matching minutes of each matching day.
        let startDay = CivilTime.days(year: 2026, month: 1, day: 1)
        var previous: Int?, longest = 0
        for offset in 0..<400 {
            let day = startDay + offset
            let (_, month, dayOfMonth) = CivilTime.civil(days: day)
            let weekday = ((day % 7) + 11) % 7  // 1970-01-01 (day 0) was a Thursday (4).
            guard months.contains(month) else { continue }
            let domMatch = days.contains(dayOfMonth), dowMatch = weekdays.contains(weekday)
            let matches = dayOfMonthAny && weekdayAny ? true
                : dayOfMonthAny ? dowMatch : weekdayAny ? domMatch : (domMatch || dowMatch)
            guard matches else { continue }
            for hour in hourList {
                for minute in minuteList {
                    let at = (day * 24 + hour) * 60 + minute
                    if let previous { longest = max(longest, at - previous) }
                    previous = at
                }
            }
        }
        guard longest > 0 else { return nil }  // Fewer than two runs in 400 days (30 February, say).
        maxIntervalSeconds = Double(longest * 60)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// The values one field allows: `*`, `a`, `a-b`, each optionally `/step`, comma-separated; names count from
    /// the range's first value (`jan` is 1, `sun` is 0).
    private static func field(_ text: String, _ range: ClosedRange<Int>, names: [String] = []) -> Set<Int>? {
        var values: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return nil }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { return nil }
                step = parsed
            }
            func value(_ token: Substring) -> Int? {
                if let number = Int(token), range.contains(number) { return number }
                return names.firstIndex(of: String(token)).map { $0 + range.lowerBound }
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" {
                bounds = range
            } else {
                let ends = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2, let low = value(ends[0]) else { return nil }
                let high = ends.count == 2 ? value(ends[1]) : (pieces.count == 2 ? range.upperBound : low)
                guard let high, low <= high else { return nil }
                bounds = low...high
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values.isEmpty ? nil : values
    }
}
