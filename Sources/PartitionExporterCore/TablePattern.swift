/// A `schema.table` name in which `*` matches any run of characters, as configuration rules name tables.
public struct TablePattern: Sendable, Equatable, CustomStringConvertible {
    public var schema: String
    public var table: String

    /// Parses `schema.table`; either part may be double-quoted (`"Edge Cases"."Events"`) to hold dots.
    /// Walks Unicode scalars, not Characters: a quote followed by a combining mark is still a quote.
    public init?(parsing text: String) {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var wasQuoted = false
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote inside quotes is a literal quote.
                    var lookahead = iterator
                    if lookahead.next() == "\"" { current.append("\""); iterator = lookahead } else { quoted = false }
                } else {
                    current.unicodeScalars.append(c)
                }
            } else if c == "\"" && current.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == "." {
                parts.append(current)
                current = ""
                wasQuoted = false
            } else {
                current.unicodeScalars.append(c)
            }
        }
        parts.append(current)
        guard !quoted, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        schema = parts[0]
        table = parts[1]
    }

    public func matches(schema: String, table: String) -> Bool {
        Self.glob(Array(self.schema.utf8)[...], Array(schema.utf8)[...])
            && Self.glob(Array(self.table.utf8)[...], Array(table.utf8)[...])
    }

    public var description: String { "\(schema).\(table)" }

    /// Glob matching with `*` only, iterative with one backtrack point, so it is linear for practical patterns.
    static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var starP: Int?, starT = text.startIndex
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                starP = p
                starT = t
                p += 1
            } else if p < pattern.endIndex, pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let star = starP {
                p = star + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
