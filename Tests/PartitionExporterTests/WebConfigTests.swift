import Foundation
import Testing
import TestSupport

/// `--web.config.file`: TLS checked with a real client (`curl --cacert`), basic auth against bcrypt hashes made by
/// `htpasswd`, and bad files refused before listening.
@Suite(.serialized)
struct WebConfigTests {
    static let password = "correct horse battery staple"

    /// A temporary directory with a self-signed certificate for 127.0.0.1, its key, and a bcrypt hash of `password`.
    struct Material {
        let directory: String
        let hash: String
        var certificate: String { directory + "/server.crt" }
    }

    static let material: Result<Material, Error> = Result {
        let directory = NSTemporaryDirectory() + "ppe-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let openssl = try Tools.require("openssl", debianPackage: "openssl")
        try runChecked(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory + "/server.key",
            "-out", directory + "/server.crt",
        ])
        let htpasswd = try Tools.require("htpasswd", debianPackage: "apache2-utils")
        let line = try runChecked(htpasswd, ["-nbB", "-C", "10", "alice", password])
        let hash = String(line.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespacesAndNewlines)
        return Material(directory: directory, hash: hash)
    }

    func webConfig(_ text: String) throws -> String {
        let path = try Self.material.get().directory + "/web-\(UUID().uuidString).yml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Relative paths resolve against the web configuration's directory, as in exporter-toolkit.
    func start(minVersion: String = "TLS12") throws -> ExporterProcess {
        let material = try Self.material.get()
        let path = try webConfig("""
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              min_version: \(minVersion)
            basic_auth_users:
              alice: '\(material.hash)'
            """)
        return try ExporterProcess(dataSourceName: try TestPostgres.shared.conninfo(database: "postgres"),
                                   arguments: ["--web.config.file", path])
    }

    @Test func theRightPasswordOverVerifiedTLSGetsTheMetrics() throws {
        let exporter = try start()
        defer { exporter.stop() }
        let response = try HTTP.get(port: exporter.port, path: "/metrics", scheme: "https", curlOptions: [
            "--cacert", try Self.material.get().certificate, "-u", "alice:\(Self.password)",
        ])
        #expect(response.status == 200)
        #expect(response.body.contains("pg_partition_exporter_up 1"))
    }

    /// A login that verified is remembered (bcrypt is slow); a different password afterwards must still fail.
    @Test func aRememberedLoginDoesNotAdmitAnotherPassword() throws {
        let exporter = try start()
        defer { exporter.stop() }
        let tls = ["--cacert", try Self.material.get().certificate]
        func status(_ password: String) throws -> Int {
            try HTTP.get(port: exporter.port, path: "/metrics", scheme: "https", curlOptions: tls + ["-u", "alice:\(password)"])
                .status
        }
        #expect(try status(Self.password) == 200)
        #expect(try status(Self.password) == 200)
        #expect(try status(Self.password + "x") == 401)
        #expect(try status(String(Self.password.dropLast())) == 401)
        #expect(try status("") == 401)
        #expect(try status(Self.password) == 200)
    }

    /// curl without `--cacert` does not trust the self-signed certificate: exit 60 (CURLE_PEER_FAILED_VERIFICATION),
    /// which a server that spoke no TLS, or a refused connection, would not give.
    @Test func anUntrustedCertificateIsRefusedByTheClient() throws {
        let exporter = try start()
        defer { exporter.stop() }
        let failure = #expect(throws: HTTP.CurlFailure.self) {
            try HTTP.get(port: exporter.port, path: "/metrics", scheme: "https", curlOptions: ["-u", "alice:x"])
        }
        #expect(failure?.exitCode == 60, "\(String(describing: failure))")
    }

    /// A plain HTTP request to the TLS port is not a TLS handshake: the server closes the connection without an
    /// HTTP answer, which curl reports as exit 52 (CURLE_GOT_NOTHING), not as a status.
    @Test func plainHTTPGetsNoMetrics() throws {
        let exporter = try start()
        defer { exporter.stop() }
        let failure = #expect(throws: HTTP.CurlFailure.self) {
            try HTTP.get(port: exporter.port, path: "/metrics", curlOptions: ["-u", "alice:\(Self.password)"])
        }
        #expect(failure?.exitCode == 52, "\(String(describing: failure))")
    }

    @Test(arguments: [["-u", "alice:wrong-Pa55word"], ["-u", "mallory:\(WebConfigTests.password)"], []])
    func wrongOrMissingCredentialsGet401(credentials: [String]) throws {
        let exporter = try start()
        defer { exporter.stop() }
        let response = try HTTP.get(port: exporter.port, path: "/metrics", scheme: "https",
                                    curlOptions: ["--cacert", try Self.material.get().certificate] + credentials)
        #expect(response.status == 401)
        #expect(response.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
        #expect(!response.body.contains("pg_partition"))
        #expect(eventually(timeout: 5) { exporter.log.contains("authentication failed") })
        #expect(!exporter.log.contains("wrong-Pa55word"))
        #expect(!exporter.log.contains(Self.password))
    }

    @Test func minVersionTLS13RefusesTLS12Clients() throws {
        let exporter = try start(minVersion: "TLS13")
        defer { exporter.stop() }
        let options = ["--cacert", try Self.material.get().certificate, "-u", "alice:\(Self.password)"]
        // The server refuses the protocol version during the handshake: exit 35 (CURLE_SSL_CONNECT_ERROR).
        let failure = #expect(throws: HTTP.CurlFailure.self) {
            try HTTP.get(port: exporter.port, path: "/metrics", scheme: "https", curlOptions: options + ["--tls-max", "1.2"])
        }
        #expect(failure?.exitCode == 35, "\(String(describing: failure))")
        #expect(try HTTP.get(port: exporter.port, path: "/metrics", scheme: "https", curlOptions: options).status == 200)
    }

    @Test(arguments: [
        ("tls_server_config:\n  cert_file: /nonexistent/server.crt\n  key_file: server.key\n",
         "tls_server_config.cert_file: cannot read /nonexistent/server.crt"),
        ("tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n",
         "tls_server_config.key_file:"),
        ("basic_auth_users:\n  alice: not-a-bcrypt-hash\n", ":2: basic_auth_users.alice: expected a bcrypt hash"),
        ("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt\n",
         ":4: tls_server_config.client_ca_file: not supported"),
        ("basic_auth_user:\n  alice: x\n", ":1: basic_auth_user: unknown key"),
    ])
    func aBadWebConfigExitsTwoBeforeListening(text: String, expected: String) throws {
        let path = try webConfig(text)
        let port = freeLoopbackPort()
        let result = try runCommand(try Tools.exporterBinary(),
                                    ["--web.listen-address", "127.0.0.1:\(port)", "--web.config.file", path],
                                    environment: ["DATA_SOURCE_NAME": ""], timeout: 30)
        #expect(result.status == 2)
        #expect(result.stderr.contains(path), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("listening"))
    }

    @Test func aMissingWebConfigFileExitsTwo() throws {
        let result = try runCommand(try Tools.exporterBinary(), ["--web.config.file", "/nonexistent/web.yml"],
                                    environment: ["DATA_SOURCE_NAME": ""], timeout: 30)
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/web.yml"))
    }
}
