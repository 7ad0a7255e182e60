import Foundation
import Testing
import TestSupport

/// Bad input at start: a clear message naming the file, the line and the key; status 2; never a password.
struct CommandLineTests {
    func run(_ arguments: [String], dataSourceName: String = "") throws -> CommandResult {
        try runCommand(try Tools.exporterBinary(), ["--web.listen-address", "127.0.0.1:\(freeLoopbackPort())"] + arguments,
                       environment: ["DATA_SOURCE_NAME": dataSourceName], timeout: 30)
    }

    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "ppe-bad-\(UUID().uuidString).yml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aBadConfigurationExitsTwoNamingFileLineAndKey() throws {
        let path = try write("""
            defaults: {premake: 3}
            tables:
              - name: public.audit_log
                retention: 72 monthz
            """)
        let result = try run(["--config.file", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):4: tables[0].retention:"), "\(result.stderr)")
        #expect(result.stderr.contains("72 monthz"))
    }

    @Test func anUnknownKeyIsAMistake() throws {
        let path = try write("defaults:\n  premake: 3\n  retension: 90 days\n")
        let result = try run(["--config.file", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):3: defaults.retension: unknown key"), "\(result.stderr)")
    }

    @Test func aRetentionBelowTheMinimumRetentionIsRefused() throws {
        let path = try write("""
            tables:
              - name: public.audit_log
                min_retention: 72 months
                retention: 24 months
            """)
        let result = try run(["--config.file", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):4: tables[0].retention: retention 2 years is shorter than min_retention"),
                "\(result.stderr)")
    }

    @Test func aMissingConfigurationFileExitsTwo() throws {
        let path = NSTemporaryDirectory() + "does-not-exist-\(UUID().uuidString).yml"
        let result = try run(["--config.file", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(path))
    }

    /// libpq's reason is shown, so that the mistake can be found, with every spelling of the password masked.
    @Test(arguments: [
        ("host=127.0.0.1 password=Hunter2-secret bogus", #"missing "=" after "********" in connection info string"#),
        ("host=127.0.0.1 password=Hunter2 secret-half", #"missing "=" after "********" in connection info string"#),
        ("postgresql://user:Hunter2-secret@127.0.0.1:5432/db?nonsense_option=1",
         #"invalid URI query parameter: "nonsense_option""#),
        ("postgresql://u:p%zzHunter2@127.0.0.1:5432/db", #"invalid percent-encoded token: "********""#),
        ("host=127.0.0.1 password='Hunter2 unterminated", "unterminated quoted string in connection info string"),
        // SQL's doubled quote is no escape in libpq: the value ends at the second quote, and libpq quotes the word
        // after it, a piece of the password.
        ("host=127.0.0.1 password='it''s Hunter2'", #"missing "=" after "********" in connection info string"#),
        ("host=127.0.0.1 password='pa''ss-Hunter2-x'", #"missing "=" after "********" in connection info string"#),
    ])
    func anInvalidDataSourceNameExitsTwoWithoutThePassword(dsn: String, reason: String) throws {
        let result = try run([], dataSourceName: dsn)
        #expect(result.status == 2)
        #expect(result.stderr.contains("DATA_SOURCE_NAME"))
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        #expect(!result.stderr.contains("Hunter2"))
        #expect(!result.stderr.contains("secret-half"))
        #expect(!result.stderr.contains("it's") && !result.stderr.contains("'s"))
        #expect(!result.stdout.contains("Hunter2"))
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try runCommand(try Tools.exporterBinary(), ["--version"], timeout: 30)
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
