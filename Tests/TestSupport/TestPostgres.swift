import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster in a temporary directory, on a free loopback port.
///
/// The superuser `postgres` logs in over TCP with `superuserPassword` (SCRAM), and without one over the
/// Unix socket that `psql` here uses. As root, the server runs as the `postgres` OS user: initdb refuses root.
public final class TestPostgres: @unchecked Sendable {
    public let port: Int
    public let directory: String
    private static let password = "s3cret-Pw0rd"
    public let superuserPassword = TestPostgres.password
    private let binDir: String
    private let runAs: String?
    private let extraOptions: String
    private var dataDir: String { directory + "/data" }
    private var socketDir: String { directory + "/sock" }

    /// One server per test process, started on first use and stopped when the process exits. Throws, with how to
    /// install PostgreSQL, in every test that needs it when the server cannot start.
    public static var shared: TestPostgres {
        get throws { try sharedServer.get() }
    }

    private static let sharedServer: Result<TestPostgres, Error> = Result {
        let server = try TestPostgres()
        AtExit.register { server.destroy() }
        return server
    }

    /// Server settings for pg_cron, as it must be configured: its library preloaded, its tables in `postgres`, and
    /// background workers, so that jobs run without a password.
    public static let cronOptions = [
        "shared_preload_libraries=pg_cron", "cron.database_name=postgres", "cron.use_background_workers=on",
        "max_worker_processes=32",
    ]

    /// A server with pg_cron preloaded (and pg_partman available), failing with how to install them when missing.
    public static func withCron(options: [String] = []) throws -> TestPostgres {
        try Tools.requirePartmanAndCron()
        return try TestPostgres(options: cronOptions + options)
    }

    /// `options` are extra server settings, e.g. `["log_statement=all"]`.
    public init(options: [String] = []) throws {
        extraOptions = options.map { " -c \($0)" }.joined()
        binDir = try Tools.postgresBinDir()
        port = freeLoopbackPort()
        runAs = geteuid() == 0 ? "postgres" : nil
        directory = try Self.serverDirectory(runAs: runAs) { directory in
            try Self.password.write(toFile: directory + "/pwfile", atomically: true, encoding: .utf8)
        }
        let pwfile = directory + "/pwfile"
        try server("initdb", [
            "-D", dataDir, "-U", "postgres", "--pwfile", pwfile, "-E", "UTF8", "--locale", "C", "-N",
            "--auth-local", "trust", "--auth-host", "scram-sha-256",
        ])
        try start()
    }

    /// A hot standby of `primary`: a base backup taken with `pg_basebackup -R` (which writes `standby.signal` and
    /// `primary_conninfo`) over `primary`'s Unix socket, started on a port and socket of its own. It streams from
    /// `primary` and serves read-only queries. The primary's default pg_hba already admits local replication.
    public init(standbyOf primary: TestPostgres, options: [String] = []) throws {
        extraOptions = (["hot_standby=on"] + options).map { " -c \($0)" }.joined()
        binDir = primary.binDir
        port = freeLoopbackPort()
        runAs = primary.runAs
        directory = try Self.serverDirectory(runAs: runAs)
        try server("pg_basebackup", [
            "-h", primary.socketDir, "-p", "\(primary.port)", "-U", "postgres", "-D", dataDir, "-R",
            "-X", "stream", "-c", "fast",
        ])
        try start()
    }

    /// A fresh temporary directory with its `sock` subdirectory, after `fill` has written what it needs, owned by
    /// `runAs` when the server runs as that OS user (initdb refuses root).
    private static func serverDirectory(runAs: String?, fill: (String) throws -> Void = { _ in }) throws -> String {
        var template = Array("/tmp/ppe-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestEnvironmentError("mkdtemp failed") }
        let directory = String(cString: made)
        try FileManager.default.createDirectory(atPath: directory + "/sock", withIntermediateDirectories: true)
        try fill(directory)
        if let runAs {
            guard let pw = getpwnam(runAs) else {
                throw TestEnvironmentError(
                    "running as root needs the `postgres` OS user to start PostgreSQL: run `sudo apt-get install -y postgresql`.")
            }
            _ = try runChecked("/bin/chown", ["-R", "\(pw.pointee.pw_uid):\(pw.pointee.pw_gid)", directory])
        }
        return directory
    }

    /// Starts (or restarts after `stop`) the server and waits until it accepts connections.
    public func start() throws {
        let options = "-p \(port) -k \(socketDir) -c listen_addresses=127.0.0.1 -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c log_min_messages=warning -c autovacuum=off" + extraOptions
        try server("pg_ctl", ["-D", dataDir, "-o", options, "-l", directory + "/server.log", "-w", "-t", "60", "start"])
    }

    /// Stops the server at once, as a crash or a failover would.
    public func stop() throws {
        try server("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-t", "60", "stop"])
    }

    /// Stops the server and removes its files.
    public func destroy() {
        _ = try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A libpq conninfo string for `user` over TCP.
    public func conninfo(database: String, user: String = "postgres", password: String? = nil) -> String {
        let pw = password ?? (user == "postgres" ? superuserPassword : nil)
        var parts = ["host=127.0.0.1", "port=\(port)", "dbname=\(database)", "user=\(user)", "sslmode=disable"]
        if let pw { parts.append("password=\(pw)") }
        return parts.joined(separator: " ")
    }

    /// Runs SQL through psql over the Unix socket and returns its unaligned, tuples-only output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", timeout: TimeInterval = 120) throws -> String {
        let psql = binDir + "/psql"
        let out = try runChecked(
            psql,
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDir, "-p", "\(port)", "-U", "postgres",
             "-d", database, "-f", "-"],
            environment: ["PGTZ": "UTC", "PGDATESTYLE": "ISO"], input: sql, timeout: timeout)
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates a fresh database with a unique name and returns its name.
    public func createDatabase(prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// The path of a psql session's socket directory, for tools that want it.
    public var socketDirectory: String { socketDir }

    /// The server's log so far.
    public var serverLog: String {
        (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
    }

    /// Process ids of the backends serving the exporter (by its `application_name`).
    public func exporterBackends(database: String) throws -> [Int32] {
        try psql("SELECT pid FROM pg_stat_activity WHERE application_name = 'pg_partition_exporter' "
                 + "AND datname = current_database()",
                 database: database).split(separator: "\n").compactMap { Int32($0) }
    }

    private func server(_ tool: String, _ arguments: [String]) throws {
        let path = binDir + "/" + tool
        if let runAs {
            try runChecked("/usr/sbin/runuser", ["-u", runAs, "--", path] + arguments, timeout: 120)
        } else {
            try runChecked(path, arguments, timeout: 120)
        }
    }
}

/// A psql session kept open in the background, for holding locks and transactions across a scrape.
public final class BackgroundSession: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()

    /// Opens a session on `database` and runs `sql` in it (without waiting for the result).
    public init(server: TestPostgres, database: String, sql: String) throws {
        process.executableURL = URL(fileURLWithPath: try Tools.postgresBinDir() + "/psql")
        process.arguments = ["-X", "-q", "-h", server.socketDirectory, "-p", "\(server.port)", "-U", "postgres",
                             "-d", database]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        signal(SIGPIPE, SIG_IGN)  // A write to a session that already ended must not kill the test process.
        try process.run()
        send(sql)
    }

    public func send(_ sql: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data((sql + "\n").utf8))
    }

    /// Whether `close` ran: a second call (an explicit close, then a `defer`) must not close the pipe's descriptor
    /// again, as its number may by then belong to another thread's pipe.
    private let closed = Mutex(false)

    /// Ends the session (rolling back what it holds) and waits for psql to exit, at most 10 s. Idempotent.
    public func close() {
        guard !closed.withLock({ done in defer { done = true }; return done }) else { return }
        guard process.isRunning else { return }
        send("ROLLBACK;")
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }

    deinit { close() }
}
