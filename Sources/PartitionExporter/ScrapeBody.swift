import PartitionExporterCore

/// One collection's exposition, held once in its compact form, gzip, and shared by every scrape served from it.
///
/// Prometheus asks for gzip on every scrape, so the body is compressed once per collection, and the large families
/// already while they are written (`MetricSamples` with `Gzip.piece`): the plain text is never held whole. A client
/// that does not accept gzip gets the text expanded again for it alone, as it is sent (`plain`).
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

    /// A body already compressed: `gzip` is one member whose text is `plainCount` bytes long.
    init(gzip: SharedBytes, plainCount: Int) {
        self.gzip = gzip
        self.plainCount = plainCount
    }

    /// The plain text as a streamed body: expanded a window at a time while it is sent, so that a plain scrape of
    /// 100,000 partitions (77 MB of text) costs a few tens of kilobytes rather than a copy of the text.
    public func plain() -> HTTPBody? {
        guard let expansion = Gzip.Expansion(gzip) else { return nil }
        return .stream(count: plainCount) { expansion.read(into: $0) }
    }
}
