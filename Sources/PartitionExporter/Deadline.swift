import Dispatch

/// An instant after which a wait is abandoned.
public struct Deadline: Sendable {
    public var uptimeNanoseconds: UInt64

    public static func after(seconds: Double) -> Deadline {
        Deadline(uptimeNanoseconds: DispatchTime.now().uptimeNanoseconds + UInt64(max(seconds, 0) * 1e9))
    }

    /// Milliseconds left, at least 0.
    var remainingMilliseconds: Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= uptimeNanoseconds ? 0 : Int32(min((uptimeNanoseconds - now) / 1_000_000 + 1, 60_000))
    }

    public var hasPassed: Bool { DispatchTime.now().uptimeNanoseconds >= uptimeNanoseconds }
}
