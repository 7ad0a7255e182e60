import Testing

@testable import PartitionExporterCore

/// The longest gap between runs of pg_cron schedules, as a calendar gives them.
struct CronScheduleTests {
    static let gaps: [(String, Double)] = [
        ("* * * * *", 60), ("*/5 * * * *", 300), ("0 * * * *", 3600), ("@hourly", 3600), ("30 3 * * *", 86_400),
        ("@daily", 86_400), ("0 3 * * 0", 604_800), ("0 3 * * sun", 604_800), ("0 3 * * 7", 604_800),
        ("@weekly", 604_800),
        // Weekdays at 09:00: Friday to Monday is the longest gap.
        ("0 9 * * 1-5", 3 * 86_400), ("0 9 * * mon-fri", 3 * 86_400),
        // The first of each month: July to August and December to January are 31 days.
        ("0 0 1 * *", 31 * 86_400), ("@monthly", 31 * 86_400),
        // Every 15 minutes in working hours only: 17:45 to 08:00 the next day.
        ("*/15 8-17 * * *", 14.25 * 3600),
        // Twice a day, at 06:00 and 18:00.
        ("0 6,18 * * *", 12 * 3600),
        // Day of month and weekday both restricted: either matches (the 1st, and every Monday).
        ("0 0 1 * 1", 7 * 86_400),
        ("30 seconds", 30), ("1 second", 1),
        ("@yearly", 365 * 86_400),  // 2026-01-01 to 2027-01-01.
    ]

    @Test(arguments: gaps)
    func longestGap(schedule: String, seconds: Double) {
        #expect(CronSchedule(parsing: schedule)?.maxIntervalSeconds == seconds, "\(schedule)")
    }

    @Test(arguments: ["", "* * * *", "61 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8",
                      "*/0 * * * *", "5-1 * * * *", "0 0 30 2 *", "60 seconds", "@reboot", "a b c d e"])
    func refuses(schedule: String) {
        #expect(CronSchedule(parsing: schedule) == nil, "\(schedule)")
    }
}
