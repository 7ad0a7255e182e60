import Testing

@testable import PartitionExporterCore

struct ConfigurationParsingTests {
    static let example = """
        defaults: {premake: 3}
        tables:                         # first match wins; '*' globs in either part
          - name: public.audit_log
            retention: 72 months        # N hours|days|weeks|months|years
            premake: 3
          - name: rustcare.sessions
            retention: 90 days
            premake: 14
            interval: 1 day             # optional override of detection
        exclude: ['scratch.*']

        """

    @Test func example() throws {
        let configuration = try Configuration(yaml: Self.example, file: "cfg.yml")
        #expect(configuration.defaults == TableSettings(premake: 3, retention: nil, interval: nil))
        try #require(configuration.rules.count == 2)
        #expect(configuration.rules[0].pattern == TablePattern(parsing: "public.audit_log"))
        #expect(configuration.rules[0].pattern.schema == "public")
        #expect(configuration.rules[0].pattern.table == "audit_log")
        #expect(configuration.rules[0].settings == TableSettings(premake: 3, retention: .months(72), interval: nil))
        #expect(configuration.rules[1].pattern.schema == "rustcare")
        #expect(configuration.rules[1].pattern.table == "sessions")
        #expect(
            configuration.rules[1].settings
                == TableSettings(premake: 14, retention: .seconds(7_776_000), interval: .seconds(86_400)))
        #expect(configuration.exclude.map(\.schema) == ["scratch"])
        #expect(configuration.exclude.map(\.table) == ["*"])

        #expect(configuration.settings(schema: "public", table: "audit_log")?.retention == .months(72))
        #expect(configuration.settings(schema: "rustcare", table: "sessions")?.premake == 14)
        #expect(configuration.settings(schema: "scratch", table: "anything") == nil)
        #expect(configuration.settings(schema: "public", table: "other") == TableSettings())
    }

    @Test func emptyDocumentGivesDefaults() throws {
        let configuration = try Configuration(yaml: "", file: "cfg.yml")
        #expect(configuration == Configuration())
        #expect(configuration.defaults == TableSettings(premake: 3, retention: nil, interval: nil))
        #expect(configuration.settings(schema: "any", table: "table") == TableSettings(premake: 3))
        #expect(try Configuration(yaml: "# only a comment\n", file: "cfg.yml") == Configuration())
    }

    /// Rules start from the defaults, wherever `defaults` appears in the file.
    @Test func rulesInheritDefaults() throws {
        let yaml = """
            tables:
              - name: public.events
              - name: public.logs
                premake: 7
                retention: 1 year
            defaults:
              premake: 5
              retention: 30 days
              interval: 1 week
            """
        let configuration = try Configuration(yaml: yaml, file: "cfg.yml")
        let inherited = TableSettings(premake: 5, retention: .seconds(2_592_000), interval: .seconds(604_800))
        #expect(configuration.defaults == inherited)
        #expect(configuration.settings(schema: "public", table: "events") == inherited)
        #expect(
            configuration.settings(schema: "public", table: "logs")
                == TableSettings(premake: 7, retention: .months(12), interval: .seconds(604_800)))
        #expect(configuration.settings(schema: "other", table: "x") == inherited)
    }

    @Test func firstMatchWins() throws {
        let yaml = """
            tables:
              - name: public.*
                premake: 1
              - name: public.events
                premake: 9
              - name: '*.events'
                premake: 2
            """
        let configuration = try Configuration(yaml: yaml, file: "cfg.yml")
        #expect(configuration.settings(schema: "public", table: "events")?.premake == 1)
        #expect(configuration.settings(schema: "app", table: "events")?.premake == 2)
        #expect(configuration.settings(schema: "app", table: "other")?.premake == 3)
    }

    @Test func excludeBeatsRules() throws {
        let yaml = """
            tables:
              - name: scratch.keep
                premake: 1
            exclude: ['scratch.*', '*.tmp_*']
            """
        let configuration = try Configuration(yaml: yaml, file: "cfg.yml")
        #expect(configuration.settings(schema: "scratch", table: "keep") == nil)
        #expect(configuration.settings(schema: "public", table: "tmp_import") == nil)
        #expect(configuration.settings(schema: "public", table: "import_tmp") == TableSettings())
        #expect(configuration.settings(schema: "scratchy", table: "x") == TableSettings())
    }

    @Test func quotedNamesWithDots() throws {
        let yaml = """
            tables:
              - name: '"my.schema"."my.table"'
                premake: 8
            exclude:
              - '"a.b".*'
            """
        let configuration = try Configuration(yaml: yaml, file: "cfg.yml")
        #expect(configuration.rules.first?.pattern.schema == "my.schema")
        #expect(configuration.rules.first?.pattern.table == "my.table")
        #expect(configuration.settings(schema: "my.schema", table: "my.table")?.premake == 8)
        #expect(configuration.settings(schema: "my", table: "schema.my.table")?.premake == 3)
        #expect(configuration.settings(schema: "a.b", table: "c") == nil)
        #expect(configuration.settings(schema: "a", table: "b.c") == TableSettings())
    }

    @Test func premakeLimits() throws {
        #expect(try Configuration(yaml: "defaults: {premake: 0}", file: "c").defaults.premake == 0)
        #expect(try Configuration(yaml: "defaults: {premake: 1000}", file: "c").defaults.premake == 1000)
    }
}

struct ConfigurationErrorTests {
    /// The error thrown for `yaml`, or nil when it parses.
    func configError(_ yaml: String) -> ConfigurationError? {
        do {
            _ = try Configuration(yaml: yaml, file: "cfg.yml")
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownKey() throws {
        let yaml = """
            defaults: {premake: 3}
            tables:
              - name: public.audit_log
                retension: 72 months
            """
        let error = try #require(configError(yaml))
        #expect(error.line == 4)
        #expect(error.key == "tables[0].retension")
        #expect(
            error.description
                == "cfg.yml:4: tables[0].retension: unknown key (expected one of: archive, epoch, interval, min_retention, name, partition_count_critical, partition_count_warning, partition_series, partition_size_critical, partition_size_info, partition_size_warning, premake, retention)")
    }

    @Test func unknownTopLevelKey() throws {
        let error = try #require(configError("tables: []\ndefault: {premake: 3}\n"))
        #expect(error.description == "cfg.yml:2: default: unknown key (expected one of: databases, defaults, exclude, tables, targets)")
    }

    @Test func unknownKeyInDefaults() throws {
        let error = try #require(configError("defaults:\n  premake: 3\n  name: x.y\n"))
        #expect(error.description.hasPrefix("cfg.yml:3: defaults.name: unknown key"))
    }

    @Test func badRetention() throws {
        let yaml = """
            defaults: {premake: 3}
            tables:
              - name: public.audit_log
                retention: 72 monthz
                premake: 3
            """
        let error = try #require(configError(yaml))
        #expect(
            error.description
                == "cfg.yml:4: tables[0].retention: expected 'N hours|days|weeks|months|years', got '72 monthz'")
    }

    @Test func badInterval() throws {
        let yaml = """
            tables:
              - name: public.a
              - name: public.b
                interval: 1 fortnight
            """
        let error = try #require(configError(yaml))
        #expect(
            error.description.hasPrefix("cfg.yml:4: tables[1].interval: expected 'N hours|days|weeks|months|years'"))
    }

    @Test func negativePremake() throws {
        let yaml = """
            tables:
              - name: public.audit_log
                premake: -1
            """
        let error = try #require(configError(yaml))
        #expect(error.description == "cfg.yml:3: tables[0].premake: expected a whole number from 0 to 1000, got '-1'")
    }

    @Test(arguments: ["-2", "1001", "abc", "2.5", "''"])
    func badDefaultPremake(value: String) throws {
        let error = try #require(configError("exclude: []\ndefaults:\n  premake: \(value)\n"))
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("cfg.yml:3: defaults.premake: expected a whole number from 0 to 1000"))
    }

    @Test func rootNotAMapping() throws {
        let error = try #require(configError("- public.a\n- public.b\n"))
        #expect(error.description == "cfg.yml:1: expected a mapping")
    }

    @Test func tableNotAMapping() throws {
        let error = try #require(configError("defaults: {premake: 3}\ntables:\n  - public.audit_log\n"))
        #expect(error.description == "cfg.yml:3: tables[0]: expected a mapping")
    }

    @Test func tablesNotAList() throws {
        let error = try #require(configError("\ntables: public.audit_log\n"))
        #expect(error.description == "cfg.yml:2: tables: expected a list")
    }

    @Test func defaultsNotAMapping() throws {
        let error = try #require(configError("defaults: 3\n"))
        #expect(error.description == "cfg.yml:1: defaults: expected a mapping")
    }

    @Test func nameNotAScalar() throws {
        let error = try #require(configError("tables:\n  - name: [public, audit_log]\n"))
        #expect(error.description == "cfg.yml:2: tables[0].name: expected a single value")
    }

    @Test func missingName() throws {
        let yaml = """
            defaults: {premake: 3}
            tables:
              - name: public.a
              - premake: 3
                retention: 90 days
            """
        let error = try #require(configError(yaml))
        #expect(error.description == "cfg.yml:4: tables[1]: missing required key 'name'")
    }

    @Test func badPattern() throws {
        let error = try #require(configError("tables:\n  - name: audit_log\n"))
        #expect(error.description.hasPrefix("cfg.yml:2: tables[0].name: expected 'schema.table'"))
        #expect(error.description.hasSuffix("got 'audit_log'"))
        let excluded = try #require(configError("exclude: ['public.a', 'a.b.c']\n"))
        #expect(excluded.description.hasPrefix("cfg.yml:1: exclude[1]: expected 'schema.table'"))
    }

    /// A repeated key is reported with the file, the line of its first occurrence and the key: Yams rejects the
    /// repetition while composing, before any key path is known.
    @Test func duplicateKey() throws {
        let yaml = """
            defaults: {premake: 3}
            tables:
              - name: public.audit_log
                premake: 3
                premake: 4
            """
        let error = try #require(configError(yaml))
        #expect(error.line == 4)
        #expect(error.key == "premake")
        #expect(error.description.hasPrefix("cfg.yml:4: premake: duplicate key"))
    }

    @Test func duplicateTopLevelKey() throws {
        let error = try #require(configError("exclude: []\ndefaults: {premake: 1}\nexclude: ['a.b']\n"))
        #expect(error.description.hasPrefix("cfg.yml:1: exclude: duplicate key"))
    }

    /// libyaml stops at the tab on line 3.
    @Test func invalidYAML() throws {
        let error = try #require(configError("defaults: {premake: 3}\ntables:\n\t- name: public.a\n"))
        #expect(error.line == 3)
        #expect(error.key == "")
        #expect(error.description.hasPrefix("cfg.yml:3: invalid YAML"))
    }

    @Test func unterminatedFlowSequence() throws {
        let error = try #require(configError("exclude: ['a.b'\n"))
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("cfg.yml:"))
        #expect(error.description.contains("invalid YAML"))
    }

    /// An absurd retention must be a configuration error or harmless, never a trap at every scrape
    /// (`addingMonths` overflows in `days(year:month:day:)` for 10^18 months).
    @Test func absurdMonthRetentionDoesNotTrap() async {
        await #expect(processExitsWith: .success) {
            let yaml = "defaults:\n  retention: 1000000000000000000 months\n"
            if let configuration = try? Configuration(yaml: yaml, file: "cfg.yml") {
                _ = TimeCoverage(
                    ranges: [], now: 1_772_323_200, interval: nil, premake: 3,
                    retention: configuration.defaults.retention)
            }
        }
    }

    @Test func descriptionWithoutLineOrKey() {
        #expect(ConfigurationError(file: "f.yml", line: nil, key: "", message: "m").description == "f.yml: m")
        #expect(ConfigurationError(file: "f.yml", line: nil, key: "k", message: "m").description == "f.yml: k: m")
        #expect(ConfigurationError(file: "f.yml", line: 2, key: "k", message: "m").description == "f.yml:2: k: m")
    }
}

struct TablePatternTests {
    static let valid: [(text: String, schema: String, table: String)] = [
        ("public.audit_log", "public", "audit_log"),
        ("scratch.*", "scratch", "*"),
        ("*.*", "*", "*"),
        (#""Edge Cases"."Events""#, "Edge Cases", "Events"),
        (#""my.schema"."my.table""#, "my.schema", "my.table"),
        (#"public."a""b""#, "public", #"a"b"#),
        (#"public."x.y*""#, "public", "x.y*"),
    ]

    @Test(arguments: valid)
    func parses(text: String, schema: String, table: String) throws {
        let pattern = try #require(TablePattern(parsing: text))
        #expect(pattern.schema == schema)
        #expect(pattern.table == table)
    }

    @Test(arguments: ["", "nodot", "a.b.c", ".x", "x.", ".", #""unterminated.x"#, #""".x"#, #"x."""#])
    func rejects(text: String) {
        #expect(TablePattern(parsing: text) == nil)
    }

    static let matching: [(pattern: String, schema: String, table: String, expected: Bool)] = [
        ("public.audit_log", "public", "audit_log", true),
        ("public.audit_log", "public", "audit_log2", false),
        ("public.audit_log", "Public", "audit_log", false),
        ("scratch.*", "scratch", "t1", true),
        ("scratch.*", "scratchy", "t1", false),
        ("*.events", "app", "events", true),
        ("*.events", "app", "events_2026", false),
        ("pub*.aud*_log", "public", "audit_log", true),
        ("pub*.aud*_log", "public", "audit_log_x", false),
        ("*.*", "a", "b", true),
        ("a.*ab", "a", "aab", true),
        ("a.*a*b*c", "a", "xaxbyc", true),
        ("a.*a*b*c", "a", "xaxcyb", false),
        ("a.x*", "a", "x", true),
        ("a.**", "a", "anything", true),
    ]

    @Test(arguments: matching)
    func matches(pattern: String, schema: String, table: String, expected: Bool) throws {
        let parsed = try #require(TablePattern(parsing: pattern))
        #expect(parsed.matches(schema: schema, table: table) == expected)
    }
}

/// pg_partman's settings against the YAML's: key by key, the entry's own keys, then part_config, then defaults.
struct PartmanPrecedenceTests {
    static let yaml = """
        defaults: {premake: 5}
        tables:
          - name: public.events
            premake: 2
          - name: public.ticks
            epoch: milliseconds
        exclude: [scratch.*]
        """

    @Test func theEntrysOwnKeysWinAndTheRestComeFromPartman() throws {
        let configuration = try Configuration(yaml: Self.yaml, file: "c.yml")
        let partman = PartmanSettings(premake: 14, retention: .seconds(90 * 86_400), interval: .seconds(86_400))
        let events = try #require(configuration.resolve(schema: "public", table: "events", partman: partman))
        #expect(events.settings == TableSettings(premake: 2, retention: .seconds(90 * 86_400),
                                                 interval: .seconds(86_400)))
        #expect(events.overridden == [.premake])
        // No entry: pg_partman beats the defaults, and nothing is overridden.
        let other = try #require(configuration.resolve(schema: "public", table: "other", partman: partman))
        #expect(other.settings.premake == 14)
        #expect(other.overridden == [])
        // Without pg_partman, the defaults.
        #expect(configuration.resolve(schema: "public", table: "other", partman: nil)?.settings.premake == 5)
        // The same value on both sides is no override.
        let same = configuration.resolve(schema: "public", table: "events", partman: PartmanSettings(premake: 2))
        #expect(same?.overridden == [])
        #expect(configuration.resolve(schema: "scratch", table: "t", partman: partman) == nil)
        let ticks = configuration.resolve(schema: "public", table: "ticks", partman: PartmanSettings(epoch: .seconds))
        #expect(ticks?.settings.epoch == .milliseconds)
        #expect(ticks?.overridden == [.epoch])
    }

    /// pg_partman without a (readable) retention, interval or epoch leaves the YAML's and the defaults' in place.
    @Test func whatPartmanLacksKeepsTheConfiguredValue() throws {
        let configuration = try Configuration(yaml: """
            defaults: {retention: 30 days, epoch: seconds}
            tables:
              - name: public.events
                interval: 1 day
            """, file: "c.yml")
        let resolved = try #require(configuration.resolve(schema: "public", table: "events",
                                                          partman: PartmanSettings(premake: 6)))
        #expect(resolved.settings == TableSettings(premake: 6, retention: .seconds(30 * 86_400),
                                                   interval: .seconds(86_400), epoch: .seconds))
        #expect(resolved.overridden == [])
        let other = try #require(configuration.resolve(schema: "public", table: "other", partman: PartmanSettings()))
        #expect(other.settings.retention == .seconds(30 * 86_400))
        #expect(other.settings.epoch == .seconds)
    }

    @Test func databases() throws {
        #expect(try Configuration(yaml: "tables: []", file: "c.yml").databases == nil)
        let configuration = try Configuration(yaml: "databases: [app, 'tenant_*']", file: "c.yml")
        #expect(configuration.databases == ["app", "tenant_*"])
        #expect(configuration.watches(database: "app"))
        #expect(configuration.watches(database: "tenant_42"))
        #expect(!configuration.watches(database: "postgres"))
        #expect(try Configuration(yaml: "databases: ['*']", file: "c.yml").watches(database: "anything"))
    }

    @Test(arguments: [
        ("databases: []", "c.yml:1: databases: expected at least one database name or '*'"),
        ("databases: app", "c.yml:1: databases: expected a list"),
        ("databases:\n  - ''", "c.yml:2: databases[0]: expected a database name of 1 to 63 bytes"),
        ("tables:\n  - name: a.b\n    epoch: minutes", "c.yml:3: tables[0].epoch: expected one of seconds"),
    ])
    func badDatabasesAndEpochs(yaml: String, expected: String) {
        #expect(throws: ConfigurationError.self) { try Configuration(yaml: yaml, file: "c.yml") }
        do {
            _ = try Configuration(yaml: yaml, file: "c.yml")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }
}

/// `partition_size_*` and `partition_count_*`: the limits of the size and count alerts, per table.
struct AlertThresholdTests {
    static let gibibyte = 1024.0 * 1024 * 1024

    /// The seeds' limits stand unless `defaults` or a table's entry says otherwise; an entry inherits the levels it
    /// does not set from `defaults`.
    @Test func defaultsAndOverrides() throws {
        let configuration = try Configuration(yaml: """
            defaults: {partition_count_warning: 150}
            tables:
              - name: public.audit_log
                partition_size_warning: 40 GB
                partition_size_critical: 1TB
                partition_count_critical: 2000
            """, file: "c.yml")
        let audit = try #require(configuration.settings(schema: "public", table: "audit_log")).thresholds
        #expect(audit.sizes.map(\.bytes) == [500 * 1024 * 1024, 40 * Self.gibibyte, 1024 * Self.gibibyte])
        #expect(audit.counts.map(\.partitions) == [150, 2000])
        let other = try #require(configuration.settings(schema: "public", table: "other")).thresholds
        #expect(other.sizes.map(\.bytes) == [500 * 1024 * 1024, 10 * Self.gibibyte, 50 * Self.gibibyte])
        #expect(other.counts.map(\.partitions) == [150, 500])
    }

    @Test(arguments: [
        ("500MB", 524_288_000.0), ("10 GB", 10 * gibibyte), ("50gb", 50 * gibibyte), ("1TB", 1024 * gibibyte),
        ("1.5 GB", 1.5 * gibibyte), ("8192", 8192), ("8192 bytes", 8192), ("64kB", 65536), ("1", 1),
    ] as [(String, Double)])
    func sizesReadAsPostgreSQLDoes(text: String, bytes: Double) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "MB", "-1GB", "10 XB", "1.2.3GB", "ten", "1e3MB", "10 G B", "0", "0.1",
                      "99999999999999999999PB", "4097PB"])
    func sizesThatAreNot(text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test(arguments: [524_288_000, 10 * gibibyte, 1536 * 1024 * 1024, 8193, 65536] as [Double])
    func formattedSizesReadBack(bytes: Double) {
        #expect(ByteSize.parse(ByteSize.format(bytes)) == bytes)
    }

    @Test(arguments: [
        ("tables:\n  - name: a.b\n    partition_size_info: big",
         "c.yml:3: tables[0].partition_size_info: expected a size such as 500MB, 10GB or 1TB, got 'big'"),
        ("defaults:\n  partition_count_warning: 0",
         "c.yml:2: defaults.partition_count_warning: expected a whole number of partitions from 1 to 1000000"),
        ("tables:\n  - name: a.b\n    partition_size_warning: 100GB",
         "c.yml:3: tables[0].partition_size_warning: partition_size_warning 100GB is above partition_size_critical "
            + "50GB; each level must be at most the next"),
        ("defaults:\n  partition_count_critical: 500\ntables:\n  - name: a.b\n    partition_count_critical: 50",
         "c.yml:5: tables[0].partition_count_critical: partition_count_warning 100 is above partition_count_critical 50"),
        ("defaults:\n  partition_size_info: 20GB",
         "c.yml:2: defaults.partition_size_info: partition_size_info 20GB is above partition_size_warning 10GB"),
    ])
    func badThresholdsAreNamedWithFileLineAndKey(yaml: String, expected: String) {
        expectRefused(yaml, startingWith: expected)
    }
}

/// `min_retention`, the compliance floor: never below `retention`.
struct MinimumRetentionTests {
    @Test func aFloorBelowTheRetentionIsAccepted() throws {
        let configuration = try Configuration(yaml: """
            defaults: {min_retention: 72 months}
            tables:
              - name: public.audit_log
                retention: 7 years
              - name: public.scratch
                min_retention: 1 day
                retention: 2 days
            """, file: "c.yml")
        let audit = try #require(configuration.settings(schema: "public", table: "audit_log"))
        #expect(audit.minRetention == .months(72))
        #expect(!audit.retentionBelowMinimum)
        #expect(configuration.settings(schema: "public", table: "scratch")?.minRetention == .seconds(86_400))
    }

    @Test(arguments: [
        ("tables:\n  - name: public.audit_log\n    min_retention: 72 months\n    retention: 60 months",
         "c.yml:4: tables[0].retention: retention 5 years is shorter than min_retention 6 years"),
        ("defaults:\n  min_retention: 7 years\ntables:\n  - name: a.b\n    retention: 90 days",
         "c.yml:5: tables[0].retention: retention 90 days is shorter than min_retention 7 years"),
        ("defaults:\n  retention: 30 days\ntables:\n  - name: a.b\n    min_retention: 2 months",
         "c.yml:5: tables[0].min_retention: retention 30 days is shorter than min_retention 2 mons"),
        ("defaults:\n  retention: 1 day\n  min_retention: 1 week",
         "c.yml:2: defaults.retention: retention 1 day is shorter than min_retention 7 days"),
    ])
    func aRetentionBelowTheFloorIsAnError(yaml: String, expected: String) {
        expectRefused(yaml, startingWith: expected)
    }

    @Test func partmansRetentionBelowTheFloorIsFlaggedNotRefused() throws {
        let configuration = try Configuration(yaml: "tables:\n  - name: public.audit_log\n    min_retention: 72 months",
                                              file: "c.yml")
        let resolved = configuration.resolve(schema: "public", table: "audit_log",
                                             partman: PartmanSettings(retention: .months(24)))
        #expect(resolved?.settings.retention == .months(24))
        #expect(resolved?.settings.retentionBelowMinimum == true)
    }
}

/// Table patterns that match no table: typos that would turn monitoring off in silence.
struct UnmatchedPatternTests {
    @Test func onlyPatternsMatchingATableCount() throws {
        let configuration = try Configuration(yaml: """
            tables:
              - {name: public.audit_log, retention: 72 months}
              - {name: app.tokns_w, retention: 30 days}
              - {name: 'rustcare.*', premake: 14}
            exclude: ['scratch.*', 'nowhere.*']
            """, file: "c.yml")
        let matched = configuration.matchedPatterns(among: [("public", "audit_log"), ("rustcare", "sessions"),
                                                            ("app", "tokens_w"), ("scratch", "tmp")])
        #expect(matched == ["public.audit_log", "rustcare.*", "scratch.*"])
        #expect(configuration.patterns.map(\.description).filter { !matched.contains($0) }
                    == ["app.tokns_w", "nowhere.*"])
    }
}

/// Expects `yaml`, read as `c.yml`, to be refused with an error whose text starts with `expected`.
func expectRefused(_ yaml: String, startingWith expected: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try Configuration(yaml: yaml, file: "c.yml")
        Issue.record("accepted: \(yaml)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.description.hasPrefix(expected), "\(error.description)", sourceLocation: sourceLocation)
    }
}
