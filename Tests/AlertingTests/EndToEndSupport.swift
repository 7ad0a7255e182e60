import Foundation
import TestSupport

// Helpers of the end-to-end test: a real Prometheus process with its HTTP API, and the test copies of the
// repository's rule files and Alertmanager configuration.

extension AlertingTools {
    static func prometheus() throws -> String { try Tools.require("prometheus", debianPackage: "prometheus") }
}

/// A real Prometheus on a free loopback port, with the parts of its HTTP API the test reads.
final class PrometheusProcess {
    let port: Int
    let logFile: URL
    private let process = Process()

    /// Starts Prometheus with `configFile`, keeping its TSDB and log in `directory`, and waits until it is ready
    /// (at most `timeout` seconds).
    init(configFile: URL, directory: URL, timeout: TimeInterval = 60) throws {
        port = freeLoopbackPort()
        logFile = directory.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: try AlertingTools.prometheus())
        process.arguments = [
            "--config.file=\(configFile.path)",
            "--storage.tsdb.path=\(directory.appendingPathComponent("tsdb").path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        let logHandle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && process.isRunning {
            if (try? HTTP.get(port: port, path: "/-/ready", timeout: 2))?.status == 200 { return }
            usleep(200_000)
        }
        terminate()
        throw TestEnvironmentError("Prometheus did not become ready within \(timeout) s:\n\(log())")
    }

    deinit { terminate() }

    /// Stops the process with SIGTERM, and SIGKILL after 10 s, and waits for it to exit.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// What Prometheus logged so far, for failure messages.
    func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// `GET path` with URL-encoded `parameters`, decoded as Prometheus' JSON envelope
    /// (`status`, and `data` or `errorType`/`error`); an HTTP error status still returns the envelope.
    func api(_ path: String, _ parameters: [(String, String)] = []) throws -> [String: Any] {
        let curl = try Tools.require("curl", debianPackage: "curl")
        var arguments = ["-sS", "--max-time", "10", "-G", "http://127.0.0.1:\(port)\(path)"]
        for (name, value) in parameters { arguments += ["--data-urlencode", "\(name)=\(value)"] }
        let result = try runCommand(curl, arguments, timeout: 15)
        guard result.status == 0 else { throw TestEnvironmentError("curl \(path) failed: \(result.stderr)") }
        let parsed = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        guard let envelope = parsed as? [String: Any] else {
            throw TestEnvironmentError("GET \(path) did not answer a JSON object: \(result.stdout)")
        }
        return envelope
    }

    /// An instant query through `/api/v1/query`: the envelope, and the samples of a vector result (empty
    /// when the query failed).
    func query(_ promql: String) throws -> (envelope: [String: Any], samples: [[String: Any]]) {
        let envelope = try api("/api/v1/query", [("query", promql)])
        let data = envelope["data"] as? [String: Any] ?? [:]
        return (envelope, data["result"] as? [[String: Any]] ?? [])
    }

    /// The active (pending or firing) alerts of `/api/v1/alerts`: labels and state.
    func alerts() throws -> [(labels: [String: String], state: String)] {
        let envelope = try api("/api/v1/alerts")
        let list = (envelope["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
        return list.map { ($0["labels"] as? [String: String] ?? [:], $0["state"] as? String ?? "") }
    }
}

/// A rule file with every `for:` replaced by `duration`, and nothing else changed.
///
/// The end-to-end test proves the wiring (exporter → Prometheus → rules → Alertmanager → receivers), not the
/// timing: the promtool unit tests in `alerts/tests/` already prove every `for:` of the real rules. Waiting for
/// `for: 1d` is not an option, so the copy fires as soon as its expression holds.
func rulesWithoutPendingPeriods(_ rules: String, duration: String = "0s") -> (text: String, replaced: Int) {
    var replaced = 0
    let lines = rules.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        let indent = line.prefix { $0 == " " }
        guard line.dropFirst(indent.count).hasPrefix("for: ") else { return String(line) }
        replaced += 1
        return "\(indent)for: \(duration)"
    }
    return (lines.joined(separator: "\n"), replaced)
}

/// `alerts/alertmanager.yml` for the end-to-end test: the real routes and inhibit rules, with every
/// `group_wait` and `group_interval` cut to `wait`, and every receiver replaced by a webhook receiver of the
/// same name posting to `http://127.0.0.1:<port>/<receiver name>`, so a request's path tells which receiver the
/// alert was routed to. Returns the configuration and the receiver names.
func webhookAlertmanagerConfig(
    _ config: String, webhookPort: Int, wait: String = "1s"
) -> (text: String, receivers: [String]) {
    var kept: [String] = []
    var receivers: [String] = []
    var inReceivers = false
    for line in config.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let isTopLevel = !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#")
        if isTopLevel { inReceivers = line.hasPrefix("receivers:") }
        if inReceivers {
            // `  - name: <receiver>` items; their notifier settings are dropped.
            if line.hasPrefix("  - name:") {
                receivers.append(line.dropFirst("  - name:".count).trimmingCharacters(in: .whitespaces))
            }
            continue
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("group_wait:") || trimmed.hasPrefix("group_interval:") {
            let key = trimmed.prefix { $0 != ":" }
            kept.append("\(line.prefix { $0 == " " })\(key): \(wait)")
        } else {
            kept.append(line)
        }
    }
    kept.append("receivers:")
    for name in receivers {
        kept += [
            "  - name: \(name)",
            "    webhook_configs:",
            "      - url: http://127.0.0.1:\(webhookPort)/\(name)",
            "        send_resolved: true",
        ]
    }
    return (kept.joined(separator: "\n") + "\n", receivers)
}

/// A Prometheus configuration scraping `exporterPort` as job `job` every second, evaluating `ruleFiles` every
/// second, and sending alerts to the Alertmanager at `alertmanagerPort`.
func prometheusConfig(job: String, exporterPort: Int, alertmanagerPort: Int, ruleFiles: [URL]) -> String {
    """
    global:
      scrape_interval: 1s
      scrape_timeout: 1s
      evaluation_interval: 1s
    rule_files:
    \(ruleFiles.map { "  - \($0.path)" }.joined(separator: "\n"))
    alerting:
      alertmanagers:
        - static_configs:
            - targets: ['127.0.0.1:\(alertmanagerPort)']
    scrape_configs:
      - job_name: \(job)
        static_configs:
          - targets: ['127.0.0.1:\(exporterPort)']

    """
}

/// One alert of an Alertmanager webhook notification, with the receiver path it was posted to.
struct DeliveredAlert: CustomStringConvertible {
    var path: String
    var receiver: String
    var status: String
    var labels: [String: String]

    var alertname: String { labels["alertname"] ?? "" }
    var relname: String { labels["relname"] ?? "" }
    var description: String {
        "\(path): \(status) \(alertname) severity=\(labels["severity"] ?? "-") "
            + "\(labels["schemaname"] ?? "-").\(labels["relname"] ?? "-")"
    }

    /// The alerts of the webhook notifications in `requests` (Alertmanager's webhook JSON:
    /// `receiver`, and `alerts[]` with `status` and `labels`); unparseable requests are returned apart.
    static func parse(_ requests: [WebhookReceiver.Request]) -> (alerts: [DeliveredAlert], unparsed: [String]) {
        var alerts: [DeliveredAlert] = [], unparsed: [String] = []
        for request in requests {
            guard let payload = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
                  let list = payload["alerts"] as? [[String: Any]] else {
                unparsed.append("\(request.method) \(request.path): \(String(decoding: request.body, as: UTF8.self))")
                continue
            }
            for alert in list {
                alerts.append(DeliveredAlert(
                    path: request.path, receiver: payload["receiver"] as? String ?? "",
                    status: alert["status"] as? String ?? "", labels: alert["labels"] as? [String: String] ?? [:]))
            }
        }
        return (alerts, unparsed)
    }
}
