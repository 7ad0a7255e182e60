import Foundation
import Logging
import PartitionExporterCore

/// Maps HTTP requests to the metrics page, the landing page, 404 and 405, behind basic authentication when
/// the web configuration names users.
public struct Routes: Sendable {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// Seconds kept from Prometheus' scrape timeout for writing the response.
    static let timeoutOffset = 0.25

    public var telemetryPath: String
    /// Used when the scraper does not send `X-Prometheus-Scrape-Timeout-Seconds`.
    public var defaultTimeout: Double
    public var service: MetricsService
    /// Nil when no basic-auth users are configured: every request is served.
    public var passwords: PasswordVerifier?
    public var logger: Logger

    public init(telemetryPath: String, defaultTimeout: Double, service: MetricsService, passwords: PasswordVerifier?,
                logger: Logger) {
        self.telemetryPath = telemetryPath
        self.defaultTimeout = defaultTimeout
        self.service = service
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
            let body = service.scrape(timeout: scrapeTimeout(request))
            if AcceptEncoding.allowsGzip(request.headers["accept-encoding"]) {
                return HTTPResponse(status: 200, headers: [("Content-Type", Self.contentType),
                                                           ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")],
                                    body: body.gzip)
            }
            guard let plain = body.plain() else { return HTTPResponse(status: 500, text: "cannot expand the body\n") }
            return HTTPResponse(status: 200, headers: [("Content-Type", Self.contentType), ("Vary", "Accept-Encoding")],
                                body: plain)
        case "/":
            guard readOnly else { return Self.methodNotAllowed }
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                                body: SharedBytes(Array(landingPage.utf8)))
        default:
            return HTTPResponse(status: 404, text: "404 page not found\n")
        }
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

    private var landingPage: String {
        let path = telemetryPath.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        return """
            <!DOCTYPE html>
            <html><head><title>pg_partition_exporter</title></head>
            <body><h1>pg_partition_exporter</h1>
            <p>Prometheus exporter for PostgreSQL declarative partitioning.</p>
            <p><a href="\(path)">Metrics</a></p></body></html>

            """
    }
}
