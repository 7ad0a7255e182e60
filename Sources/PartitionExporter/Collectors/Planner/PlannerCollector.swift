import Logging
import PartitionExporterCore

/// What partitioned queries depend on beyond the partitions: the planner settings that make pruning and
/// partition-wise plans possible, including every per-database and per-role override that a session's own `SHOW`
/// hides, and the freshness of the statistics of each partitioned parent, which autovacuum never analyzes.
///
/// Reads catalogs and statistics functions only, which take no lock; needs no privilege beyond `pg_monitor`. The
/// statistics of the partitions come from the partition collector's catalog read, which runs first.
final class PlannerCollector: Collector {
    static let name = "planner"

    static let settingInfo = MetricFamily(
        "pg_partitioning_setting_info",
        "1 for each planner setting partitioning depends on, with the value the exporter's sessions get and its source.")
    static let overrideInfo = MetricFamily(
        "pg_partitioning_setting_override_info",
        "1 for each ALTER DATABASE/ROLE ... SET of such a setting that applies in this database; an empty database or role means all.")
    static let lastAnalyze = MetricFamily(
        "pg_partitioned_table_last_analyze_timestamp_seconds",
        "Last ANALYZE of the partitioned parent, manual or automatic (autovacuum never analyzes parents); 0 when never.")
    static let rowsModified = MetricFamily(
        "pg_partitioned_table_rows_modified_since_analyze",
        "Rows inserted, updated or deleted in the partitions since each was last analyzed (n_mod_since_analyze summed).")
    static let autoanalyzedSinceParent = MetricFamily(
        "pg_partitioned_table_partitions_autoanalyzed_since_parent",
        "Leaf partitions autovacuum analyzed after the parent's last ANALYZE: their data changed since the parent's statistics were taken.")
    static let oldestModifiedAnalyze = MetricFamily(
        "pg_partitioned_table_oldest_modified_partition_analyze_timestamp_seconds",
        "Oldest last (auto)analyze among leaf partitions with rows modified since; 0 when one was never analyzed.")
    static let neverAnalyzed = MetricFamily(
        "pg_partitioned_table_never_analyzed_partitions", "Leaf partitions holding live rows that were never analyzed.")

    /// Two result sets: the settings as this session gets them, and the overrides in `pg_db_role_setting` that
    /// apply in this database (its own, and those for every database).
    static let settingsQuery = """
        SELECT name, setting, source FROM pg_settings WHERE name IN (\(PlannerSettings.names.map { "'\($0)'" }
            .joined(separator: ", "))) ORDER BY name;
        SELECT coalesce(d.datname, ''), coalesce(r.rolname, ''), c
        FROM pg_db_role_setting s
        CROSS JOIN LATERAL unnest(s.setconfig) AS c
        LEFT JOIN pg_database d ON d.oid = s.setdatabase
        LEFT JOIN pg_roles r ON r.oid = s.setrole
        WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
        ORDER BY 1, 2, 3
        """

    init(configuration: Configuration, logger: Logger) {}

    func collect(_ scrape: inout DatabaseScrape) throws(CollectorError) -> CollectorPresence {
        let database = scrape.database
        let results: [[[String?]]]
        do {
            results = try scrape.connection.batch(Self.settingsQuery, deadline: scrape.deadline)
        } catch {
            throw CollectorError(error)
        }
        guard results.count == 2 else { throw CollectorError("unexpected result shape from the settings query") }
        Self.writeSettings(session: results[0], overrides: PlannerSettings.overrides(results[1]), database: database,
                           into: &scrape.samples)
        // The statistics come with the partition collector's catalog read (PartitionQueries.structure).
        Self.write(scrape.partitionTrees.map { tree in
            (tree.name, AnalyzeFreshness(root: tree.root, leaves: tree.leaves))
        }, database: database, into: &scrape.samples)
        return .present
    }

    /// Adds the settings as the session got them (rows of name, setting, source) and the overrides.
    static func writeSettings(session: [[String?]], overrides: [PlannerSettings.Override], database: String,
                              into samples: inout MetricSamples) {
        for row in session {
            guard row.count >= 3, let name = row[0], let setting = row[1] else { continue }
            samples.add(settingInfo, LabelSet([
                "datname": database, "name": name, "setting": PlannerSettings.canonical(setting), "source": row[2] ?? "",
            ]), 1)
        }
        for entry in overrides {
            samples.add(overrideInfo, LabelSet([
                "datname": database, "database": entry.database, "role": entry.role, "name": entry.name,
                "setting": entry.setting,
            ]), 1)
        }
    }

    /// Adds the freshness series of each table.
    static func write(_ tables: [(name: QualifiedName, freshness: AnalyzeFreshness)], database: String,
                      into samples: inout MetricSamples) {
        func labels(_ name: QualifiedName) -> LabelSet {
            LabelSet(["datname": database, "schemaname": name.schema, "relname": name.name])
        }
        for (name, fresh) in tables { samples.add(lastAnalyze, labels(name), fresh.lastAnalyze) }
        for (name, fresh) in tables { samples.add(rowsModified, labels(name), fresh.rowsModifiedSinceAnalyze) }
        for (name, fresh) in tables {
            samples.add(autoanalyzedSinceParent, labels(name), Double(fresh.partitionsAutoanalyzedSinceParent))
        }
        for (name, fresh) in tables {
            if let oldest = fresh.oldestModifiedPartitionAnalyze {
                samples.add(oldestModifiedAnalyze, labels(name), oldest)
            }
        }
        for (name, fresh) in tables { samples.add(neverAnalyzed, labels(name), Double(fresh.neverAnalyzedPartitions)) }
    }
}
