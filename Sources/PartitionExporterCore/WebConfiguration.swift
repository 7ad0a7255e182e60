import Yams

/// The `--web.config.file` of Prometheus' exporter-toolkit, so that users reuse the files they have: TLS with a
/// certificate and key, and basic authentication against bcrypt hashes.
public struct WebConfiguration: Sendable, Equatable {
    public struct TLS: Sendable, Equatable {
        /// Paths, resolved against the web configuration file's directory as exporter-toolkit does.
        public var certFile: String
        public var keyFile: String
        /// `TLS12` (the default) or `TLS13`.
        public var minVersion: String
    }

    public var tls: TLS?
    /// User name to bcrypt hash (`$2a$`, `$2b$` or `$2y$`).
    public var basicAuthUsers: [String: String] = [:]

    public init() {}

    /// Parses a web configuration; `file` names it in errors and anchors relative paths. Keys that
    /// exporter-toolkit knows but this exporter does not implement are errors, not silently ignored.
    public init(yaml text: String, file: String) throws(ConfigurationError) {
        let reader = NodeReader(file: file)
        guard let root = try reader.compose(text) else { return }
        let top = try reader.mapping(root, key: "", allowed: ["tls_server_config", "basic_auth_users",
                                                              "http_server_config"])
        if let http = top["http_server_config"] {
            throw reader.error(http, key: "http_server_config", "not supported by pg_partition_exporter")
        }
        if let node = top["tls_server_config"] {
            tls = try Self.tls(node, reader: reader, directory: Self.directory(of: file))
        }
        if let node = top["basic_auth_users"] {
            for entry in try reader.stringMap(node, key: "basic_auth_users") {
                guard Self.isBcryptHash(entry.value) else {
                    throw reader.error(entry.node, key: "basic_auth_users.\(entry.key)",
                                       "expected a bcrypt hash ($2a$, $2b$ or $2y$, cost 04 to 31, 60 characters)")
                }
                basicAuthUsers[entry.key] = entry.value
            }
        }
    }

    private static func tls(_ node: Node, reader: NodeReader, directory: String) throws(ConfigurationError) -> TLS {
        let unsupported: Set = ["client_auth_type", "client_ca_file", "cipher_suites", "curve_preferences",
                                "max_version", "prefer_server_cipher_suites", "cert", "key", "client_allowed_sans"]
        let fields = try reader.mapping(node, key: "tls_server_config",
                                        allowed: Set(["cert_file", "key_file", "min_version"]).union(unsupported))
        for name in fields.keys.sorted() where unsupported.contains(name) {
            throw reader.error(fields[name]!, key: "tls_server_config.\(name)", "not supported by pg_partition_exporter")
        }
        func path(_ name: String) throws(ConfigurationError) -> String {
            guard let value = fields[name] else {
                throw reader.error(node, key: "tls_server_config", "missing required key '\(name)'")
            }
            let text = try reader.string(value, key: "tls_server_config.\(name)")
            guard !text.isEmpty else { throw reader.error(value, key: "tls_server_config.\(name)", "empty path") }
            return text.hasPrefix("/") ? text : directory + text
        }
        var minVersion = "TLS12"
        if let value = fields["min_version"] {
            minVersion = try reader.string(value, key: "tls_server_config.min_version")
            guard minVersion == "TLS12" || minVersion == "TLS13" else {
                throw reader.error(value, key: "tls_server_config.min_version", "expected TLS12 or TLS13")
            }
        }
        return TLS(certFile: try path("cert_file"), keyFile: try path("key_file"), minVersion: minVersion)
    }

    /// `$2b$10$` + 53 characters of bcrypt's base64 alphabet (22 of salt, 31 of hash).
    public static func isBcryptHash(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]), bytes[3] == UInt8(ascii: "$"),
            let cost = Int(String(decoding: bytes[4...5], as: UTF8.self)), (4...31).contains(cost),
            bytes[6] == UInt8(ascii: "$")
        else { return false }
        return bytes[7...].allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 47
        }
    }

    private static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return String(file[...slash])
    }
}

extension NodeReader {
    /// A mapping of names to single values, keeping each value's node for located errors.
    func stringMap(_ node: Node, key: String) throws(ConfigurationError) -> [(key: String, value: String, node: Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, key: key, "expected a mapping") }
        var result: [(String, String, Node)] = []
        for (keyNode, value) in mapping {
            let name = keyNode.scalar?.string ?? ""
            result.append((name, try string(value, key: "\(key).\(name)"), value))
        }
        return result
    }
}
