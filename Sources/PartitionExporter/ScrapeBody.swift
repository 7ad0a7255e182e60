import PartitionExporterCore

/// One collection's exposition, held once in its compact form, gzip, and shared by every scrape served from it.
///
/// Prometheus asks for gzip on every scrape, so the body is compressed once per collection, as it is rendered, a
/// family at a time: the plain text is never held whole. A client that does not accept gzip gets the text expanded
/// again for it alone.
public final class ScrapeBody: Sendable {
    public let gzip: SharedBytes
    /// The length of the plain text.
    public let plainCount: Int

    /// Renders and compresses `samples`, leaving them empty.
    public init(_ samples: inout MetricSamples) {
        let compressor = GzipCompressor()
        var count = 0
        samples.drain { bytes in
            count += bytes.count
            compressor.append(bytes)
        }
        gzip = SharedBytes(compressor.finish())
        plainCount = count
    }

    /// The plain text; nil only if the compressed body were corrupt.
    public func plain() -> SharedBytes? {
        SharedBytes(count: plainCount) { output in Gzip.decompress(gzip.buffer, into: output) }
    }
}
