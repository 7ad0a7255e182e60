/// The unit of an integer partition key that holds time since 1970-01-01 UTC, as pg_partman's `epoch` names it.
public enum Epoch: String, Sendable, Equatable, CaseIterable {
    case seconds, milliseconds, microseconds, nanoseconds

    public var unitsPerSecond: Double {
        switch self {
        case .seconds: return 1
        case .milliseconds: return 1e3
        case .microseconds: return 1e6
        case .nanoseconds: return 1e9
        }
    }
}
