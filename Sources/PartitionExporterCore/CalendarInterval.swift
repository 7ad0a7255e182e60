/// A length of time as partitioning thinks of it: whole calendar months, or a fixed number of seconds.
///
/// Used for the partition interval (the period of the grid) and for retention.
public enum CalendarInterval: Sendable, Equatable, CustomStringConvertible {
    case months(Int)
    case seconds(Double)

    /// Parses `N hours|days|weeks|months|years` (singular or plural, e.g. `1 day`, `72 months`, `7 years`).
    /// N is at most 100,000, which keeps every calendar computation far from overflow.
    public init?(parsing text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, let count = Int(words[0]), (1...100_000).contains(count) else { return nil }
        var unit = words[1].lowercased()
        if unit.hasSuffix("s") { unit.removeLast() }
        switch unit {
        case "hour": self = .seconds(Double(count) * 3600)
        case "day": self = .seconds(Double(count) * CivilTime.secondsPerDay)
        case "week": self = .seconds(Double(count) * 7 * CivilTime.secondsPerDay)
        case "month": self = .months(count)
        case "year": self = .months(count * 12)
        default: return nil
        }
    }

    /// Parses an interval as PostgreSQL prints one with `IntervalStyle = 'postgres'` (`1 mon`, `3 mons`, `1 year`,
    /// `7 days`, `01:00:00`, `1 day 12:00:00`), as pg_partman stores `partition_interval`; the forms of
    /// `init(parsing:)` are accepted too. Nil for a mix of months and a fixed length, which no grid can follow.
    public init?(postgres text: String) {
        if let plain = CalendarInterval(parsing: text) {
            self = plain
            return
        }
        var months = 0, seconds = 0.0
        var words = text.split(separator: " ", omittingEmptySubsequences: true)[...]
        while let word = words.popFirst() {
            if word.contains(":") {
                let parts = word.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
                guard parts.count == 3, let h = parts[0], let m = parts[1], let s = parts[2], h >= 0, m >= 0, s >= 0
                else { return nil }
                seconds += h * 3600 + m * 60 + s
                continue
            }
            guard let count = Int(word), (0...100_000).contains(count), let unit = words.popFirst() else { return nil }
            switch unit.lowercased() {
            case "year", "years": months += 12 * count
            case "mon", "mons", "month", "months": months += count
            case "week", "weeks": seconds += Double(count) * 7 * CivilTime.secondsPerDay
            case "day", "days": seconds += Double(count) * CivilTime.secondsPerDay
            case "hour", "hours": seconds += Double(count) * 3600
            case "min", "mins", "minute", "minutes": seconds += Double(count) * 60
            case "sec", "secs", "second", "seconds": seconds += Double(count)
            default: return nil
            }
        }
        switch (months, seconds) {
        case (1...1_200_000, 0): self = .months(months)
        case (0, let s) where s > 0 && s <= 100_000 * 366 * CivilTime.secondsPerDay: self = .seconds(s)
        default: return nil
        }
    }

    /// Detects the interval of a table from its newest partitions: the most common length among the five
    /// newest finite ranges (the newest wins a tie), in calendar months when a range runs from one month start
    /// to another (at UTC or local midnight), else in seconds.
    public static func detect(newestFirst ranges: [(lower: Double, upper: Double)]) -> CalendarInterval? {
        var counts: [(interval: CalendarInterval, count: Int)] = []
        for range in ranges.lazy.filter({ $0.lower.isFinite && $0.upper.isFinite && $0.upper > $0.lower }).prefix(5) {
            let interval: CalendarInterval
            if let months = CivilTime.wholeMonths(from: range.lower, to: range.upper), months > 0 {
                interval = .months(months)
            } else {
                interval = .seconds(range.upper - range.lower)
            }
            if let index = counts.firstIndex(where: { $0.interval == interval }) {
                counts[index].count += 1
            } else {
                counts.append((interval, 1))
            }
        }
        // max(by:) keeps the first of equal elements only when scanning in reverse, so pick explicitly.
        var best: (interval: CalendarInterval, count: Int)?
        for candidate in counts where candidate.count > (best?.count ?? 0) { best = candidate }
        return best?.interval
    }

    /// `time` moved by `count` intervals (negative counts move back).
    public func advance(_ time: Double, by count: Int) -> Double {
        switch self {
        case .months(let months): return CivilTime.addingMonths(months * count, to: time)
        case .seconds(let seconds): return time + seconds * Double(count)
        }
    }

    /// How far a period's ends may lie outside the partitions and still count as covered: partitions cut at local
    /// midnight move by an hour against a UTC grid when daylight saving time starts or ends. Only for periods of a
    /// day or more, where an hour cannot hide a missing partition.
    var daylightSavingSlack: Double {
        switch self {
        case .months: return 3600
        case .seconds(let seconds): return seconds >= CivilTime.secondsPerDay ? 3600 : 0
        }
    }

    /// The index `k` of the grid period `[advance(anchor, k), advance(anchor, k + 1))` that contains `time`.
    public func periodIndex(containing time: Double, anchor: Double) -> Int {
        switch self {
        case .seconds(let seconds):
            return Int(((time - anchor) / seconds).rounded(.down))
        case .months(let months):
            let average = 30.436875 * CivilTime.secondsPerDay * Double(months)
            var k = Int(((time - anchor) / average).rounded(.down))
            while advance(anchor, by: k) > time { k -= 1 }
            while advance(anchor, by: k + 1) <= time { k += 1 }
            return k
        }
    }

    /// The length in seconds, a month counted as the Gregorian average (30.436875 days): for comparing intervals of
    /// different kinds, never for placing bounds.
    public var nominalSeconds: Double {
        switch self {
        case .months(let months): return Double(months) * 30.436875 * CivilTime.secondsPerDay
        case .seconds(let seconds): return seconds
        }
    }

    /// The interval as PostgreSQL prints an `interval` (`1 mon`, `3 mons`, `1 year`, `7 days`, `01:00:00`).
    public var description: String {
        switch self {
        case .months(let total):
            var parts: [String] = []
            let years = total / 12, months = total % 12
            if years != 0 { parts.append("\(years) year" + (years == 1 ? "" : "s")) }
            if months != 0 { parts.append("\(months) mon" + (months == 1 ? "" : "s")) }
            return parts.isEmpty ? "00:00:00" : parts.joined(separator: " ")
        case .seconds(let total):
            let whole = Int(total)
            let days = whole / 86_400, rest = whole % 86_400
            var parts: [String] = []
            if days != 0 { parts.append("\(days) day" + (days == 1 ? "" : "s")) }
            if rest != 0 || days == 0 {
                let h = rest / 3600, m = rest % 3600 / 60, s = rest % 60
                parts.append([h, m, s].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":"))
            }
            return parts.joined(separator: " ")
        }
    }
}
