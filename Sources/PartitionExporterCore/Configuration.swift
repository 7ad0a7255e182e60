import Yams

/// What the exporter applies to one partitioned table.
public struct TableSettings: Sendable, Equatable {
    /// Periods after the current one that must already exist, as pg_partman counts `premake`.
    public var premake: Int = 3
    /// How long partitions are kept; nil means no retention gauges.
    public var retention: CalendarInterval?
    /// The partition interval, overriding detection.
    public var interval: CalendarInterval?
    /// The unit of an integer key that holds time since the epoch; its bounds are then read as time.
    public var epoch: Epoch?
    /// How long data must be kept at least (a compliance floor such as HIPAA's 72 months); nil means none.
    public var minRetention: CalendarInterval?
    /// Which partitions get per-partition series; table-level series always stay.
    public var partitionSeries: PartitionSeries = .all
    /// The size and count limits of the alerts, exported per table.
    public var thresholds = AlertThresholds()
    /// `archive: true`: the table ends in the past on purpose, so it need not cover now (no coverage alert).
    public var archive = false
    /// pg_partman's `infinite_time_partitions`: false makes pg_partman create partitions only ahead of the newest
    /// data, so a table that receives none stops being covered on purpose. Not a YAML key: only pg_partman sets it.
    public var infiniteTimePartitions = true

    public init(premake: Int = 3, retention: CalendarInterval? = nil, interval: CalendarInterval? = nil,
                epoch: Epoch? = nil, minRetention: CalendarInterval? = nil, partitionSeries: PartitionSeries = .all) {
        self.premake = premake
        self.retention = retention
        self.interval = interval
        self.epoch = epoch
        self.minRetention = minRetention
        self.partitionSeries = partitionSeries
    }

    /// The keys a table entry may set, as the YAML spells them.
    public enum Key: String, Sendable, CaseIterable {
        case premake, retention, interval, epoch
        case minRetention = "min_retention"
        case partitionSeries = "partition_series"
        case partitionSizeInfo = "partition_size_info"
        case partitionSizeWarning = "partition_size_warning"
        case partitionSizeCritical = "partition_size_critical"
        case partitionCountWarning = "partition_count_warning"
        case partitionCountCritical = "partition_count_critical"
        case archive
    }

    /// True when a retention is set and is shorter than the minimum retention: partitions inside the compliance
    /// window would be dropped.
    public var retentionBelowMinimum: Bool {
        guard let retention, let minRetention else { return false }
        return retention.nominalSeconds < minRetention.nominalSeconds
    }
}

/// `partition_series`: how many partitions of a table get per-partition series (sizes, rows, ranges), so that
/// estates of 100,000 partitions can cap their cardinality.
public enum PartitionSeries: Sendable, Equatable {
    /// Every partition (the default).
    case all
    /// The `n` largest partitions by total size, and those `TableReport` always keeps; `none` is 0.
    case largest(Int)

    /// `all`, `none`, or a whole number from 0 to 100,000.
    public init?(parsing text: String) {
        switch text {
        case "all": self = .all
        case "none": self = .largest(0)
        default:
            guard let count = Int(text), (0...100_000).contains(count) else { return nil }
            self = .largest(count)
        }
    }
}

/// One `tables:` entry: the tables it names, their settings, and which keys the entry set itself (the others come
/// from `defaults`, and yield to pg_partman's `part_config`).
public struct TableRule: Sendable, Equatable {
    public var pattern: TablePattern
    public var settings: TableSettings
    public var keys: Set<TableSettings.Key>

    public init(pattern: TablePattern, settings: TableSettings, keys: Set<TableSettings.Key> = []) {
        self.pattern = pattern
        self.settings = settings
        self.keys = keys
    }
}

/// What pg_partman's `part_config` says of a table, in the exporter's terms; nil fields were absent or unreadable.
public struct PartmanSettings: Sendable, Equatable {
    public var premake: Int?
    public var retention: CalendarInterval?
    public var interval: CalendarInterval?
    public var epoch: Epoch?
    /// `infinite_time_partitions` of a time table; nil when absent or not a time table.
    public var infiniteTimePartitions: Bool?

    public init(premake: Int? = nil, retention: CalendarInterval? = nil, interval: CalendarInterval? = nil,
                epoch: Epoch? = nil, infiniteTimePartitions: Bool? = nil) {
        self.premake = premake
        self.retention = retention
        self.interval = interval
        self.epoch = epoch
        self.infiniteTimePartitions = infiniteTimePartitions
    }
}

/// The `--config.file` YAML: the databases to watch, defaults, per-table rules (first match wins) and exclusions.
public struct Configuration: Sendable, Equatable {
    public var defaults = TableSettings()
    public var rules: [TableRule] = []
    public var exclude: [TablePattern] = []
    /// Database names, `*` globbing; nil watches the database of the connection string alone.
    public var databases: [String]?
    /// Seconds a served partition size may be old (`--sizes.max-age`, a flag rather than a key of the file).
    public var sizesMaxAge: Double = 300
    /// Rows counted at most in each default partition the role may read (`--default-rows.count-limit`); 0 counts
    /// none. A flag, like `sizesMaxAge`: it bounds the exporter's own work rather than describing a table.
    public var defaultRowsCountLimit = Configuration.defaultRowsCountLimitDefault
    /// Enough to tell a few stray rows from none exactly whatever the statistics say, and few enough that counting
    /// a default partition that filled up reads a few megabytes, not the whole table, on every scrape.
    public static let defaultRowsCountLimitDefault = 10_000
    /// The clusters `/probe?target=<name>` may collect, in the file's order; nothing else is ever dialled.
    public var targets: [ProbeTarget] = []

    public init() {}

    /// The settings for `schema.table`, or nil when the table is excluded.
    public func settings(schema: String, table: String) -> TableSettings? {
        resolve(schema: schema, table: table, partman: nil)?.settings
    }

    /// The settings in effect for a table, and the keys where a YAML entry overrode a different value of
    /// pg_partman's. Precedence, key by key: the YAML entry's own keys, then pg_partman, then `defaults`.
    public func resolve(schema: String, table: String, partman: PartmanSettings?)
        -> (settings: TableSettings, overridden: [TableSettings.Key])?
    {
        if exclude.contains(where: { $0.matches(schema: schema, table: table) }) { return nil }
        let rule = rules.first { $0.pattern.matches(schema: schema, table: table) }
        var settings = rule?.settings ?? defaults
        guard let partman else { return (settings, []) }
        let own = rule?.keys ?? []
        var overridden: [TableSettings.Key] = []
        // `managed` nil: pg_partman has no (readable) value, and the YAML's or the default stands.
        func take<Value: Equatable>(_ key: TableSettings.Key, _ path: WritableKeyPath<TableSettings, Value?>,
                                    _ managed: Value?) {
            guard let managed else { return }
            if own.contains(key) {
                if settings[keyPath: path] != managed { overridden.append(key) }
            } else {
                settings[keyPath: path] = managed
            }
        }
        if let premake = partman.premake {
            if own.contains(.premake) {
                if settings.premake != premake { overridden.append(.premake) }
            } else {
                settings.premake = premake
            }
        }
        take(.retention, \.retention, partman.retention)
        take(.interval, \.interval, partman.interval)
        take(.epoch, \.epoch, partman.epoch)
        if let infinite = partman.infiniteTimePartitions { settings.infiniteTimePartitions = infinite }
        return (settings, overridden)
    }

    /// Every table pattern of `tables:` and `exclude:`, as written, in order.
    public var patterns: [TablePattern] { rules.map(\.pattern) + exclude }

    /// The patterns that match at least one of `tables` (schema, name): a pattern that matches none is usually a
    /// typo, which would silently turn a table's retention monitoring off.
    public func matchedPatterns(among tables: [(schema: String, name: String)]) -> Set<String> {
        Set(patterns.filter { pattern in tables.contains { pattern.matches(schema: $0.schema, table: $0.name) } }
            .map(\.description))
    }

    /// True when `name` is among the configured databases (an exact name or a `*` glob).
    public func watches(database name: String) -> Bool {
        guard let databases else { return false }
        return databases.contains { TablePattern.glob(Array($0.utf8)[...], Array(name.utf8)[...]) }
    }
}

/// A configuration problem, located by file, line and key.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

extension Configuration {
    /// Parses configuration text; `file` names it in errors. Unknown keys are errors, so typos do not pass silently.
    public init(yaml text: String, file: String) throws(ConfigurationError) {
        self.init()
        let reader = NodeReader(file: file)
        guard let root = try reader.compose(text) else { return }
        let top = try reader.mapping(root, key: "", allowed: ["defaults", "tables", "exclude", "databases", "targets"])
        if let defaults = top["defaults"] {
            self.defaults = try reader.settings(defaults, key: "defaults", base: TableSettings()).settings
        }
        if let tables = top["tables"] {
            for (index, item) in try reader.sequence(tables, key: "tables").enumerated() {
                let key = "tables[\(index)]"
                let allowed = Set(TableSettings.Key.allCases.map(\.rawValue)).union(["name"])
                let fields = try reader.mapping(item, key: key, allowed: allowed)
                guard let nameNode = fields["name"] else {
                    throw reader.error(item, key: key, "missing required key 'name'")
                }
                let pattern = try reader.pattern(nameNode, key: key + ".name")
                let (settings, keys) = try reader.settings(item, key: key, base: self.defaults, skip: ["name"])
                rules.append(TableRule(pattern: pattern, settings: settings, keys: keys))
            }
        }
        if let exclude = top["exclude"] {
            for (index, node) in try reader.sequence(exclude, key: "exclude").enumerated() {
                self.exclude.append(try reader.pattern(node, key: "exclude[\(index)]"))
            }
        }
        if let databases = top["databases"] {
            self.databases = try reader.databases(databases, key: "databases")
        }
        if let targets = top["targets"] {
            var seen: Set<String> = []
            for (index, item) in try reader.sequence(targets, key: "targets").enumerated() {
                let key = "targets[\(index)]"
                let fields = try reader.mapping(item, key: key, allowed: ["name", "dsn", "databases"])
                guard let nameNode = fields["name"], let dsnNode = fields["dsn"] else {
                    let missing = fields["name"] == nil ? "name" : "dsn"
                    throw reader.error(item, key: key, "missing required key '\(missing)'")
                }
                let name = try reader.parsed(nameNode, key: key + ".name", expected: ProbeTarget.nameRule) {
                    ProbeTarget.isValidName($0) ? $0 : nil
                }
                guard seen.insert(name).inserted else {
                    throw reader.error(nameNode, key: key + ".name", "duplicate target name '\(name)'")
                }
                // Errors name the key and the line, never the value: it may hold a password.
                let dsn = try reader.string(dsnNode, key: key + ".dsn")
                guard !dsn.isEmpty else {
                    throw reader.error(dsnNode, key: key + ".dsn", "expected a libpq connection string or URI")
                }
                var target = ProbeTarget(name: name, dsn: dsn, line: dsnNode.mark?.line)
                if let databases = fields["databases"] {
                    target.databases = try reader.databases(databases, key: key + ".databases")
                }
                self.targets.append(target)
            }
        }
    }
}

private extension NodeReader {
    /// A `databases:` list: names of 1 to 63 bytes, `*` globbing, at least one.
    func databases(_ node: Node, key: String) throws(ConfigurationError) -> [String] {
        var names: [String] = []
        for (index, item) in try sequence(node, key: key).enumerated() {
            let name = try string(item, key: "\(key)[\(index)]")
            guard !name.isEmpty, name.utf8.count <= 63, !name.utf8.contains(0) else {
                throw error(item, key: "\(key)[\(index)]",
                            "expected a database name of 1 to 63 bytes ('*' globs), got '\(name)'")
            }
            names.append(name)
        }
        guard !names.isEmpty else { throw error(node, key: key, "expected at least one database name or '*'") }
        return names
    }

    func settings(
        _ node: Node, key: String, base: TableSettings, skip: Set<String> = []
    ) throws(ConfigurationError) -> (settings: TableSettings, keys: Set<TableSettings.Key>) {
        let fields = try mapping(node, key: key,
                                 allowed: Set(TableSettings.Key.allCases.map(\.rawValue)).union(skip))
        var settings = base
        if let value = fields["premake"] {
            settings.premake = try parsed(value, key: key + ".premake", expected: "a whole number from 0 to 1000") {
                Int($0).flatMap { (0...1000).contains($0) ? $0 : nil }
            }
        }
        if let value = fields["retention"] {
            settings.retention = try interval(value, key: key + ".retention")
        }
        if let value = fields["interval"] {
            settings.interval = try interval(value, key: key + ".interval")
        }
        if let value = fields["min_retention"] {
            settings.minRetention = try interval(value, key: key + ".min_retention")
        }
        if settings.retentionBelowMinimum, let node = fields["retention"] ?? fields["min_retention"] {
            let which = fields["retention"] != nil ? "retention" : "min_retention"
            throw error(node, key: key + "." + which,
                        "retention \(settings.retention!) is shorter than min_retention \(settings.minRetention!): "
                            + "partitions inside the minimum window would be dropped")
        }
        if let value = fields["partition_series"] {
            settings.partitionSeries = try parsed(
                value, key: key + ".partition_series",
                expected: "all, none or a whole number of partitions from 0 to 100000", PartitionSeries.init(parsing:))
        }
        if let value = fields["archive"] {
            settings.archive = try parsed(value, key: key + ".archive", expected: "true or false") {
                ["true": true, "false": false][$0]
            }
        }
        if let value = fields["epoch"] {
            settings.epoch = try parsed(value, key: key + ".epoch",
                                        expected: "one of seconds, milliseconds, microseconds, nanoseconds",
                                        Epoch.init(rawValue:))
        }
        for name in AlertThresholds.keys {
            guard let value = fields[name.rawValue] else { continue }
            settings.thresholds[name] = try AlertThresholds.isSize(name)
                ? parsed(value, key: key + "." + name.rawValue, expected: "a size such as 500MB, 10GB or 1TB",
                         ByteSize.parse)
                : parsed(value, key: key + "." + name.rawValue,
                         expected: "a whole number of partitions from 1 to 1000000") {
                    Int($0).flatMap { (1...1_000_000).contains($0) ? Double($0) : nil }
                }
        }
        // Levels out of order would leave the lower alert never firing alone; the entry may have set either one.
        if let (lower, upper) = settings.thresholds.disorder,
            let named = [upper, lower].first(where: { fields[$0.rawValue] != nil }), let node = fields[named.rawValue]
        {
            let thresholds = settings.thresholds
            throw error(node, key: key + "." + named.rawValue,
                        "\(lower.rawValue) \(thresholds.text(lower)) is above \(upper.rawValue) "
                            + "\(thresholds.text(upper)); each level must be at most the next")
        }
        let keys = Set(fields.keys.compactMap(TableSettings.Key.init(rawValue:)))
        return (settings, keys)
    }

    /// The scalar at `node` read by `parse`, or an error naming the key, what was `expected` and what was found.
    func parsed<Value>(_ node: Node, key: String, expected: String, _ parse: (String) -> Value?)
        throws(ConfigurationError) -> Value
    {
        let text = try string(node, key: key)
        guard let value = parse(text) else { throw error(node, key: key, "expected \(expected), got '\(text)'") }
        return value
    }

    func interval(_ node: Node, key: String) throws(ConfigurationError) -> CalendarInterval {
        try parsed(node, key: key, expected: "'N hours|days|weeks|months|years'", CalendarInterval.init(parsing:))
    }

    func pattern(_ node: Node, key: String) throws(ConfigurationError) -> TablePattern {
        try parsed(node, key: key, expected: "'schema.table' ('*' globs either part, \"quotes\" keep dots)",
                   TablePattern.init(parsing:))
    }
}
