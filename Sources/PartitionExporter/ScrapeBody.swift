import PartitionExporterCore

/// One collection's exposition, held once in its compact form, gzip, and shared by every scrape served from it.
///
/// Prometheus asks for gzip on every scrape, so the body is compressed once per collection, and the large families
/// already while they are written (`MetricSamples` with `Gzip.piece`): the plain text is never held whole. A client
/// that does not accept gzip gets the text expanded again for it alone.
public final class ScrapeBody: Sendable {
    public let gzip: SharedBytes
    /// The length of the plain text.
    public let plainCount: Int

    /// Renders and compresses `samples`, leaving them empty. Runs already compressed are taken as they are; text
    /// (headers, the lines of small families) is gathered into pieces of `MetricSamples.chunkBytes`.
    public init(_ samples: inout MetricSamples) {
        var pieces: [CompressedLines] = []
        var text: [UInt8] = []
        samples.drain { chunk in
            switch chunk {
            case .text(let bytes):
                text.append(contentsOf: bytes)
                if text.count >= MetricSamples.chunkBytes {
                    pieces.append(Gzip.piece(text))
                    text = []
                }
            case .compressed(let piece):
                if !text.isEmpty {
                    pieces.append(Gzip.piece(text))
                    text = []
                }
                pieces.append(piece)
            }
        }
        if !text.isEmpty { pieces.append(Gzip.piece(text)) }
        gzip = SharedBytes(Gzip.member(pieces))
        plainCount = pieces.reduce(0) { $0 + $1.textCount }
    }

    /// The plain text; nil only if the compressed body were corrupt.
    public func plain() -> SharedBytes? {
        SharedBytes(count: plainCount) { output in Gzip.decompress(gzip.buffer, into: output) }
    }
}
