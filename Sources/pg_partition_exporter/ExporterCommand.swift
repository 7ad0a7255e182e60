import ArgumentParser
import Dispatch
import Foundation
import Logging
import PartitionExporter
import PartitionExporterCore

/// The exporter's command line: parse flags, load the configuration, then serve until SIGTERM or SIGINT.
@main
struct ExporterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg_partition_exporter",
        abstract: "Prometheus exporter for PostgreSQL declarative partitioning.",
        discussion: """
            The database comes from DATA_SOURCE_NAME (a libpq conninfo string or a postgresql:// URI); \
            without it, libpq's environment applies (PGHOST, PGUSER, PGPASSFILE, PGSERVICE, ...).
            """,
        version: BuildVersion.info.version)

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on, as host:port or :port.")
    var listenAddress = ":10187"

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath = "/metrics"

    @Option(name: .customLong("config.file"), help: "YAML file with defaults, per-table rules and exclusions.")
    var configFile: String?

    @Option(name: .customLong("web.config.file"),
            help: "exporter-toolkit web configuration: TLS (tls_server_config) and basic_auth_users.")
    var webConfigFile: String?

    @Option(name: .customLong("scrape.timeout"),
            help: "Seconds a scrape may take when Prometheus does not send X-Prometheus-Scrape-Timeout-Seconds.")
    var scrapeTimeout: Double = 10

    @Option(name: .customLong("sizes.max-age"),
            help: """
                How old a served partition size may get (30s, 5m, 1h): changed partitions are measured at once, \
                the rest at least this often.
                """)
    var sizesMaxAge = "5m"

    @Option(name: .customLong("default-rows.count-limit"),
            help: """
                Rows counted at most in each default partition the role may SELECT; past it, and where the role \
                may not, the rows are estimated from the statistics. 0 counts none.
                """)
    var defaultRowsCountLimit = Configuration.defaultRowsCountLimitDefault

    @Option(name: .customLong("web.max-connections"),
            help: "HTTP connections held at once; the soft open-files limit is raised to fit them.")
    var maxConnections = 4096

    @Option(name: .customLong("web.header-timeout"),
            help: "How long a connection may stay silent before its request is complete (1s, 10s).")
    var headerTimeout = "10s"

    @Option(name: .customLong("web.idle-timeout"),
            help: "How long a kept-alive connection may wait for its next request (30s, 2m).")
    var idleTimeout = "2m"

    @Option(name: .customLong("probe.idle-timeout"),
            help: "How long a target of /probe keeps its connections open after its last probe (30s, 5m, 1h).")
    var probeIdleTimeout = "5m"

    @Option(name: .customLong("log.level"), help: "One of debug, info, warn, error.")
    var logLevel = "info"

    @Option(name: .customLong("log.format"), help: "One of logfmt, json.")
    var logFormat = "logfmt"

    func validate() throws {
        guard Self.levels[logLevel] != nil else { throw ValidationError("--log.level must be debug, info, warn or error") }
        guard LineLogHandler.Format(rawValue: logFormat) != nil else {
            throw ValidationError("--log.format must be logfmt or json")
        }
        guard scrapeTimeout > 0 else { throw ValidationError("--scrape.timeout must be positive") }
        guard let age = PrometheusDuration.seconds(parsing: sizesMaxAge), age > 0 else {
            throw ValidationError(
                "--sizes.max-age must be a positive duration such as 30s, 5m or 1h, got '\(sizesMaxAge)'")
        }
        guard (0...1_000_000_000).contains(defaultRowsCountLimit) else {
            throw ValidationError(
                "--default-rows.count-limit must be from 0 to 1000000000, got \(defaultRowsCountLimit)")
        }
        guard (1...1_000_000).contains(maxConnections) else {
            throw ValidationError("--web.max-connections must be from 1 to 1000000, got \(maxConnections)")
        }
        for (flag, value) in [("--web.header-timeout", headerTimeout), ("--web.idle-timeout", idleTimeout)] {
            guard let seconds = PrometheusDuration.seconds(parsing: value), seconds >= 1 else {
                throw ValidationError("\(flag) must be a duration of at least 1s such as 10s or 2m, got '\(value)'")
            }
        }
        guard let idle = PrometheusDuration.seconds(parsing: probeIdleTimeout), idle > 0 else {
            throw ValidationError(
                "--probe.idle-timeout must be a positive duration such as 30s, 5m or 1h, got '\(probeIdleTimeout)'")
        }
        guard telemetryPath.hasPrefix("/"), telemetryPath != "/probe" else {
            throw ValidationError("--web.telemetry-path must start with / and cannot be /probe")
        }
    }

    private static let levels: [String: Logger.Level] = ["debug": .debug, "info": .info, "warn": .warning, "error": .error]

    func run() throws {
        let format = LineLogHandler.Format(rawValue: logFormat)!
        let level = Self.levels[logLevel]!
        LoggingSystem.bootstrap { _ in LineLogHandler(format: format, level: level) }
        let logger = Logger(label: "pg_partition_exporter")

        var configuration = try loadConfiguration()
        configuration.sizesMaxAge = PrometheusDuration.seconds(parsing: sizesMaxAge)!
        configuration.defaultRowsCountLimit = defaultRowsCountLimit
        let (tls, passwords) = loadWebConfiguration()
        let dataSourceName = ProcessInfo.processInfo.environment["DATA_SOURCE_NAME"]
        let redactor = redactor(dataSourceName: dataSourceName, targets: configuration.targets)
        let (host, port) = try parseListenAddress(listenAddress)

        // With `targets:` and no DATA_SOURCE_NAME, `/metrics` serves the exporter's own series alone: libpq's
        // defaults (a local socket, PGHOST) would otherwise make it watch a database nobody asked for.
        let databases = dataSourceName == nil && !configuration.targets.isEmpty ? nil
            : DatabaseSet(conninfo: dataSourceName ?? "", configuration: configuration, redactor: redactor,
                          logger: logger)
        let service = MetricsService(databases: databases, build: BuildVersion.info, logger: logger)
        let probes = configuration.targets.isEmpty ? nil
            : ProbeTargets(targets: configuration.targets, configuration: configuration, redactor: redactor,
                           idleTimeout: PrometheusDuration.seconds(parsing: probeIdleTimeout)!,
                           build: BuildVersion.info, logger: logger)
        let routes = Routes(telemetryPath: telemetryPath, defaultTimeout: scrapeTimeout, service: service,
                            probes: probes, passwords: passwords, logger: logger)
        let server: HTTPServer
        do {
            let httpLogger = Logger(label: "libmicrohttpd")
            let limits = HTTPServer.Limits(
                connections: connectionsWithinFileLimit(logger: logger),
                headerTimeout: Int(PrometheusDuration.seconds(parsing: headerTimeout)!.rounded(.up)),
                idleTimeout: Int(PrometheusDuration.seconds(parsing: idleTimeout)!.rounded(.up)))
            server = try HTTPServer(host: host, port: port, tls: tls, limits: limits,
                                    libraryLog: { httpLogger.warning("\($0)") }) { routes.handle($0) }
        } catch {
            // Status 2, like every other mistake at start: the unit's RestartPreventExitStatus stops restarts.
            logger.error("cannot listen", metadata: ["address": "\(listenAddress)", "error": "\(error)"])
            throw ExitCode(2)
        }
        logger.info("listening", metadata: [
            "address": "\(listenAddress)", "port": "\(server.port)", "telemetry_path": "\(telemetryPath)",
            "version": "\(BuildVersion.info.version)",
            "tls": "\(tls != nil)", "basic_auth": "\(passwords != nil)",
            "probe_targets": "\(configuration.targets.count)",
        ])

        let signal = waitForTermination()
        logger.info("shutting down", metadata: ["signal": "\(signal)"])
        // Stop accepting (new requests on open connections get 503), cut every collection in flight short, close
        // the database connections once they end, then give the responses in flight half a second and stop.
        server.quiesce()
        probes?.interrupt()
        service.interrupt()
        probes?.shutdown()
        service.close()
        server.stop()
        logger.info("stopped")
    }

    /// The configuration file, or defaults; a bad file ends the program with status 2 and a located message.
    private func loadConfiguration() throws -> Configuration {
        guard let configFile else { return Configuration() }
        let text: String
        do {
            text = try String(contentsOfFile: configFile, encoding: .utf8)
        } catch {
            Self.fail("\(configFile): cannot read the configuration file: \(error.localizedDescription)")
        }
        do {
            return try Configuration(yaml: text, file: configFile)
        } catch {
            Self.fail(error.description)
        }
    }

    /// The TLS material and the password verifier of `--web.config.file`; a bad file, a missing or unreadable
    /// certificate or key, or a malformed hash ends the program with status 2 before it listens.
    private func loadWebConfiguration() -> (HTTPServer.TLSMaterial?, PasswordVerifier?) {
        guard let webConfigFile else { return (nil, nil) }
        let web: WebConfiguration
        do {
            let text = try String(contentsOfFile: webConfigFile, encoding: .utf8)
            web = try WebConfiguration(yaml: text, file: webConfigFile)
        } catch let error as ConfigurationError {
            Self.fail(error.description)
        } catch {
            Self.fail("\(webConfigFile): cannot read the web configuration file: \(error.localizedDescription)")
        }
        var material: HTTPServer.TLSMaterial?
        if let tls = web.tls {
            guard HTTPServer.supportsTLS else { Self.fail("\(webConfigFile): this libmicrohttpd has no TLS support") }
            func pem(_ path: String, key: String, marker: String) -> String {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    Self.fail("\(webConfigFile): tls_server_config.\(key): cannot read \(path)")
                }
                guard text.contains("-----BEGIN"), text.contains(marker) else {
                    Self.fail("\(webConfigFile): tls_server_config.\(key): \(path) holds no PEM \(marker)")
                }
                return text
            }
            material = HTTPServer.TLSMaterial(
                certificate: pem(tls.certFile, key: "cert_file", marker: "CERTIFICATE"),
                key: pem(tls.keyFile, key: "key_file", marker: "PRIVATE KEY"), minVersion: tls.minVersion)
        }
        return (material, web.basicAuthUsers.isEmpty ? nil : PasswordVerifier(users: web.basicAuthUsers))
    }

    /// Checks that libpq can parse DATA_SOURCE_NAME and every target's `dsn`, and collects the passwords that must
    /// never be printed: those of every connection string, so that no message of any target can show one.
    private func redactor(dataSourceName: String?, targets: [ProbeTarget]) -> SecretRedactor {
        let sources = [(dataSourceName ?? "", "DATA_SOURCE_NAME")] + targets.enumerated().map { index, target in
            let place = [configFile, target.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
            return (target.dsn, "\(place): targets[\(index)].dsn")
        }
        var secrets = sources.flatMap { SecretRedactor.passwords(in: $0.0) }
        if let password = ProcessInfo.processInfo.environment["PGPASSWORD"] { secrets.append(password) }
        var parsed: [[String: String]] = []
        for (conninfo, name) in sources {
            switch PostgresConnection.parseConninfo(conninfo) {
            case .success(let options):
                parsed.append(options)
            case .failure(let error):
                // libpq may quote a piece of the string, which can hold the password: every spelling is masked.
                let redacted = SecretRedactor(secrets: secrets).redact(error.message)
                Self.fail("\(name) is not a valid libpq connection string or URI: \(redacted)")
            }
        }
        return SecretRedactor(secrets: secrets + parsed.compactMap { $0["password"] })
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("pg_partition_exporter: error: \(message)\n".utf8))
        Foundation.exit(2)
    }

    /// `:10187`, `127.0.0.1:10187`, `[::1]:10187`, `localhost:10187`.
    private func parseListenAddress(_ address: String) throws -> (String?, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--web.listen-address must be host:port or :port, got '\(address)'") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? nil : host, port)
    }

    /// `--web.max-connections`, after raising the soft open-files limit towards the hard one, as Go programs do at
    /// start: each connection is a descriptor, and the database connections, the log and libraries need some more.
    /// When the hard limit is lower, fewer connections, said once.
    private func connectionsWithinFileLimit(logger: Logger) -> Int {
        let reserve = 256
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return maxConnections }
        let wanted = rlim_t(maxConnections + reserve)
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = min(wanted, limit.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let fitting = max(Int(clamping: limit.rlim_cur) - reserve, 16)
        guard fitting < maxConnections else { return maxConnections }
        logger.warning("the open-files limit holds fewer HTTP connections than --web.max-connections", metadata: [
            "max_connections": "\(fitting)", "open_files_limit": "\(limit.rlim_cur)",
            "fix": "raise LimitNOFILE (systemd) or ulimit -Hn",
        ])
        return fitting
    }

    /// Blocks until SIGTERM or SIGINT and returns its name.
    private func waitForTermination() -> String {
        let semaphore = DispatchSemaphore(value: 0)
        let received = SignalBox()
        var sources: [DispatchSourceSignal] = []
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                received.set(name)
                semaphore.signal()
            }
            source.resume()
            sources.append(source)
        }
        Foundation.signal(SIGPIPE, SIG_IGN)
        semaphore.wait()
        sources.forEach { $0.cancel() }
        return received.get()
    }
}

private final class SignalBox: @unchecked Sendable {
    private let lock = NSLock()
    private var name = ""
    func set(_ value: String) { lock.lock(); name = value; lock.unlock() }
    func get() -> String { lock.lock(); defer { lock.unlock() }; return name }
}
