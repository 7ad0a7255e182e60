// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pg_partition_exporter",
    products: [
        .executable(name: "pg_partition_exporter", targets: ["pg_partition_exporter"]),
        /// The pure logic, for the fuzz targets in fuzz/ (a package of their own).
        .library(name: "PartitionExporterCore", targets: ["PartitionExporterCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypt",
            pkgConfig: "libcrypt",
            providers: [.apt(["libcrypt-dev"])]
        ),
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        /// Pure logic: catalog model, bound parsing, interval detection, gauges, configuration, exposition.
        .target(
            name: "PartitionExporterCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        /// The C bindings (libpq, libmicrohttpd, libcrypt, zlib) and the collector that wires them to the core.
        .target(
            name: "PartitionExporter",
            dependencies: [
                "PartitionExporterCore", "CLibPQ", "CMicroHTTPD", "CLibCrypt", "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "pg_partition_exporter",
            dependencies: [
                "PartitionExporter", "PartitionExporterCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// Real processes for the tests: a throwaway PostgreSQL, tool lookup that fails loudly, free ports.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PartitionExporterCoreTests", dependencies: ["PartitionExporterCore"]),
        .testTarget(
            name: "PartitionExporterTests",
            dependencies: ["PartitionExporter", "PartitionExporterCore", "TestSupport", "pg_partition_exporter"],
            exclude: ["Fixtures"]  // read from the source tree, so that UPDATE_GOLDEN=1 can rewrite them
        ),
        .testTarget(name: "AlertingTests", dependencies: ["TestSupport", "pg_partition_exporter"]),
    ]
)
