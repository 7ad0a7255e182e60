import Foundation
import Testing

@testable import PartitionExporterCore

/// The bugs fuzzing found, each named and reduced to its smallest input. The raw inputs are in
/// `Tests/FuzzCorpus/<target>/crashes`, which `FuzzCorpusTests` replays; these say what the fix must achieve.
/// They fail until the bug is fixed.
struct FuzzRegressionTests {
    /// `CivilTime.parseTimestamp` read a year of 17 digits or more, and `CivilTime.days(year:month:day:)` trapped
    /// on an arithmetic overflow (`era * 146_097`), taking the process down. PostgreSQL never prints a year past
    /// 294276, so such a literal is not a timestamp: nil, not a crash. (fuzz-timestamp,
    /// `Tests/FuzzCorpus/timestamp/crashes/crash-adf6f9d3129e8884de120334d93764d08fa5436a`: "96129427619002019-02-02")
    @Test func timestampWithAnEnormousYearIsNotATimestamp() async {
        await #expect(processExitsWith: .success) {
            for text in ["96129427619002019-02-02", "99999999999999999-01-01 00:00:00+00",
                         "9223372036854775807-12-31", "99999999999999999-01-01 BC"] {
                guard CivilTime.parseTimestamp(text) == nil else { exit(1) }
            }
            // The same text as a partition bound literal goes through the same parser.
            guard RangeBoundValue.literal("74544744444544740-01-10").time == nil else { exit(1) }
        }
    }

    /// `TablePattern(parsing:)` walks the text by grapheme clusters, so a double quote followed by a combining
    /// mark (a quoted name that starts with one, or a doubled quote before one) is one `Character` that is not
    /// `"`: the quotes stay in the name and the pattern never matches the table. (fuzz-table-pattern,
    /// `Tests/FuzzCorpus/table-pattern/crashes/crash-02d4aac09ac227287a167f4208467373dae94b91`)
    @Test func quotesBeforeACombiningMarkStillQuote() {
        let pattern = TablePattern(parsing: "\"\u{301}x\".events")
        #expect(pattern?.schema == "\u{301}x")
        #expect(pattern?.table == "events")
        let doubled = TablePattern(parsing: "\"a\"\"\u{301}\".events")
        let expected = "a\"\u{301}"  // Not inline: #expect's own expansion trips over the same grapheme.
        #expect(doubled?.schema == expected)
    }

    /// `BasicCredentials(authorizationHeader:)` looks for the colon by grapheme cluster, so when the password
    /// starts with a combining mark, `:` and the mark form one `Character` that is not `:`: the header of a
    /// legitimate user reads as no credentials at all, and that user can never log in. (fuzz-basic-auth,
    /// `Tests/FuzzCorpus/basic-auth/crashes/crash-fd879a58e8126b63d801842ff95c83d468ea7fcf`: user "", password
    /// "\u{311}")
    @Test func passwordStartingWithACombiningMark() {
        let header = "Basic " + Data("alice:\u{301}secret".utf8).base64EncodedString()
        #expect(header == "Basic YWxpY2U6zIFzZWNyZXQ=")
        let credentials = BasicCredentials(authorizationHeader: header)
        #expect(credentials == BasicCredentials(user: "alice", password: "\u{301}secret"))
    }
}
