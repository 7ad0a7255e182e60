import Testing

@testable import PartitionExporterCore

/// `targets:` in the configuration file, and what `/probe` decides from a request's query before dialling.
struct ProbeTargetTests {
    @Test func targetsAreReadInOrderWithTheirOwnDatabases() throws {
        let configuration = try Configuration(yaml: """
            databases: [app]
            tables: [{name: public.audit_log, retention: 24 months}]
            targets:
              - name: billing-primary
                dsn: "host=10.0.0.1 dbname=billing user=monitor password=Hunter2"
              - name: eu_west.tenants
                dsn: postgresql://monitor@10.0.0.2/tenants
                databases: ['*']
            """, file: "fleet.yml")
        #expect(configuration.targets.map(\.name) == ["billing-primary", "eu_west.tenants"])
        #expect(configuration.targets[0].dsn == "host=10.0.0.1 dbname=billing user=monitor password=Hunter2")
        #expect(configuration.targets.map(\.line) == [5, 7])
        // A target without `databases:` watches what `/metrics` watches; its own list wins.
        #expect(configuration.configuration(for: configuration.targets[0]).databases == ["app"])
        #expect(configuration.configuration(for: configuration.targets[1]).databases == ["*"])
        #expect(configuration.configuration(for: configuration.targets[1]).rules == configuration.rules)
    }

    @Test(arguments: [
        ("targets: [{dsn: 'host=a'}]", "fleet.yml:1: targets[0]: missing required key 'name'"),
        ("targets: [{name: a}]", "fleet.yml:1: targets[0]: missing required key 'dsn'"),
        ("targets: [{name: a, dsn: ''}]", "fleet.yml:1: targets[0].dsn: expected a libpq connection string or URI"),
        ("targets:\n  - {name: a, dsn: 'host=a'}\n  - {name: a, dsn: 'host=b'}",
         "fleet.yml:3: targets[1].name: duplicate target name 'a'"),
        ("targets: [{name: 'host=a', dsn: 'host=a'}]",
         "fleet.yml:1: targets[0].name: expected \(ProbeTarget.nameRule), got 'host=a'"),
        ("targets: [{name: a, dsn: 'host=a', port: 5}]",
         "fleet.yml:1: targets[0].port: unknown key (expected one of: databases, dsn, name)"),
        ("targets: [{name: a, dsn: 'host=a', databases: []}]",
         "fleet.yml:1: targets[0].databases: expected at least one database name or '*'"),
        ("targets: {name: a}", "fleet.yml:1: targets: expected a list"),
    ])
    func badTargetsAreLocated(yaml: String, message: String) {
        #expect(throws: ConfigurationError.self) { try Configuration(yaml: yaml, file: "fleet.yml") }
        do {
            _ = try Configuration(yaml: yaml, file: "fleet.yml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aDSNNeverAppearsInAConfigurationError() {
        do {
            _ = try Configuration(yaml: "targets: [{name: a, dsn: [password=Hunter2]}]", file: "fleet.yml")
            Issue.record("accepted a list as dsn")
        } catch {
            #expect(error.description == "fleet.yml:1: targets[0].dsn: expected a single value")
        }
    }

    static let names: Set<String> = ["billing-primary", "tenants"]

    @Test func aConfiguredNameIsTheOnlyWayToATarget() {
        #expect(ProbeRequest(arguments: [("target", "billing-primary")], targets: Self.names)
            == .target("billing-primary"))
        #expect(ProbeRequest(arguments: [("target", "billing")], targets: Self.names)
            == .refused(status: 404, reason: "unknown target: not in the configuration file's targets"))
    }

    @Test(arguments: [
        "127.0.0.1:5432", "db.internal:5432", "host=10.0.0.1 port=5432", "postgresql://u:p@10.0.0.1/x",
        "u@10.0.0.1", "billing primary", "/var/run/postgresql", "billing%20primary",
    ])
    func anythingLikeAHostOrConnectionStringIsABadRequest(value: String) {
        guard case .refused(400, let reason) = ProbeRequest(arguments: [("target", value)], targets: Self.names) else {
            Issue.record("\(value) was not refused with 400")
            return
        }
        #expect(!reason.contains(value), "the refusal echoes the request")
    }

    @Test func otherParametersAndMissingOrRepeatedTargetsAreBadRequests() {
        let cases: [[(name: String, value: String?)]] = [
            [], [("target", nil)], [("target", "tenants"), ("target", "billing-primary")],
            [("target", "tenants"), ("dsn", "host=10.0.0.1")], [("host", "10.0.0.1")], [("module", "x")],
        ]
        for arguments in cases {
            guard case .refused(400, _) = ProbeRequest(arguments: arguments, targets: Self.names) else {
                Issue.record("\(arguments) was not refused with 400")
                continue
            }
        }
    }
}
