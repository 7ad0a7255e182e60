import Testing

@testable import PartitionExporterCore

/// libpq's messages, as libpq 15 prints them (collected from psql and the tests' servers), by kind.
struct ConnectionFailureTests {
    @Test(arguments: [
        (#"invalid sslmode value: "disabled""#, ConnectionFailure.connectionString),
        (#"invalid integer value "54x9" for connection option "port""#, .connectionString),
        (#"invalid URI query parameter: "sslmod""#, .connectionString),
        (#"invalid connection option "hots""#, .connectionString),
        (#"missing "=" after "bogus" in connection info string"#, .connectionString),
        (#"invalid percent-encoded token: "p%zz****""#, .connectionString),
        ("connection to server at \"127.0.0.1\", port 5498 failed: Connection refused\n"
            + "\tIs the server running on that host and accepting TCP/IP connections?", .unreachable),
        ("connection to server on socket \"/nonexistent/.s.PGSQL.5432\" failed: No such file or directory", .unreachable),
        (#"could not translate host name "no.such.host.invalid" to address: Name or service not known"#, .unreachable),
        (#"connection to server at "127.0.0.1", port 5499 failed: FATAL:  password authentication failed for user "x""#,
         .authentication),
        (#"connection to server at "127.0.0.1", port 5499 failed: FATAL:  no pg_hba.conf entry for host "127.0.0.1""#,
         .authentication),
        ("connection to server at \"127.0.0.1\", port 5499 failed: fe_sendauth: no password supplied", .authentication),
        (#"connection to server at "127.0.0.1", port 5499 failed: FATAL:  database "nosuch" does not exist"#,
         .missingDatabase),
        ("connection to server at \"127.0.0.1\", port 5499 failed: FATAL:  permission denied for database \"revoked\"\n"
            + "DETAIL:  User does not have CONNECT privilege.", .refused),
        ("connection to server at \"127.0.0.1\", port 5499 failed: FATAL:  sorry, too many clients already", .refused),
        ("timed out connecting", .timeout),
        ("something new", .other),
    ])
    func classifies(message: String, kind: ConnectionFailure) {
        #expect(ConnectionFailure(message: message) == kind)
    }
}
