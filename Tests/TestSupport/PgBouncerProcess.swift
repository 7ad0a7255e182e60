import Foundation

/// A real PgBouncer (Debian's `pgbouncer`) on a free loopback port, in front of a `TestPostgres`, in transaction
/// pooling mode with one server connection per database and user, so that every client shares it, as the
/// exporter and the applications do in production. Clients log in as anyone (`auth_type = any`); PgBouncer logs
/// in to the server as `postgres`. As root it runs as the `postgres` OS user: PgBouncer refuses root.
public final class PgBouncerProcess: @unchecked Sendable {
    public let port: Int
    private let directory: String
    private let process = Process()

    public init(server: TestPostgres) throws {
        let binary = try Tools.require("pgbouncer", debianPackage: "pgbouncer")
        port = freeLoopbackPort()
        var template = Array("/tmp/ppe-bouncer-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestEnvironmentError("mkdtemp failed") }
        directory = String(cString: made)
        let config = """
            [databases]
            * = host=127.0.0.1 port=\(server.port) user=postgres password=\(server.superuserPassword)
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = any
            pool_mode = transaction
            default_pool_size = 1
            max_client_conn = 50
            ignore_startup_parameters = extra_float_digits
            logfile = \(directory)/pgbouncer.log
            pidfile = \(directory)/pgbouncer.pid
            """
        try config.write(toFile: directory + "/pgbouncer.ini", atomically: true, encoding: .utf8)
        if geteuid() == 0 {
            guard let pw = getpwnam("postgres") else { throw TestEnvironmentError("no postgres OS user to run PgBouncer") }
            _ = try runChecked("/bin/chown", ["-R", "\(pw.pointee.pw_uid):\(pw.pointee.pw_gid)", directory])
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", binary, directory + "/pgbouncer.ini"]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [directory + "/pgbouncer.ini"]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        AtExit.register { [weak self] in self?.stop() }
        for _ in 0..<100 {
            if (try? RawTCP(port: port)) != nil { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        let log = (try? String(contentsOfFile: directory + "/pgbouncer.log", encoding: .utf8)) ?? ""
        stop()
        throw TestEnvironmentError("PgBouncer did not start on 127.0.0.1:\(port):\n\(log)")
    }

    deinit { stop() }

    /// A conninfo through PgBouncer to `database` as `user`.
    public func conninfo(database: String, user: String = "postgres") -> String {
        "host=127.0.0.1 port=\(port) dbname=\(database) user=\(user) sslmode=disable"
    }

    public var log: String { (try? String(contentsOfFile: directory + "/pgbouncer.log", encoding: .utf8)) ?? "" }

    public func stop() {
        // runuser may not pass the signal on: stop PgBouncer itself by its pid file too.
        if let pid = (try? String(contentsOfFile: directory + "/pgbouncer.pid", encoding: .utf8))
            .flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            kill(pid, SIGTERM)
        }
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
