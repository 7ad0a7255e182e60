/// The exporter's own metrics: what every scrape says about itself, whichever collectors ran.
public enum ExporterMetrics {
    public static let up = MetricFamily(
        "pg_partition_exporter_up", "1 when the last collection read the database's catalog, 0 when it could not.")
    public static let scrapeDuration = MetricFamily(
        "pg_partition_exporter_scrape_duration_seconds", "Duration of the last collection, all databases together.")
    public static let scrapeErrors = MetricFamily(
        "pg_partition_exporter_scrape_errors_total", "Collections that failed to read the database's catalog.",
        .counter)
    public static let collectorSuccess = MetricFamily(
        "pg_partition_exporter_collector_success",
        "1 when the collector read its source in the last collection, 0 when it failed (the log says why).")
    public static let collectorDuration = MetricFamily(
        "pg_partition_exporter_collector_duration_seconds", "Duration of the collector in the last collection.")
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

    /// The series that close every scrape: its duration and the build.
    public static func scrapeSeries(duration: Double, build: BuildInfo) -> MetricSamples {
        var samples = MetricSamples()
        samples.add(scrapeDuration, LabelSet(), duration)
        samples.add(buildInfo, LabelSet([
            "version": build.version, "revision": build.revision, "swift_version": build.swiftVersion,
        ]), 1)
        return samples
    }
}
