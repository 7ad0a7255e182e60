import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

// Shared helpers of the alerting tests: where the files are, the real tools that check them,
// a small reader for the rule files, the runbook's headings, the dashboards' JSON, and a
// real Alertmanager process.

/// The alerting files of the repository.
enum AlertingFiles {
    static let root = Tools.repositoryRoot
    static let alertsDirectory = root.appendingPathComponent("alerts")
    static let alertRules = alertsDirectory.appendingPathComponent("pg-partition-alerts.yml")
    static let thresholds = alertsDirectory.appendingPathComponent("thresholds.yml")
    static let alertmanagerConfig = alertsDirectory.appendingPathComponent("alertmanager.yml")
    static let runbook = root.appendingPathComponent("docs/runbook.md")
    static let dashboardsDirectory = root.appendingPathComponent("dashboards")

    /// Every Prometheus rule file: the `.yml` files in `alerts/` except the Alertmanager configuration.
    static func ruleFiles() throws -> [URL] {
        try yamlFiles(in: alertsDirectory).filter { $0.lastPathComponent != "alertmanager.yml" }
    }

    /// The promtool unit test files in `alerts/tests/`.
    static func unitTestFiles() throws -> [URL] {
        try yamlFiles(in: alertsDirectory.appendingPathComponent("tests"))
    }

    /// The Grafana dashboards in `dashboards/`.
    static func dashboardFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: dashboardsDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Reads a file as UTF-8 text.
    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    private static func yamlFiles(in directory: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yml" || $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// The real tools; a missing one fails the test with the command that installs it.
enum AlertingTools {
    static func promtool() throws -> String { try Tools.require("promtool", debianPackage: "prometheus") }
    static func amtool() throws -> String { try Tools.require("amtool", debianPackage: "prometheus-alertmanager") }
    static func alertmanager() throws -> String {
        try Tools.require("prometheus-alertmanager", debianPackage: "prometheus-alertmanager")
    }
}

/// The receivers of `alerts/alertmanager.yml`, by the severity they receive.
enum Receivers {
    static let pagerDuty = "pg-partition-pagerduty"
    static let tickets = "pg-partition-tickets"
    static let info = "pg-partition-info"

    /// The receiver an alert of `severity` must reach.
    static func expected(forSeverity severity: String) -> String? {
        ["critical": pagerDuty, "warning": tickets, "info": info][severity]
    }
}

// MARK: - Rule files

/// One alerting rule as written in a rule file.
struct AlertRule: CustomStringConvertible, Sendable {
    var name: String
    var expr = ""
    var forDuration: String?
    var labels: [String: String] = [:]
    var annotations: [String: String] = [:]

    var severity: String? { labels["severity"] }
    var description: String { "\(name) (\(severity ?? "no severity"))" }
}

/// Reads the alerting rules of a Prometheus rule file.
///
/// This is not a YAML parser: it understands the shape the rule files are written in (a `- alert:` item
/// with `expr`, `for`, `labels` and `annotations`; plain, quoted, literal `|` and folded `>` scalars), which
/// `promtool check rules` verifies separately. Keeping it small avoids a YAML dependency in this target.
func parseAlertRules(_ text: String) -> [AlertRule] {
    var rules: [AlertRule] = []
    var current: AlertRule?
    var ruleIndent = 0
    var section: String?
    var block: (key: String, indent: Int, folded: Bool, lines: [String])?

    func store(_ key: String, _ value: String, in rule: inout AlertRule) {
        switch (section, key) {
        case ("labels", _): rule.labels[key] = value
        case ("annotations", _): rule.annotations[key] = value
        case (_, "expr"): rule.expr = value
        case (_, "for"): rule.forDuration = value
        default: break
        }
    }

    func finishBlock() {
        guard let open = block, current != nil else { block = nil; return }
        let lines = open.lines.reversed().drop { $0.isEmpty }.reversed()
        let value = open.folded ? lines.joined(separator: " ") : lines.joined(separator: "\n")
        store(open.key, value, in: &current!)
        block = nil
    }

    for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let indent = raw.prefix { $0 == " " }.count
        let line = raw.trimmingCharacters(in: .whitespaces)
        if let open = block {
            if line.isEmpty || indent > open.indent {
                block!.lines.append(line.isEmpty ? "" : String(raw.dropFirst(min(indent, open.indent + 2))))
                continue
            }
            finishBlock()
        }
        if line.isEmpty || line.hasPrefix("#") { continue }
        if line.hasPrefix("- ") {
            let item = String(line.dropFirst(2))
            if item.hasPrefix("alert:") {
                if let done = current { rules.append(done) }
                current = AlertRule(name: scalarValue(String(item.dropFirst("alert:".count))))
                ruleIndent = indent + 2
                section = nil
            } else if indent < ruleIndent || item.hasPrefix("record:") {
                if let done = current { rules.append(done) }
                current = nil
            }
            continue
        }
        guard current != nil, let colon = line.firstIndex(of: ":") else { continue }
        if indent <= ruleIndent - 2 {
            if let done = current { rules.append(done) }
            current = nil
            continue
        }
        let key = String(line[..<colon])
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        if indent == ruleIndent { section = value.isEmpty ? key : nil }
        if value.hasPrefix("|") || value.hasPrefix(">") {
            block = (key, indent, value.hasPrefix(">"), [])
        } else if !value.isEmpty {
            store(key, scalarValue(value), in: &current!)
        }
    }
    finishBlock()
    if let done = current { rules.append(done) }
    return rules
}

/// A YAML flow scalar without its quotes.
private func scalarValue(_ raw: String) -> String {
    let value = raw.trimmingCharacters(in: .whitespaces)
    if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
        return String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }
    if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        return String(value.dropFirst().dropLast())
            .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }
    return value
}

/// All alerting rules of all rule files.
func loadAlertRules() throws -> [AlertRule] {
    try AlertingFiles.ruleFiles().flatMap { parseAlertRules(try AlertingFiles.text($0)) }
}

// MARK: - Runbook

/// The level-1 to level-6 headings of a Markdown document, outside fenced code blocks.
func markdownHeadings(_ markdown: String) -> [String] {
    var inFence = false
    var headings: [String] = []
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("```") { inFence.toggle(); continue }
        guard !inFence, line.hasPrefix("#") else { continue }
        let hashes = line.prefix { $0 == "#" }.count
        let rest = line.dropFirst(hashes)
        guard hashes <= 6, rest.hasPrefix(" ") else { continue }
        headings.append(rest.trimmingCharacters(in: .whitespaces))
    }
    return headings
}

/// The anchor GitHub generates for a heading: lower case, punctuation dropped, spaces turned into hyphens.
func githubAnchor(_ heading: String) -> String {
    String(heading.lowercased().compactMap { character -> Character? in
        if character == " " { return "-" }
        if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
        return nil
    })
}

/// The text of the runbook section under the heading whose anchor is `anchor`, up to the next heading of
/// the same or a higher level.
func runbookSection(anchor: String, in markdown: String) -> String? {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(where: {
        $0.hasPrefix("#") && githubAnchor($0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)) == anchor
    }) else { return nil }
    let level = lines[start].prefix { $0 == "#" }.count
    var end = start + 1
    var inFence = false
    while end < lines.count {
        let line = lines[end]
        if line.hasPrefix("```") { inFence.toggle() }
        if !inFence, line.hasPrefix("#"), line.prefix(while: { $0 == "#" }).count <= level { break }
        end += 1
    }
    return lines[start..<end].joined(separator: "\n")
}

// MARK: - Dashboards

/// A dashboard's top-level JSON object.
func loadDashboard(_ url: URL) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    guard let dashboard = object as? [String: Any] else {
        throw TestEnvironmentError("\(url.lastPathComponent) is not a JSON object")
    }
    return dashboard
}

/// Every panel of a dashboard, including the panels nested in (collapsed) rows.
func allPanels(_ dashboard: [String: Any]) -> [[String: Any]] {
    var result: [[String: Any]] = []
    func walk(_ panels: [[String: Any]]) {
        for panel in panels {
            result.append(panel)
            walk(panel["panels"] as? [[String: Any]] ?? [])
        }
    }
    walk(dashboard["panels"] as? [[String: Any]] ?? [])
    return result
}

/// The template variables of a dashboard, by name.
func templateVariables(_ dashboard: [String: Any]) -> [String: [String: Any]] {
    let list = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
    var byName: [String: [String: Any]] = [:]
    for variable in list {
        if let name = variable["name"] as? String { byName[name] = variable }
    }
    return byName
}

/// Every value stored under `key` anywhere in a JSON tree.
func jsonValues(forKey key: String, in tree: Any) -> [Any] {
    var found: [Any] = []
    func walk(_ node: Any) {
        if let object = node as? [String: Any] {
            for (name, value) in object {
                if name == key { found.append(value) }
                walk(value)
            }
        } else if let array = node as? [Any] {
            array.forEach(walk)
        }
    }
    walk(tree)
    return found
}

/// The PromQL expressions of a dashboard's panel targets.
func panelExpressions(_ dashboard: [String: Any]) -> [(panel: String, expr: String)] {
    allPanels(dashboard).flatMap { panel in
        (panel["targets"] as? [[String: Any]] ?? []).compactMap { target in
            (target["expr"] as? String).map { (panel["title"] as? String ?? "?", $0) }
        }
    }
}

/// The template variables the dashboards may use in PromQL, with values for checking the expressions.
let dashboardVariableValues: [(name: String, value: String)] = [
    ("$__rate_interval", "1m"), ("$__interval", "1m"), ("$__range", "1h"),
    ("$job", "pg_partition_exporter"), ("$instance", "127.0.0.1:10187"), ("$datname", "app"),
    ("$schemaname", "public"), ("$relname", "domain_events"),
]

/// `expr` with the allowed template variables replaced by concrete values (longest names first).
func substitutingDashboardVariables(_ expr: String) -> String {
    dashboardVariableValues.sorted { $0.name.count > $1.name.count }.reduce(expr) {
        $0.replacingOccurrences(of: $1.name, with: $1.value)
    }
}

// MARK: - Alertmanager

/// `alerts/alertmanager.yml` made runnable in a test: secret files point at dummy files in `directory`, and
/// every notification URL at `unusedPort` on the loopback interface, so nothing leaves the machine.
func runnableAlertmanagerConfig(_ config: String, directory: URL, unusedPort: Int) throws -> String {
    let sink = "http://127.0.0.1:\(unusedPort)"
    let dummies = ["routing_key_file": "dummy-routing-key", "api_url_file": "\(sink)/slack"]
    var lines: [String] = []
    for line in config.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let item = trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
        guard !item.hasPrefix("#"), let colon = item.firstIndex(of: ":") else { lines.append(line); continue }
        let key = String(item[..<colon])
        let prefix = String(line[..<line.range(of: key)!.lowerBound])
        if let content = dummies[key] {
            let file = directory.appendingPathComponent(key)
            try content.write(to: file, atomically: true, encoding: .utf8)
            lines.append("\(prefix)\(key): \(file.path)")
        } else if key == "url" || key == "api_url" {
            lines.append("\(prefix)\(key): \(sink)/\(key)")
        } else {
            lines.append(line)
        }
    }
    return lines.joined(separator: "\n")
}

/// A temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init(prefix: String) throws {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestEnvironmentError("mkdtemp failed") }
        url = URL(fileURLWithPath: String(cString: made))
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A real Alertmanager on a free loopback port, with its API v2.
final class AlertmanagerProcess {
    let baseURL: URL
    let logFile: URL
    private let process = Process()

    /// Starts Alertmanager with `configFile`, keeping its state and log in `directory`, and waits until it
    /// is ready (at most `timeout` seconds).
    init(configFile: URL, directory: URL, timeout: TimeInterval = 30) throws {
        let port = freeLoopbackPort()
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
        logFile = directory.appendingPathComponent("alertmanager.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: try AlertingTools.alertmanager())
        process.arguments = [
            "--config.file=\(configFile.path)",
            "--storage.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)",
            "--cluster.listen-address=",
        ]
        let logHandle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { break }
            if let (_, status) = try? request("GET", "/-/ready"), status == 200 { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        terminate()
        throw TestEnvironmentError("Alertmanager did not become ready within \(timeout) s:\n\(log())")
    }

    /// Stops the process and waits for it to exit.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// What Alertmanager logged so far, for failure messages.
    func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Posts alerts, each given by its labels, to `POST /api/v2/alerts`.
    func post(alerts: [[String: String]]) throws {
        let body = try JSONSerialization.data(withJSONObject: alerts.map { ["labels": $0] })
        let (data, status) = try request("POST", "/api/v2/alerts", body: body)
        guard status == 200 else {
            throw TestEnvironmentError("POST /api/v2/alerts answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
    }

    /// The notification groups of `GET /api/v2/alerts/groups`: receiver, group labels, number of alerts.
    func groups() throws -> [(receiver: String, labels: [String: String], alerts: Int)] {
        let (data, status) = try request("GET", "/api/v2/alerts/groups")
        guard status == 200, let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw TestEnvironmentError("GET /api/v2/alerts/groups answered \(status)")
        }
        return list.map { group in
            ((group["receiver"] as? [String: Any])?["name"] as? String ?? "",
             group["labels"] as? [String: String] ?? [:], (group["alerts"] as? [Any])?.count ?? 0)
        }
    }

    /// Creates a silence for an hour of the alerts whose labels equal `matching`.
    func silence(matching: [String: String]) throws {
        let now = Date()
        let format = ISO8601DateFormatter()
        let body = try JSONSerialization.data(withJSONObject: [
            "matchers": matching.map { ["name": $0.key, "value": $0.value, "isRegex": false, "isEqual": true] },
            "startsAt": format.string(from: now), "endsAt": format.string(from: now.addingTimeInterval(3600)),
            "createdBy": "test", "comment": "a table large by design",
        ])
        let (data, status) = try request("POST", "/api/v2/silences", body: body)
        guard status == 200 else {
            throw TestEnvironmentError("POST /api/v2/silences answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
    }

    /// The alerts of `GET /api/v2/alerts`: labels, and the ids of the alerts inhibiting each one.
    func alerts() throws -> [(labels: [String: String], inhibitedBy: [String])] {
        let (data, status) = try request("GET", "/api/v2/alerts")
        guard status == 200, let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw TestEnvironmentError("GET /api/v2/alerts answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return list.map { alert in
            let status = alert["status"] as? [String: Any] ?? [:]
            return (alert["labels"] as? [String: String] ?? [:], status["inhibitedBy"] as? [String] ?? [])
        }
    }

    /// One request with curl, synchronous: the tests run on a thread of their own rather than await replies on the
    /// cooperative pool, which the blocking database tests of a full run keep busy (a reply then waited there for
    /// a free thread, and the test for its time limit). Returns the body and the status; 0 when curl failed.
    private func request(_ method: String, _ path: String, body: Data? = nil) throws -> (Data, Int) {
        let curl = try Tools.require("curl", debianPackage: "curl")
        var arguments = ["-sS", "--max-time", "5", "-X", method, "-w", "\n%{http_code}"]
        if body != nil { arguments += ["-H", "Content-Type: application/json", "--data-binary", "@-"] }
        arguments.append(baseURL.appendingPathComponent(path).absoluteString)
        let result = try runCommand(curl, arguments, input: body.map { String(decoding: $0, as: UTF8.self) },
                                    timeout: 10)
        guard result.status == 0, let newline = result.stdout.lastIndex(of: "\n") else { return (Data(), 0) }
        let status = Int(result.stdout[result.stdout.index(after: newline)...]) ?? 0
        return (Data(result.stdout[..<newline].utf8), status)
    }

    deinit { terminate() }
}
