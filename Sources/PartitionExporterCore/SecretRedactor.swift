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

    /// Every password a connection string may carry, found without libpq (which cannot parse a broken string):
    /// `password=` values of a `key=value` string, quoted or not, with libpq's backslash escapes, and of a URI's
    /// query, as written and percent-decoded, plus the URI's `user:password@`, and the stray words after an
    /// unquoted password, which libpq would quote as a keyword. Over-matching costs little: a masked word.
    public static func passwords(in conninfo: String) -> [String] {
        var found = uriPasswords(in: conninfo)
        let bytes = Array(conninfo.utf8)
        var index = 0
        let keyword = Array("password".utf8)
        while index + keyword.count <= bytes.count {
            guard Array(bytes[index..<index + keyword.count]) == keyword else { index += 1; continue }
            var cursor = index + keyword.count
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { index += 1; continue }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            var value: [UInt8] = [], raw: [UInt8] = []
            let quoted = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "'")
            if quoted { cursor += 1 }
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if quoted ? byte == UInt8(ascii: "'") : (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "&")) {
                    break
                }
                raw.append(byte)
                if byte == UInt8(ascii: "\\"), cursor + 1 < bytes.count {
                    cursor += 1
                    raw.append(bytes[cursor])
                    value.append(bytes[cursor])
                } else {
                    value.append(byte)
                }
                cursor += 1
            }
            for candidate in [raw, value] {
                let text = String(decoding: candidate, as: UTF8.self)
                found += [text, percentDecoded(text)]
            }
            // `password=abc def`: libpq reads `def` as a keyword without `=` and quotes it; it is the password's.
            // So is what follows a closing quote: `password='it''s x'` (SQL's doubled quote, no escape in libpq)
            // ends the value at `it`, and libpq quotes `'s`.
            let after = quoted && cursor < bytes.count ? cursor + 1 : cursor
            var rest = bytes[after...].split(separator: UInt8(ascii: " "))[...]
            while let token = rest.popFirst(), !token.contains(UInt8(ascii: "=")) {
                found.append(String(decoding: token, as: UTF8.self))
            }
            index = cursor
        }
        return found.filter { !$0.isEmpty }
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
