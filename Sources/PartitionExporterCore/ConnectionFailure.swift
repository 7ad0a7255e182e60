/// What kind of problem stopped a connection, told from libpq's message, so that the log says at once whether to
/// fix the connection string, the network, the credentials, the database name or the server's load.
public enum ConnectionFailure: String, Sendable, CaseIterable {
    /// libpq rejected the connection string or URI itself (`invalid sslmode value`, an unknown option).
    case connectionString = "connection_string"
    /// Nothing accepts connections there: refused, no such socket, unknown host, no route.
    case unreachable
    /// The server refused the credentials, or pg_hba.conf has no entry for them.
    case authentication
    /// The database does not exist.
    case missingDatabase = "missing_database"
    /// The role may not connect to the database (CONNECT revoked), or the server accepts no more connections.
    case refused
    /// The server did not answer within the scrape's deadline.
    case timeout
    case other

    /// Classifies a libpq connection error message (the password already masked).
    public init(message: String) {
        let text = message.lowercased()
        func has(_ fragments: String...) -> Bool { fragments.contains { text.contains($0) } }
        if has("timed out connecting", "timeout expired") {
            self = .timeout
        } else if has("invalid connection option", "invalid uri", "missing \"=\" after", "unterminated quoted string",
                      "invalid percent-encoded token", "invalid integer value", "for connection option",
                      "invalid port number",
                      "invalid sslmode value", "invalid gssencmode value",
                      "invalid target_session_attrs value", "invalid channel_binding value",
                      "invalid require_auth", "invalid load_balance_hosts value", "invalid ssl_min_protocol_version",
                      "invalid ssl_max_protocol_version", "could not match", "definition of service")
        {
            self = .connectionString
        } else if has("password authentication failed", "no pg_hba.conf entry", "authentication failed",
                      "fe_sendauth", "no password supplied", "password is required",
                      "server requested a cleartext password")
        {
            self = .authentication
        } else if has("database \"") && has("does not exist") {
            self = .missingDatabase
        } else if has("permission denied for database", "not currently accepting connections",
                      "too many connections", "too many clients", "remaining connection slots",
                      "the database system is starting up",
                      "the database system is shutting down", "the database system is in recovery mode")
        {
            self = .refused
        } else if has("connection refused", "no such file or directory", "could not translate host name",
                      "name or service not known", "network is unreachable", "no route to host",
                      "could not connect to server", "host is down")
        {
            self = .unreachable
        } else {
            self = .other
        }
    }
}
