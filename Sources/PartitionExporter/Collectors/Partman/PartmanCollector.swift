import Foundation
import Logging
import PartitionExporterCore

/// pg_partman's `part_config`: each managed table's settings, which the partition collector then applies
/// (premake, retention, interval, epoch), and the series that show how pg_partman maintains it.
///
/// Absent where the extension is not installed. Reads only `part_config`, never a partman function:
/// `check_default()` and `show_partitions()` count rows or take locks.
final class PartmanCollector: Collector {
    static let name = "partman"

    static let tableInfo = MetricFamily(
        "pg_partman_table_info",
        "1 for each table in pg_partman's part_config; labels give its interval and maintenance settings.")
    static let maintenanceLastRun = MetricFamily(
        "pg_partman_maintenance_last_run_timestamp_seconds",
        "When pg_partman's maintenance last completed for the table (part_config.maintenance_last_run, pg_partman 5.1+).")

    /// Where pg_partman is installed in this database, and whether the role may read `part_config`.
    static let extensionQuery = """
        SELECT n.nspname, e.extversion, has_schema_privilege(n.oid, 'USAGE'), c.oid IS NOT NULL,
               coalesce(has_table_privilege(c.oid, 'SELECT'), false)
        FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace
        LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'part_config' AND c.relkind = 'r'
        WHERE e.extname = 'pg_partman'
        """

    /// Every row of `part_config`, read through `to_jsonb` so that the columns of whichever version is installed
    /// are found rather than assumed (5.0 dropped some of 4.x's; 5.1 added `maintenance_last_run`). The parent is
    /// split as pg_partman splits it (`schema.table`), not resolved with `to_regclass`, which fails without USAGE
    /// on the table's schema.
    static func configQuery(schema: String) -> String {
        """
        SELECT split_part(pc.parent_table, '.', 1), split_part(pc.parent_table, '.', 2),
               j->>'partition_interval', j->>'premake', j->>'retention', j->>'epoch', j->>'automatic_maintenance',
               j->>'infinite_time_partitions', j->>'retention_keep_table', j ? 'maintenance_last_run',
               extract(epoch FROM (j->>'maintenance_last_run')::timestamptz)::float8
        FROM \(quoteIdentifier(schema)).part_config pc CROSS JOIN LATERAL to_jsonb(pc) AS j
        ORDER BY 1, 2
        """
    }

    private let logger: Logger
    /// Tables whose part_config values were reported as unreadable, so that each is logged once.
    private var unreadableLogged: [QualifiedName: [String]] = [:]
    /// The settings of the last successful read. A failed read serves them to the partition collector, so that a
    /// moment without part_config does not turn every table's premake, retention and infinite_time_partitions into
    /// the configuration's defaults (a quiet table would page, a retention alert resolve).
    private var lastSettings: [QualifiedName: PartmanSettings] = [:]

    init(configuration: Configuration, logger: Logger) {
        self.logger = logger
    }

    func collect(_ scrape: inout DatabaseScrape) throws(CollectorError) -> CollectorPresence {
        do {
            return try read(&scrape)
        } catch {
            scrape.partmanSettings = lastSettings
            throw error
        }
    }

    private func read(_ scrape: inout DatabaseScrape) throws(CollectorError) -> CollectorPresence {
        let found = try scrape.query(Self.extensionQuery)
        guard let extensionRow = found.first, let schema = extensionRow[0] else { return .absent }
        let grant = Self.grantHint(schema: schema, role: scrape.connection.user)
        guard extensionRow[2] == "t" else {
            throw CollectorError("permission denied for schema \(schema)", hint: grant)
        }
        guard extensionRow[3] == "t" else {
            throw CollectorError("pg_partman \(extensionRow[1] ?? "") has no \(schema).part_config table")
        }
        guard extensionRow[4] == "t" else {
            throw CollectorError("permission denied for table \(schema).part_config", hint: grant)
        }
        let rows = try scrape.query(Self.configQuery(schema: schema))
        let tables = PartmanTable.decode(rows)
        for table in tables { scrape.partmanSettings[table.name] = table.settings }
        lastSettings = scrape.partmanSettings
        Self.write(tables, database: scrape.database, into: &scrape.samples)
        logUnreadable(tables)
        return .present
    }

    /// Adds the samples of `tables`, read in `database`.
    static func write(_ tables: [PartmanTable], database: String, into samples: inout MetricSamples) {
        func labels(_ table: PartmanTable) -> LabelSet {
            LabelSet(["datname": database, "schemaname": table.name.schema, "relname": table.name.name])
        }
        for table in tables {
            samples.add(tableInfo, labels(table)
                .adding("partition_interval", table.intervalText)
                .adding("automatic_maintenance", table.automaticMaintenance)
                .adding("infinite_time_partitions", table.infiniteTimePartitions)
                .adding("retention_keep_table", table.retentionKeepTable), 1)
        }
        for table in tables where table.recordsMaintenanceLastRun {
            guard let lastRun = table.maintenanceLastRun else { continue }
            samples.add(maintenanceLastRun, labels(table), lastRun)
        }
    }

    private func logUnreadable(_ tables: [PartmanTable]) {
        var now: [QualifiedName: [String]] = [:]
        for table in tables where !table.unreadable.isEmpty {
            now[table.name] = table.unreadable
            guard unreadableLogged[table.name] != table.unreadable else { continue }
            logger.warning("part_config holds values the exporter cannot follow; the YAML or defaults apply", metadata: [
                "table": "\(table.name.schema).\(table.name.name)",
                "columns": "\(table.unreadable.joined(separator: ","))",
            ])
        }
        unreadableLogged = now
    }

    /// The grants of the README's recipe, for the role the exporter logs in as.
    static func grantHint(schema: String, role: String) -> String {
        let s = quoteIdentifier(schema), r = quoteIdentifier(role)
        return "run: GRANT USAGE ON SCHEMA \(s) TO \(r); GRANT SELECT ON \(s).part_config, \(s).part_config_sub TO \(r)"
    }
}
