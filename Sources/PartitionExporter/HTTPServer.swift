import CMicroHTTPD
import Foundation

/// An HTTP request as the exporter needs it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    /// Header values by lower-cased name.
    public var headers: [String: String]
    /// The query string's arguments, decoded, in order; a value is nil for `?name` without `=`.
    public var arguments: [(name: String, value: String?)] = []
}

/// What a response sends: bytes held once and sent in place, or bytes made as they are sent.
public enum HTTPBody: Sendable {
    /// Sent in place; libmicrohttpd holds a reference until the response is gone.
    case bytes(SharedBytes)
    /// Exactly `count` bytes, which `read` writes in order into libmicrohttpd's buffer as the client takes them
    /// (returning how many it wrote, nil on failure), so that a large body is never held whole.
    case stream(count: Int, read: @Sendable (UnsafeMutableRawBufferPointer) -> Int?)
}

/// A complete response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: HTTPBody

    public init(status: Int, headers: [(String, String)] = [], body: SharedBytes = SharedBytes([])) {
        self.init(status: status, headers: headers, body: .bytes(body))
    }

    public init(status: Int, headers: [(String, String)], body: HTTPBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, text: String) {
        self.init(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                  body: SharedBytes(Array(text.utf8)))
    }
}

/// An HTTP/1.1 server on GNU libmicrohttpd that idle or slow clients cannot starve: a few epoll threads serve
/// thousands of connections, and a request's handler runs on a worker thread while its connection is suspended, so
/// that a scrape waiting seconds for the database holds no polling thread. This is the only file that calls
/// libmicrohttpd.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    private var daemon: OpaquePointer?
    fileprivate let workers: RequestWorkers
    fileprivate let limits: Limits
    /// Set by `quiesce()`: requests that arrive on kept-alive connections from then on get 503 at once. Guarded by
    /// `lock`, as are the counts below.
    private var quiesced = false
    /// The listening socket `quiesce()` took back, closed only once the daemon has stopped (libmicrohttpd's polling
    /// threads may still look at it until then).
    private var listener: Int32 = -1
    /// Requests dispatched to a handler whose response is not yet fully sent.
    private var responding = 0
    /// Connections suspended while their handler runs, up to the resume. libmicrohttpd must not be stopped with
    /// one suspended, and a worker must not resume a connection of a stopped daemon.
    private var suspended = 0
    private let handler: Handler
    private let lock = NSLock()
    /// Where libmicrohttpd's own messages go once the server runs (its external logger); while it starts, they
    /// are kept in `startupMessages`, to say why it could not.
    private let libraryLog: @Sendable (String) -> Void
    private var startupMessages: [String]? = []

    /// PEM certificate and key, and the GnuTLS priority string that sets the minimum TLS version.
    public struct TLSMaterial: Sendable {
        public var certificate: String
        public var key: String
        public var priorities: String

        public init(certificate: String, key: String, minVersion: String) {
            self.certificate = certificate
            self.key = key
            priorities = minVersion == "TLS13"
                ? "NORMAL:-VERS-ALL:+VERS-TLS1.3" : "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
        }
    }

    /// What bounds the server's connections, threads and memory.
    public struct Limits: Sendable {
        /// Connections held at once; beyond it, new ones wait in the kernel's listen queue.
        public var connections: Int
        /// Seconds a new connection may stay silent before its first request's headers are in, and any request
        /// while its body is read and its response sent.
        public var headerTimeout: Int
        /// Seconds a kept-alive connection may wait for its next request.
        public var idleTimeout: Int
        /// Polling threads (epoll); handlers run on workers of their own.
        public var pollingThreads: Int
        /// Handlers running at once (each waits on a scrape, or answers at once); more requests queue.
        public var workers: Int
        /// Bytes of one connection's request (line and headers) and buffers; more is answered 431.
        public static let connectionMemory = 64 * 1024

        public init(connections: Int = 4096, headerTimeout: Int = 10, idleTimeout: Int = 120, pollingThreads: Int = 2,
                    workers: Int = 128) {
            self.connections = connections
            self.headerTimeout = headerTimeout
            self.idleTimeout = idleTimeout
            self.pollingThreads = pollingThreads
            self.workers = workers
        }
    }

    /// Whether this libmicrohttpd was built with TLS (GnuTLS).
    public static var supportsTLS: Bool { MHD_is_feature_supported(.FEATURE_TLS) == .YES }

    /// C copies of the TLS strings, which libmicrohttpd reads for as long as the daemon runs.
    private var tlsStrings: [UnsafeMutablePointer<CChar>?] = []

    /// Starts listening. `host` nil or empty listens on every interface (IPv6 and IPv4 when available).
    /// `libraryLog` receives libmicrohttpd's own messages, which would otherwise go raw to standard error.
    public init(
        host: String?, port: Int, tls: TLSMaterial? = nil, limits: Limits = Limits(),
        libraryLog: @escaping @Sendable (String) -> Void = { _ in }, handler: @escaping Handler
    ) throws {
        self.handler = handler
        self.libraryLog = libraryLog
        self.limits = limits
        workers = RequestWorkers(maximum: limits.workers)
        var address = sockaddr_storage()
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_ERROR_LOG.rawValue
        var extraOptions: [MHD_OptionItem] = []
        if let tls {
            flags |= MHD_USE_TLS.rawValue
            tlsStrings = [strdup(tls.certificate), strdup(tls.key), strdup(tls.priorities)]
            extraOptions = [
                MHD_OptionItem(option: .HTTPS_MEM_CERT, value: 0, ptr_value: UnsafeMutableRawPointer(tlsStrings[0])),
                MHD_OptionItem(option: .HTTPS_MEM_KEY, value: 0, ptr_value: UnsafeMutableRawPointer(tlsStrings[1])),
                MHD_OptionItem(option: .HTTPS_PRIORITIES, value: 0, ptr_value: UnsafeMutableRawPointer(tlsStrings[2])),
            ]
        }
        if let host, !host.isEmpty {
            guard Self.resolve(host: host, port: port, into: &address) else {
                throw HTTPServerError(message: "cannot listen on \(host):\(port): cannot resolve the host")
            }
        } else {
            flags |= MHD_USE_DUAL_STACK.rawValue
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        daemon = withUnsafeMutablePointer(to: &address) { pointer in
            Self.start(flags: flags, port: port, address: host?.isEmpty == false ? pointer : nil,
                       limits: limits, extra: extraOptions, context: context)
        }
        if daemon == nil && (host ?? "").isEmpty {
            // No IPv6 on this machine: fall back to IPv4 only.
            daemon = Self.start(flags: flags & ~MHD_USE_DUAL_STACK.rawValue, port: port, address: nil,
                                limits: limits, extra: extraOptions, context: context)
        }
        lock.lock()
        var causes: [String] = []
        for message in startupMessages ?? [] where !causes.contains(message) { causes.append(message) }
        startupMessages = nil
        lock.unlock()
        guard daemon != nil else {
            tlsStrings.forEach { free($0) }
            tlsStrings = []
            let reason = causes.isEmpty
                ? (tls == nil ? "address in use or not available"
                    : "address in use or not available, or the TLS certificate and key are unusable or do not match")
                : causes.joined(separator: "; ")
            throw HTTPServerError(message: "cannot listen on \(host ?? ""):\(port): \(reason)")
        }
        causes.forEach(libraryLog)
    }

    /// A message of libmicrohttpd's: kept while starting, logged afterwards.
    fileprivate func libraryLogged(_ message: String) {
        lock.lock()
        if startupMessages != nil {
            startupMessages!.append(message)
            lock.unlock()
            return
        }
        lock.unlock()
        libraryLog(message)
    }

    deinit { stop() }

    /// The port the server listens on (useful when started on port 0).
    public var port: Int {
        lock.lock()
        defer { lock.unlock() }
        guard let daemon else { return 0 }
        return Int(ppe_mhd_bound_port(daemon))
    }

    /// Stops accepting new connections, and answers new requests on open ones 503; requests in flight go on. Safe
    /// to call twice.
    public func quiesce() {
        lock.lock()
        defer { lock.unlock() }
        guard let daemon, !quiesced else { return }
        quiesced = true
        listener = MHD_quiesce_daemon(daemon)
    }

    fileprivate var isQuiesced: Bool {
        lock.lock()
        defer { lock.unlock() }
        return quiesced
    }

    /// Stops accepting connections, waits (at most `drainTimeout` seconds) for the responses in flight to be sent,
    /// and for every running handler to resume its connection (handlers end within their deadline, at once when the
    /// services were interrupted), then stops, closing any response a slow client still holds: shutdown within a
    /// second whatever the clients do. Safe to call twice.
    public func stop(drainTimeout: Double = 0.5) {
        quiesce()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(drainTimeout * 1e9)
        while true {
            lock.lock()
            let (sending, running) = (responding, suspended)
            lock.unlock()
            if running == 0 && (sending == 0 || DispatchTime.now().uptimeNanoseconds >= deadline) { break }
            usleep(10_000)
        }
        lock.lock()
        let daemon = self.daemon
        self.daemon = nil
        lock.unlock()
        guard let daemon else { return }
        MHD_stop_daemon(daemon)
        if listener >= 0 { close(listener) }
        listener = -1
        tlsStrings.forEach { free($0) }
        tlsStrings = []
    }

    private static func start(
        flags: UInt32, port: Int, address: UnsafeMutablePointer<sockaddr_storage>?, limits: Limits,
        extra: [MHD_OptionItem], context: UnsafeMutableRawPointer
    ) -> OpaquePointer? {
        var options = [
            // First, as libmicrohttpd asks, so that none of its messages goes to standard error.
            MHD_OptionItem(option: .EXTERNAL_LOGGER, value: unsafeBitCast(externalLogger, to: Int.self),
                           ptr_value: context),
            MHD_OptionItem(option: .CONNECTION_LIMIT, value: limits.connections, ptr_value: nil),
            // The header timeout is every connection's until its first request's headers are in; then
            // `requestCompleted` gives it the idle timeout, and the next request's headers, once in, give the
            // header timeout back for its body and response.
            MHD_OptionItem(option: .CONNECTION_TIMEOUT, value: limits.headerTimeout, ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_MEMORY_LIMIT, value: Limits.connectionMemory, ptr_value: nil),
            MHD_OptionItem(option: .THREAD_POOL_SIZE, value: limits.pollingThreads, ptr_value: nil),
            MHD_OptionItem(option: .LISTEN_BACKLOG_SIZE, value: 1024, ptr_value: nil),
            MHD_OptionItem(option: .NOTIFY_COMPLETED, value: unsafeBitCast(requestCompleted, to: Int.self),
                           ptr_value: context),
        ]
        options += extra
        if let address {
            options.append(MHD_OptionItem(option: .SOCK_ADDR, value: 0, ptr_value: UnsafeMutableRawPointer(address)))
        }
        options.append(MHD_OptionItem(option: .END, value: 0, ptr_value: nil))
        return options.withUnsafeMutableBufferPointer { items in
            withVaList([Int32(MHD_OPTION.ARRAY.rawValue), items.baseAddress!, Int32(MHD_OPTION.END.rawValue)]) { va in
                MHD_start_daemon_va(flags, UInt16(port), nil, nil, accessHandler, context, va)
            }
        }
    }

    private static func resolve(host: String, port: Int, into storage: inout sockaddr_storage) -> Bool {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else { return false }
        defer { freeaddrinfo(result) }
        withUnsafeMutableBytes(of: &storage) { dst in
            dst.copyMemory(from: UnsafeRawBufferPointer(start: info.pointee.ai_addr, count: Int(info.pointee.ai_addrlen)))
        }
        return true
    }

    fileprivate func completed() {
        lock.lock()
        responding -= 1
        lock.unlock()
    }

    /// libmicrohttpd's response for `body`, which holds a reference to the bytes or the stream until libmicrohttpd
    /// is done with it and calls back to release it.
    private static func response(_ body: HTTPBody) -> OpaquePointer? {
        switch body {
        case .bytes(let bytes):
            let retained = Unmanaged.passRetained(bytes)
            let response = MHD_create_response_from_buffer_with_free_callback_cls(
                bytes.count, bytes.buffer.baseAddress, releaseBody, retained.toOpaque())
            if response == nil { retained.release() }
            return response
        case .stream(let count, let read):
            let retained = Unmanaged.passRetained(BodyStream(count: count, read: read))
            let response = MHD_create_response_from_callback(
                UInt64(count), BodyStream.blockSize, readStream, retained.toOpaque(), releaseStream)
            if response == nil { retained.release() }
            return response
        }
    }

    /// Called by libmicrohttpd on a polling thread once a request is in: reads what the handler needs, suspends the
    /// connection and hands the request to a worker, which resumes the connection with its response.
    fileprivate func dispatch(_ connection: OpaquePointer, url: String, method: String) -> Pending {
        let headerBox = RequestValues()
        _ = MHD_get_connection_values(connection, .HEADER_KIND, { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let box = Unmanaged<RequestValues>.fromOpaque(cls).takeUnretainedValue()
            box.headers[String(cString: key).lowercased()] = value.map { String(cString: $0) } ?? ""
            return .YES
        }, Unmanaged.passUnretained(headerBox).toOpaque())
        _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let box = Unmanaged<RequestValues>.fromOpaque(cls).takeUnretainedValue()
            box.arguments.append((String(cString: key), value.map { String(cString: $0) }))
            return .YES
        }, Unmanaged.passUnretained(headerBox).toOpaque())
        let request = HTTPRequest(method: method, path: url, headers: headerBox.headers,
                                  arguments: headerBox.arguments)
        let pending = Pending(connection: connection)
        lock.lock()
        responding += 1
        suspended += 1
        lock.unlock()
        MHD_suspend_connection(connection)
        workers.run { [self] in
            pending.response = handler(request)
            MHD_resume_connection(pending.connection)
            lock.lock()
            suspended -= 1
            lock.unlock()
        }
        return pending
    }

    /// Queues the response a worker left, on the polling thread that libmicrohttpd calls back after the resume.
    fileprivate static func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        guard let mhdResponse = Self.response(response.body) else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        for (name, value) in response.headers { _ = MHD_add_response_header(mhdResponse, name, value) }
        return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
    }
}

/// A request handed to a worker: its connection, suspended meanwhile, and the response once made. The worker
/// writes `response` before it resumes the connection, and libmicrohttpd reads it only after the resume, so the
/// two never touch it at once.
fileprivate final class Pending: @unchecked Sendable {
    let connection: OpaquePointer
    var response: HTTPResponse?

    init(connection: OpaquePointer) {
        self.connection = connection
    }
}

/// Threads that run request handlers: started as requests need them, up to `maximum`, and ended after a minute
/// without work. A handler mostly waits (on a scrape in flight, on the database), so threads, not Dispatch's
/// global queue, which runs about one blocked item per core.
final class RequestWorkers: @unchecked Sendable {
    private let maximum: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [@Sendable () -> Void] = []
    private var threads = 0
    private var idle = 0

    init(maximum: Int) {
        self.maximum = max(maximum, 1)
    }

    /// Runs `work` on a worker, now or once one is free.
    func run(_ work: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(work)
        // More work waiting than idle workers to take it: another worker, so that no request waits behind one
        // that is waiting on a scrape.
        let start = queue.count > idle && threads < maximum
        if start { threads += 1 }
        condition.signal()
        condition.unlock()
        if start { Thread { [self] in loop() }.start() }
    }

    private func loop() {
        condition.lock()
        while true {
            while queue.isEmpty {
                idle += 1
                let woke = condition.wait(until: Date().addingTimeInterval(60))
                idle -= 1
                if !woke && queue.isEmpty {
                    threads -= 1
                    condition.unlock()
                    return
                }
            }
            let work = queue.removeFirst()
            condition.unlock()
            work()
            condition.lock()
        }
    }
}

public struct HTTPServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// What libmicrohttpd's iteration callbacks collect of a request.
private final class RequestValues {
    var headers: [String: String] = [:]
    var arguments: [(name: String, value: String?)] = []
}

/// The marker for `*req_cls` of a request whose headers are in but not yet dispatched; a dispatched one holds its
/// `Pending`, retained, until libmicrohttpd reports it completed.
nonisolated(unsafe) private let requestSeen = UnsafeMutableRawPointer(bitPattern: 1)

/// libmicrohttpd's messages (printf-style), formatted and handed to the server's log instead of standard error.
private let externalLogger: MHD_LogCallback = { cls, format, arguments in
    guard let cls, let format, let arguments else { return }
    var buffer = [CChar](repeating: 0, count: 1024)
    _ = vsnprintf(&buffer, buffer.count, format, arguments)
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    let message = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue().libraryLogged(message)
}

private let releaseBody: MHD_ContentReaderFreeCallback = { cls in
    guard let cls else { return }
    Unmanaged<SharedBytes>.fromOpaque(cls).release()
}

/// A streamed body's producer and how much of it remains, for libmicrohttpd's content reader callback.
private final class BodyStream {
    /// The most libmicrohttpd asks for at once: the whole window a streamed body holds.
    static let blockSize = 64 * 1024
    var remaining: Int
    let read: @Sendable (UnsafeMutableRawBufferPointer) -> Int?

    init(count: Int, read: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> Int?) {
        remaining = count
        self.read = read
    }
}

/// The answer to a request that arrives while the server stops.
private let shuttingDown = HTTPResponse(
    status: 503, headers: [("Connection", "close"), ("Content-Type", "text/plain; charset=utf-8")],
    body: SharedBytes(Array("503 shutting down\n".utf8)))

/// libmicrohttpd's `MHD_CONTENT_READER_END_WITH_ERROR`, a cast macro Swift does not import: the connection is
/// closed, and the client sees a body shorter than its Content-Length.
private let contentReaderError = -2

/// Fills libmicrohttpd's buffer from a streamed body, in order (the response is never seeked).
private let readStream: MHD_ContentReaderCallback = { cls, _, buffer, max in
    guard let cls, let buffer else { return contentReaderError }
    let stream = Unmanaged<BodyStream>.fromOpaque(cls).takeUnretainedValue()
    let wanted = min(max, stream.remaining)
    guard wanted > 0, let written = stream.read(UnsafeMutableRawBufferPointer(start: buffer, count: wanted)),
        written > 0, written <= wanted
    else { return contentReaderError }
    stream.remaining -= written
    return written
}

private let releaseStream: MHD_ContentReaderFreeCallback = { cls in
    guard let cls else { return }
    Unmanaged<BodyStream>.fromOpaque(cls).release()
}

/// A request ended (sent, failed or abandoned): its connection waits for the next request under the idle timeout,
/// and a dispatched request releases its `Pending` and stops counting as responding.
private let requestCompleted: MHD_RequestCompletedCallback = { cls, connection, requestContext, _ in
    guard let cls else { return }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    if let connection { _ = ppe_mhd_set_timeout(connection, UInt32(server.limits.idleTimeout)) }
    guard let requestContext, let context = requestContext.pointee, context != requestSeen else { return }
    Unmanaged<Pending>.fromOpaque(context).release()
    requestContext.pointee = nil
    server.completed()
}

/// Called once a request's headers are in (give it the header timeout back), for each piece of its body if any
/// (discarded), at its end (dispatch it to a worker and suspend), and once resumed (queue the response).
private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, _, uploadSize, requestContext in
    guard let cls, let connection, let requestContext, let uploadSize else { return .NO }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    guard let context = requestContext.pointee else {
        requestContext.pointee = requestSeen
        _ = ppe_mhd_set_timeout(connection, UInt32(server.limits.headerTimeout))
        return .YES
    }
    if uploadSize.pointee != 0 {
        uploadSize.pointee = 0  // Request bodies are read and discarded.
        return .YES
    }
    if context == requestSeen {
        // Shutting down: the services are being closed, so a request on a kept-alive connection is not dispatched.
        if server.isQuiesced { return HTTPServer.queue(shuttingDown, on: connection) }
        let pending = server.dispatch(
            connection, url: url.map { String(cString: $0) } ?? "/", method: method.map { String(cString: $0) } ?? "")
        requestContext.pointee = Unmanaged.passRetained(pending).toOpaque()
        return .YES
    }
    guard let response = Unmanaged<Pending>.fromOpaque(context).takeUnretainedValue().response else { return .NO }
    return HTTPServer.queue(response, on: connection)
}
