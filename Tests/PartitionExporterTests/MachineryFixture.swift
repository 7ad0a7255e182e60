import Foundation
import TestSupport

/// A cluster run as teams run pg_partman and pg_cron: pg_partman 4.7 (Debian's) managing tables in `app`, pg_cron
/// in `postgres` (its `cron.database_name`), a database with pg_partman 5.1's `part_config` layout, and a database
/// the monitoring role may not connect to. The expected figures are read back from the catalog and from
/// pg_partman's own functions by the tests, never typed in.
struct MachineryFixture {
    static let monitorUser = "machinery_monitor"
    static let monitorPassword = "m4chinery-Secret"
    /// A role with `pg_monitor` alone, without the README's grants.
    static let bareUser = "bare_monitor"
    static let barePassword = "b4re-Secret"

    let server: TestPostgres
    let app = "app"
    let partman5 = "partman5"
    let revoked = "revoked"

    /// Tables `create_parent` manages in `app`, with the premake and retention they were given.
    static let appSchema = """
        CREATE SCHEMA partman;
        CREATE EXTENSION pg_partman SCHEMA partman;
        CREATE TABLE public.events_daily (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
        SELECT partman.create_parent('public.events_daily', 'created_at', 'native', 'daily', p_premake := 14,
                                     p_start_partition := (now() - interval '10 days')::text);
        UPDATE partman.part_config SET retention = '3 days' WHERE parent_table = 'public.events_daily';
        CREATE TABLE public.metrics_hourly (at timestamptz NOT NULL, v float8) PARTITION BY RANGE (at);
        SELECT partman.create_parent('public.metrics_hourly', 'at', 'native', 'hourly', p_premake := 6);
        CREATE TABLE public.invoices_monthly (billed_at timestamptz NOT NULL) PARTITION BY RANGE (billed_at);
        SELECT partman.create_parent('public.invoices_monthly', 'billed_at', 'native', 'monthly',
                                     p_automatic_maintenance := 'off');
        CREATE TABLE public.epoch_events (ts bigint NOT NULL) PARTITION BY RANGE (ts);
        SELECT partman.create_parent('public.epoch_events', 'ts', 'native', 'daily', p_epoch := 'seconds');
        -- Broken on purpose: the maintenance "did not run", the two newest daily partitions are gone.
        DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT partition_schemaname AS s, partition_tablename AS t
                     FROM partman.show_partitions('public.events_daily', 'DESC') LIMIT 2 LOOP
                EXECUTE format('DROP TABLE %I.%I', r.s, r.t);
            END LOOP;
        END $$;
        """

    /// pg_partman 5.1's `part_config`, as `sql/tables/tables.sql` of pg_partman 5.1.0 defines it. No 5.x package
    /// exists for Debian 12, so the 4.7 extension is installed and its table replaced by this one; the CHECKs that
    /// call pg_partman functions are left out.
    static let partman5Schema = """
        CREATE SCHEMA partman;
        CREATE EXTENSION pg_partman SCHEMA partman;
        ALTER EXTENSION pg_partman DROP TABLE partman.part_config_sub;
        ALTER EXTENSION pg_partman DROP TABLE partman.part_config;
        DROP TABLE partman.part_config_sub, partman.part_config CASCADE;
        CREATE TABLE partman.part_config (
            parent_table text NOT NULL
            , control text NOT NULL
            , partition_interval text NOT NULL
            , partition_type text NOT NULL
            , premake int NOT NULL DEFAULT 4
            , automatic_maintenance text NOT NULL DEFAULT 'on'
            , template_table text
            , retention text
            , retention_schema text
            , retention_keep_index boolean NOT NULL DEFAULT true
            , retention_keep_table boolean NOT NULL DEFAULT true
            , epoch text NOT NULL DEFAULT 'none'
            , constraint_cols text[]
            , optimize_constraint int NOT NULL DEFAULT 30
            , infinite_time_partitions boolean NOT NULL DEFAULT false
            , datetime_string text
            , jobmon boolean NOT NULL DEFAULT true
            , sub_partition_set_full boolean NOT NULL DEFAULT false
            , undo_in_progress boolean NOT NULL DEFAULT false
            , inherit_privileges boolean DEFAULT false
            , constraint_valid boolean DEFAULT true NOT NULL
            , ignore_default_data boolean NOT NULL DEFAULT true
            , default_table boolean DEFAULT true
            , date_trunc_interval text
            , maintenance_order int
            , retention_keep_publication boolean NOT NULL DEFAULT false
            , maintenance_last_run timestamptz
            , CONSTRAINT part_config_parent_table_pkey PRIMARY KEY (parent_table)
            , CONSTRAINT positive_premake_check CHECK (premake > 0)
        );
        CREATE TABLE partman.part_config_sub (sub_parent text PRIMARY KEY);
        CREATE TABLE public.ticks (at timestamptz NOT NULL) PARTITION BY RANGE (at);
        DO $$ DECLARE d date := current_date; BEGIN
            FOR k IN 0..2 LOOP
                EXECUTE format('CREATE TABLE public.ticks_p%s PARTITION OF public.ticks FOR VALUES FROM (%L) TO (%L)',
                               to_char(d + k, 'YYYYMMDD'), d + k, d + k + 1);
            END LOOP;
        END $$;
        INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type, premake,
                                         retention, infinite_time_partitions, maintenance_last_run)
        VALUES ('public.ticks', 'at', '1 day', 'range', 2, '30 days', true, now() - interval '1 hour');
        """

    /// The README's recipe, in each database where its objects live.
    static func grants(user: String) -> (partman: String, cron: String) {
        ("""
         GRANT USAGE ON SCHEMA partman TO \(user);
         GRANT SELECT ON partman.part_config, partman.part_config_sub TO \(user);
         """,
         "GRANT USAGE ON SCHEMA cron TO \(user);")
    }

    init() throws {
        server = try TestPostgres.withCron(options: ["TimeZone=UTC"])
        AtExit.register { [server] in server.destroy() }
        try server.psql("""
            CREATE ROLE \(Self.monitorUser) LOGIN PASSWORD '\(Self.monitorPassword)' IN ROLE pg_monitor BYPASSRLS;
            CREATE ROLE \(Self.bareUser) LOGIN PASSWORD '\(Self.barePassword)' IN ROLE pg_monitor;
            CREATE DATABASE \(app); CREATE DATABASE \(partman5); CREATE DATABASE \(revoked);
            REVOKE CONNECT ON DATABASE \(revoked) FROM PUBLIC;
            CREATE EXTENSION pg_cron;
            """)
        let grants = Self.grants(user: Self.monitorUser)
        try server.psql(Self.appSchema + grants.partman, database: app)
        try server.psql(Self.partman5Schema + grants.partman, database: partman5)
        try server.psql(grants.cron)
        try server.psql("""
            SELECT cron.schedule_in_database('app-ok', '* * * * *', 'SELECT 1', '\(app)');
            SELECT cron.schedule('always-fails', '* * * * *', 'SELECT 1/0');
            SELECT cron.schedule('never-runs', '0 0 1 1 *', 'SELECT 1');
            UPDATE cron.job SET active = false WHERE jobname = 'never-runs';
            """)
    }

    /// A DSN for `user` on `database` as a libpq conninfo string.
    func dsn(user: String = monitorUser, password: String = monitorPassword, database: String) -> String {
        "host=127.0.0.1 port=\(server.port) dbname=\(database) user=\(user) password=\(password) sslmode=disable"
    }

    /// The exporter on `database` as `user`, with `yaml` as its configuration file when given.
    func exporter(database: String, yaml: String? = nil, user: String = monitorUser,
                  password: String = monitorPassword) throws -> ExporterProcess {
        let arguments = try yaml.map { ["--config.file", try configurationFile($0)] } ?? []
        return try ExporterProcess(dataSourceName: dsn(user: user, password: password, database: database),
                                   arguments: arguments)
    }

    /// Writes `yaml` to a temporary file and returns its path.
    func configurationFile(_ yaml: String) throws -> String {
        let path = NSTemporaryDirectory() + "ppe-machinery-\(UUID().uuidString).yml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Waits (at most 150 s: pg_cron 1.4 schedules by the minute) until every active job has a finished run.
    func waitForCronRuns() throws {
        let deadline = Date().addingTimeInterval(150)
        while Date() < deadline {
            let waiting = try server.psql("""
                SELECT count(*) FROM cron.job j WHERE j.active AND NOT EXISTS (
                    SELECT 1 FROM cron.job_run_details d WHERE d.jobid = j.jobid AND d.status IN ('succeeded', 'failed'))
                """)
            if waiting == "0" { return }
            sleep(2)
        }
        throw TestEnvironmentError("pg_cron ran no job within 150 s:\n\(server.serverLog.suffix(2000))")
    }
}
