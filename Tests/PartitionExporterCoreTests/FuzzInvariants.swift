// The invariants the fuzz targets in fuzz/ assert, shared word for word with FuzzCorpusTests: the fuzz package
// compiles this very file through the symlink fuzz/Sources/FuzzInvariants/FuzzInvariants.swift.
import Foundation
import PartitionExporterCore

/// One family of parsers that read outside input, as one fuzz target and one corpus directory name it.
public enum FuzzTarget: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `PartitionBound(parsing:)`, the text of `pg_get_expr(relpartbound, 0)`, and the times of its literals.
    case bound
    /// `CivilTime.parseTimestamp(_:)`, timestamp literals as PostgreSQL prints them with `DateStyle=ISO`.
    case timestamp
    /// `CalendarInterval(parsing:)`, the `retention` and `interval` strings of the configuration.
    case interval
    /// `TablePattern(parsing:)`, the `name` and `exclude` patterns of the configuration.
    case tablePattern = "table-pattern"
    /// `Configuration(yaml:file:)`, the `--config.file` YAML.
    case config
    /// `WebConfiguration(yaml:file:)`, the exporter-toolkit `--web.config.file` YAML.
    case webConfig = "web-config"
    /// `BasicCredentials(authorizationHeader:)`, the `Authorization` header of every request.
    case basicAuth = "basic-auth"
    /// `LabelSet` and `ExpositionWriter`: arbitrary label values and help texts must read back unchanged.
    case labels

    public var description: String { rawValue }

    /// Runs one input through this family's parsers; returns the invariants it breaks, empty when none.
    public func check(_ bytes: [UInt8]) -> [String] {
        switch self {
        case .bound: return FuzzInvariants.bound(bytes)
        case .timestamp: return FuzzInvariants.timestamp(bytes)
        case .interval: return FuzzInvariants.interval(bytes)
        case .tablePattern: return FuzzInvariants.tablePattern(bytes)
        case .config: return FuzzInvariants.config(bytes)
        case .webConfig: return FuzzInvariants.webConfig(bytes)
        case .basicAuth: return FuzzInvariants.basicAuth(bytes)
        case .labels: return FuzzInvariants.labels(bytes)
        }
    }

    /// The body of a libFuzzer `LLVMFuzzerTestOneInput`: traps, so that libFuzzer saves the input, when an
    /// invariant breaks.
    public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        let problems = check(Array(UnsafeBufferPointer(start: data, count: size)))
        if !problems.isEmpty { fatalError("\(self): " + problems.joined(separator: "\n")) }
        return 0
    }
}

/// The invariants themselves, one function per `FuzzTarget`.
enum FuzzInvariants {
    // MARK: Partition bounds

    static func bound(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = PartitionBound(parsing: text)
        if case .range(let from, let to) = parsed {
            for end in [from, to] {
                if let time = end.time, time.isNaN { problems.append("bound \(end) has a NaN time") }
            }
            // The canonical spelling of what was read reads back the same.
            let canonical = "FOR VALUES FROM (\(quoted(from))) TO (\(quoted(to)))"
            if PartitionBound(parsing: canonical) != parsed {
                problems.append("\(canonical.debugDescription) does not read back as \(String(describing: parsed))")
            }
        }
        if PartitionBound(parsing: "  " + text) != parsed { problems.append("leading spaces change the bound") }
        // The whole input as one quoted literal, in every position PostgreSQL prints one.
        let literal = RangeBoundValue.literal(text)
        let expectations: [(String, PartitionBound)] = [
            ("FOR VALUES FROM (\(quoted(literal))) TO (MAXVALUE)", .range(from: literal, to: .maxValue)),
            ("FOR VALUES FROM (MINVALUE, \(quoted(literal))) TO (\(quoted(literal)), 'x')",
             .range(from: .minValue, to: literal)),
            ("FOR VALUES FROM (E\(quoted(literal))) TO (10)", .range(from: literal, to: .literal("10"))),
            ("FOR VALUES IN (\(quoted(literal)), NULL, \(quoted(literal)))", .list),
        ]
        for (bound, expected) in expectations where PartitionBound(parsing: bound) != expected {
            problems.append("\(bound.debugDescription) does not read as \(expected)")
        }
        return problems
    }

    /// A bound value as `pg_get_expr` prints it, doubling quotes byte by byte.
    static func quoted(_ value: RangeBoundValue) -> String {
        switch value {
        case .minValue: return "MINVALUE"
        case .maxValue: return "MAXVALUE"
        case .literal(let text):
            var bytes: [UInt8] = [UInt8(ascii: "'")]
            for byte in text.utf8 {
                bytes.append(byte)
                if byte == UInt8(ascii: "'") { bytes.append(byte) }
            }
            bytes.append(UInt8(ascii: "'"))
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    // MARK: Timestamps

    static func timestamp(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        if let time = CivilTime.parseTimestamp(text), time.isNaN { problems.append("\(text.debugDescription) is NaN") }
        // A timestamp PostgreSQL could print, built from the input's bytes, reads as the instant it names.
        guard bytes.count >= 12 else { return problems }
        var input = ByteReader(bytes)
        let printedYear = 1 + Int(input.uint32() % 294_276)  // PostgreSQL's timestamps end in 294276 AD.
        let bc = input.byte() & 1 == 1 && printedYear <= 4713  // … and begin in 4713 BC.
        let year = bc ? 1 - printedYear : printedYear
        let month = 1 + Int(input.byte() % 12)
        let day = 1 + Int(input.byte()) % CivilTime.daysInMonth(year: year, month: month)
        let days = CivilTime.days(year: year, month: month, day: day)
        let civil = CivilTime.civil(days: days)
        if civil != (year, month, day) {
            problems.append("civil(days(\(year)-\(month)-\(day))) is \(civil)")
        }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var printed = String(repeating: "0", count: max(0, 4 - String(printedYear).count)) + String(printedYear)
        printed += "-\(two(month))-\(two(day))"
        var seconds: Double = 0
        let form = input.byte() % 4
        if form > 0 {
            let h = Int(input.byte() % 24), m = Int(input.byte() % 60), s = Int(input.byte() % 60)
            printed += " \(two(h)):\(two(m)):\(two(s))"
            seconds = Double(h * 3600 + m * 60 + s)
            let micros = Int(input.uint32() % 1_000_000)
            if micros != 0 {
                var fraction = String(micros)
                fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
                while fraction.hasSuffix("0") { fraction.removeLast() }
                printed += "." + fraction
                seconds += Double("0." + fraction)!
            }
            if form > 1 {
                let sign = input.byte() & 1 == 0 ? 1 : -1
                let oh = Int(input.byte() % 16), om = form > 2 ? Int(input.byte() % 60) : 0
                let os = form > 2 && om % 2 == 1 ? Int(input.byte() % 60) : 0
                printed += (sign > 0 ? "+" : "-") + two(oh)  // `+05`, `-03:30`, `+00:53:28` (local mean time)
                if form > 2 { printed += ":\(two(om))" + (os != 0 ? ":\(two(os))" : "") }
                seconds -= Double(sign * (oh * 3600 + om * 60 + os))
            }
        }
        if bc { printed += " BC" }
        let expected = Double(Self.daysFromCivil(year: year, month: month, day: day)) * 86_400 + seconds
        let parsed = CivilTime.parseTimestamp(printed)
        if parsed != expected {
            problems.append("\(printed.debugDescription) reads as \(String(describing: parsed)), expected \(expected)")
        }
        return problems
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (year 0 is 1 BC), the oracle of the
    /// timestamp invariant. Written apart from `CivilTime.days` (eras of 400 years, March-based years): whole
    /// years of 365 days, the leap days before each year by the closed form ⌊y/4⌋ − ⌊y/100⌋ + ⌊y/400⌋, and the
    /// day of the year from a table of month lengths.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        func floorDivision(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
        /// Leap years among 1 … y - 1, negative for years before 1 (a count of those in y … 0).
        func leapDaysBefore(_ year: Int) -> Int {
            let y = year - 1
            return floorDivision(y, 4) - floorDivision(y, 100) + floorDivision(y, 400)
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        let dayOfYear = daysBeforeMonth[month - 1] + (month > 2 && leap ? 1 : 0) + day - 1
        return 365 * (year - 1970) + leapDaysBefore(year) - leapDaysBefore(1970) + dayOfYear
    }

    // MARK: Intervals

    static func interval(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        guard let interval = CalendarInterval(parsing: text) else { return problems }
        // PostgreSQL's spelling (`1 day`, `2 years`) reads back the same when the parser accepts it at all.
        if let again = CalendarInterval(parsing: interval.description), again != interval {
            problems.append("\(text.debugDescription) → \(interval.description.debugDescription) → \(again)")
        }
        // The configuration's own spelling always reads back the same.
        let canonical = spelled(interval)
        if CalendarInterval(parsing: canonical) != interval {
            problems.append("\(text.debugDescription) → \(canonical.debugDescription) does not read back")
        }
        // Grid and retention arithmetic on what was read: every instant falls in exactly one period.
        let anchor = 1_767_225_600.0  // 2026-01-01 00:00:00 UTC
        if !(interval.advance(anchor, by: -1) < anchor && anchor < interval.advance(anchor, by: 1)) {
            problems.append("\(interval) does not move time forward")
        }
        for time in [anchor, anchor - 0.5, anchor + 1, anchor + 4e9 + 0.25, anchor - 4e9 - 0.25] {
            let k = interval.periodIndex(containing: time, anchor: anchor)
            let lower = interval.advance(anchor, by: k), upper = interval.advance(anchor, by: k + 1)
            if !(lower <= time && time < upper) {
                problems.append("\(interval): period \(k) [\(lower), \(upper)) does not contain \(time)")
            }
        }
        return problems
    }

    /// `N hours|days|weeks|months|years` with the largest unit that divides the interval.
    static func spelled(_ interval: CalendarInterval) -> String {
        switch interval {
        case .months(let months):
            return months % 12 == 0 ? "\(months / 12) years" : "\(months) months"
        case .seconds(let seconds):
            for (unit, length) in [("weeks", 604_800.0), ("days", 86_400), ("hours", 3600)]
            where seconds.truncatingRemainder(dividingBy: length) == 0 {
                return "\(Int(seconds / length)) \(unit)"
            }
            return "\(seconds) seconds"
        }
    }

    // MARK: Table patterns

    static func tablePattern(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        // Glob matching of arbitrary names terminates, whatever the pattern.
        _ = TablePattern(parsing: "*a*b*.*")?.matches(schema: text, table: text)
        guard let pattern = TablePattern(parsing: text) else { return problems }
        _ = pattern.matches(schema: text, table: text)
        if !pattern.matches(schema: pattern.schema, table: pattern.table) {
            problems.append("\(pattern) does not match its own text")
        }
        // Both parts double-quoted, quotes doubled, read back the same.
        // By Unicode scalar: by Character, a quote followed by a combining mark would not be doubled.
        func quote(_ part: String) -> String {
            var quoted = "\""
            for scalar in part.unicodeScalars {
                if scalar == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(scalar) }
            }
            return quoted + "\""
        }
        let requoted = quote(pattern.schema) + "." + quote(pattern.table)
        if TablePattern(parsing: requoted) != pattern {
            problems.append("\(requoted.debugDescription) does not read back as \(pattern)")
        }
        return problems
    }

    // MARK: Configuration files

    static func config(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let file = "conf.d/fuzz.yml"
        do {
            let configuration = try Configuration(yaml: String(decoding: bytes, as: UTF8.self), file: file)
            for settings in [configuration.defaults] + configuration.rules.map(\.settings)
            where !(0...1000).contains(settings.premake) {
                problems.append("premake \(settings.premake) accepted")
            }
            for pattern in configuration.rules.map(\.pattern) + configuration.exclude
            where pattern.schema.isEmpty || pattern.table.isEmpty {
                problems.append("empty pattern part in \(pattern)")
            }
            _ = configuration.settings(schema: "public", table: "events")
        } catch {
            problems += located(error, file: file)
        }
        return problems
    }

    static func webConfig(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let file = "/etc/pg_partition_exporter/web.yml"
        let text = String(decoding: bytes, as: UTF8.self)
        _ = WebConfiguration.isBcryptHash(text)
        do {
            let web = try WebConfiguration(yaml: text, file: file)
            if let tls = web.tls {
                for path in [tls.certFile, tls.keyFile] where !path.hasPrefix("/") {
                    problems.append("TLS path \(path.debugDescription) is not absolute")
                }
                if tls.minVersion != "TLS12" && tls.minVersion != "TLS13" {
                    problems.append("min_version \(tls.minVersion.debugDescription) accepted")
                }
            }
            for (user, hash) in web.basicAuthUsers where !WebConfiguration.isBcryptHash(hash) {
                problems.append("user \(user.debugDescription) has a hash that is not bcrypt: \(hash.debugDescription)")
            }
        } catch {
            problems += located(error, file: file)
        }
        return problems
    }

    /// A configuration error names the file, and a line when it has one.
    static func located(_ error: ConfigurationError, file: String) -> [String] {
        var problems: [String] = []
        if error.file != file { problems.append("error names \(error.file.debugDescription), not \(file)") }
        if !error.description.hasPrefix(file + ":") {
            problems.append("error does not start with the file: \(error.description.debugDescription)")
        }
        if let line = error.line, line < 1 { problems.append("error at line \(line): \(error)") }
        if error.message.isEmpty { problems.append("error without a message: \(error)") }
        return problems
    }

    // MARK: Basic authentication

    static func basicAuth(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        _ = BasicCredentials(authorizationHeader: String(decoding: bytes, as: UTF8.self))
        // Credentials built from the input (user before the first NUL, colons removed; password after it)
        // survive the header: `user:password`, base64, `Basic `.
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        let user = String(decoding: parts[0].filter { $0 != UInt8(ascii: ":") }, as: UTF8.self)
        let password = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
        let encoded = Data((user + ":" + password).utf8).base64EncodedString()
        for header in ["Basic " + encoded, "basic  \(encoded) ", "BASIC " + encoded] {
            let credentials = BasicCredentials(authorizationHeader: header)
            if credentials?.user != user || credentials?.password != password {
                problems.append("user \(user.debugDescription), password \(password.debugDescription) in "
                                + "\(header.debugDescription) read as \(String(describing: credentials))")
            }
        }
        return problems
    }

    // MARK: Exposition

    /// The input split at 0xFF bytes (never in UTF-8): a help text, then up to four label values, then at
    /// least eight bytes of a sample value's bit pattern when present.
    static func labels(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let parts = bytes.split(separator: 0xFF, omittingEmptySubsequences: false)
        let help = String(decoding: parts[0], as: UTF8.self)
        let values = parts.dropFirst().prefix(4).map { String(decoding: $0, as: UTF8.self) }
        var value = Double(bytes.count)
        if bytes.count >= 8 {
            value = Double(bitPattern: bytes.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        let family = MetricFamily("fuzz_metric", help)
        var labels = LabelSet(["datname": values.first ?? ""])
        for (index, labelValue) in values.dropFirst().enumerated() { labels = labels.adding("l\(index)", labelValue) }
        var writer = ExpositionWriter()
        writer.begin(family)
        writer.sample(family, labels, value)

        let lines = writer.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count == 4, lines[3].isEmpty else {
            let written = String(decoding: writer.bytes, as: UTF8.self)
            return ["\(lines.count - 1) lines instead of 3: \(written.debugDescription)"]
        }
        let helpPrefix = Array("# HELP fuzz_metric ".utf8)
        if !lines[0].starts(with: helpPrefix) {
            problems.append("bad HELP line")
        } else if let read = unescapeHelp(lines[0].dropFirst(helpPrefix.count)), read != Array(help.utf8) {
            let readText = String(decoding: read, as: UTF8.self)
            problems.append("help \(help.debugDescription) reads back as \(readText.debugDescription)")
        }
        if !lines[1].elementsEqual("# TYPE fuzz_metric gauge".utf8) { problems.append("bad TYPE line") }
        var expectedLabels = [("datname", values.first ?? "")]
        for (index, labelValue) in values.dropFirst().enumerated() { expectedLabels.append(("l\(index)", labelValue)) }
        if let (read, text) = parseSample(lines[2], metric: "fuzz_metric") {
            if read.count != expectedLabels.count
                || !zip(read, expectedLabels).allSatisfy({ pair in
                    pair.0.0 == pair.1.0 && pair.0.1 == Array(pair.1.1.utf8)
                }) {
                problems.append("labels \(expectedLabels) read back as "
                                + "\(read.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) })")
            }
            if let number = prometheusFloat(text) {
                if !(number == value || (number.isNaN && value.isNaN)) {
                    problems.append("sample \(value) written as \(text.debugDescription) reads back as \(number)")
                }
            } else {
                problems.append("sample \(value) written as \(text.debugDescription), not a Prometheus float")
            }
        } else {
            problems.append("unparsable sample line \(String(decoding: lines[2], as: UTF8.self).debugDescription)")
        }
        return problems
    }

    /// `# HELP` text as Prometheus' text parser reads it: `\\` and `\n` are escapes, other backslashes literal.
    static func unescapeHelp(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var escaped = false
        for byte in bytes {
            if escaped {
                switch byte {
                case UInt8(ascii: "\\"): result.append(byte)
                case UInt8(ascii: "n"): result.append(UInt8(ascii: "\n"))
                default: result += [UInt8(ascii: "\\"), byte]
                }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                result.append(byte)
            }
        }
        if escaped { result.append(UInt8(ascii: "\\")) }
        return result
    }

    /// A sample line as Prometheus' text parser reads it: `name{label="value",…} value`, label values with the
    /// escapes `\\`, `\"` and `\n`. Nil when it is not one.
    static func parseSample(_ line: ArraySlice<UInt8>, metric: String) -> ([(String, [UInt8])], String)? {
        var rest = line[...]
        guard rest.starts(with: metric.utf8) else { return nil }
        rest = rest.dropFirst(metric.utf8.count)
        var labels: [(String, [UInt8])] = []
        if rest.first == UInt8(ascii: "{") {
            rest = rest.dropFirst()
            while rest.first != UInt8(ascii: "}") {
                guard let equals = rest.firstIndex(of: UInt8(ascii: "=")) else { return nil }
                let name = String(decoding: rest[..<equals], as: UTF8.self)
                let isNameByte = { (b: UInt8) in
                    b == 95 || (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b)
                }
                guard !name.isEmpty, name.utf8.allSatisfy(isNameByte) else { return nil }
                rest = rest[(equals + 1)...]
                guard rest.first == UInt8(ascii: "\"") else { return nil }
                rest = rest.dropFirst()
                var value: [UInt8] = []
                while true {
                    guard let byte = rest.popFirst() else { return nil }
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") {
                        switch rest.popFirst() {
                        case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                        case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                        case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                        default: return nil  // Prometheus rejects any other escape in a label value.
                        }
                    } else {
                        value.append(byte)
                    }
                }
                labels.append((name, value))
                if rest.first == UInt8(ascii: ",") { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        guard rest.popFirst() == UInt8(ascii: " "), !rest.contains(UInt8(ascii: " ")) else { return nil }
        return (labels, String(decoding: rest, as: UTF8.self))
    }

    /// A sample value as Go's `strconv.ParseFloat` reads what the writer prints.
    static func prometheusFloat(_ text: String) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default:
            guard text.utf8.allSatisfy({ (48...57).contains($0) || [43, 45, 46, 101].contains($0) }) else { return nil }
            return Double(text)
        }
    }
}

/// Reads fixed-size numbers off the front of a fuzz input, zeros past its end.
struct ByteReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }

    mutating func uint32() -> UInt32 { (0..<4).reduce(UInt32(0)) { value, _ in value << 8 | UInt32(byte()) } }
}
