import PartitionExporterCore

/// The labels of `pg_partition_exporter_build_info`.
enum BuildVersion {
    static let info = ExporterMetrics.BuildInfo(version: "0.1.0", revision: revision, swiftVersion: swiftVersion)

    /// SwiftPM has no build-time hook for the git revision without a plugin; the version identifies the build.
    static let revision = "unknown"

    static var swiftVersion: String {
        #if compiler(>=6.4)
        return "6.4+"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }
}
