import Foundation
import Testing

/// Replays the committed fuzz corpus (`Tests/FuzzCorpus/<target>/seeds` and `corpus`) and every crash input
/// (`crashes`) through the parsers and invariants the libFuzzer targets in `fuzz/` assert, on every `swift test`,
/// without a sanitizer. `scripts/fuzz.sh` grows the corpus and writes new crash inputs.
struct FuzzCorpusTests {
    /// `Tests/FuzzCorpus`, found from this file's path, so that Package.swift declares no resources.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    /// A corpus directory that every target has is missing: the replay would otherwise pass without an input.
    struct MissingCorpus: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "\(path) does not exist: restore it from git (`git checkout -- Tests/FuzzCorpus`) or run scripts/fuzz.sh"
        }
    }

    /// The regular files in `Tests/FuzzCorpus/<target>/<kind>`, sorted. A missing `seeds` or `corpus` directory
    /// throws `MissingCorpus`; `crashes` exists only for targets that found a crash, so none there is no input.
    static func inputs(_ target: FuzzTarget, _ kind: String) throws -> [URL] {
        let directory = root.appendingPathComponent(target.rawValue).appendingPathComponent(kind)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            if kind == "crashes" { return [] }
            throw MissingCorpus(path: directory.path)
        }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Seeds and corpus inputs passed every invariant when the fuzzer kept them, so they run in this process.
    @Test(arguments: FuzzTarget.allCases)
    func corpusHoldsItsInvariants(_ target: FuzzTarget) throws {
        let seeds = try Self.inputs(target, "seeds")
        let corpus = try Self.inputs(target, "corpus")
        #expect(!seeds.isEmpty, "no seeds in \(Self.root.path)/\(target)/seeds")
        #expect(!corpus.isEmpty, "no inputs in \(Self.root.path)/\(target)/corpus")
        for file in seeds + corpus {
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
