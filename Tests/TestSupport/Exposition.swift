import Foundation

/// A parsed scrape: the samples of the Prometheus text format, read by a parser written for the tests
/// (it shares no code with the exporter's writer).
public struct Exposition: Sendable {
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public let text: String
    public let samples: [Sample]

    public init(_ text: String) {
        self.text = text
        samples = text.split(separator: "\n").compactMap { line in
            line.hasPrefix("#") ? nil : Self.parse(Substring(line))
        }
    }

    /// The samples of `name` whose labels include every pair of `matching`.
    public func samples(_ name: String, _ matching: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in
            sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// The value of the one sample of `name` matching `labels`; nil when there is none. When more than one matches
    /// (an ambiguous selector, or a duplicate series), NaN: equal to no value and not nil, so that neither
    /// `value(…) == x` nor `value(…) == nil` can pass by accident.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = samples(name, labels)
        return found.isEmpty ? nil : found.count == 1 ? found[0].value : .nan
    }

    private static func parse(_ line: Substring) -> Sample? {
        var name = "", labels: [String: String] = [:]
        var index = line.startIndex
        while index < line.endIndex, line[index] != "{", line[index] != " " {
            name.append(line[index])
            index = line.index(after: index)
        }
        if index < line.endIndex, line[index] == "{" {
            index = line.index(after: index)
            while index < line.endIndex, line[index] != "}" {
                var key = ""
                while line[index] != "=" { key.append(line[index]); index = line.index(after: index) }
                index = line.index(index, offsetBy: 2)  // `="`
                var value = ""
                while line[index] != "\"" {
                    if line[index] == "\\" {
                        index = line.index(after: index)
                        switch line[index] {
                        case "n": value.append("\n")
                        default: value.append(line[index])
                        }
                    } else {
                        value.append(line[index])
                    }
                    index = line.index(after: index)
                }
                labels[key] = value
                index = line.index(after: index)
                if line[index] == "," { index = line.index(after: index) }
            }
            index = line.index(after: index)
        }
        let valueText = line[index...].trimmingCharacters(in: .whitespaces)
        let value: Double
        switch valueText {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let parsed = Double(valueText) else { return nil }
            value = parsed
        }
        return Sample(name: name, labels: labels, value: value)
    }
}
