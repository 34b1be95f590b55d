import Foundation
import TestSupport
import Testing

@Suite("cavra-gate exit codes and messages, end to end")
struct ExitCodeTests {
    /// A repository with a base commit and a feature branch adding the given files.
    static func repository(adding files: [String: String]) throws -> (ScratchRepository, base: String) {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        for (path, contents) in files { try repo.write(path, contents) }
        try repo.commitAll("feature")
        return (repo, base)
    }

    @Test("a harmless change passes with exit 0")
    func pass() throws {
        let (repo, base) = try Self.repository(adding: ["src/app.c": "int main(void) { return 0; }\n"])
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature"], in: repo.url)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("verdict: PASS"))
    }

    @Test("a denied change exits 1 and names rule and path")
    func deny() throws {
        let (repo, base) = try Self.repository(adding: ["deploy/.env": "TOKEN=x\n"])
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature"], in: repo.url)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("deploy/.env"))
        #expect(run.stdout.contains("DENY"))
    }

    @Test("a change needing approval exits 3")
    func approvalRequired() throws {
        let (repo, base) = try Self.repository(adding: [".github/workflows/ci.yml": "on: push\njobs: {}\n"])
        let run = try GateBinary.run(["check", "--base", base, "--head", "feature"], in: repo.url)
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
    }

    @Test("json output follows cavra.gate.result.v1")
    func jsonContract() throws {
        let (repo, base) = try Self.repository(adding: ["deploy/.env": "TOKEN=x\n"])
        let run = try GateBinary.run(
            ["check", "--base", base, "--head", "feature", "--format", "json"], in: repo.url)
        #expect(run.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "cavra.gate.result.v1")
        #expect(object["status"] as? String == "deny")
        for key in ["tool", "repository", "range", "policy", "runner", "summary", "findings", "errors"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        let range = try #require(object["range"] as? [String: Any])
        #expect(range["base"] as? String == base)
        #expect((range["merge_base"] as? String)?.count == 40)
        let policy = try #require(object["policy"] as? [String: Any])
        #expect((policy["digest"] as? String)?.hasPrefix("sha256:") == true)
        let findings = try #require(object["findings"] as? [[String: Any]])
        let finding = try #require(findings.first)
        for key in [
            "fingerprint", "rule_id", "decision", "severity", "kind", "path", "old_path", "line", "command", "ref",
            "reason", "controls", "approver_group",
        ] {
            #expect(finding.keys.contains(key), "finding missing \(key)")
        }
    }

    @Test(
        "bad input exits 2 with one clear sentence",
        arguments: [
            (["check", "--base", "main"], "--base and --head go together"),
            (["check", "--base", "nope", "--head", "HEAD"], "nope"),
            (["check", "--staged", "--policy", "/nonexistent/pack.yaml"], "/nonexistent/pack.yaml"),
            (["check", "--format", "yaml"], "unknown format"),
            (["frobnicate"], "frobnicate"),
        ])
    func usageAndInputErrors(arguments: [String], expected: String) throws {
        let (repo, _) = try Self.repository(adding: ["a.txt": "a\n"])
        let run = try GateBinary.run(arguments, in: repo.url)
        #expect(run.status == 2, "\(arguments): \(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
    }

    @Test("outside a git repository check exits 2 and says so")
    func notARepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try GateBinary.run(["check", "--staged"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("not inside a git repository"))
    }

    @Test("a malformed policy reports file:line:column and exits 2")
    func malformedPolicy() throws {
        let (repo, _) = try Self.repository(adding: [:])
        try repo.write(
            "bad.yaml", "schema: cavra.policy.v1\nmetadata:\n  id: x\n  title: y\n  colour: red\nrules: []\n")
        let run = try GateBinary.run(["policy", "validate", "bad.yaml"], in: repo.url)
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:5:3"), "\(run.stderr)")
        let check = try GateBinary.run(["check", "--staged", "--policy", "bad.yaml"], in: repo.url)
        #expect(check.status == 2)
        #expect(check.stderr.contains("bad.yaml:5:3"), "\(check.stderr)")
    }

    @Test("a pack that extends itself is an error naming the cycle")
    func selfExtendingPack() throws {
        let (repo, _) = try Self.repository(adding: [:])
        try repo.write(
            "self.yaml",
            "schema: cavra.policy.v1\nmetadata: {id: loop, title: Loop, extends: [loop]}\nrules: []\n")
        let run = try GateBinary.run(["policy", "validate", "self.yaml"], in: repo.url)
        #expect(run.status == 2)
        #expect(run.stderr.contains("self.yaml:"), "\(run.stderr)")
        #expect(run.stderr.contains("loop"), "\(run.stderr)")
    }
}
