import Foundation
import TestSupport

/// A database holding partitioned tables in known states, with every partition's bounds recorded by PostgreSQL
/// itself (as epochs) in `fixture.bounds`, so that tests derive expectations without the exporter's parser.
///
/// Tables: monthly, weekly and daily time tables in the seeds' naming styles; `date`, `timestamp` and
/// `timestamptz` keys; a default partition holding rows; a missing month; a gap; list, hash and integer-range
/// tables; a two-level (range then hash) table; quoted mixed-case identifiers; MAXVALUE; monthly partitions cut
/// at Europe/Berlin midnight; an excluded schema.
struct PartitionFixture {
    static let defaultRows = 700
    static let monitorUser = "partition_monitor"
    static let monitorPassword = "m0nitor-Secret-42"

    let server: TestPostgres
    let database: String

    static let configuration = """
        defaults: {premake: 3}
        tables:
          - name: public.audit_log
            retention: 24 months
          - name: rustcare.sessions
            retention: 90 days
            premake: 14
          - name: rustcare.rate_limits
            retention: 7 days
          - name: public.empty_time
            interval: 1 day
          - name: "\\"Edge Cases\\".*"
            premake: 1
        exclude: ['scratch.*']
        """

    init(server: TestPostgres? = nil) throws {
        let server = try server ?? TestPostgres.shared
        self.server = server
        database = try server.createDatabase(prefix: "fixture")
        try server.psql(Self.schema, database: database)
        // In a session of its own, after the inserts' statistics were flushed when the first session ended:
        // otherwise those pending counts land on top of ANALYZE's and n_live_tup counts the rows twice.
        try server.psql("ANALYZE", database: database)
        try server.psql("""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(Self.monitorUser)') THEN
                    CREATE ROLE \(Self.monitorUser) LOGIN PASSWORD '\(Self.monitorPassword)' IN ROLE pg_monitor;
                END IF;
            END $$;
            """)
    }

    private init(server: TestPostgres, database: String) {
        self.server = server
        self.database = database
    }

    /// The same fixture read through `other`, a standby that replays it: bounds and figures come from its catalog.
    func reading(from other: TestPostgres) -> PartitionFixture {
        PartitionFixture(server: other, database: database)
    }

    /// The DSN of the pg_monitor-only role, as a URI.
    var monitorURI: String {
        "postgresql://\(Self.monitorUser):\(Self.monitorPassword)@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
    }

    /// Writes the fixture's configuration to a temporary file and returns its path.
    func configurationFile() throws -> String {
        let path = NSTemporaryDirectory() + "ppe-config-\(UUID().uuidString).yml"
        try Self.configuration.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `schema.table` of a fixture table, its double quotes removed (`"Edge Cases"."Events"` has no dot inside).
    static func split(_ qualified: String) -> (String, String) {
        let unquoted = qualified.replacingOccurrences(of: "\"", with: "")
        let dot = unquoted.firstIndex(of: ".")!
        return (String(unquoted[..<dot]), String(unquoted[unquoted.index(after: dot)...]))
    }

    /// The server's clock, in epoch seconds.
    func serverNow() throws -> Double {
        try Double(server.psql("SELECT extract(epoch FROM now())", database: database))!
    }

    /// The recorded bounds of `parent`'s partitions, keyed by partition name.
    func bounds(_ parent: String) throws -> [String: (lower: Double, upper: Double)] {
        let rows = try server.psql(
            "SELECT encode(convert_to(partition, 'UTF8'), 'hex'), lower_epoch, upper_epoch FROM fixture.bounds "
                + "WHERE parent = '\(parent)'",
            database: database)
        var result: [String: (Double, Double)] = [:]
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            result[Self.fromHex(fields[0])] = (Double(fields[1])!, Double(fields[2])!)
        }
        return result
    }

    /// Sizes and estimates of every direct partition of `parent`, summed over leaves, read through PostgreSQL's
    /// own functions: (table bytes, index bytes, reltuples). Partitions named in `excluding` are left out unread,
    /// so that one a lock holds does not make the size functions wait.
    func partitionFigures(_ parent: String, excluding: Set<String> = []) throws
        -> [String: (table: Double, index: Double, rows: Double)]
    {
        try Self.partitionFigures(parent, server: server, database: database, excluding: excluding)
    }

    /// The same for any partitioned table `parent` of `database`.
    static func partitionFigures(_ parent: String, server: TestPostgres, database: String,
                                 excluding: Set<String> = []) throws
        -> [String: (table: Double, index: Double, rows: Double)]
    {
        let excluded = excluding.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
        let filter = excluded.isEmpty ? "" : "AND c.relname NOT IN (\(excluded.joined(separator: ", ")))"
        let rows = try server.psql("""
            SELECT encode(convert_to(c.relname, 'UTF8'), 'hex'),
                   coalesce(sum(pg_table_size(l.relid)) FILTER (WHERE l.isleaf), 0),
                   coalesce(sum(pg_indexes_size(l.relid)) FILTER (WHERE l.isleaf), 0),
                   coalesce(sum(greatest(lc.reltuples, 0)) FILTER (WHERE l.isleaf), 0)
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            CROSS JOIN LATERAL pg_partition_tree(c.oid) l
            JOIN pg_class lc ON lc.oid = l.relid
            WHERE i.inhparent = '\(parent)'::regclass \(filter)
            GROUP BY c.relname
            """, database: database)
        var result: [String: (Double, Double, Double)] = [:]
        for line in rows.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            result[Self.fromHex(f[0])] = (Double(f[1])!, Double(f[2])!, Double(f[3])!)
        }
        return result
    }

    /// Names travel hex-encoded out of psql, whose line-based output a newline in a name would break.
    static func fromHex(_ hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let schema = """
        SET TimeZone = 'UTC';
        SET client_min_messages = warning;
        CREATE SCHEMA fixture;
        CREATE TABLE fixture.bounds (parent text, partition text, lower_epoch float8, upper_epoch float8);

        -- Creates `count` partitions of `parent` of length `step` from `first`, with the bounds cast to the key's
        -- type, and records each partition's bounds as PostgreSQL computes their epochs.
        CREATE FUNCTION fixture.make(parent text, name_format text, step interval, first timestamptz, count int,
                                     key_type text, skip int DEFAULT -1)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            schema_name text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE c.oid = parent::regclass);
            lower_ts timestamptz; lower_epoch float8; upper_epoch float8; name text;
        BEGIN
            FOR i IN 0 .. count - 1 LOOP
                CONTINUE WHEN i = skip;
                lower_ts := first + step * i;
                name := to_char(lower_ts, name_format);
                EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L::%s) TO (%L::%s)',
                               schema_name, name, parent, lower_ts, key_type, lower_ts + step, key_type);
                EXECUTE format('SELECT extract(epoch FROM %L::%s), extract(epoch FROM %L::%s)',
                               lower_ts, key_type, lower_ts + step, key_type) INTO lower_epoch, upper_epoch;
                INSERT INTO fixture.bounds VALUES (parent, name, lower_epoch, upper_epoch);
            END LOOP;
        END $$;

        -- Monthly, timestamptz, seed 1 naming; healthy: six months back to three ahead.
        CREATE TABLE public.domain_events (id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL,
            payload text, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
        SELECT fixture.make('public.domain_events', '"domain_events_y"YYYY"m"MM', '1 month',
                            date_trunc('month', now()) - interval '6 months', 10, 'timestamptz');
        INSERT INTO public.domain_events (created_at, payload)
            SELECT now() - g * interval '1 minute', repeat('x', 200) FROM generate_series(1, 3000) g;

        -- Monthly, 30 months back to one ahead: past its 24-month retention, two of premake 3 missing.
        CREATE TABLE public.audit_log (id bigint, "timestamp" timestamptz NOT NULL) PARTITION BY RANGE ("timestamp");
        SELECT fixture.make('public.audit_log', '"audit_log_y"YYYY"m"MM', '1 month',
                            date_trunc('month', now()) - interval '30 months', 32, 'timestamptz');
        INSERT INTO public.audit_log SELECT g, now() - g * interval '1 day' FROM generate_series(1, 900) g;

        -- Monthly with the next month missing (a hole inside the premake horizon).
        CREATE TABLE public.episodic_events (occurred_at timestamptz NOT NULL) PARTITION BY RANGE (occurred_at);
        SELECT fixture.make('public.episodic_events', '"episodic_events_y"YYYY"m"MM', '1 month',
                            date_trunc('month', now()) - interval '2 months', 7, 'timestamptz', 3);

        -- Daily, seed 2 naming, five days back to three ahead, premake 14; a default partition with rows.
        CREATE SCHEMA rustcare;
        CREATE TABLE rustcare.sessions (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
        SELECT fixture.make('rustcare.sessions', '"sessions_"YYYY_MM_DD', '1 day',
                            date_trunc('day', now()) - interval '5 days', 9, 'timestamptz');
        CREATE TABLE rustcare.sessions_default PARTITION OF rustcare.sessions DEFAULT;
        INSERT INTO rustcare.sessions SELECT g, now() + interval '30 days' + g * interval '1 second'
            FROM generate_series(1, \(defaultRows)) g;

        -- Weekly, Monday start, four weeks back to three ahead.
        CREATE TABLE rustcare.refresh_tokens (issued_at timestamptz NOT NULL) PARTITION BY RANGE (issued_at);
        SELECT fixture.make('rustcare.refresh_tokens', '"refresh_tokens_"YYYY_MM_DD', '7 days',
                            date_trunc('week', now()) - interval '4 weeks', 8, 'timestamptz');

        -- Daily on a `timestamp` key, twelve days back to two ahead, 7-day retention.
        CREATE TABLE rustcare.rate_limits (window_start timestamp NOT NULL, hits int) PARTITION BY RANGE (window_start);
        SELECT fixture.make('rustcare.rate_limits', '"rate_limits_"YYYY_MM_DD', '1 day',
                            date_trunc('day', now()) - interval '12 days', 15, 'timestamp');

        -- Daily on a `date` key with a gap three days ago.
        CREATE TABLE public.daily_rollups (day date NOT NULL, total bigint) PARTITION BY RANGE (day);
        SELECT fixture.make('public.daily_rollups', '"daily_rollups_"YYYYMMDD', '1 day',
                            date_trunc('day', now()) - interval '10 days', 16, 'date', 7);

        -- Monthly, cut at local midnight in a zone with daylight saving time, two months back to three ahead.
        SET TimeZone = 'Europe/Berlin';
        CREATE TABLE public.local_months (at timestamptz NOT NULL) PARTITION BY RANGE (at);
        SELECT fixture.make('public.local_months', '"local_months_"YYYY_MM', '1 month',
                            date_trunc('month', now()) - interval '2 months', 6, 'timestamptz');
        SET TimeZone = 'UTC';

        -- MAXVALUE: covered for ever.
        CREATE TABLE public.forever (at timestamptz NOT NULL) PARTITION BY RANGE (at);
        SELECT fixture.make('public.forever', '"forever_"YYYY_MM', '1 month',
                            date_trunc('month', now()) - interval '1 month', 1, 'timestamptz');
        CREATE TABLE public.forever_rest PARTITION OF public.forever
            FOR VALUES FROM (date_trunc('month', now())) TO (MAXVALUE);
        INSERT INTO fixture.bounds
            SELECT 'public.forever', 'forever_rest', extract(epoch FROM date_trunc('month', now())), 'infinity';

        -- A time table with no partition at all, its interval configured.
        CREATE TABLE public.empty_time (at timestamptz NOT NULL) PARTITION BY RANGE (at);

        -- Two levels: monthly range, each month hash-partitioned in two.
        CREATE TABLE public.readings (id bigint NOT NULL, taken_at timestamptz NOT NULL, value float8,
            PRIMARY KEY (id, taken_at)) PARTITION BY RANGE (taken_at);
        DO $$
        DECLARE m timestamptz; name text;
        BEGIN
            FOR i IN -1 .. 3 LOOP
                m := date_trunc('month', now()) + i * interval '1 month';
                name := to_char(m, '"readings_"YYYY_MM');
                EXECUTE format('CREATE TABLE public.%I PARTITION OF public.readings FOR VALUES FROM (%L) TO (%L)
                                PARTITION BY HASH (id)', name, m, m + interval '1 month');
                EXECUTE format('CREATE TABLE public.%I PARTITION OF public.%I FOR VALUES WITH (MODULUS 2, REMAINDER 0)',
                               name || '_h0', name);
                EXECUTE format('CREATE TABLE public.%I PARTITION OF public.%I FOR VALUES WITH (MODULUS 2, REMAINDER 1)',
                               name || '_h1', name);
                INSERT INTO fixture.bounds VALUES ('public.readings', name, extract(epoch FROM m),
                                                   extract(epoch FROM m + interval '1 month'));
            END LOOP;
        END $$;
        INSERT INTO public.readings SELECT g, now() - g * interval '1 second', g FROM generate_series(1, 2000) g;

        -- List, hash and integer range: sizes and counts only.
        CREATE TABLE public.tenants (id bigint, region text NOT NULL) PARTITION BY LIST (region);
        CREATE TABLE public.tenants_eu PARTITION OF public.tenants FOR VALUES IN ('eu-west', 'eu-central');
        CREATE TABLE public.tenants_us PARTITION OF public.tenants FOR VALUES IN ('us-east');
        CREATE TABLE public.tenants_other PARTITION OF public.tenants DEFAULT;
        INSERT INTO public.tenants SELECT g, 'ap-south' FROM generate_series(1, 40) g;
        CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric) PARTITION BY HASH (id);
        CREATE TABLE public.orders_p0 PARTITION OF public.orders FOR VALUES WITH (MODULUS 4, REMAINDER 0);
        CREATE TABLE public.orders_p1 PARTITION OF public.orders FOR VALUES WITH (MODULUS 4, REMAINDER 1);
        CREATE TABLE public.orders_p2 PARTITION OF public.orders FOR VALUES WITH (MODULUS 4, REMAINDER 2);
        CREATE TABLE public.orders_p3 PARTITION OF public.orders FOR VALUES WITH (MODULUS 4, REMAINDER 3);
        INSERT INTO public.orders SELECT g, g FROM generate_series(1, 5000) g;
        CREATE TABLE public.ledger (entry_id bigint NOT NULL) PARTITION BY RANGE (entry_id);
        CREATE TABLE public.ledger_0 PARTITION OF public.ledger FOR VALUES FROM (MINVALUE) TO (1000000);
        CREATE TABLE public.ledger_1 PARTITION OF public.ledger FOR VALUES FROM (1000000) TO (2000000);
        -- Made ahead, as pg_partman's id partitioning does; rows in ledger_1 only, so two partitions of headroom.
        CREATE TABLE public.ledger_2 PARTITION OF public.ledger FOR VALUES FROM (2000000) TO (3000000);
        CREATE TABLE public.ledger_3 PARTITION OF public.ledger FOR VALUES FROM (3000000) TO (4000000);
        INSERT INTO public.ledger SELECT g FROM generate_series(1000000, 1000099) g;

        -- Identifiers that need quoting and escaping.
        CREATE SCHEMA "Edge Cases";
        CREATE TABLE "Edge Cases"."Events" ("When" timestamptz NOT NULL) PARTITION BY RANGE ("When");
        SELECT fixture.make('"Edge Cases"."Events"', '"Ev\\"ents\\\\ "YYYY"-"MM', '1 month',
                            date_trunc('month', now()), 2, 'timestamptz');
        -- A partition name with a newline, and one of 63 bytes, PostgreSQL's longest.
        SELECT fixture.make('"Edge Cases"."Events"', E'"new\\nline "YYYY_MM', '1 month',
                            date_trunc('month', now()) + interval '2 months', 1, 'timestamptz');
        SELECT fixture.make('"Edge Cases"."Events"', '"' || repeat('x', 56) || '"YYYY_MM', '1 month',
                            date_trunc('month', now()) + interval '3 months', 1, 'timestamptz');

        -- Excluded by configuration.
        CREATE SCHEMA scratch;
        CREATE TABLE scratch.tmp (at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE scratch.tmp_1 PARTITION OF scratch.tmp FOR VALUES FROM ('2020-01-01') TO ('2020-02-01');
        """
}
