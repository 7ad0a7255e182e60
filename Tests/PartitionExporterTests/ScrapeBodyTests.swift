import Foundation
import PartitionExporterCore
import Testing
import TestSupport

@testable import PartitionExporter

/// A body built from pieces compressed while the samples were written, across merges, is one gzip member that
/// expands to exactly the text the same samples give uncompressed.
struct ScrapeBodyTests {
    static let big = MetricFamily("test_partition_bytes", "A family large enough to be compressed in pieces.")
    static let small = MetricFamily("test_small", "A family that stays text until the end.")

    /// Two databases' samples: `app` with over three chunks of the big family, `billing` with over one, and a line
    /// of the small family each.
    static func samples(compressor: LineCompressor?) -> MetricSamples {
        var app = MetricSamples(compressor: compressor)
        app.declare([big, small])
        for index in 0..<12_000 {
            app.add(big, LabelSet(["datname": "app", "partition": "events_p\(index)"]), Double(index * 8192))
        }
        app.add(small, LabelSet(["datname": "app"]), 1)
        var billing = MetricSamples(compressor: compressor)
        billing.add(small, LabelSet(["datname": "billing"]), 2)
        for index in 0..<5_000 {  // over a chunk too, so that the merge puts compressed runs after app's text
            billing.add(big, LabelSet(["datname": "billing", "partition": "invoices_p\(index)"]), 0.5 + Double(index))
        }
        var merged = MetricSamples()
        merged.merge(app)
        merged.merge(billing)
        return merged
    }

    @Test func piecesMakeOneGzipMemberOfTheSameText() throws {
        let text = Self.samples(compressor: nil).exposition
        #expect(text.count > 3 * MetricSamples.chunkBytes, "the fixture must span several pieces")
        var compressed = Self.samples(compressor: Gzip.piece)
        let body = ScrapeBody(&compressed)
        #expect(body.plainCount == text.count)
        #expect(body.gzip.count * 4 < text.count, "compressed, not stored")
        // Expanded by gzip(1), which also checks the CRC-32 and the length in the trailer.
        let gzip = try Tools.require("gzip", debianPackage: "gzip")
        let path = NSTemporaryDirectory() + "ppe-body-\(UUID().uuidString).gz"
        try Data(body.gzip.array).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expanded = try runCommand(gzip, ["-dc", path])
        #expect(expanded.status == 0, "\(expanded.stderr)")
        #expect(expanded.stdout == String(decoding: text, as: UTF8.self))
        #expect(try runCommand(gzip, ["-t", path]).status == 0)
        // And by the exporter itself, for clients that do not accept gzip: streamed in windows of any size, among
        // them ones smaller than a line and than zlib's window.
        for window in [977, 16 * 1024, 64 * 1024] {
            #expect(Self.streamed(try #require(body.plain()), window: window) == text, "window \(window)")
        }
    }

    @Test func aCorruptMemberFailsTheStreamRatherThanSendingGarbage() throws {
        var samples = Self.samples(compressor: Gzip.piece)
        let body = ScrapeBody(&samples)
        var bytes = body.gzip.array
        for index in stride(from: 40, to: bytes.count - 8, by: 97) { bytes[index] ^= 0x5A }
        let corrupt = ScrapeBody(gzip: SharedBytes(bytes), plainCount: body.plainCount)
        #expect(Self.streamed(try #require(corrupt.plain()), window: 64 * 1024) == nil)
    }

    /// Everything a streamed body produces, read `window` bytes at a time as libmicrohttpd would; nil when it fails
    /// or does not produce exactly its count.
    static func streamed(_ body: HTTPBody, window: Int) -> [UInt8]? {
        guard case .stream(let count, let read) = body else { return nil }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: window)
        while text.count < count {
            let wanted = min(window, count - text.count)
            guard let written = buffer.withUnsafeMutableBytes({ read(UnsafeMutableRawBufferPointer(rebasing: $0[..<wanted])) }),
                written > 0
            else { return nil }
            text.append(contentsOf: buffer[..<written])
        }
        return text
    }
}
