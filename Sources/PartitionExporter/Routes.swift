import Foundation
import Logging
import PartitionExporterCore

/// Maps HTTP requests to the metrics page, the probes of configured targets, the landing page, 404 and 405, behind
/// basic authentication when the web configuration names users.
public struct Routes: Sendable {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// Seconds kept from Prometheus' scrape timeout for writing the response.
    static let timeoutOffset = 0.25

    public var telemetryPath: String
    /// Used when the scraper does not send `X-Prometheus-Scrape-Timeout-Seconds`.
    public var defaultTimeout: Double
    public var service: MetricsService
    /// The `targets:` of the configuration file; nil when it names none, and `/probe` is then 404.
    public var probes: ProbeTargets?
    /// Nil when no basic-auth users are configured: every request is served.
    public var passwords: PasswordVerifier?
    public var logger: Logger

    public init(telemetryPath: String, defaultTimeout: Double, service: MetricsService, probes: ProbeTargets? = nil,
                passwords: PasswordVerifier?, logger: Logger) {
        self.telemetryPath = telemetryPath
        self.defaultTimeout = defaultTimeout
        self.service = service
        self.probes = probes
        self.passwords = passwords
        self.logger = logger
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        if let passwords {
            let credentials = BasicCredentials(authorizationHeader: request.headers["authorization"])
            guard let credentials, passwords.verify(user: credentials.user, password: credentials.password) else {
                logger.warning("authentication failed", metadata: [
                    "user": "\(credentials?.user ?? "")", "path": "\(request.path)",
                    "reason": "\(credentials == nil ? "no basic credentials" : "wrong user or password")",
                ])
                return Self.unauthorized
            }
        }
        let readOnly = request.method == "GET" || request.method == "HEAD"
        switch request.path {
        case telemetryPath:
            guard readOnly else { return Self.methodNotAllowed }
            return metrics(service.scrape(timeout: scrapeTimeout(request)), for: request)
        case "/probe" where probes != nil:
            guard readOnly, let probes else { return Self.methodNotAllowed }
            switch ProbeRequest(arguments: request.arguments, targets: probes.names) {
            case .target(let name):
                // `ProbeRequest` admits configured names only, each of which has a service.
                guard let target = probes.service(named: name) else { return HTTPResponse(status: 404, text: "") }
                return metrics(target.scrape(timeout: scrapeTimeout(request)), for: request)
            case .refused(let status, let reason):
                logger.debug("probe refused", metadata: ["status": "\(status)", "reason": "\(reason)"])
                return HTTPResponse(status: status, text: reason + "\n")
            }
        case "/":
            guard readOnly else { return Self.methodNotAllowed }
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                                body: SharedBytes(Array(landingPage.utf8)))
        default:
            return HTTPResponse(status: 404, text: "404 page not found\n")
        }
    }

    /// A collection's body: gzip when the client accepts it, as Prometheus does, else plain text.
    private func metrics(_ body: ScrapeBody, for request: HTTPRequest) -> HTTPResponse {
        if AcceptEncoding.allowsGzip(request.headers["accept-encoding"]) {
            return HTTPResponse(status: 200, headers: [("Content-Type", Self.contentType),
                                                       ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")],
                                body: body.gzip)
        }
        guard let plain = body.plain() else { return HTTPResponse(status: 500, text: "cannot expand the body\n") }
        return HTTPResponse(status: 200, headers: [("Content-Type", Self.contentType), ("Vary", "Accept-Encoding")],
                            body: plain)
    }

    /// Prometheus' own timeout less a small offset, else the configured default.
    func scrapeTimeout(_ request: HTTPRequest) -> Double {
        guard let header = request.headers["x-prometheus-scrape-timeout-seconds"], let seconds = Double(header),
            seconds > 0
        else { return defaultTimeout }
        return max(seconds - Self.timeoutOffset, 0.1)
    }

    private static let unauthorized = HTTPResponse(
        status: 401,
        headers: [("WWW-Authenticate", "Basic realm=\"pg_partition_exporter\", charset=\"UTF-8\""),
                  ("Content-Type", "text/plain; charset=utf-8")],
        body: SharedBytes(Array("401 unauthorized\n".utf8)))

    private static let methodNotAllowed = HTTPResponse(
        status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8")],
        body: SharedBytes(Array("405 method not allowed\n".utf8)))

    /// Links to each target's probe; target names need no escaping (`ProbeTarget` admits none that would).
    private var probeLinks: String {
        guard let names = probes?.names.sorted(), !names.isEmpty else { return "" }
        let items = names.map { "<li><a href=\"/probe?target=\($0)\">\($0)</a></li>" }.joined()
        return "\n<p>Probes of the configured targets:</p><ul>\(items)</ul>"
    }

    private var landingPage: String {
        let path = telemetryPath.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        return """
            <!DOCTYPE html>
            <html><head><title>pg_partition_exporter</title></head>
            <body><h1>pg_partition_exporter</h1>
            <p>Prometheus exporter for PostgreSQL declarative partitioning.</p>
            <p><a href="\(path)">Metrics</a></p>\(probeLinks)</body></html>

            """
    }
}
