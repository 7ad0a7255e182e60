/// An immutable byte buffer at a fixed address, shared by every response that sends it: libmicrohttpd reads it in
/// place and releases it when the response is gone, so a body is never copied per scrape.
public final class SharedBytes: @unchecked Sendable {
    // Written only in init; immutable afterwards, hence Sendable.
    let buffer: UnsafeMutableBufferPointer<UInt8>

    public var count: Int { buffer.count }

    public init(_ bytes: [UInt8]) {
        buffer = .allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
    }

    deinit { buffer.deallocate() }

    public var array: [UInt8] { Array(buffer) }
}
