import Testing

@testable import PartitionExporterCore

struct PartitionBoundTests {
    @Test func timestamptzRange() {
        let text = "FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00')"
        #expect(
            PartitionBound(parsing: text)
                == .range(from: .literal("2026-01-01 00:00:00+00"), to: .literal("2026-02-01 00:00:00+00")))
    }

    @Test func dateRange() {
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM ('2026-01-01') TO ('2026-01-02')")
                == .range(from: .literal("2026-01-01"), to: .literal("2026-01-02")))
    }

    @Test func minValueAndMaxValue() {
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM (MINVALUE) TO ('2026-01-01 00:00:00+00')")
                == .range(from: .minValue, to: .literal("2026-01-01 00:00:00+00")))
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM ('2026-06-01 00:00:00+00') TO (MAXVALUE)")
                == .range(from: .literal("2026-06-01 00:00:00+00"), to: .maxValue))
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM (MINVALUE) TO (MAXVALUE)")
                == .range(from: .minValue, to: .maxValue))
    }

    @Test func integerRange() {
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM (0) TO (1000)")
                == .range(from: .literal("0"), to: .literal("1000")))
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM ('-100') TO (9223372036854775807)")
                == .range(from: .literal("-100"), to: .literal("9223372036854775807")))
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM (-5) TO (5)") == .range(from: .literal("-5"), to: .literal("5")))
    }

    /// Only the first key column is kept.
    @Test func multiColumnRangeKeepsFirstColumn() {
        let text = "FOR VALUES FROM ('2026-01-01 00:00:00+00', 0, 'a') TO ('2026-02-01 00:00:00+00', MINVALUE, 'z')"
        #expect(
            PartitionBound(parsing: text)
                == .range(from: .literal("2026-01-01 00:00:00+00"), to: .literal("2026-02-01 00:00:00+00")))
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM (MINVALUE, MINVALUE) TO (10, MAXVALUE)")
                == .range(from: .minValue, to: .literal("10")))
    }

    /// Doubled quotes are one quote; commas and parentheses inside quotes are part of the literal.
    @Test func quotedLiteralsWithSpecialCharacters() {
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM ('it''s') TO ('o''''k')")
                == .range(from: .literal("it's"), to: .literal("o''k")))
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM ('a, b (c)') TO ('d)'), ('e')")
                == nil)
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM ('a, b (c)', 'x') TO ('d)', ')')")
                == .range(from: .literal("a, b (c)"), to: .literal("d)")))
        #expect(
            PartitionBound(parsing: "FOR VALUES FROM ('') TO ('''')") == .range(from: .literal(""), to: .literal("'")))
    }

    @Test(arguments: [
        "FOR VALUES IN ('a', 'b')",
        "FOR VALUES IN ('a')",
        "FOR VALUES IN (1, 2, 3)",
        "FOR VALUES IN (NULL)",
        "FOR VALUES IN ('x''y', 'a,b', '(p)')",
        "FOR VALUES IN (true)",
    ])
    func list(text: String) {
        #expect(PartitionBound(parsing: text) == .list)
    }

    @Test(arguments: ["FOR VALUES WITH (modulus 4, remainder 0)", "FOR VALUES WITH (modulus 16, remainder 15)"])
    func hash(text: String) {
        #expect(PartitionBound(parsing: text) == .hash)
    }

    @Test(arguments: ["DEFAULT", " DEFAULT", "DEFAULT "])
    func defaultPartition(text: String) {
        #expect(PartitionBound(parsing: text) == .defaultPartition)
    }

    @Test(arguments: [
        "", "garbage", "DEFAULT x", "DEFAULTS", "FOR VALUES", "FOR VALUES FROM ('a')", "FOR VALUES FROM ('a') TO ('b'",
        "FOR VALUES FROM ('a) TO ('b')", "FOR VALUES FROM ('a') TO ('b') extra", "FOR VALUES FROM () TO ()",
        "FOR VALUES FROM ('a') TO ()", "FOR VALUES FROM ('a',) TO ('b')", "FOR VALUES IN ()", "FOR VALUES IN ('a'",
        "FOR VALUES IN ('a') x", "FOR VALUES IN 'a'", "FOR VALUES WITH (modulus 4, remainder 0",
        "FOR VALUES WITH modulus 4", "FOR VALUES BETWEEN (1) AND (2)", "for values from ('a') to ('b')",
        "FOR VALUES FROM ('a') ('b')",
    ])
    func rejectsMalformed(text: String) {
        #expect(PartitionBound(parsing: text) == nil)
    }

    @Test func boundValueTimes() {
        #expect(RangeBoundValue.minValue.time == -.infinity)
        #expect(RangeBoundValue.maxValue.time == .infinity)
        #expect(RangeBoundValue.literal("2026-03-01 00:00:00+00").time == 1_772_323_200)
        #expect(RangeBoundValue.literal("2026-03-01").time == 1_772_323_200)
        #expect(RangeBoundValue.literal("infinity").time == .infinity)
        #expect(RangeBoundValue.literal("1000").time == nil)
        #expect(RangeBoundValue.literal("eu").time == nil)
    }
}
