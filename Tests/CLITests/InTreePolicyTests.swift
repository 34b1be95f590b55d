import Foundation
import TestSupport
import Testing

/// A policy given by a path inside the repository is part of what a pull request can change, so a range reads it
/// at the base, never from the head's work tree.
@Suite("policy paths inside the judged work tree")
struct InTreePolicyTests {
    static let strict = """
        schema: cavra.policy.v1
        metadata: {id: team, title: Team}
        rules:
          - {id: team.env, match: {paths: ["**/.env"]}, decision: deny, severity: high}

        """
    static let permissive = """
        schema: cavra.policy.v1
        metadata: {id: team, title: Team}
        rules: []

        """

    /// `main` holds the team's strict pack at `file`; `feature` (checked out) rewrites it to allow everything and
    /// adds an environment file.
    static func weakeningPullRequest(policyAt file: String) throws -> (ScratchRepository, base: String) {
        let repo = try ScratchRepository()
        try repo.write(file, strict)
        let base = try repo.commitAll("team policy")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write(file, permissive)
        try repo.write("config/.env", "TOKEN=1\n")
        try repo.commitAll("allow everything")
        return (repo, base)
    }

    static func json(_ run: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    static func ruleIDs(_ object: [String: Any]) -> [String] {
        (object["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule_id"] as? String }
    }

    static func warnings(_ object: [String: Any]) -> [String] {
        object["warnings"] as? [String] ?? []
    }

    @Test("a pull request that edits the --policy file to allow everything is judged by the base's version")
    func policyFileIsReadAtTheBase() throws {
        let (repo, base) = try Self.weakeningPullRequest(policyAt: "policy/team.yaml")
        let run = try GateBinary.run(
            ["check", "--base", base, "--head", "feature", "--policy", "policy/team.yaml", "--format", "json"],
            in: repo.url)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let object = try Self.json(run)
        #expect(Self.ruleIDs(object) == ["team.env"])
        let warning = try #require(Self.warnings(object).first, "\(run.stdout)")
        #expect(warning.contains("--policy policy/team.yaml"))
        #expect(warning.contains("at the base revision \(base.prefix(12))"))
        // The same from a folder inside the work tree named by CAVRA_POLICY_DIR, and through a work tree path
        // spelled absolutely.
        let (folderRepo, folderBase) = try Self.weakeningPullRequest(policyAt: "packs/team/policy.yaml")
        for (reference, environment) in [
            ("team", ["CAVRA_POLICY_DIR": "packs"]), (folderRepo.url.path + "/packs/team/policy.yaml", [:]),
        ] {
            let folderRun = try GateBinary.run(
                ["check", "--base", folderBase, "--head", "feature", "--policy", reference, "--format", "json"],
                in: folderRepo.url, environment: environment)
            #expect(folderRun.status == 1, "\(reference): \(folderRun.stdout)\(folderRun.stderr)")
            let folderObject = try Self.json(folderRun)
            #expect(Self.ruleIDs(folderObject) == ["team.env"], "\(reference)")
            #expect(Self.warnings(folderObject).contains { $0.contains("at the base revision") }, "\(reference)")
        }
    }

    @Test("a policy path the base does not have fails closed")
    func policyMissingAtTheBase() throws {
        let (repo, base) = try Self.weakeningPullRequest(policyAt: "policy/team.yaml")
        try repo.write("policy/new.yaml", Self.permissive)
        try repo.commitAll("a policy of its own")
        let run = try GateBinary.run(
            ["check", "--base", base, "--head", "feature", "--policy", "policy/new.yaml"], in: repo.url)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("policy/new.yaml"))
        #expect(run.stderr.contains("does not have it"))
    }

    @Test("a policy path inside the work tree that passes through a symbolic link is refused")
    func policyThroughALink() throws {
        let (repo, base) = try Self.weakeningPullRequest(policyAt: "real/team.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: repo.url.appendingPathComponent("policy").path, withDestinationPath: "real")
        let run = try GateBinary.run(
            ["check", "--base", base, "--head", "feature", "--policy", "policy/team.yaml"], in: repo.url)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("symbolic link policy"))
    }

    @Test("outside a range a policy inside the work tree is read from disk, with a warning")
    func stagedWarns() throws {
        let (repo, _) = try Self.weakeningPullRequest(policyAt: "policy/team.yaml")
        try repo.write("src/app.c", "int main(void) { return 0; }\n")
        try repo.git(["add", "src/app.c"])
        let run = try GateBinary.run(
            ["check", "--staged", "--policy", "policy/team.yaml", "--format", "json"], in: repo.url)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let warnings = Self.warnings(try Self.json(run))
        #expect(warnings.contains { $0.contains("--policy policy/team.yaml") && $0.contains("read from disk") })
        let text = try GateBinary.run(
            ["check", "--staged", "--policy-dir", "policy", "--policy", "policy/team.yaml"], in: repo.url)
        #expect(text.stderr.contains("the policy folder policy"), "\(text.stderr)")
    }
}
