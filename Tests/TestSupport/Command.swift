import Foundation

/// What a finished child process left behind.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// A failure of the test environment, worded so that the reader knows what to do next.
public struct TestEnvironmentError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a program to completion with a bounded wait; a program that overstays is killed and reported.
///
/// Spawned with `posix_spawn` and reaped with `waitpid`: Foundation's `Process` on Linux reports an exit only
/// once every inheritor of its internal socket is gone, which never happens when the child starts a daemon
/// (`pg_ctl start`).
@discardableResult
public func runCommand(
    _ executable: String,
    _ arguments: [String],
    environment: [String: String]? = nil,
    input: String? = nil,
    timeout: TimeInterval = 60
) throws -> CommandResult {
    func makePipe() throws -> [Int32] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestEnvironmentError("pipe failed: errno \(errno)") }
        return fds
    }
    let inPipe = try makePipe(), outPipe = try makePipe(), errPipe = try makePipe()
    // Close-on-exec everywhere: the child gets only the dup2'ed ends, and so do its daemons.
    for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    let env = (environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } }
        ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
    guard spawned == 0 else {
        close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
        throw TestEnvironmentError("cannot start \(executable): errno \(spawned)")
    }
    let writer = FileHandle(fileDescriptor: inPipe[1], closeOnDealloc: true)
    let outBox = DataBox(), errBox = DataBox()
    let group = DispatchGroup()
    for (fd, box) in [(outPipe[0], outBox), (errPipe[0], errBox)] {
        group.enter()
        DispatchQueue.global().async {
            box.set(readToEnd(fd))
            group.leave()
        }
    }
    if let input { try? writer.write(contentsOf: Data(input.utf8)) }
    try? writer.close()

    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(timeout)
    while waitpid(pid, &status, WNOHANG) == 0 {
        if Date() >= deadline {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            _ = group.wait(timeout: .now() + 5)
            throw TestEnvironmentError(
                "\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        usleep(5_000)
    }
    _ = group.wait(timeout: .now() + 10)
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return CommandResult(
        status: exitStatus,
        stdout: String(decoding: outBox.get(), as: UTF8.self),
        stderr: String(decoding: errBox.get(), as: UTF8.self)
    )
}

/// Runs a program and throws, with its output, unless it exits 0.
@discardableResult
public func runChecked(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil,
    timeout: TimeInterval = 60
) throws -> String {
    let result = try runCommand(executable, arguments, environment: environment, input: input, timeout: timeout)
    guard result.status == 0 else {
        throw TestEnvironmentError(
            "\(executable) \(arguments.joined(separator: " ")) exited \(result.status)\n\(result.stdout)\n\(result.stderr)")
    }
    return result.stdout
}

final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// Everything `fd` yields until end of file, then closes it. A plain read loop rather than FileHandle's
/// `readDataToEndOfFile`, which traps on an error (a CI run died of EBADF there) instead of ending the output.
private func readToEnd(_ fd: Int32) -> Data {
    defer { close(fd) }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            data.append(contentsOf: buffer[..<count])
        } else if count < 0, errno == EINTR {
            continue
        } else {
            return data
        }
    }
}
