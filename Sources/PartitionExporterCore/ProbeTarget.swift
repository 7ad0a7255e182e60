/// One cluster of a fleet, collected by `GET /probe?target=<name>`. The operator names each in the configuration
/// file, so that a request can only choose among configured connection strings and never supply one: whoever
/// reaches the exporter cannot make it dial an address of their choosing (postgres_exporter's `/probe` can).
public struct ProbeTarget: Sendable, Equatable {
    public var name: String
    /// A libpq conninfo string or `postgresql://` URI; libpq's environment fills what it leaves out. It may hold a
    /// password, so it is never printed.
    public var dsn: String
    /// The target's own `databases:`; nil uses the file's top-level `databases:`, as `/metrics` does.
    public var databases: [String]?
    /// The line of `dsn` in the file, to locate a connection string that libpq rejects at start.
    public var line: Int?

    public init(name: String, dsn: String, databases: [String]? = nil, line: Int? = nil) {
        self.name = name
        self.dsn = dsn
        self.databases = databases
        self.line = line
    }

    static let nameRule = "a name of 1 to 64 letters, digits, '_', '-' or '.'"

    /// Names fit in a URL, a label value and a log line without escaping, and cannot be mistaken for a host:port,
    /// a URI or a conninfo string.
    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                true
            default: false
            }
        }
    }
}

extension Configuration {
    /// The configuration a target's collection runs under: the same table rules, with the target's own
    /// `databases:` when it has one.
    public func configuration(for target: ProbeTarget) -> Configuration {
        var configuration = self
        configuration.databases = target.databases ?? databases
        configuration.targets = []
        return configuration
    }
}

/// What `/probe` makes of a request's query arguments: the configured target it names, or why it is refused.
/// Decided before anything is dialled, and the refusal never echoes the request's values.
public enum ProbeRequest: Sendable, Equatable {
    case target(String)
    case refused(status: Int, reason: String)

    /// `arguments` are the decoded query arguments in order; `targets` the configured names.
    public init(arguments: [(name: String, value: String?)], targets: Set<String>) {
        let names = arguments.map(\.name)
        if let other = names.first(where: { $0 != "target" }) {
            let shown = ProbeTarget.isValidName(other) ? "'\(other)'" : "a parameter"
            self = .refused(status: 400, reason: "unknown query parameter \(shown): only target=<name> is accepted")
            return
        }
        let values = arguments.compactMap(\.value)
        guard values.count == 1, names.count == 1 else {
            self = .refused(status: 400, reason: names.isEmpty || values.isEmpty
                ? "missing target: ask for /probe?target=<name of a configured target>"
                : "target given more than once")
            return
        }
        let value = values[0]
        if targets.contains(value) {
            self = .target(value)
        } else if value.contains(where: { "=:/@ \t?&%".contains($0) }) {
            self = .refused(status: 400, reason: """
                target must be the name of a target in the configuration file, not a connection string, URI \
                or host; nothing was dialled
                """)
        } else {
            self = .refused(status: 404, reason: "unknown target: not in the configuration file's targets")
        }
    }
}
