import Foundation

/// The real `pg_partition_exporter` binary, started on a free loopback port and stopped by `stop()`.
public final class ExporterProcess: @unchecked Sendable {
    public let port: Int
    public let logPath: String
    private let process = Process()

    /// Starts the exporter and waits (bounded) until it answers on `/`.
    public init(dataSourceName: String?, arguments: [String] = [], environment: [String: String] = [:]) throws {
        port = freeLoopbackPort()
        logPath = NSTemporaryDirectory() + "ppe-exporter-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: try Tools.exporterBinary())
        process.arguments = ["--web.listen-address", "127.0.0.1:\(port)"] + arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        env["DATA_SOURCE_NAME"] = dataSourceName
        env.merge(environment) { $1 }
        process.environment = env
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // Exporters that a static fixture holds until exit are stopped then; the others stop when released.
        AtExit.register { [weak self] in self?.stop(signal: SIGKILL, timeout: 2) }
        // Ready once it accepts TCP connections: the check must not depend on TLS or authentication.
        for _ in 0..<200 {
            if (try? RawTCP(port: port)) != nil { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        let logText = log_(logPath)
        stop()
        throw TestEnvironmentError("the exporter did not start listening on 127.0.0.1:\(port):\n\(logText)")
    }

    deinit { stop() }

    /// The body of `GET /metrics`, failing unless the status is 200.
    public func scrape(headers: [String] = [], timeout: TimeInterval = 30) throws -> Exposition {
        let response = try HTTP.get(port: port, path: "/metrics", headers: headers, timeout: timeout)
        guard response.status == 200 else { throw TestEnvironmentError("GET /metrics answered \(response.status)") }
        return Exposition(response.body)
    }

    /// Everything the exporter logged so far.
    public var log: String { log_(logPath) }

    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Sends `signal` and waits (bounded) for the process to exit; returns its exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 10) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}

private func log_(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// A minimal HTTP client on curl, the real client the README's examples use.
public enum HTTP {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
    }

    /// `curlOptions` go to curl as they are (`--cacert`, `-u user:password`, …); `scheme` is `http` or `https`.
    public static func get(
        port: Int, path: String, method: String = "GET", headers: [String] = [], timeout: TimeInterval = 30,
        scheme: String = "http", curlOptions: [String] = []
    ) throws -> Response {
        let curl = try Tools.require("curl", debianPackage: "curl")
        var arguments = ["-sS", "-i", "--max-time", "\(Int(timeout))", "-X", method]
        if method == "HEAD" { arguments = ["-sS", "-I", "--max-time", "\(Int(timeout))"] }
        for header in headers { arguments += ["-H", header] }
        arguments += curlOptions
        arguments.append("\(scheme)://127.0.0.1:\(port)\(path)")
        let result = try runCommand(curl, arguments, timeout: timeout + 5)
        guard result.status == 0 else { throw CurlFailure(exitCode: result.status, stderr: result.stderr) }
        return parse(result.stdout)
    }

    /// curl exited non-zero: `exitCode` is one of the codes of curl(1)'s EXIT CODES (35 a TLS handshake that
    /// failed, 60 a certificate that no trusted CA signed, …), so that a test can tell which failure it saw.
    public struct CurlFailure: Error, CustomStringConvertible {
        public var exitCode: Int32
        public var stderr: String
        public var description: String { "curl failed (exit \(exitCode)): \(stderr)" }
    }

    static func parse(_ raw: String) -> Response {
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
