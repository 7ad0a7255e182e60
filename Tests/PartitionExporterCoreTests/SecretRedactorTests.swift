import Testing

@testable import PartitionExporterCore

struct SecretRedactorTests {
    @Test func uriPasswordWrittenAndDecoded() {
        let conninfo = "postgres://exporter:s%40cr%3At%2F@db.example:5432/app?sslmode=require"
        #expect(SecretRedactor.uriPasswords(in: conninfo) == ["s%40cr%3At%2F", "s@cr:t/"])
    }

    @Test func plainUriPassword() {
        #expect(SecretRedactor.uriPasswords(in: "postgresql://u:hunter2@localhost/db") == ["hunter2", "hunter2"])
        #expect(SecretRedactor.uriPasswords(in: "postgres://:pw@host") == ["pw", "pw"])
    }

    @Test(arguments: [
        "postgresql://user@host/db",
        "postgresql://host/db",
        "host=db user=u password=secret",
        "",
        "postgresql://user:pw",
    ])
    func noUriPassword(conninfo: String) {
        #expect(SecretRedactor.uriPasswords(in: conninfo) == [])
    }

    @Test func percentDecoding() {
        #expect(SecretRedactor.percentDecoded("%E2%82%AC%20x") == "€ x")
        #expect(SecretRedactor.percentDecoded("a%2fb%2Fc") == "a/b/c")
        // Not an escape: kept as written.
        #expect(SecretRedactor.percentDecoded("100%") == "100%")
        #expect(SecretRedactor.percentDecoded("%zz%4") == "%zz%4")
    }

    @Test func replacesEveryOccurrence() {
        let redactor = SecretRedactor(secrets: ["s3cret"])
        #expect(redactor.redact("s3cret a s3cret b s3crets3cret") == "******** a ******** b ****************")
        #expect(redactor.redact("nothing here") == "nothing here")
        #expect(redactor.redact("") == "")
    }

    /// Both spellings of a URI password disappear from a libpq error message.
    @Test func bothSpellingsRedacted() {
        let conninfo = "postgres://exporter:p%40ss@db:5432/app"
        let redactor = SecretRedactor(secrets: SecretRedactor.uriPasswords(in: conninfo))
        let message = "connection to \(conninfo) failed: password \"p@ss\" rejected"
        #expect(
            redactor.redact(message)
                == "connection to postgres://exporter:********@db:5432/app failed: password \"********\" rejected")
    }

    /// With "abc" and "abcdef" both secret, "abcdef" must vanish whole, not leave "def" behind.
    @Test func longerSecretsFirst() {
        let redactor = SecretRedactor(secrets: ["abc", "abcdef"])
        #expect(redactor.redact("xabcdefy abc") == "x********y ********")
    }

    @Test func emptySecretsIgnored() {
        #expect(SecretRedactor(secrets: ["", ""]).redact("abc") == "abc")
        #expect(SecretRedactor(secrets: []).redact("abc") == "abc")
        #expect(SecretRedactor(secrets: ["", "b"]).redact("abc") == "a********c")
    }

    @Test func multiByteSecrets() {
        let redactor = SecretRedactor(secrets: ["pässwörd€"])
        #expect(redactor.redact("pw=pässwörd€;") == "pw=********;")
    }
}

/// Passwords found in connection strings libpq may not be able to parse, so that its error can be shown masked.
struct ConninfoPasswordTests {
    @Test(arguments: [
        ("host=db password=Hunter2-secret bogus", ["Hunter2-secret", "bogus"]),
        ("host=db password=abc def user=u", ["abc", "def"]),
        ("host=db password = 'Hun ter\\'2' user=u", ["Hun ter\\'2", "Hun ter'2"]),
        ("host=db password='unterminated", ["unterminated"]),
        ("postgresql://u:p%zzHunter2@127.0.0.1:5432/db", ["p%zzHunter2"]),
        ("postgresql://u@h/db?sslmode=disable&password=q%41uery&x=1", ["q%41uery", "qAuery"]),
        // SQL's doubled quote ends libpq's value: what follows the quote is the password's too.
        ("host=db password='it''s Hunter2'", ["it", "'s", "Hunter2'"]),
        ("host=db password='pa''ss-Hunter2-x' dbname=app", ["pa", "'ss-Hunter2-x'"]),
    ])
    func everySpellingIsFound(conninfo: String, expected: [String]) {
        let found = Set(SecretRedactor.passwords(in: conninfo))
        for password in expected { #expect(found.contains(password), "\(password) in \(found)") }
    }

    @Test func libpqsMessagesAreMaskedAndKeepTheirReason() {
        let conninfo = "postgresql://u:p%zzHunter2@127.0.0.1:5432/db"
        let redactor = SecretRedactor(secrets: SecretRedactor.passwords(in: conninfo))
        #expect(redactor.redact(#"invalid percent-encoded token: "p%zzHunter2""#)
                    == #"invalid percent-encoded token: "********""#)
    }

    @Test func noPasswordNoSecret() {
        #expect(SecretRedactor.passwords(in: "host=db user=u dbname=app").isEmpty)
        #expect(SecretRedactor.passwords(in: "host=db passwordless=1").isEmpty)
    }
}
