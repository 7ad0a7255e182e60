import Foundation

/// Work running on a thread of its own, such as a request that waits on a stopped server.
public final class Background<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Value, Error>?

    public init(_ work: @escaping @Sendable () throws -> Value) {
        Thread { [self] in
            let result = Result { try work() }
            lock.lock()
            outcome = result
            lock.unlock()
        }.start()
    }

    /// The outcome, waiting for it at most `timeout` seconds; nil while it is still running.
    public func wait(timeout: TimeInterval) -> Result<Value, Error>? {
        _ = eventually(timeout: timeout) { peek() != nil }
        return peek()
    }

    private func peek() -> Result<Value, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}
