import Foundation

/// What an `Accept-Encoding` request header (RFC 9110, 12.5.3) allows.
public enum AcceptEncoding {
    /// True when `header` accepts gzip: `gzip` (or `x-gzip`) with a nonzero quality, or `*` with a nonzero quality
    /// when gzip is not listed itself. No header, or gzip refused with `q=0`, means plain text.
    public static func allowsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var wildcard: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, !coding.isEmpty else { continue }
            let accepted = parts.dropFirst().allSatisfy { parameter in
                guard parameter.hasPrefix("q=") else { return true }
                return (Double(parameter.dropFirst(2)) ?? 0) > 0
            }
            if coding == "gzip" || coding == "x-gzip" { return accepted }
            if coding == "*" { wildcard = accepted }
        }
        return wildcard ?? false
    }
}
