/// Samples grouped by family, in the order families first appear.
///
/// Each collector of each database fills one; the scrape merges them, so that every family's samples end up
/// together under one `# HELP`/`# TYPE` header, as the text format requires, whichever databases they came from.
/// Sample lines are kept already encoded, one byte buffer per family: the compact form of a large scrape.
public struct MetricSamples: Sendable {
    private var families: [MetricFamily] = []
    /// Each family's encoded sample lines, at the family's index.
    private var lines: [[UInt8]] = []
    private var indices: [String: Int] = [:]
    /// The family the last sample went to: collectors add a family's samples together, so this spares hashing its
    /// name for every sample of a large scrape.
    private var last = 0

    public init() {}

    /// True when no sample was added.
    public var isEmpty: Bool { lines.allSatisfy(\.isEmpty) }

    /// The names of the families that hold samples, in order.
    public var familyNames: [String] { zip(families, lines).filter { !$0.1.isEmpty }.map(\.0.name) }

    /// Fixes the place of `families` in the exposition before any of their samples are added, so that samples added
    /// a table at a time still come out family by family in this order. A family that gets no sample is left out.
    public mutating func declare(_ families: [MetricFamily]) {
        for family in families { _ = index(of: family) }
    }

    public mutating func add(_ family: MetricFamily, _ labels: LabelSet, _ value: Double) {
        let index = last < families.count && families[last].name == family.name ? last : index(of: family)
        last = index
        ExpositionWriter.appendSample(family, labels, value, to: &lines[index])
    }

    /// The index of `family`'s lines, added at the end if it has none yet.
    private mutating func index(of family: MetricFamily) -> Int {
        if let index = indices[family.name] { return index }
        families.append(family)
        lines.append([])
        indices[family.name] = families.count - 1
        return families.count - 1
    }

    /// Appends `other`'s samples after this one's, family by family.
    public mutating func merge(_ other: MetricSamples) {
        if families.isEmpty {
            self = other  // Shares other's buffers rather than copying them.
            return
        }
        for (family, lines) in zip(other.families, other.lines) {
            self.lines[index(of: family)].append(contentsOf: lines)
        }
    }

    /// The whole exposition.
    public var exposition: [UInt8] {
        var copy = self
        return copy.takeExposition()
    }

    /// The whole exposition, releasing each family's lines as soon as they are written, so that a large scrape
    /// does not hold its lines and its body in full at once. Leaves this empty.
    public mutating func takeExposition() -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(byteCount)
        drain { body.append(contentsOf: $0) }
        return body
    }

    /// An upper bound of the exposition's length in bytes: the lines, and room for each family's header.
    public var byteCount: Int { lines.reduce(0) { $0 + $1.count } + 256 * families.count }

    /// Hands the exposition to `write` a family at a time (its header, then its lines), releasing each family's
    /// lines once written, so that a compressor can take it without the whole text ever being held. Leaves this
    /// empty.
    public mutating func drain(_ write: ([UInt8]) -> Void) {
        for index in families.indices where !lines[index].isEmpty {
            var header = ExpositionWriter(reservingCapacity: 256)
            header.begin(families[index])
            write(header.bytes)
            write(lines[index])
            lines[index] = []
        }
        self = MetricSamples()
    }
}
