import CLibCrypt
import Foundation
import PartitionExporterCore

/// Checks passwords against bcrypt hashes with the system's `crypt(3)` (libxcrypt, which knows `$2a$`, `$2b$` and
/// `$2y$`); bcrypt itself is not written here. This is the only file that calls libcrypt.
///
/// bcrypt is slow on purpose (tens of milliseconds at cost 10), so, as exporter-toolkit does, a user and password
/// that verified are remembered and later scrapes skip the hash. Failures are never remembered: every wrong guess
/// pays the full cost.
public final class PasswordVerifier: @unchecked Sendable {
    private let users: [String: String]
    private let lock = NSLock()
    /// Users and the password that last verified for them; guarded by `lock`.
    private var verified: [String: [UInt8]] = [:]

    /// Spent on unknown users too, so that timing does not tell which user names exist.
    private static let dummyHash = "$2b$10$" + String(repeating: "a", count: 53)

    public init(users: [String: String]) {
        self.users = users
    }

    /// True when `password` matches `user`'s hash.
    public func verify(user: String, password: String) -> Bool {
        let candidate = Array(password.utf8)
        lock.lock()
        let remembered = verified[user]
        lock.unlock()
        if let remembered, constantTimeEquals(remembered, candidate) { return true }

        let hash = users[user]
        let matches = Self.matches(password: password, hash: hash ?? Self.dummyHash) && hash != nil
        if matches {
            lock.lock()
            verified[user] = candidate
            lock.unlock()
        }
        return matches
    }

    private static func matches(password: String, hash: String) -> Bool {
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        data.initialize(to: crypt_data())
        guard let result = crypt_r(password, hash, data) else { return false }
        return constantTimeEquals(Array(String(cString: result).utf8), Array(hash.utf8))
    }
}
