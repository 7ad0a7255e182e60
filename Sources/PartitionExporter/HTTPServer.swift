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

/// An HTTP/1.1 server on GNU libmicrohttpd: a polling thread that accepts, and a thread per connection that
/// calls `handler`. This is the only file that calls libmicrohttpd.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    private var daemon: OpaquePointer?
    private var quiesced = false
    /// Requests whose handler has run and whose response is not yet fully sent; guarded by `lock`.
    private var responding = 0
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

    /// Whether this libmicrohttpd was built with TLS (GnuTLS).
    public static var supportsTLS: Bool { MHD_is_feature_supported(.FEATURE_TLS) == .YES }

    /// C copies of the TLS strings, which libmicrohttpd reads for as long as the daemon runs.
    private var tlsStrings: [UnsafeMutablePointer<CChar>?] = []

    /// Starts listening. `host` nil or empty listens on every interface (IPv6 and IPv4 when available).
    /// `connectionTimeout` closes connections idle for that many seconds: libmicrohttpd's default is never.
    /// `libraryLog` receives libmicrohttpd's own messages, which would otherwise go raw to standard error.
    public init(
        host: String?, port: Int, tls: TLSMaterial? = nil, connectionLimit: Int = 64, connectionTimeout: Int = 30,
        libraryLog: @escaping @Sendable (String) -> Void = { _ in }, handler: @escaping Handler
    ) throws {
        self.handler = handler
        self.libraryLog = libraryLog
        var address = sockaddr_storage()
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_THREAD_PER_CONNECTION.rawValue
            | MHD_USE_ITC.rawValue | MHD_USE_ERROR_LOG.rawValue
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
                       limit: connectionLimit, timeout: connectionTimeout, extra: extraOptions, context: context)
        }
        if daemon == nil && (host ?? "").isEmpty {
            // No IPv6 on this machine: fall back to IPv4 only.
            daemon = Self.start(flags: flags & ~MHD_USE_DUAL_STACK.rawValue, port: port, address: nil,
                                limit: connectionLimit, timeout: connectionTimeout, extra: extraOptions, context: context)
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

    /// Stops accepting new connections; requests in flight go on. Safe to call twice.
    public func quiesce() {
        lock.lock()
        defer { lock.unlock() }
        guard let daemon, !quiesced else { return }
        quiesced = true
        let listener = MHD_quiesce_daemon(daemon)
        if listener >= 0 { close(listener) }
    }

    /// Stops accepting connections, waits (at most `drainTimeout` seconds) for the responses in flight to be sent,
    /// then stops. Safe to call twice.
    public func stop(drainTimeout: Double = 10) {
        quiesce()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(drainTimeout * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            lock.lock()
            let busy = responding > 0
            lock.unlock()
            if !busy { break }
            usleep(10_000)
        }
        lock.lock()
        let daemon = self.daemon
        self.daemon = nil
        lock.unlock()
        guard let daemon else { return }
        MHD_stop_daemon(daemon)
        tlsStrings.forEach { free($0) }
        tlsStrings = []
    }

    private static func start(
        flags: UInt32, port: Int, address: UnsafeMutablePointer<sockaddr_storage>?, limit: Int, timeout: Int,
        extra: [MHD_OptionItem], context: UnsafeMutableRawPointer
    ) -> OpaquePointer? {
        var options = [
            // First, as libmicrohttpd asks, so that none of its messages goes to standard error.
            MHD_OptionItem(option: .EXTERNAL_LOGGER, value: unsafeBitCast(externalLogger, to: Int.self),
                           ptr_value: context),
            MHD_OptionItem(option: .CONNECTION_LIMIT, value: limit, ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_TIMEOUT, value: timeout, ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_MEMORY_LIMIT, value: 64 * 1024, ptr_value: nil),
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

    fileprivate func began() {
        lock.lock()
        responding += 1
        lock.unlock()
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

    /// Called by libmicrohttpd on a connection's thread; `cls` is the server, unretained.
    fileprivate func respond(to connection: OpaquePointer, url: String, method: String) -> MHD_Result {
        let headerBox = HeaderBox()
        _ = MHD_get_connection_values(connection, .HEADER_KIND, { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let box = Unmanaged<HeaderBox>.fromOpaque(cls).takeUnretainedValue()
            box.headers[String(cString: key).lowercased()] = value.map { String(cString: $0) } ?? ""
            return .YES
        }, Unmanaged.passUnretained(headerBox).toOpaque())
        _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let box = Unmanaged<HeaderBox>.fromOpaque(cls).takeUnretainedValue()
            box.arguments.append((String(cString: key), value.map { String(cString: $0) }))
            return .YES
        }, Unmanaged.passUnretained(headerBox).toOpaque())
        let response = handler(HTTPRequest(method: method, path: url, headers: headerBox.headers,
                                           arguments: headerBox.arguments))
        guard let mhdResponse = Self.response(response.body) else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        for (name, value) in response.headers { _ = MHD_add_response_header(mhdResponse, name, value) }
        return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
    }
}

public struct HTTPServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// What libmicrohttpd's iteration callbacks collect of a request.
private final class HeaderBox {
    var headers: [String: String] = [:]
    var arguments: [(name: String, value: String?)] = []
}

/// Markers for `*req_cls`: the first call of a request only announces its headers; once the handler has run, the
/// request counts as responding until libmicrohttpd reports it completed.
nonisolated(unsafe) private let requestSeen = UnsafeMutableRawPointer(bitPattern: 1)
nonisolated(unsafe) private let requestResponding = UnsafeMutableRawPointer(bitPattern: 2)

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

private let requestCompleted: MHD_RequestCompletedCallback = { cls, _, requestContext, _ in
    guard let cls, let requestContext, requestContext.pointee == requestResponding else { return }
    Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue().completed()
}

private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, _, uploadSize, requestContext in
    guard let cls, let connection, let requestContext, let uploadSize else { return .NO }
    if requestContext.pointee == nil {
        requestContext.pointee = requestSeen
        return .YES
    }
    if uploadSize.pointee != 0 {
        uploadSize.pointee = 0  // Request bodies are read and discarded.
        return .YES
    }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    requestContext.pointee = requestResponding
    server.began()
    return server.respond(
        to: connection, url: url.map { String(cString: $0) } ?? "/", method: method.map { String(cString: $0) } ?? "")
}
