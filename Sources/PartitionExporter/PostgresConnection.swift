import CLibPQ
import Foundation

/// A failure reported by libpq or the server, with the SQLSTATE when the server sent one.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var sqlState: String?
    public var description: String { message }

    /// The server gave up waiting for a lock (`lock_timeout`).
    public var isLockTimeout: Bool { sqlState == "55P03" }
}

/// One libpq connection, driven through libpq's non-blocking API so that every wait honours a deadline.
///
/// This is the only file that calls libpq. Not thread-safe: its owner serialises use.
public final class PostgresConnection: @unchecked Sendable {
    private var conn: OpaquePointer?
    /// Seconds a cancelled statement gets to stop before the connection is dropped.
    static let cancelGrace = 0.2
    /// Set from another thread at shutdown; read between poll slices.
    private let interruption: Interruption
    /// Opens each of the exporter's transactions: read only, with its settings (`SET LOCAL …`).
    private let transactionStart: String
    /// Statements in `transactionStart`, whose results are not the caller's.
    private let transactionStartStatements: Int

    /// Connects with `PQconnectStartParams` (`expand_dbname` on, so `conninfo` may be a URI or a
    /// `key=value` string). `database`, when given, replaces the database that `conninfo` names: libpq expands only
    /// the first `dbname` and lets a later one win. `settings` are `SET LOCAL` statements that every transaction
    /// of this connection runs first; `interruption` cuts the attempt (and later waits) short.
    public init(conninfo: String, database: String? = nil, deadline: Deadline, settings: String,
                interruption: Interruption = Interruption()) throws(PostgresError) {
        self.interruption = interruption
        transactionStart = "BEGIN ISOLATION LEVEL READ COMMITTED, READ ONLY; " + settings
        transactionStartStatements = 1 + settings.split(separator: ";").count
        let keywords = ["dbname", "fallback_application_name"] + (database == nil ? [] : ["dbname"])
        let values = [conninfo, "pg_partition_exporter"] + (database.map { [$0] } ?? [])
        conn = Self.withCStringArray(keywords) { k in
            Self.withCStringArray(values) { v in PQconnectStartParams(k, v, 1) }
        }
        guard let conn else { throw PostgresError(message: "libpq could not allocate a connection") }
        // libpq rejects a bad connection string, and fails a connection refused at once, before there is a
        // socket to wait on: report it now rather than poll nothing until the deadline.
        if PQstatus(conn) == CONNECTION_BAD {
            let error = Self.message(conn)
            close()
            throw PostgresError(message: error)
        }
        var status = PGRES_POLLING_WRITING
        while true {
            switch status {
            case PGRES_POLLING_OK:
                return
            case PGRES_POLLING_FAILED:
                let error = Self.message(conn)
                close()
                throw PostgresError(message: error)
            case PGRES_POLLING_READING:
                try wait(forReading: true, deadline: deadline, during: "connecting")
            default:
                try wait(forReading: false, deadline: deadline, during: "connecting")
            }
            status = PQconnectPoll(conn)
        }
    }

    deinit { close() }

    /// Closes the connection; later calls fail.
    public func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }


    /// The database of the connection, as libpq resolved it (empty once closed).
    public var database: String { conn.flatMap { PQdb($0) }.map { String(cString: $0) } ?? "" }

    /// The role the connection logged in as (empty once closed).
    public var user: String { conn.flatMap { PQuser($0) }.map { String(cString: $0) } ?? "" }

    /// True while the connection is open and libpq considers it healthy.
    public var isHealthy: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Runs one statement with text parameters (`$1`, …) in a transaction of its own and returns its rows as text.
    /// Three round trips (start, statement, commit): the extended protocol takes one statement per query.
    public func query(_ sql: String, _ parameters: [String] = [], deadline: Deadline) throws(PostgresError)
        -> [[String?]]
    {
        guard let conn else { throw PostgresError(message: "not connected") }
        do throws(PostgresError) {
            _ = try send(transactionStart, deadline: deadline)
            let sent = Self.withCStringArray(parameters) { params in
                PQsendQueryParams(conn, sql, Int32(parameters.count), nil, params, nil, nil, 0)
            }
            guard sent == 1 else { throw PostgresError(message: Self.message(conn)) }
            let rows = try collectResults(deadline: deadline).last?.rows ?? []
            _ = try send("COMMIT", deadline: deadline)
            return rows
        } catch {
            rollBack()
            throw error
        }
    }

    /// Runs several `;`-separated statements in one round trip, in a transaction of their own, and returns each
    /// statement's rows.
    public func batch(_ sql: String, deadline: Deadline) throws(PostgresError) -> [[[String?]]] {
        try batchResults(sql, deadline: deadline).map(\.rows)
    }

    /// `batch`, with each statement's result as libpq holds it, for decoders of large results.
    func batchResults(_ sql: String, deadline: Deadline) throws(PostgresError) -> [QueryResult] {
        do {
            let results = try send(transactionStart + "; " + sql + "; COMMIT", deadline: deadline)
            return Array(results.dropFirst(transactionStartStatements).dropLast())
        } catch {
            rollBack()
            throw error
        }
    }

    /// One statement's result as libpq holds it, cleared with the last reference.
    final class QueryResult: ResultCells {
        private let result: OpaquePointer
        let rowCount: Int

        /// Takes over `result`.
        fileprivate init(_ result: OpaquePointer) {
            self.result = result
            rowCount = Int(PQntuples(result))
        }

        deinit { PQclear(result) }

        func withCell<R>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
            let row = Int32(row), column = Int32(column)
            guard column < PQnfields(result), PQgetisnull(result, row, column) == 0,
                let value = PQgetvalue(result, row, column)
            else { return body(nil) }
            // libpq ends every value with a NUL and knows its length, so no strlen per cell.
            return value.withMemoryRebound(to: UInt8.self, capacity: Int(PQgetlength(result, row, column)) + 1) {
                body(UnsafeBufferPointer(start: $0, count: Int(PQgetlength(result, row, column))))
            }
        }

        /// Every cell as text.
        var rows: [[String?]] {
            let columns = Int(PQnfields(result))
            return (0..<rowCount).map { row in (0..<columns).map { string(row, $0) } }
        }
    }

    /// Sends statements as one simple query and reads their results.
    private func send(_ sql: String, deadline: Deadline) throws(PostgresError) -> [QueryResult] {
        guard let conn else { throw PostgresError(message: "not connected") }
        guard PQsendQuery(conn, sql) == 1 else { throw PostgresError(message: Self.message(conn)) }
        return try collectResults(deadline: deadline)
    }

    /// Ends a transaction that a failure left open (an error aborts it, and the COMMIT that would end it was
    /// skipped), so the connection can serve the next one; drops the connection when that fails.
    private func rollBack() {
        guard let conn, PQstatus(conn) == CONNECTION_OK, PQtransactionStatus(conn) != PQTRANS_IDLE else { return }
        do {
            _ = try send("ROLLBACK", deadline: .after(seconds: 0.5))
        } catch {
            close()
        }
    }

    /// Reads every result of the statement in flight. When the deadline passes, asks the server to cancel
    /// (`PQcancel`) and gives it `cancelGrace` to stop before dropping the connection, so that the scrape still
    /// answers within Prometheus' timeout.
    private func collectResults(deadline: Deadline) throws(PostgresError) -> [QueryResult] {
        guard let conn else { throw PostgresError(message: "not connected") }
        var results: [QueryResult] = []
        var firstError: PostgresError?
        var cancelled = false
        var wait = deadline
        while true {
            while PQisBusy(conn) == 1 {
                do {
                    try self.wait(forReading: true, deadline: wait, during: "waiting for the server")
                } catch {
                    if cancelled {
                        close()
                        throw PostgresError(message: "query cancelled at the deadline; the server did not stop in time")
                    }
                    // At shutdown, no cancel request: PQcancel connects anew and blocks, for minutes if the
                    // server cannot be reached. Dropping the connection ends the statement too.
                    if interruption.isInterrupted {
                        close()
                        throw error
                    }
                    cancel()
                    cancelled = true
                    wait = .after(seconds: Self.cancelGrace)
                    continue
                }
                guard PQconsumeInput(conn) == 1 else {
                    let error = Self.message(conn)
                    close()
                    throw PostgresError(message: error)
                }
            }
            guard let result = PQgetResult(conn) else { break }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                results.append(QueryResult(result))
            default:
                defer { PQclear(result) }
                let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
                let text = PQresultErrorMessage(result).map { String(cString: $0) } ?? "unknown error"
                firstError = firstError ?? PostgresError(
                    message: text.trimmingCharacters(in: .whitespacesAndNewlines), sqlState: state)
            }
        }
        if cancelled {
            throw PostgresError(message: "query cancelled: the scrape deadline passed", sqlState: "57014")
        }
        if let firstError { throw firstError }
        return results
    }

    /// Asks the server to cancel the statement in flight.
    private func cancel() {
        guard let conn, let handle = PQgetCancel(conn) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &buffer, Int32(buffer.count))
        PQfreeCancel(handle)
    }

    private func wait(forReading: Bool, deadline: Deadline, during: String) throws(PostgresError) {
        guard let conn else { throw PostgresError(message: "not connected") }
        var fd = pollfd(fd: PQsocket(conn), events: Int16(forReading ? POLLIN : POLLOUT), revents: 0)
        while true {
            let timeout = deadline.remainingMilliseconds
            if timeout == 0 { throw PostgresError(message: "timed out \(during)", sqlState: "57014") }
            if interruption.isInterrupted {
                throw PostgresError(message: "interrupted \(during): shutting down", sqlState: "57014")
            }
            // Short slices, so that an interrupt from another thread is noticed within 50 ms.
            let ready = poll(&fd, 1, min(timeout, 50))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw PostgresError(message: "poll failed \(during): errno \(errno)") }
        }
    }

    private static func message(_ conn: OpaquePointer) -> String {
        String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The options libpq reads from a conninfo string or URI, or libpq's complaint when it cannot parse it.
    public static func parseConninfo(_ conninfo: String) -> Result<[String: String], PostgresError> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let text = errorMessage.map { String(cString: $0) } ?? "out of memory"
            PQfreemem(errorMessage)
            return .failure(PostgresError(message: text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        defer { PQconninfoFree(options) }
        var parsed: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { parsed[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return .success(parsed)
    }

    /// Passes `strings` to C as a NULL-terminated array of C strings.
    private static func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
