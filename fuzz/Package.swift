// swift-tools-version: 6.0
import PackageDescription

/// libFuzzer targets for the parsers of PartitionExporterCore that read outside input, one executable per parser
/// family; `scripts/fuzz.sh` builds them with `-sanitize=fuzzer,address` and runs them on `Tests/FuzzCorpus`.
/// A package of its own, so that the root package's build and tests never see the sanitizer flags.
let targets = [
    "bound", "timestamp", "interval", "table-pattern", "config", "web-config", "basic-auth", "labels",
]

let package = Package(
    name: "pg_partition_exporter_fuzz",
    products: targets.map { .executable(name: "fuzz-\($0)", targets: ["fuzz-\($0)"]) },
    dependencies: [.package(name: "pg_partition_exporter", path: "..")],
    targets: [
        /// Declares `LLVMFuzzerRunDriver`, libFuzzer's entry point.
        .target(name: "CLibFuzzer"),
        /// The invariants, shared with the corpus replay test (a symlink into Tests/PartitionExporterCoreTests).
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "PartitionExporterCore", package: "pg_partition_exporter")]
        )
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["CLibFuzzer", "FuzzSupport"])
    }
)
