import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// A tiny HTTP server on 127.0.0.1 that records every request it receives (path and body) and answers 200.
///
/// It stands in for the notification endpoints of Alertmanager's receivers. One background thread accepts and
/// serves connections one at a time with blocking POSIX sockets: it reads the request line, the headers and a
/// `Content-Length` body, replies `200 OK` and closes the connection. Every socket operation is bounded, and
/// `stop()` ends the thread within a second; call it when done (the thread keeps the receiver alive until then).
final class WebhookReceiver: @unchecked Sendable {
    /// One recorded request.
    struct Request: Sendable {
        var method: String
        var path: String
        var body: Data
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// Listens on a free loopback port and starts serving on a background thread.
    init() throws {
        (listener, port) = try listenOnLoopback()
        let thread = Thread { [self] in serve() }
        thread.name = "webhook-receiver"
        thread.start()
    }

    /// The requests received so far, oldest first.
    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// Stops accepting, waits (at most 5 s) for the serving thread to end, and closes the listening socket.
    func stop() {
        lock.lock()
        let first = !stopping
        stopping = true
        lock.unlock()
        guard first else { return }
        _ = finished.wait(timeout: .now() + 5)
        close(listener)
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func serve() {
        defer { finished.signal() }
        while !isStopping {
            // Wake up every 200 ms to notice stop().
            var waiting = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 200) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            if let request = handle(connection) {
                lock.lock()
                recorded.append(request)
                lock.unlock()
            }
            close(connection)
        }
    }

    /// Reads one request from `connection` and answers it; nil when the request was incomplete.
    private func handle(_ connection: Int32) -> Request? {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        var contentLength = 0
        while true {
            if headerEnd == nil, let found = buffer.range(of: separator) {
                headerEnd = found
                contentLength = Self.contentLength(String(decoding: buffer[..<found.lowerBound], as: UTF8.self))
            }
            if let end = headerEnd, buffer.count - end.upperBound >= contentLength { break }
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let head = String(decoding: buffer[..<headerEnd!.lowerBound], as: UTF8.self)
        let requestLine = head.split(separator: "\r\n", maxSplits: 1).first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        let reply = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = reply.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        let bodyStart = headerEnd!.upperBound
        return Request(method: String(requestLine[0]), path: String(requestLine[1]),
                       body: Data(buffer[bodyStart..<(bodyStart + contentLength)]))
    }

    /// The `Content-Length` of a request head, 0 when it has none.
    private static func contentLength(_ head: String) -> Int {
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                return Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        return 0
    }
}
