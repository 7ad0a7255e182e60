import Foundation
import Testing
import TestSupport

/// `/probe?target=<name>`: one exporter collects two real clusters by the names the configuration file gives them,
/// refuses everything else without dialling, and closes the connections of targets no longer probed.
struct ProbeTests {
    /// A database in `server` holding `public.events`, range-partitioned by day, with `partitions` partitions from
    /// yesterday on and `rows` rows in the first, so that the two clusters differ in every figure checked.
    static func fleetDatabase(on server: TestPostgres, partitions: Int, rows: Int) throws -> String {
        let database = try server.createDatabase(prefix: "fleet")
        var sql = "CREATE TABLE public.events (ts timestamptz NOT NULL, payload text) PARTITION BY RANGE (ts);\n"
        for day in 0..<partitions {
            sql += """
                CREATE TABLE public.events_\(day) PARTITION OF public.events FOR VALUES
                  FROM (date_trunc('day', now()) + interval '\(day - 1) days')
                  TO (date_trunc('day', now()) + interval '\(day) days');

                """
        }
        sql += "INSERT INTO public.events SELECT now() - interval '1 day' + interval '1 second', repeat('x', 200) "
            + "FROM generate_series(1, \(rows));"
        try server.psql(sql, database: database)
        return database
    }

    /// What the cluster itself says of `public.events`: its direct partitions and their total size.
    static func figures(on server: TestPostgres, database: String) throws -> (partitions: Double, bytes: Double) {
        let row = try server.psql("""
            SELECT count(*), sum(pg_total_relation_size(c.oid)) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.events'::regclass AND c.relkind = 'r'
            """, database: database).split(separator: "|")
        return (Double(row[0]) ?? -1, Double(row[1]) ?? -1)
    }

    static func configuration(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "ppe-fleet-\(UUID().uuidString).yml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func probe(_ exporter: ExporterProcess, _ query: String) throws -> HTTP.Response {
        try HTTP.get(port: exporter.port, path: "/probe?\(query)")
    }

    @Test(.timeLimit(.minutes(3)))
    func eachTargetIsCollectedByNameAndIdleConnectionsClose() throws {
        let first = try TestPostgres.shared
        let second = try TestPostgres()
        defer { second.destroy() }
        let firstDatabase = try Self.fleetDatabase(on: first, partitions: 3, rows: 50)
        let secondDatabase = try Self.fleetDatabase(on: second, partitions: 5, rows: 2000)
        let password = second.superuserPassword
        let path = try Self.configuration("""
            targets:
              - name: billing-primary
                dsn: "\(first.conninfo(database: firstDatabase))"
              - name: tenants.eu
                dsn: "postgresql://postgres:\(password)@127.0.0.1:\(second.port)/\(secondDatabase)?sslmode=disable"
            """)
        let exporter = try ExporterProcess(dataSourceName: nil,
                                           arguments: ["--config.file", path, "--probe.idle-timeout", "1s"])
        defer { exporter.stop() }

        let clusters = [("billing-primary", first, firstDatabase), ("tenants.eu", second, secondDatabase)]
        for (name, server, database) in clusters {
            let response = try Self.probe(exporter, "target=\(name)")
            #expect(response.status == 200, "\(name): \(response.body)")
            let metrics = Exposition(response.body)
            let expected = try Self.figures(on: server, database: database)
            let table = ["datname": database, "schemaname": "public", "relname": "events"]
            #expect(metrics.value("pg_partition_exporter_up", ["datname": database]) == 1, "\(name)")
            #expect(metrics.value("pg_partitioned_table_partitions", table) == expected.partitions, "\(name)")
            #expect(metrics.value("pg_partitioned_table_total_bytes", table) == expected.bytes, "\(name)")
            // Only this target's database: the other cluster's never shows in its probe.
            #expect(Set(metrics.samples("pg_partition_exporter_up").compactMap { $0.labels["datname"] }) == [database])
            #expect(try !server.exporterBackends(database: database).isEmpty, "\(name): no persistent connection")
        }

        // Without DATA_SOURCE_NAME, /metrics holds the exporter's own series and dials nothing.
        let own = try exporter.scrape()
        #expect(own.samples("pg_partition_exporter_build_info").count == 1)
        #expect(own.samples("pg_partition_exporter_up").isEmpty)
        #expect(own.samples("pg_partitioned_table_partitions").isEmpty)

        // Not probed for longer than the idle timeout: both targets' backends go away, and a probe reconnects.
        #expect(try eventually(timeout: 15) {
            try first.exporterBackends(database: firstDatabase).isEmpty
                && second.exporterBackends(database: secondDatabase).isEmpty
        }, "idle target connections stayed open")
        #expect(exporter.log.contains("closed the connections of a target not probed lately"))
        let again = Exposition(try Self.probe(exporter, "target=tenants.eu").body)
        #expect(again.value("pg_partition_exporter_up", ["datname": secondDatabase]) == 1)
        #expect(!exporter.log.contains(second.superuserPassword) && !exporter.log.contains(first.superuserPassword))
    }

    /// A target's own `databases:` makes one probe cover several databases of its cluster, each on its own
    /// connection, while a target without it watches its connection string's database alone.
    @Test(.timeLimit(.minutes(2)))
    func aTargetWithDatabasesCoversEachOfThem() throws {
        let server = try TestPostgres.shared
        let one = try Self.fleetDatabase(on: server, partitions: 2, rows: 10)
        let two = try Self.fleetDatabase(on: server, partitions: 4, rows: 10)
        let path = try Self.configuration("""
            targets:
              - name: cluster
                dsn: "\(server.conninfo(database: "postgres"))"
                databases: [\(one), \(two)]
              - name: single
                dsn: "\(server.conninfo(database: one))"
            """)
        let exporter = try ExporterProcess(dataSourceName: nil, arguments: ["--config.file", path])
        defer { exporter.stop() }
        let cluster = Exposition(try Self.probe(exporter, "target=cluster").body)
        #expect(Set(cluster.samples("pg_partition_exporter_up").compactMap { $0.labels["datname"] }) == [one, two])
        for database in [one, two] {
            let expected = try Self.figures(on: server, database: database)
            #expect(cluster.value("pg_partitioned_table_partitions",
                                  ["datname": database, "relname": "events"]) == expected.partitions, "\(database)")
            #expect(try server.exporterBackends(database: database).count >= 1, "\(database): no connection")
        }
        let single = Exposition(try Self.probe(exporter, "target=single").body)
        #expect(Set(single.samples("pg_partition_exporter_up").compactMap { $0.labels["datname"] }) == [one])
    }

    @Test(.timeLimit(.minutes(2)))
    func unknownTargetsAndConnectionStringsAreRefusedWithoutDialling() throws {
        // Anything the exporter dialled would reach this socket, which never accepts: its queue must stay empty.
        let trap = try listenOnLoopback()
        defer { close(trap.fd) }
        let path = try Self.configuration("""
            targets:
              - name: known
                dsn: "host=127.0.0.1 port=\(trap.port) dbname=x user=u password=Hunter2-fleet connect_timeout=2"
            """)
        let exporter = try ExporterProcess(dataSourceName: nil, arguments: ["--config.file", path])
        defer { exporter.stop() }
        let hostile = [
            ("target=unknown", 404), ("target=127.0.0.1:\(trap.port)", 400),
            ("target=host%3D127.0.0.1%20port%3D\(trap.port)", 400),
            ("target=postgresql%3A%2F%2Fu%40127.0.0.1%3A\(trap.port)%2Fx", 400),
            ("dsn=host%3D127.0.0.1%20port%3D\(trap.port)", 400), ("target=known&host=127.0.0.1", 400), ("", 400),
            ("target=known&target=unknown", 400),
        ]
        for (query, status) in hostile {
            let response = try Self.probe(exporter, query)
            #expect(response.status == status, "\(query): \(response.status) \(response.body)")
        }
        #expect(establishedConnections(toPort: trap.port) == 0, "a refused probe dialled")

        // The configured name is the one way in, and then it is dialled (and times out: nobody answers).
        let known = try Self.probe(exporter, "target=known")
        #expect(known.status == 200)
        #expect(Exposition(known.body).value("pg_partition_exporter_up", ["datname": "x"]) == 0)
        let failure = exporter.log.split(separator: "\n").filter { $0.contains("cannot read the catalog") }
        #expect(failure.count == 1 && failure[0].contains("target=known") && failure[0].contains("timeout"),
                "\(exporter.log)")
        #expect(!exporter.log.contains("Hunter2-fleet") && !known.body.contains("Hunter2-fleet"))
    }

    @Test func aBadTargetConnectionStringStopsTheStartNamingFileLineAndKeyButNotThePassword() throws {
        let path = try Self.configuration("""
            targets:
              - name: good
                dsn: "host=127.0.0.1 dbname=x"
              - name: bad
                dsn: "postgresql://u:p%zzHunter2@127.0.0.1/x"
            """)
        let result = try runCommand(try Tools.exporterBinary(),
                                    ["--web.listen-address", "127.0.0.1:\(freeLoopbackPort())", "--config.file", path],
                                    environment: [:], timeout: 30)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):5: targets[1].dsn is not a valid libpq connection string"),
                "\(result.stderr)")
        #expect(!result.stderr.contains("Hunter2"), "\(result.stderr)")
    }
}
