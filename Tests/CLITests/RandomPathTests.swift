import CavraModel
import Foundation
import TestSupport
import Testing

/// Random byte strings (invalid UTF-8, newlines, quotes, control characters) as file names under a folder a rule
/// protects: the gate must find exactly the paths git lists, byte for byte, and spell them as git quotes them.
@Suite("random byte paths against git's own listing")
struct RandomPathTests {
    static let pack = """
        schema: cavra.policy.v1
        metadata: {id: protected-folder, title: Protected folder, version: "1"}
        rules:
          - {id: protected.any, match: {paths: ["protected/**"]}, decision: deny, severity: high}
        """

    /// SplitMix64: small, fixed-seed, the same sequence on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    /// Bytes a name may hold, weighted toward the ones that need quoting; valid multi-byte characters too.
    static let pieces: [[UInt8]] =
        (1...255).filter { $0 != 0x2F }.map { [UInt8($0)] }
        + [[0x0A], [0x09], [0x22], [0x5C], [0x7F], [0xE9], [0xFF], [0xC0, 0xAF], [0xE2, 0x82]]
        + ["é", "€", "😀"].map { Array($0.utf8) }

    static func name(_ generator: inout Generator) -> [UInt8] {
        while true {
            let name = (0..<Int.random(in: 1...8, using: &generator)).flatMap { _ in
                pieces.randomElement(using: &generator)!
            }
            let lower = String(decoding: name, as: UTF8.self).lowercased()
            // git refuses `.`, `..` and names it treats as `.git` on NTFS or HFS checkouts.
            if name == [0x2E] || name == [0x2E, 0x2E] || lower.hasPrefix(".git") || lower.hasPrefix("git~") {
                continue
            }
            return name
        }
    }

    /// NUL-separated fields of a `-z` listing.
    static func fields(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0, omittingEmptySubsequences: true).map(Array.init)
    }

    @Test("the gate's findings are git's added paths, byte for byte", arguments: [1, 7, 42, 2024, 31337] as [UInt64])
    func sameAsGit(seed: UInt64) throws {
        var generator = Generator(state: seed)
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        // Folders at the first level below protected/, files at the second, so a name is never both.
        for _ in 0..<40 {
            try repo.write(
                bytesPath: Array("protected/".utf8) + Self.name(&generator) + [0x2F] + Self.name(&generator), "x\n")
        }
        try repo.commitAll("random")

        let listing = try Shell.run(["git", "diff", "-z", "--name-status", base, "HEAD"], in: repo.url)
        let gitFields = Self.fields(listing.stdoutBytes)
        let gitPaths = stride(from: 1, to: gitFields.count, by: 2).map { gitFields[$0] }
        #expect(stride(from: 0, to: gitFields.count, by: 2).allSatisfy { gitFields[$0] == Array("A".utf8) })
        #expect(gitPaths.count >= 30)

        let packs = try PackFile(Self.pack)
        let run = try GateBinary.run(
            ["check", "--base", base, "--head", "feature", "--format", "json", "--policy", packs.path], in: repo.url)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let spellings = try Self.findingSpellings(run)
        let gatePaths = try NonUTF8PathTests.findingPaths(run)
        #expect(
            gatePaths.sorted { $0.lexicographicallyPrecedes($1) }
                == gitPaths.sorted { $0.lexicographicallyPrecedes($1) })

        // Where no valid multi-byte character is involved, the spelling is git's own with core.quotePath=true.
        let quoted = try Shell.run(
            ["git", "-c", "core.quotePath=true", "diff", "--name-only", base, "HEAD"], in: repo.url)
        let gitSpellings = quoted.stdout.split(separator: "\n").map(String.init)
        for (path, spelling) in zip(gitPaths, gitSpellings) where !Self.holdsMultiByteCharacter(path) {
            #expect(spellings.contains(spelling), "git spells \(spelling)")
        }
    }

    /// The `path` of every finding of a JSON result, as the JSON spells it.
    static func findingSpellings(_ run: ProcessResult) throws -> [String] {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdoutBytes)) as? [String: Any], "\(run.stdout)")
        let findings = try #require(object["findings"] as? [[String: Any]])
        return findings.compactMap { $0["path"] as? String }
    }

    static func holdsMultiByteCharacter(_ path: [UInt8]) -> Bool {
        path.withUnsafeBufferPointer { buffer in
            buffer.indices.contains { buffer[$0] >= 0xC0 && (UTF8Validation.sequenceLength(buffer, at: $0) ?? 1) > 1 }
        }
    }
}

/// A policy pack written to a temporary file outside any repository.
struct PackFile {
    let path: String

    init(_ yaml: String) throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("cavra-pack-\(UUID().uuidString).yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
    }
}
