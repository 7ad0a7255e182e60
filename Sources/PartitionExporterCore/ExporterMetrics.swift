/// The exporter's own metrics, and the rendering of a whole scrape.
public enum ExporterMetrics {
    public static let up = MetricFamily(
        "pg_partition_exporter_up", "1 when the last collection read the catalog, 0 when it could not.")
    public static let scrapeDuration = MetricFamily(
        "pg_partition_exporter_scrape_duration_seconds", "Duration of the last collection.")
    public static let scrapeErrors = MetricFamily(
        "pg_partition_exporter_scrape_errors_total", "Collections that failed to read the catalog.", .counter)
    public static let staleSizes = MetricFamily(
        "pg_partition_exporter_stale_size_partitions",
        "Leaf partitions whose sizes could not be read in the last collection (held under an ACCESS EXCLUSIVE lock) and were served from an earlier one.")
    public static let buildInfo = MetricFamily(
        "pg_partition_exporter_build_info", "1; labels give the exporter's version, revision and Swift version.")

    /// Version labels of `pg_partition_exporter_build_info`.
    public struct BuildInfo: Sendable {
        public var version: String
        public var revision: String
        public var swiftVersion: String
        public init(version: String, revision: String, swiftVersion: String) {
            self.version = version
            self.revision = revision
            self.swiftVersion = swiftVersion
        }
    }

    /// Everything one scrape serves: the tables of `snapshot` (when the catalog was read) and the exporter's state.
    public static func render(
        snapshot: CatalogSnapshot?, configuration: Configuration, duration: Double, errorsTotal: Int,
        staleSizeCount: Int, build: BuildInfo
    ) -> [UInt8] {
        var writer = ExpositionWriter()
        if let snapshot {
            let reports = snapshot.tables.compactMap { table in
                configuration.settings(schema: table.schema, table: table.name).map {
                    TableReport(table: table, database: snapshot.database, now: snapshot.now, settings: $0)
                }
            }
            TableMetrics.write(reports, into: &writer)
        }
        writer.single(up, snapshot == nil ? 0 : 1)
        writer.single(scrapeDuration, duration)
        writer.single(scrapeErrors, Double(errorsTotal))
        writer.single(staleSizes, Double(staleSizeCount))
        writer.single(buildInfo, 1, LabelSet([
            "version": build.version, "revision": build.revision, "swift_version": build.swiftVersion,
        ]))
        return writer.bytes
    }
}
