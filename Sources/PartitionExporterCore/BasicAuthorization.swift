import Foundation

/// The credentials of an `Authorization: Basic …` header (RFC 7617).
public struct BasicCredentials: Sendable, Equatable {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Nil when the header is absent, not Basic, not base64, or has no colon.
    public init?(authorizationHeader header: String?) {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        // Split at the first colon byte: by Character, a colon followed by a combining mark is not a colon.
        guard let data = Data(base64Encoded: encoded), String(data: data, encoding: .utf8) != nil,
            let colon = data.firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        user = String(decoding: data[..<colon], as: UTF8.self)
        password = String(decoding: data[(colon + 1)...], as: UTF8.self)
    }
}

/// Compares two byte strings in time that depends on their lengths only, not on where they differ.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
