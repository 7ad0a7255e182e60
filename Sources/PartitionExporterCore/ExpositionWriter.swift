/// A metric family of the Prometheus text exposition format.
public struct MetricFamily: Sendable {
    public enum Kind: String, Sendable { case gauge, counter }
    public var name: String
    public var help: String
    public var kind: Kind

    public init(_ name: String, _ help: String, _ kind: Kind = .gauge) {
        self.name = name
        self.help = help
        self.kind = kind
    }
}

/// Label pairs, escaped once and reused for every sample that carries them.
public struct LabelSet: Sendable {
    fileprivate var encoded: [UInt8] = []

    public init(_ pairs: KeyValuePairs<String, String> = [:]) {
        for (name, value) in pairs { append(name, value) }
    }

    /// A copy with one more label.
    public func adding(_ name: String, _ value: String) -> LabelSet {
        var copy = self
        copy.append(name, value)
        return copy
    }

    private mutating func append(_ name: String, _ value: String) {
        if !encoded.isEmpty { encoded.append(UInt8(ascii: ",")) }
        encoded.append(contentsOf: name.utf8)
        encoded.append(contentsOf: #"=""#.utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): encoded.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\""): encoded.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\n"): encoded.append(contentsOf: #"\n"#.utf8)
            default: encoded.append(byte)
            }
        }
        encoded.append(UInt8(ascii: "\""))
    }
}

/// Writes the text exposition format (version 0.0.4) into one growing byte buffer.
public struct ExpositionWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes the `# HELP` and `# TYPE` lines; call once per family, before its samples.
    public mutating func begin(_ family: MetricFamily) {
        bytes.append(contentsOf: "# HELP \(family.name) ".utf8)
        for byte in family.help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(contentsOf: "\n# TYPE \(family.name) \(family.kind.rawValue)\n".utf8)
    }

    public mutating func sample(_ family: MetricFamily, _ labels: LabelSet, _ value: Double) {
        Self.appendSample(family, labels, value, to: &bytes)
    }

    /// Appends one sample line, `name{labels} value`, to `buffer`.
    static func appendSample(_ family: MetricFamily, _ labels: LabelSet, _ value: Double, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: family.name.utf8)
        if !labels.encoded.isEmpty {
            buffer.append(UInt8(ascii: "{"))
            buffer.append(contentsOf: labels.encoded)
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.append(UInt8(ascii: " "))
        appendValue(value, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Appends `format(value)`; whole numbers, nearly every value of a large scrape (bytes, rows, epochs), go digit
    /// by digit rather than through a String.
    static func appendValue(_ value: Double, to buffer: inout [UInt8]) {
        guard value == value.rounded(), abs(value) < 1e15 else {
            buffer.append(contentsOf: format(value).utf8)
            return
        }
        var whole = Int64(value)
        if whole < 0 {
            buffer.append(UInt8(ascii: "-"))
            whole = -whole
        }
        var digits: (UInt64, UInt64) = (0, 0)  // 16 bytes of scratch, enough for 15 digits
        withUnsafeMutableBytes(of: &digits) { scratch in
            var index = scratch.count
            repeat {
                index -= 1
                scratch[index] = UInt8(ascii: "0") + UInt8(whole % 10)
                whole /= 10
            } while whole > 0
            buffer.append(contentsOf: scratch[index...])
        }
    }

    /// Formats a value as Prometheus spells it: `+Inf`, `-Inf`, `NaN`, whole numbers without a fraction.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
