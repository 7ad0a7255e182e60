import Synchronization

/// A one-way switch that cuts short every wait on the database that watches it, from any thread: shutdown sets it
/// once, and a connection attempt, a query or a wait for the server then ends within one poll slice (50 ms).
/// Shared by a database's connection attempts and connections, so that it also reaches a connection that is
/// still being made.
public final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func interrupt() {
        flag.store(true, ordering: .relaxed)
    }

    public var isInterrupted: Bool { flag.load(ordering: .relaxed) }
}
