/// Durations as Prometheus and its exporters spell them on the command line: `30s`, `5m`, `1h30m`, `250ms`.
public enum PrometheusDuration {
    /// From the largest unit down, as terms must come.
    private static let units: [(suffix: String, seconds: Double)] = [
        ("y", 31_536_000), ("w", 604_800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1), ("ms", 0.001),
    ]

    /// The seconds `text` stands for: one or more `<digits><unit>` terms, largest unit first, each unit once; nil for
    /// anything else (a bare number, a sign, a fraction, a repeated or misordered unit).
    public static func seconds(parsing text: String) -> Double? {
        var rest = Substring(text)
        var total = 0.0
        var previous = -1
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 12, let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // The longest suffix that matches, so that "ms" is not read as minutes.
            guard let unit = units.indices.filter({ rest.hasPrefix(units[$0].suffix) })
                .max(by: { units[$0].suffix.count < units[$1].suffix.count }),
                unit > previous
            else { return nil }
            previous = unit
            total += value * units[unit].seconds
            rest = rest.dropFirst(units[unit].suffix.count)
        }
        return total
    }
}
