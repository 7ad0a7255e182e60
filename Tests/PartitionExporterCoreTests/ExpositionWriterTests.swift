import Testing

@testable import PartitionExporterCore

struct ExpositionWriterTests {
    @Test func exactBytes() {
        var writer = ExpositionWriter()
        let size = MetricFamily("demo_bytes", "Size in bytes, \"quoted\";\nsecond line \\ backslash.")
        writer.begin(size)
        writer.sample(size, LabelSet(["path": #"C:\dir\"#, "quote": #"say "hi""#, "nl": "a\nb"]), 53_687_091_200)
        writer.sample(size, LabelSet(), 0.25)
        writer.sample(size, LabelSet(["k": "v"]), .infinity)
        writer.sample(size, LabelSet(["k": "w"]), -.infinity)
        writer.sample(size, LabelSet(["k": "x"]), .nan)
        writer.sample(size, LabelSet(["k": "y"]).adding("z", "ü €"), -1.5)
        let count = MetricFamily("demo_total", "Things counted.", .counter)
        writer.begin(count)
        writer.sample(count, LabelSet(), 3)
        let expected = #"""
            # HELP demo_bytes Size in bytes, "quoted";\nsecond line \\ backslash.
            # TYPE demo_bytes gauge
            demo_bytes{path="C:\\dir\\",quote="say \"hi\"",nl="a\nb"} 53687091200
            demo_bytes 0.25
            demo_bytes{k="v"} +Inf
            demo_bytes{k="w"} -Inf
            demo_bytes{k="x"} NaN
            demo_bytes{k="y",z="ü €"} -1.5
            # HELP demo_total Things counted.
            # TYPE demo_total counter
            demo_total 3

            """#
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        #expect(writer.bytes == Array(expected.utf8))
    }

    @Test func emptyHelpAndEmptyLabelValue() {
        var writer = ExpositionWriter()
        let info = MetricFamily("demo_info", "")
        writer.begin(info)
        writer.sample(info, LabelSet(["empty": ""]), 1)
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == "# HELP demo_info \n# TYPE demo_info gauge\ndemo_info{empty=\"\"} 1\n")
    }

    @Test func emptyWriter() {
        #expect(ExpositionWriter().bytes.isEmpty)
    }

    @Test func labelSetAddingDoesNotChangeTheOriginal() {
        let family = MetricFamily("m", "h")
        let base = LabelSet(["a": "1"])
        var writer = ExpositionWriter()
        writer.sample(family, base.adding("b", "2"), 1)
        writer.sample(family, base, 2)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "m{a=\"1\",b=\"2\"} 1\nm{a=\"1\"} 2\n")
    }

    static let formatCases: [(value: Double, expected: String)] = [
        (0.0, "0"),
        (-0.0, "0"),
        (1, "1"),
        (-1, "-1"),
        (0.25, "0.25"),
        (0.1, "0.1"),
        (-1.5, "-1.5"),
        (1_772_323_200, "1772323200"),
        (1_772_323_200.5, "1772323200.5"),
        (-62_167_219_200, "-62167219200"),
        (53_687_091_200, "53687091200"),
        (999_999_999_999_999, "999999999999999"),
        (.infinity, "+Inf"),
        (-.infinity, "-Inf"),
        (.nan, "NaN"),
    ]

    @Test(arguments: formatCases)
    func formats(value: Double, expected: String) {
        #expect(ExpositionWriter.format(value) == expected)
        var written: [UInt8] = []
        ExpositionWriter.appendValue(value, to: &written)
        #expect(String(decoding: written, as: UTF8.self) == expected, "the fast path spells it as format does")
    }

    /// Beyond 1e15 the value need not be spelled out, but it must read back exactly as a Prometheus float.
    @Test(arguments: [1e15, 1.5e18, 9_007_199_254_740_992, 1e300, 1e-7, 123.456])
    func largeAndTinyValuesRoundTrip(value: Double) {
        let text = ExpositionWriter.format(value)
        #expect(Double(text) == value)
        #expect(!text.contains(" "))
    }
}
