import Testing
@testable import PartitionExporterCore

struct WebConfigurationTests {
    /// A bcrypt hash of "secret" at cost 10, as `htpasswd -nbB` prints it.
    static let hash = "$2y$10$SzM3vE8.bfoqycXkYSViuutmF4NqHwIP9Slu0R21bJsX9DOzeAOE2"

    @Test func exporterToolkitFilesParse() throws {
        let web = try WebConfiguration(yaml: """
            tls_server_config:
              cert_file: tls/server.crt
              key_file: /etc/keys/server.key
              min_version: TLS13
            basic_auth_users:
              prometheus: '\(Self.hash)'
            """, file: "/etc/exporter/web.yml")
        #expect(web.tls == WebConfiguration.TLS(certFile: "/etc/exporter/tls/server.crt",
                                                keyFile: "/etc/keys/server.key", minVersion: "TLS13"))
        #expect(web.basicAuthUsers == ["prometheus": Self.hash])
    }

    @Test func tls12IsTheDefaultMinimum() throws {
        let web = try WebConfiguration(yaml: "tls_server_config: {cert_file: a.crt, key_file: a.key}", file: "w.yml")
        #expect(web.tls?.minVersion == "TLS12")
        #expect(web.tls?.certFile == "a.crt")
    }

    @Test func anEmptyFileConfiguresNothing() throws {
        let web = try WebConfiguration(yaml: "", file: "w.yml")
        #expect(web.tls == nil && web.basicAuthUsers.isEmpty)
    }

    @Test(arguments: [
        ("basic_auth_users:\n  bob: '$2y$10$short'\n", "w.yml:2: basic_auth_users.bob: expected a bcrypt hash"),
        ("basic_auth_users:\n  bob: '$1$abcdefgh$0123456789012345678901'\n", "w.yml:2: basic_auth_users.bob:"),
        ("tls_server_config:\n  cert_file: a.crt\n", "w.yml:2: tls_server_config: missing required key 'key_file'"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS11\n",
         "w.yml:4: tls_server_config.min_version: expected TLS12 or TLS13"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n",
         "w.yml:4: tls_server_config.client_auth_type: not supported"),
        ("http_server_config:\n  http2: false\n", "w.yml:2: http_server_config: not supported"),
        ("basic_auth_users: [bob]\n", "w.yml:1: basic_auth_users: expected a mapping"),
    ])
    func mistakesNameFileLineAndKey(yaml: String, expected: String) {
        #expect(throws: ConfigurationError.self) { try WebConfiguration(yaml: yaml, file: "w.yml") }
        do {
            _ = try WebConfiguration(yaml: yaml, file: "w.yml")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    static let hashShapes: [(hash: String, valid: Bool)] = {
        let tail53 = String(repeating: "A", count: 53)
        return [
            (hash, true),
            ("$2b$04$" + tail53, true),
            ("$2a$31$" + String(repeating: ".", count: 53), true),
            ("$2b$03$" + tail53, false),  // cost below 4
            ("$2b$32$" + tail53, false),  // cost above 31
            ("$2x$10$" + tail53, false),
            ("$2b$10$" + String(repeating: "A", count: 52) + "!", false),
            ("$2b$10$" + tail53 + "A", false),
        ]
    }()

    @Test(arguments: hashShapes)
    func bcryptHashShape(hash: String, valid: Bool) {
        #expect(WebConfiguration.isBcryptHash(hash) == valid)
    }
}

struct BasicCredentialsTests {
    @Test func decodesUserAndPassword() {
        // "alice:pa:ss word" in base64, computed with `printf 'alice:pa:ss word' | base64`.
        let credentials = BasicCredentials(authorizationHeader: "Basic YWxpY2U6cGE6c3Mgd29yZA==")
        #expect(credentials == BasicCredentials(user: "alice", password: "pa:ss word"))
    }

    @Test func theSchemeIsCaseInsensitive() {
        #expect(BasicCredentials(authorizationHeader: "basic YWxpY2U6eA==")?.user == "alice")
    }

    @Test(arguments: [nil, "", "Bearer abc", "Basic", "Basic !!!", "Basic YWxpY2U="])  // last: "alice", no colon
    func rejectsWhatIsNotBasicCredentials(header: String?) {
        #expect(BasicCredentials(authorizationHeader: header) == nil)
    }

    @Test func constantTimeEqualsComparesWholeStrings() {
        #expect(constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
    }
}
