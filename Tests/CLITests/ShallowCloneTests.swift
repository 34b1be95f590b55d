import Foundation
import TestSupport
import Testing

@Suite("Shallow CI clones")
struct ShallowCloneTests {
    /// A history of `count` commits on main, each touching its own file, with a feature branch of three more.
    static func origin(commits count: Int) throws -> (ScratchRepository, base: String) {
        let repo = try ScratchRepository()
        for index in 0..<count {
            try repo.write("history/file\(index).txt", "\(index)\n")
            try repo.commitAll("commit \(index)")
        }
        let base = try repo.head()
        try repo.git(["checkout", "-q", "-b", "feature"])
        for index in 0..<3 {
            try repo.write("feature/f\(index).txt", "\(index)\n")
            try repo.commitAll("feature \(index)")
        }
        try repo.write("feature/.env", "SECRET=1\n")
        try repo.commitAll("feature env")
        return (repo, base)
    }

    static func clone(_ origin: ScratchRepository, depth: Int) throws -> ScratchRepository {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-shallow-\(UUID().uuidString)")
        _ = try Shell.run([
            "git", "clone", "-q", "--no-single-branch", "--depth", String(depth), "file://\(origin.path)", target.path,
        ])
        return ScratchRepository(existing: target)
    }

    @Test("a base outside the shallow clone exits 2 naming the commit and the fix")
    func baseMissing() throws {
        let (origin, _) = try Self.origin(commits: 6)
        let olderBase = try origin.revParse("main~3")
        let clone = try Self.clone(origin, depth: 1)
        let run = try GateBinary.run(["check", "--base", olderBase, "--head", "origin/feature"], in: clone.url)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("shallow"))
        #expect(run.stderr.contains("fetch-depth: 0"))
        #expect(run.stderr.contains(String(olderBase.prefix(7))))
    }

    @Test("a merge base below the shallow boundary exits 2 naming the missing commit, never diffing something else")
    func mergeBaseMissing() throws {
        let (origin, base) = try Self.origin(commits: 6)
        let clone = try Self.clone(origin, depth: 1)
        let run = try GateBinary.run(["check", "--base", base, "--head", "origin/feature"], in: clone.url)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("shallow"))
        #expect(run.stderr.contains("fetch-depth: 0"))
        #expect(run.stdout.contains("verdict: ERROR"))
    }

    @Test("a clone deep enough to hold the base gives the same result as the full clone")
    func deepEnough() throws {
        let (origin, base) = try Self.origin(commits: 30)
        let clone = try Self.clone(origin, depth: 20)
        let arguments = ["check", "--base", base, "--head", "origin/feature", "--format", "json"]
        let shallowRun = try GateBinary.run(arguments, in: clone.url)
        let fullRun = try GateBinary.run(
            ["check", "--base", base, "--head", "feature", "--format", "json"], in: origin.url)
        #expect(shallowRun.status == 1, "\(shallowRun.stdout)\(shallowRun.stderr)")
        #expect(fullRun.status == 1)
        let shallowFindings = try Self.findings(shallowRun.stdout)
        let fullFindings = try Self.findings(fullRun.stdout)
        #expect(shallowFindings == fullFindings)
        #expect(!shallowFindings.isEmpty)
    }

    static func findings(_ json: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        return findings.map { "\($0["rule_id"] ?? "") \($0["path"] ?? "") \($0["fingerprint"] ?? "")" }
    }
}
