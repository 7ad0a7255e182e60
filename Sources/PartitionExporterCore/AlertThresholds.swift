/// The size and count limits the shipped alerts compare a table with, set in `defaults` or per table in the YAML and
/// exported as series (`pg_partitioned_table_partition_size_threshold_bytes`,
/// `pg_partitioned_table_partition_count_threshold`), so that the rules and the dashboards read the numbers in
/// effect for each table rather than one constant for all. The defaults are the seeds' runbooks' limits.
public struct AlertThresholds: Sendable, Equatable {
    /// `PgPartitionLarge` at info, warning and critical: total bytes of one partition.
    public var partitionSizeInfo: Double = 500 * 1024 * 1024
    public var partitionSizeWarning: Double = 10 * 1024 * 1024 * 1024
    public var partitionSizeCritical: Double = 50 * 1024 * 1024 * 1024
    /// `PgPartitionCountHigh` at warning and critical: direct partitions of the table, above what its policy implies.
    public var partitionCountWarning: Double = 100
    public var partitionCountCritical: Double = 500

    public init() {}

    /// The thresholds with their severity, in the exposition's order.
    public var sizes: [(severity: String, bytes: Double)] {
        [("info", partitionSizeInfo), ("warning", partitionSizeWarning), ("critical", partitionSizeCritical)]
    }

    public var counts: [(severity: String, partitions: Double)] {
        [("warning", partitionCountWarning), ("critical", partitionCountCritical)]
    }

    /// The YAML keys of the thresholds, sizes first, each level before the next.
    public static let keys: [TableSettings.Key] = [
        .partitionSizeInfo, .partitionSizeWarning, .partitionSizeCritical, .partitionCountWarning,
        .partitionCountCritical,
    ]

    static func isSize(_ key: TableSettings.Key) -> Bool { key.rawValue.hasPrefix("partition_size") }

    /// The threshold a YAML key sets; other keys read 0 and ignore writes.
    public subscript(key: TableSettings.Key) -> Double {
        get {
            switch key {
            case .partitionSizeInfo: partitionSizeInfo
            case .partitionSizeWarning: partitionSizeWarning
            case .partitionSizeCritical: partitionSizeCritical
            case .partitionCountWarning: partitionCountWarning
            case .partitionCountCritical: partitionCountCritical
            default: 0
            }
        }
        set {
            switch key {
            case .partitionSizeInfo: partitionSizeInfo = newValue
            case .partitionSizeWarning: partitionSizeWarning = newValue
            case .partitionSizeCritical: partitionSizeCritical = newValue
            case .partitionCountWarning: partitionCountWarning = newValue
            case .partitionCountCritical: partitionCountCritical = newValue
            default: break
            }
        }
    }

    /// The threshold as the YAML would spell it: `10GB`, `100`.
    func text(_ key: TableSettings.Key) -> String {
        Self.isSize(key) ? ByteSize.format(self[key]) : String(Int64(self[key]))
    }

    /// The first pair of levels out of order (a warning above the critical, say), as the YAML keys name them; nil
    /// when every level is at most the next. Out of order, the lower alert would never fire alone.
    public var disorder: (lower: TableSettings.Key, upper: TableSettings.Key)? {
        for (lower, upper) in zip(Self.keys, Self.keys.dropFirst())
        where Self.isSize(lower) == Self.isSize(upper) && self[lower] > self[upper] {
            return (lower, upper)
        }
        return nil
    }
}

/// A size as PostgreSQL's `pg_size_bytes` reads it: a number, optional spaces, and a unit among `bytes`, `B`, `kB`,
/// `MB`, `GB`, `TB`, `PB` (any case; powers of 1024, as `pg_size_pretty` prints them). DBAs write `500MB`, `10 GB`.
public enum ByteSize {
    /// Units by the power of 1024 they stand for, largest first.
    static let units: [(name: String, power: Double)] = [("PB", 5), ("TB", 4), ("GB", 3), ("MB", 2), ("kB", 1)]

    static func factor(of unit: String) -> Double? {
        if ["", "b", "bytes"].contains(unit) { return 1 }
        return units.first { $0.name.lowercased() == unit }.map { pow1024($0.power) }
    }

    static func pow1024(_ power: Double) -> Double { (0..<Int(power)).reduce(1) { product, _ in product * 1024 } }

    /// The bytes `text` spells, or nil when it is not a size from 1 byte to 4 EiB.
    public static func parse(_ text: String) -> Double? {
        let digits = text.prefix { $0.isNumber || $0 == "." }
        let unit = text.dropFirst(digits.count).drop { $0 == " " }.lowercased()
        guard !digits.isEmpty, digits.filter({ $0 == "." }).count <= 1, let number = Double(digits),
            let factor = factor(of: unit)
        else { return nil }
        // At least a byte (0 would flag every partition); at most 2^62, far beyond any table, so that `format`'s
        // Int64 always holds it.
        let bytes = (number * factor).rounded()
        return bytes >= 1 && bytes <= 0x1p62 ? bytes : nil
    }

    /// `bytes` in the largest unit that divides it, as `parse` reads it back: 524288000 is `500MB`.
    public static func format(_ bytes: Double) -> String {
        for (unit, power) in units {
            let factor = pow1024(power)
            let count = bytes / factor
            if bytes >= factor, count.rounded() == count { return "\(Int64(count))\(unit)" }
        }
        return "\(Int64(bytes))B"
    }
}
