import Foundation
import Synchronization

/// Finds the real tools the tests drive. A missing tool fails the test and says how to install it; it never skips.
public enum Tools {
    /// The absolute path of `name`, searched in PATH and in Debian's usual places.
    public static func require(_ name: String, debianPackage: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
        for dir in dirs {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestEnvironmentError(
            "\(name) is not installed: run `sudo apt-get install -y \(debianPackage)` (or `scripts/setup.sh`).")
    }

    /// The directory of PostgreSQL's server binaries (initdb, pg_ctl, postgres), newest version first.
    public static func postgresBinDir() throws -> String {
        if let dir = ProcessInfo.processInfo.environment["PG_BINDIR"], !dir.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: dir + "/initdb") else {
                throw TestEnvironmentError("PG_BINDIR=\(dir) holds no initdb: point it at PostgreSQL's server binaries.")
            }
            return dir
        }
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(base)/\(version)/bin/initdb") {
            return "\(base)/\(version)/bin"
        }
        throw TestEnvironmentError(
            "PostgreSQL server binaries (initdb, pg_ctl) not found under \(base): "
                + "run `sudo apt-get install -y postgresql` (or `scripts/setup.sh`), or set PG_BINDIR.")
    }

    /// Fails, saying how to install them, unless Debian's pg_partman and pg_cron packages are installed for the
    /// PostgreSQL the tests run (`PG_SHAREDIR` overrides where their control files are looked for).
    public static func requirePartmanAndCron() throws {
        let bin = URL(fileURLWithPath: try postgresBinDir())
        let major = bin.deletingLastPathComponent().lastPathComponent
        let share = ProcessInfo.processInfo.environment["PG_SHAREDIR"] ?? "/usr/share/postgresql/\(major)"
        for (control, package) in [("pg_partman", "postgresql-\(major)-partman"), ("pg_cron", "postgresql-\(major)-cron")]
        where !FileManager.default.fileExists(atPath: "\(share)/extension/\(control).control") {
            throw TestEnvironmentError(
                "\(control) is not installed for PostgreSQL \(major): run `sudo apt-get install -y \(package)` "
                    + "(or `scripts/setup.sh`).")
        }
    }

    /// The repository's root directory, found from this source file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The exporter binary that `swift build`/`swift test` built beside the test bundle.
    public static func exporterBinary() throws -> String {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("pg_partition_exporter").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw TestEnvironmentError("pg_partition_exporter binary not found near \(testBinary.path): run `swift build`.")
    }
}

/// Raises this process's soft open-files limit to at least `count`, for tests that open thousands of sockets;
/// fails, saying how to fix it, when the hard limit is lower.
public func raiseOpenFileLimit(atLeast count: Int) throws {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw TestEnvironmentError("getrlimit failed") }
    guard limit.rlim_cur < rlim_t(count) else { return }
    guard limit.rlim_max >= rlim_t(count) else {
        throw TestEnvironmentError("this test opens \(count) sockets, beyond the hard open-files limit "
                                   + "\(limit.rlim_max): run `ulimit -Hn \(count)`")
    }
    limit.rlim_cur = rlim_t(count)
    guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw TestEnvironmentError("setrlimit failed") }
}

/// The descriptors process `pid` holds open (from /proc).
public func openDescriptors(of pid: Int32) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
}

/// A TCP socket listening on a free port of 127.0.0.1, and the port. The kernel completes connections to it
/// whether or not anyone accepts them. The caller closes the socket.
public func listenOnLoopback(backlog: Int32 = 64) throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestEnvironmentError("socket failed: errno \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0, listen(fd, backlog) == 0 else {
        close(fd)
        throw TestEnvironmentError("cannot listen on 127.0.0.1: errno \(errno)")
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// The next port `freeLoopbackPort` tries; spread by process so that parallel test runs start apart.
private let nextPort = Atomic<Int>(Int(getpid()) % 6000)

/// A TCP port on 127.0.0.1 that was free a moment ago, below the kernel's ephemeral range (32768 and up here).
///
/// A port the kernel hands out for bind(0) is an ephemeral one, which any outgoing connection of a parallel test
/// may take as its source port before the server that was to listen on it starts ("Address already in use"). Ports
/// from 20000 to 32767 are never used as source ports, and this allocator gives each call of the test process a
/// different one.
public func freeLoopbackPort() -> Int {
    for _ in 0..<12768 {
        let port = 20000 + nextPort.add(1, ordering: .relaxed).newValue % 12768
        if canBind(port) { return port }
    }
    preconditionFailure("no free port on 127.0.0.1 from 20000 to 32767")
}

private func canBind(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let len = socklen_t(MemoryLayout<sockaddr_in>.size)
    return withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
    } == 0
}
