import CZlib

/// gzip (RFC 1952) through zlib: the only file that calls zlib.
///
/// zlib's state points back at its `z_stream`, which therefore lives at a fixed heap address rather than in a Swift
/// value that may move.
final class GzipCompressor {
    /// zlib's fastest level: scrape bodies repeat their names and labels on every line, so even this level shrinks
    /// them about tenfold, at a fraction of the default level's CPU (benchmarks/results).
    static let level: Int32 = 1

    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var output: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    init() {
        stream.initialize(to: z_stream())
        // Only an allocation failure makes this fail: nothing to recover from.
        guard ppe_deflate_init_gzip(stream, Self.level) == Z_OK else { fatalError("zlib: deflateInit2 failed") }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `bytes` into the stream.
    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { input in run(input, flush: Z_NO_FLUSH) }
    }

    /// Ends the stream and returns the whole gzip member.
    func finish() -> [UInt8] {
        run(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        defer { output = [] }
        return output
    }

    private func run(_ input: UnsafeBufferPointer<UInt8>, flush: Int32) {
        var remaining = input
        repeat {
            // avail_in is 32 bits: feed larger inputs a gigabyte at a time.
            let piece = UnsafeBufferPointer(rebasing: remaining.prefix(1 << 30))
            remaining = UnsafeBufferPointer(rebasing: remaining.dropFirst(piece.count))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: piece.baseAddress)
            stream.pointee.avail_in = UInt32(piece.count)
            let last = remaining.isEmpty ? flush : Z_NO_FLUSH
            var status: Int32
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    let status = deflate(stream, last)
                    output.append(contentsOf: out.prefix(out.count - Int(stream.pointee.avail_out)))
                    return status
                }
            } while stream.pointee.avail_out == 0 || (last == Z_FINISH && status == Z_OK)
        } while !remaining.isEmpty
    }
}

enum Gzip {
    /// Expands the gzip member `data` into `output`, which must be exactly as long as its content; false otherwise.
    static func decompress(_ data: UnsafeMutableBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
        -> Bool
    {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard ppe_inflate_init_gzip(stream) == Z_OK else { return false }
        defer { inflateEnd(stream) }
        stream.pointee.next_in = data.baseAddress
        stream.pointee.avail_in = UInt32(data.count)
        stream.pointee.next_out = output.baseAddress
        stream.pointee.avail_out = UInt32(output.count)
        return inflate(stream, Z_FINISH) == Z_STREAM_END && Int(stream.pointee.total_out) == output.count
    }
}
