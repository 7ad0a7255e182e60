import Foundation

/// A raw TCP connection to a loopback port, for requests no well-behaved client sends.
public final class RawTCP: @unchecked Sendable {
    private let fd: Int32
    var descriptor: Int32 { fd }

    /// Connects within `timeout` seconds: a server whose listen queue is full would otherwise keep connect()
    /// retrying for minutes.
    /// `receiveBuffer` shrinks the socket's receive buffer (and so the window the server may fill) before it
    /// connects: a client that reads slowly.
    public init(port: Int, timeout: TimeInterval = 10, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var failure = result == 0 ? 0 : errno
        if failure == EINPROGRESS {
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&pfd, 1, Int32(timeout * 1000)) == 1 {
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            } else {
                failure = ETIMEDOUT
            }
        }
        guard failure == 0 else {
            close(fd)
            throw TestEnvironmentError("cannot connect to 127.0.0.1:\(port): errno \(failure)")
        }
        _ = fcntl(fd, F_SETFL, flags)
    }

    deinit { close(fd) }

    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the peer sends until it closes or `timeout` passes.
    public func receive(timeout: TimeInterval) -> String {
        var data = [UInt8]()
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension RawTCP {
    /// Waits at most `timeout` seconds for the peer to close the connection, discarding what it sends; true when
    /// it closed (or reset) it.
    public func closedByPeer(within timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var pfd = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            if recv(descriptor, &buffer, buffer.count, 0) <= 0 { return true }
        }
        return false
    }
}

/// Established TCP connections whose local port is `port` (from /proc/net/tcp and tcp6), i.e. clients connected
/// to a server of this machine listening on it.
public func establishedConnections(toPort port: Int) -> Int {
    let hexPort = String(format: "%04X", port)
    var count = 0
    for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
        // procfs files report a size of 0, so read to the end rather than by size.
        guard let handle = FileHandle(forReadingAtPath: file) else { continue }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        try? handle.close()
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 3 else { continue }
            // fields[1] is local address:port, fields[3] the state; 01 is ESTABLISHED.
            if fields[1].hasSuffix(":" + hexPort) && fields[3] == "01" { count += 1 }
        }
    }
    return count
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
public func eventually(timeout: TimeInterval = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    return try condition()
}
