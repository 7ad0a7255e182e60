import Yams

/// What the exporter applies to one partitioned table.
public struct TableSettings: Sendable, Equatable {
    /// Periods after the current one that must already exist, as pg_partman counts `premake`.
    public var premake: Int = 3
    /// How long partitions are kept; nil means no retention gauges.
    public var retention: CalendarInterval?
    /// The partition interval, overriding detection.
    public var interval: CalendarInterval?

    public init(premake: Int = 3, retention: CalendarInterval? = nil, interval: CalendarInterval? = nil) {
        self.premake = premake
        self.retention = retention
        self.interval = interval
    }
}

/// The `--config.file` YAML: defaults, per-table rules (first match wins) and exclusions.
public struct Configuration: Sendable, Equatable {
    public var defaults = TableSettings()
    public var rules: [(pattern: TablePattern, settings: TableSettings)] = []
    public var exclude: [TablePattern] = []

    public init() {}

    /// The settings for `schema.table`, or nil when the table is excluded.
    public func settings(schema: String, table: String) -> TableSettings? {
        if exclude.contains(where: { $0.matches(schema: schema, table: table) }) { return nil }
        return rules.first { $0.pattern.matches(schema: schema, table: table) }?.settings ?? defaults
    }

    public static func == (lhs: Configuration, rhs: Configuration) -> Bool {
        lhs.defaults == rhs.defaults && lhs.exclude == rhs.exclude
            && lhs.rules.map(\.pattern) == rhs.rules.map(\.pattern) && lhs.rules.map(\.settings) == rhs.rules.map(\.settings)
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
        let top = try reader.mapping(root, key: "", allowed: ["defaults", "tables", "exclude"])
        if let defaults = top["defaults"] {
            self.defaults = try reader.settings(defaults, key: "defaults", base: TableSettings())
        }
        if let tables = top["tables"] {
            for (index, item) in try reader.sequence(tables, key: "tables").enumerated() {
                let key = "tables[\(index)]"
                let fields = try reader.mapping(item, key: key, allowed: ["name", "premake", "retention", "interval"])
                guard let nameNode = fields["name"] else {
                    throw reader.error(item, key: key, "missing required key 'name'")
                }
                let pattern = try reader.pattern(nameNode, key: key + ".name")
                rules.append((pattern, try reader.settings(item, key: key, base: self.defaults, skip: ["name"])))
            }
        }
        if let exclude = top["exclude"] {
            for (index, node) in try reader.sequence(exclude, key: "exclude").enumerated() {
                self.exclude.append(try reader.pattern(node, key: "exclude[\(index)]"))
            }
        }
    }
}

private extension NodeReader {
    func settings(
        _ node: Node, key: String, base: TableSettings, skip: Set<String> = []
    ) throws(ConfigurationError) -> TableSettings {
        let fields = try mapping(node, key: key, allowed: Set(["premake", "retention", "interval"]).union(skip))
        var settings = base
        if let value = fields["premake"] {
            let text = try string(value, key: key + ".premake")
            guard let premake = Int(text), (0...1000).contains(premake) else {
                throw error(value, key: key + ".premake", "expected a whole number from 0 to 1000, got '\(text)'")
            }
            settings.premake = premake
        }
        if let value = fields["retention"] {
            settings.retention = try interval(value, key: key + ".retention")
        }
        if let value = fields["interval"] {
            settings.interval = try interval(value, key: key + ".interval")
        }
        return settings
    }

    func interval(_ node: Node, key: String) throws(ConfigurationError) -> CalendarInterval {
        let text = try string(node, key: key)
        guard let interval = CalendarInterval(parsing: text) else {
            throw error(node, key: key, "expected 'N hours|days|weeks|months|years', got '\(text)'")
        }
        return interval
    }

    func pattern(_ node: Node, key: String) throws(ConfigurationError) -> TablePattern {
        let text = try string(node, key: key)
        guard let pattern = TablePattern(parsing: text) else {
            throw error(node, key: key,
                        "expected 'schema.table' ('*' globs either part, \"quotes\" keep dots), got '\(text)'")
        }
        return pattern
    }
}
