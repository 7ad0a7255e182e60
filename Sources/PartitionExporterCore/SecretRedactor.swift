import Foundation

/// Removes passwords from text before it reaches a log line, a metric or an error message.
public struct SecretRedactor: Sendable {
    private let secrets: [String]

    /// `secrets` are the literal values to hide; empty ones are ignored, longer ones are replaced first.
    public init(secrets: [String]) {
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "********") }
    }

    /// The password of a `postgres://user:password@…` URI as written (percent-encoded) and decoded, so that
    /// both spellings are hidden.
    public static func uriPasswords(in conninfo: String) -> [String] {
        guard let scheme = conninfo.range(of: "://") else { return [] }
        let rest = conninfo[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@") else { return [] }
        let userinfo = rest[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return [] }
        let written = String(userinfo[userinfo.index(after: colon)...])
        return [written, percentDecoded(written)]
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
