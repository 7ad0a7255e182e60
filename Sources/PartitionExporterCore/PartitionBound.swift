/// A partition's bound as `pg_get_expr(relpartbound, …)` prints it.
/// The instants of a range bound whose literals are timestamps (MINVALUE and MAXVALUE as −∞ and +∞).
public struct BoundInstants: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

public enum PartitionBound: Sendable, Equatable {
    /// `DEFAULT`: the partition that takes rows no other partition accepts.
    case defaultPartition
    /// `FOR VALUES FROM (…) TO (…)`; only the first key column is kept, as the time gauges use it alone.
    case range(from: RangeBoundValue, to: RangeBoundValue)
    /// `FOR VALUES IN (…)`.
    case list
    /// `FOR VALUES WITH (modulus …, remainder …)`.
    case hash
    /// A bound the exporter could not read or parse: reported (`pg_partitioned_table_unreadable_bounds`), never
    /// taken for one of the forms above, since a range partition read as a list one would hide a gap.
    case unreadable

    /// The instants of a range bound on a time key; nil for other bounds and for literals that are not timestamps.
    public var instants: BoundInstants? {
        guard case .range(let from, let to) = self, let lower = from.time, let upper = to.time else { return nil }
        return BoundInstants(lower: lower, upper: upper)
    }

    /// Parses the text of a partition bound; nil when it is not one of PostgreSQL's four forms.
    public init?(parsing text: String) {
        var scanner = Scanner(Array(text.utf8))
        scanner.skipSpaces()
        if scanner.take(Array("DEFAULT".utf8)) {
            scanner.skipSpaces()
            guard scanner.atEnd else { return nil }
            self = .defaultPartition
            return
        }
        guard scanner.take(Array("FOR VALUES ".utf8)) else { return nil }
        if scanner.take(Array("FROM ".utf8)) {
            guard let from = Self.valueList(&scanner), scanner.take(Array(" TO ".utf8)),
                let to = Self.valueList(&scanner), scanner.atEnd, let lower = from.first, let upper = to.first
            else { return nil }
            self = .range(from: lower, to: upper)
        } else if scanner.take(Array("IN ".utf8)) {
            guard Self.valueList(&scanner) != nil, scanner.atEnd else { return nil }
            self = .list
        } else if scanner.take(Array("WITH ".utf8)) {
            guard scanner.take(UInt8(ascii: "(")), scanner.rest().hasSuffix(")") else { return nil }
            self = .hash
        } else {
            return nil
        }
    }

    /// Reads `(v, v, …)`, honouring quoted literals that may contain commas, parentheses and doubled quotes.
    private static func valueList(_ scanner: inout Scanner) -> [RangeBoundValue]? {
        guard scanner.take(UInt8(ascii: "(")) else { return nil }
        var values: [RangeBoundValue] = []
        while true {
            scanner.skipSpaces()
            guard let value = self.value(&scanner) else { return nil }
            values.append(value)
            scanner.skipSpaces()
            if scanner.take(UInt8(ascii: ")")) { return values }
            guard scanner.take(UInt8(ascii: ",")) else { return nil }
        }
    }

    private static func value(_ scanner: inout Scanner) -> RangeBoundValue? {
        if scanner.take(Array("MINVALUE".utf8)) { return .minValue }
        if scanner.take(Array("MAXVALUE".utf8)) { return .maxValue }
        _ = scanner.take(UInt8(ascii: "E"))
        if scanner.take(UInt8(ascii: "'")) {
            var literal: [UInt8] = []
            while let b = scanner.peek() {
                scanner.advance()
                if b == UInt8(ascii: "'") {
                    if scanner.take(UInt8(ascii: "'")) { literal.append(b); continue }
                    return .literal(String(decoding: literal, as: UTF8.self))
                }
                literal.append(b)
            }
            return nil
        }
        // An unquoted constant: a number, true/false, NULL.
        var literal: [UInt8] = []
        while let b = scanner.peek(), b != UInt8(ascii: ","), b != UInt8(ascii: ")"), b != UInt8(ascii: " ") {
            literal.append(b)
            scanner.advance()
        }
        return literal.isEmpty ? nil : .literal(String(decoding: literal, as: UTF8.self))
    }
}

/// One end of a range bound.
public enum RangeBoundValue: Sendable, Equatable {
    case minValue
    case maxValue
    case literal(String)

    /// The instant this bound stands for when the key is a time type; nil when the literal is not a timestamp.
    public var time: Double? {
        switch self {
        case .minValue: return -.infinity
        case .maxValue: return .infinity
        case .literal(let text): return CivilTime.parseTimestamp(text)
        }
    }

    /// The value of an integer key this bound stands for (MINVALUE and MAXVALUE as the extremes); nil when the
    /// literal is not a whole number.
    public var integer: Int64? {
        switch self {
        case .minValue: return .min
        case .maxValue: return .max
        case .literal(let text): return Int64(text)
        }
    }

    /// The instant this bound stands for when an integer key counts time since the epoch in `epoch`'s unit.
    public func time(epoch: Epoch) -> Double? {
        switch self {
        case .minValue: return -.infinity
        case .maxValue: return .infinity
        case .literal(let text): return Int64(text).map { Double($0) / epoch.unitsPerSecond }
        }
    }
}
