import Yams

/// Reads Yams nodes into configuration values, turning every mismatch into a located `ConfigurationError`.
struct NodeReader {
    var file: String

    func error(_ node: Node, key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, key: key, message: message)
    }

    func mapping(_ node: Node, key: String, allowed: Set<String>) throws(ConfigurationError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw error(node, key: key, "expected a mapping") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let name = keyNode.scalar?.string ?? ""
            let path = key.isEmpty ? name : "\(key).\(name)"
            guard allowed.contains(name) else {
                throw error(keyNode, key: path, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node, key: String) throws(ConfigurationError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, key: key, "expected a list") }
        return Array(sequence)
    }

    func string(_ node: Node, key: String) throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error(node, key: key, "expected a single value") }
        return scalar.string
    }

    /// Parses YAML text into a node tree; nil for an empty document.
    func compose(_ text: String) throws(ConfigurationError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch {
            throw located(error)
        }
    }

    /// Yams rejects a repeated key while composing, before the reader sees it; report it with the reader's words.
    private func located(_ error: Error) -> ConfigurationError {
        if case let YamlError.duplicatedKeysInMapping(duplicates, context) = error {
            return ConfigurationError(file: file, line: context.mark.line, key: duplicates.joined(separator: ", "),
                                      message: "duplicate key")
        }
        return ConfigurationError(file: file, line: Self.line(of: error), key: "", message: "invalid YAML: \(error)")
    }

    private static func line(of error: Error) -> Int? {
        if case let YamlError.scanner(_, _, mark, _) = error { return mark.line }
        if case let YamlError.parser(_, _, mark, _) = error { return mark.line }
        if case let YamlError.composer(_, _, mark, _) = error { return mark.line }
        return nil
    }
}
