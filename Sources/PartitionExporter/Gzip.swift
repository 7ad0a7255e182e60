import CZlib
import PartitionExporterCore

/// gzip (RFC 1952) through zlib: the only file that calls zlib.
///
/// A body is built from pieces that each stand on their own (raw deflate from a fresh state, ended with a sync
/// flush, as pigz builds its output): pieces can be compressed as soon as a family's lines reach a chunk, in any
/// order of families and databases, and concatenated at the end between one gzip header and one trailer.
enum Gzip {
    /// zlib's fastest level: scrape bodies repeat their names and labels on every line, so even this level shrinks
    /// them about twentyfold, at a fraction of the default level's CPU (benchmarks/results).
    static let level: Int32 = 1

    /// Compresses `text` into a piece of a deflate stream that stands on its own.
    @Sendable static func piece(_ text: [UInt8]) -> CompressedLines {
        // zlib's state points back at its z_stream, which therefore lives at a fixed heap address.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        // Only an allocation failure makes this fail: nothing to recover from.
        guard ppe_deflate_init_raw(stream, level) == Z_OK else { fatalError("zlib: deflateInit2 failed") }
        defer { deflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(text.count))) + 16)
        let produced = text.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = UInt32(input.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                // deflateBound leaves room for everything, so one call consumes all the input.
                let status = deflate(stream, Z_SYNC_FLUSH)
                precondition(status == Z_OK && stream.pointee.avail_in == 0, "zlib: deflate left input (\(status))")
                return out.count - Int(stream.pointee.avail_out)
            }
        }
        output.removeSubrange(produced...)
        let crc = text.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return CompressedLines(bytes: output, crc: crc, textCount: text.count)
    }

    /// One gzip member made of `pieces`, in order: header, the pieces, a final empty block, CRC-32 and length.
    static func member(_ pieces: [CompressedLines]) -> [UInt8] {
        var body: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]  // no name, no time, OS unknown
        body.reserveCapacity(pieces.reduce(32) { $0 + $1.bytes.count })
        var crc: UInt = 0
        var length = 0
        for piece in pieces {
            body.append(contentsOf: piece.bytes)
            crc = crc32_combine(crc, UInt(piece.crc), off_t(piece.textCount))
            length += piece.textCount
        }
        body.append(contentsOf: [0x03, 0x00])  // a final, empty block with fixed codes
        for value in [UInt32(truncatingIfNeeded: crc), UInt32(truncatingIfNeeded: length)] {
            for shift in stride(from: 0, to: 32, by: 8) { body.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        return body
    }

    /// Expands a gzip member a window at a time, for a client that does not accept gzip: it costs zlib's 32 KB
    /// window and the caller's buffer, not the whole text.
    final class Expansion: @unchecked Sendable {
        // Used by one thread at a time (the connection's that sends the response); unchecked for that reason.
        /// Keeps the compressed bytes that `stream` reads from alive.
        private let member: SharedBytes
        private let stream: UnsafeMutablePointer<z_stream>
        private var ended = false

        /// Nil only when zlib cannot allocate its state.
        init?(_ member: SharedBytes) {
            self.member = member
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard ppe_inflate_init_gzip(stream) == Z_OK else {
                stream.deallocate()
                return nil
            }
            stream.pointee.next_in = member.buffer.baseAddress
            stream.pointee.avail_in = UInt32(member.count)
        }

        deinit {
            inflateEnd(stream)
            stream.deallocate()
        }

        /// Writes the next bytes of the text into `buffer`: how many (0 once the text has ended), or nil when the
        /// member is corrupt.
        func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
            guard !ended, let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
            stream.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(buffer.count)
            let status = inflate(stream, Z_NO_FLUSH)
            guard status == Z_OK || status == Z_STREAM_END else { return nil }
            ended = status == Z_STREAM_END
            return buffer.count - Int(stream.pointee.avail_out)
        }
    }
}
