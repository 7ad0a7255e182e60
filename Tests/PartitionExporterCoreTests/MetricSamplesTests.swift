import Testing

@testable import PartitionExporterCore

/// Samples of several collectors and databases merge into one exposition with one header per family.
struct MetricSamplesTests {
    static let a = MetricFamily("test_a", "First family.")
    static let b = MetricFamily("test_b_total", "Second family.", .counter)

    /// Samples added a table at a time, alternating families, still come out in the declared order; a declared
    /// family without samples has no header.
    @Test func declaredFamiliesKeepTheirOrderAndEmptyOnesAreLeftOut() {
        let unused = MetricFamily("test_unused", "Never sampled.")
        var samples = MetricSamples()
        samples.declare([Self.a, unused, Self.b])
        samples.add(Self.b, LabelSet(["t": "1"]), 1)
        samples.add(Self.a, LabelSet(["t": "1"]), 2)
        samples.add(Self.b, LabelSet(["t": "2"]), 3)
        samples.add(Self.a, LabelSet(["t": "2"]), 4)
        #expect(samples.familyNames == ["test_a", "test_b_total"])
        #expect(String(decoding: samples.exposition, as: UTF8.self) == """
            # HELP test_a First family.
            # TYPE test_a gauge
            test_a{t="1"} 2
            test_a{t="2"} 4
            # HELP test_b_total Second family.
            # TYPE test_b_total counter
            test_b_total{t="1"} 1
            test_b_total{t="2"} 3

            """)
        var declaredOnly = MetricSamples()
        declaredOnly.declare([unused])
        #expect(declaredOnly.isEmpty)
        #expect(declaredOnly.exposition.isEmpty)
    }

    @Test func mergeKeepsEachFamilyTogetherInOrderOfFirstAppearance() {
        var app = MetricSamples()
        app.add(Self.a, LabelSet(["datname": "app"]), 1)
        app.add(Self.b, LabelSet(["datname": "app"]), 2)
        var billing = MetricSamples()
        billing.add(Self.b, LabelSet(["datname": "billing"]), 3)
        billing.add(Self.a, LabelSet(["datname": "billing"]), 4)
        var merged = MetricSamples()
        merged.merge(app)
        merged.merge(billing)
        #expect(merged.familyNames == ["test_a", "test_b_total"])
        #expect(String(decoding: merged.exposition, as: UTF8.self) == """
            # HELP test_a First family.
            # TYPE test_a gauge
            test_a{datname="app"} 1
            test_a{datname="billing"} 4
            # HELP test_b_total Second family.
            # TYPE test_b_total counter
            test_b_total{datname="app"} 2
            test_b_total{datname="billing"} 3

            """)
    }

    @Test func emptyMergesToNothing() {
        var merged = MetricSamples()
        merged.merge(MetricSamples())
        #expect(merged.isEmpty)
        #expect(merged.exposition.isEmpty)
    }

    @Test func scrapeSeriesGiveDurationAndBuild() {
        let build = ExporterMetrics.BuildInfo(version: "1.2.3", revision: "abc123", swiftVersion: "6.3")
        #expect(String(decoding: ExporterMetrics.scrapeSeries(duration: 0.25, build: build).exposition, as: UTF8.self)
            .split(separator: "\n").filter { !$0.hasPrefix("#") } == [
                "pg_partition_exporter_scrape_duration_seconds 0.25",
                #"pg_partition_exporter_build_info{version="1.2.3",revision="abc123",swift_version="6.3"} 1"#,
            ])
    }
}

extension MetricSamplesTests {
    @Test func takingTheExpositionGivesTheSameBytesAndEmpties() {
        var samples = MetricSamples()
        samples.add(Self.a, LabelSet(["datname": "app"]), 1)
        samples.add(Self.b, LabelSet(["datname": "app"]), 2)
        let expected = samples.exposition
        #expect(samples.takeExposition() == expected)
        #expect(samples.isEmpty)
    }

    @Test func mergingIntoNothingTakesTheOther() {
        var other = MetricSamples()
        other.add(Self.a, LabelSet(["datname": "x"]), 3)
        var merged = MetricSamples()
        merged.merge(other)
        #expect(merged.exposition == other.exposition)
    }
}

struct AcceptEncodingTests {
    @Test(arguments: ["gzip", "gzip, deflate", "deflate, gzip;q=0.5", "x-gzip", "*", "br;q=1, *;q=0.1", " GZIP ",
                      "identity, gzip"])
    func allowsGzip(header: String) {
        #expect(AcceptEncoding.allowsGzip(header))
    }

    @Test(arguments: [nil, "", "identity", "deflate, br", "gzip;q=0", "gzip;q=0.0, *", "*;q=0", "br, *;q=0"])
    func refusesGzip(header: String?) {
        #expect(!AcceptEncoding.allowsGzip(header))
    }
}
