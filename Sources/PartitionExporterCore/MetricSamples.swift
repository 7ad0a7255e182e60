/// Sample lines compressed by a `LineCompressor`, with what a gzip member needs to take them in: the CRC-32 and the
/// length of the text they stand for.
public struct CompressedLines: Sendable {
    public var bytes: [UInt8]
    public var crc: UInt32
    public var textCount: Int

    public init(bytes: [UInt8], crc: UInt32, textCount: Int) {
        self.bytes = bytes
        self.crc = crc
        self.textCount = textCount
    }
}

/// Compresses a run of text into a piece that stands on its own, so that pieces concatenate into one gzip member.
public typealias LineCompressor = @Sendable ([UInt8]) -> CompressedLines

/// A run of a family's exposition: text, or text a `LineCompressor` already compressed.
public enum LineChunk: Sendable {
    case text([UInt8])
    case compressed(CompressedLines)
}

/// Samples grouped by family, in the order families first appear.
///
/// Each collector of each database fills one; the scrape merges them, so that every family's samples end up
/// together under one `# HELP`/`# TYPE` header, as the text format requires, whichever databases they came from.
/// Sample lines are kept already encoded, one byte buffer per family: the compact form of a large scrape. With a
/// `LineCompressor`, a family's lines are compressed every `chunkBytes` as they are added, so that a scrape of
/// 100,000 partitions never holds its 78 MB of text, only a twentieth of it or so.
public struct MetricSamples: Sendable {
    /// Text a family accumulates before the compressor takes it: large enough for deflate to find its repeats.
    public static let chunkBytes = 256 * 1024

    private var families: [MetricFamily] = []
    /// Each family's runs already sealed (compressed, or text merged in from elsewhere), at the family's index.
    private var sealed: [[LineChunk]] = []
    /// Each family's encoded sample lines not yet sealed, at the family's index.
    private var lines: [[UInt8]] = []
    private var indices: [String: Int] = [:]
    /// The family the last sample went to: collectors add a family's samples together, so this spares hashing its
    /// name for every sample of a large scrape.
    private var last = 0
    private let compressor: LineCompressor?

    public init(compressor: LineCompressor? = nil) {
        self.compressor = compressor
    }

    /// True when no sample was added.
    public var isEmpty: Bool { lines.allSatisfy(\.isEmpty) && sealed.allSatisfy(\.isEmpty) }

    /// The names of the families that hold samples, in order.
    public var familyNames: [String] { families.indices.filter(hasSamples).map { families[$0].name } }

    private func hasSamples(_ index: Int) -> Bool { !lines[index].isEmpty || !sealed[index].isEmpty }

    /// Fixes the place of `families` in the exposition before any of their samples are added, so that samples added
    /// a table at a time still come out family by family in this order. A family that gets no sample is left out.
    public mutating func declare(_ families: [MetricFamily]) {
        for family in families { _ = index(of: family) }
    }

    public mutating func add(_ family: MetricFamily, _ labels: LabelSet, _ value: Double) {
        let index = last < families.count && families[last].name == family.name ? last : index(of: family)
        last = index
        ExpositionWriter.appendSample(family, labels, value, to: &lines[index])
        if let compressor, lines[index].count >= Self.chunkBytes {
            sealed[index].append(.compressed(compressor(lines[index])))
            lines[index] = []
        }
    }

    /// The index of `family`'s lines, added at the end if it has none yet.
    private mutating func index(of family: MetricFamily) -> Int {
        if let index = indices[family.name] { return index }
        families.append(family)
        sealed.append([])
        lines.append([])
        indices[family.name] = families.count - 1
        return families.count - 1
    }

    /// Appends `other`'s samples after this one's, family by family.
    public mutating func merge(_ other: MetricSamples) {
        if families.isEmpty, compressor == nil || other.compressor != nil {
            self = other  // Shares other's buffers rather than copying them.
            return
        }
        for index in other.families.indices where other.hasSamples(index) {
            let mine = self.index(of: other.families[index])
            if !lines[mine].isEmpty {
                sealed[mine].append(.text(lines[mine]))
                lines[mine] = []
            }
            sealed[mine].append(contentsOf: other.sealed[index])
            lines[mine] = other.lines[index]
        }
    }

    /// The whole exposition, for samples without a compressor.
    public var exposition: [UInt8] {
        var copy = self
        return copy.takeExposition()
    }

    /// The whole exposition, releasing each family's lines as soon as they are written. Leaves this empty. For
    /// samples without a compressor: compressed runs cannot be expanded here.
    public mutating func takeExposition() -> [UInt8] {
        var body: [UInt8] = []
        drain { chunk in
            guard case .text(let text) = chunk else { preconditionFailure("compressed samples have no plain text") }
            body.append(contentsOf: text)
        }
        return body
    }

    /// Hands the exposition to `write` a run at a time, in order (each family's header as text, then its runs),
    /// releasing each family's runs once written. Leaves this empty.
    public mutating func drain(_ write: (LineChunk) -> Void) {
        for index in families.indices where hasSamples(index) {
            var header = ExpositionWriter(reservingCapacity: 256)
            header.begin(families[index])
            write(.text(header.bytes))
            for chunk in sealed[index] { write(chunk) }
            if !lines[index].isEmpty { write(.text(lines[index])) }
            sealed[index] = []
            lines[index] = []
        }
        self = MetricSamples(compressor: compressor)
    }
}
