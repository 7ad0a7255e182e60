import Foundation

/// Work to do when the test process exits: stopping servers that static fixtures hold for the whole run.
public enum AtExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var actions: [@Sendable () -> Void] = []

    public static func register(_ action: @escaping @Sendable () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if actions.isEmpty {
            atexit {
                AtExit.lock.lock()
                let pending = AtExit.actions
                AtExit.actions = []
                AtExit.lock.unlock()
                pending.reversed().forEach { $0() }
            }
        }
        actions.append(action)
    }
}
