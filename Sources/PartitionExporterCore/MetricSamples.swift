/// Samples grouped by family, in the order families first appear.
///
/// Each collector of each database fills one; the scrape merges them, so that every family's samples end up
/// together under one `# HELP`/`# TYPE` header, as the text format requires, whichever databases they came from.
/// Sample lines are kept already encoded, one byte buffer per family: the compact form of a large scrape.
public struct MetricSamples: Sendable {
    private var families: [MetricFamily] = []
    private var lines: [String: [UInt8]] = [:]

    public init() {}

    /// True when no sample was added.
    public var isEmpty: Bool { families.isEmpty }

    /// The names of the families that hold samples, in order.
    public var familyNames: [String] { families.map(\.name) }

    public mutating func add(_ family: MetricFamily, _ labels: LabelSet, _ value: Double) {
        if lines[family.name] == nil {
            families.append(family)
            lines[family.name] = []
        }
        ExpositionWriter.appendSample(family, labels, value, to: &lines[family.name, default: []])
    }

    /// Appends `other`'s samples after this one's, family by family.
    public mutating func merge(_ other: MetricSamples) {
        if families.isEmpty {
            self = other  // Shares other's buffers rather than copying them.
            return
        }
        for family in other.families {
            if lines[family.name] == nil {
                families.append(family)
                lines[family.name] = []
            }
            lines[family.name, default: []].append(contentsOf: other.lines[family.name] ?? [])
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
    public var byteCount: Int { lines.values.reduce(0) { $0 + $1.count } + 256 * families.count }

    /// Hands the exposition to `write` a family at a time (its header, then its lines), releasing each family's
    /// lines once written, so that a compressor can take it without the whole text ever being held. Leaves this
    /// empty.
    public mutating func drain(_ write: ([UInt8]) -> Void) {
        for family in families {
            var header = ExpositionWriter(reservingCapacity: 256)
            header.begin(family)
            write(header.bytes)
            write(lines.removeValue(forKey: family.name) ?? [])
        }
        families = []
    }
}
