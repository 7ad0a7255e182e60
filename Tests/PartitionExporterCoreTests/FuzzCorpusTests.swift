import Foundation
import Testing

/// Replays the committed fuzz corpus (`Tests/FuzzCorpus/<target>/seeds` and `corpus`) and every crash input
/// (`crashes`) through the parsers and invariants the libFuzzer targets in `fuzz/` assert, on every `swift test`,
/// without a sanitizer. `scripts/fuzz.sh` grows the corpus and writes new crash inputs.
struct FuzzCorpusTests {
    /// `Tests/FuzzCorpus`, found from this file's path, so that Package.swift declares no resources.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    /// The regular files in `Tests/FuzzCorpus/<target>/<kind>`, sorted; none when the directory does not exist.
    static func inputs(_ target: FuzzTarget, _ kind: String) throws -> [URL] {
        let directory = root.appendingPathComponent(target.rawValue).appendingPathComponent(kind)
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Seeds and corpus inputs passed every invariant when the fuzzer kept them, so they run in this process.
    @Test(arguments: FuzzTarget.allCases)
    func corpusHoldsItsInvariants(_ target: FuzzTarget) throws {
        let seeds = try Self.inputs(target, "seeds")
        #expect(!seeds.isEmpty, "no seeds in \(Self.root.path)/\(target)/seeds")
        for file in try seeds + Self.inputs(target, "corpus") {
            let problems = target.check(Array(try Data(contentsOf: file)))
            #expect(problems.isEmpty, "\(target)/\(file.lastPathComponent): \(problems.joined(separator: "; "))")
        }
    }

    /// A crash input may still trap (an arithmetic overflow, an out-of-range index), so each one runs in a child
    /// process of its own: the test fails, naming the file, for as long as the bug it found is not fixed.
    @Test(arguments: FuzzTarget.allCases)
    func crashInputsNoLongerCrash(_ target: FuzzTarget) async throws {
        for file in try Self.inputs(target, "crashes") {
            let comment: Comment = "\(target)/crashes/\(file.lastPathComponent)"
            let name = target.rawValue, path = file.path
            await #expect(processExitsWith: .success, comment) { [name = name as String, path = path as String] in
                guard let target = FuzzTarget(rawValue: name), let data = FileManager.default.contents(atPath: path)
                else { exit(2) }
                let problems = target.check(Array(data))
                if !problems.isEmpty {
                    FileHandle.standardError.write(Data(problems.joined(separator: "\n").utf8))
                    exit(1)
                }
            }
        }
    }
}
