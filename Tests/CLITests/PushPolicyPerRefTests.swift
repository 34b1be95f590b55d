import Foundation
import TestSupport
import Testing

/// A permissive `.cavra/policy.yaml` committed on one's own branch must judge only that branch, never a protected
/// branch pushed in the same `git push`.
@Suite("pre-push: each ref is judged by the policy of its own remote base")
struct PushPolicyPerRefTests {
    static let permissive = """
        metadata: {id: anything-goes, title: Anything goes}
        defaults: {decision: allow, severity: low}
        rules:
          - {id: allow.all, match: {paths: ["**"]}, decision: allow, severity: low}
        """

    /// A remote whose `mine` branch carries the permissive policy while `main` keeps the baseline.
    static func fixture() throws -> HookFixture {
        try HookFixture(seedRemote: { seed in
            try seed.git(["checkout", "-q", "-b", "mine"])
            try seed.write(".cavra/policy.yaml", permissive)
            try seed.commitAll("my own policy")
            try seed.git(["checkout", "-q", "main"])
        })
    }

    @Test(
        "pushing one's own branch beside main does not let its policy judge main",
        arguments: [["mine", "main"], ["main", "mine"], ["mine:refs/heads/mine", "HEAD:refs/heads/main"]])
    func mainKeepsItsPolicy(refspecs: [String]) throws {
        let fixture = try Self.fixture()
        try fixture.work.git(["checkout", "-q", "-b", "mine", "origin/mine"])
        try fixture.work.write("notes/.env", "ON_MINE=1\n")
        try fixture.commitAll("a secret where my policy allows it", verify: false)
        try fixture.work.git(["checkout", "-q", "main"])
        try fixture.work.write("config/.env", "TOKEN=1\n")
        try fixture.commitAll("a secret on main", verify: false)

        let before = try fixture.remoteRefs()
        let push = try fixture.git(["push", "origin"] + refspecs)
        #expect(push.status != 0, "\(push.stdout)\(push.stderr)")
        #expect(try fixture.remoteRefs() == before)
        let mainLine = try #require(HookFixture.refLine("refs/heads/main", in: push.stdout), "\(push.stdout)")
        #expect(mainLine.contains("DENIED by"), "\(mainLine)")
        #expect(mainLine.contains("secrets.dotenv"), "\(mainLine)")
        #expect(mainLine.contains("cavra-ai-agent-baseline"), "\(mainLine)")
        let mineLine = try #require(HookFixture.refLine("refs/heads/mine", in: push.stdout), "\(push.stdout)")
        #expect(mineLine.contains("anything-goes"), "\(mineLine)")
        #expect(!mineLine.contains("secrets.dotenv"), "\(mineLine)")
    }

    @Test("a commit brought by a lax ref and a strict ref is judged under each policy")
    func sharedCommitJudgedUnderEachPolicy() throws {
        let fixture = try Self.fixture()
        try fixture.work.git(["checkout", "-q", "-b", "mine", "origin/mine"])
        try fixture.work.git(["merge", "-q", "--no-edit", "main"])
        try fixture.work.write("deploy/.env", "SHARED=1\n")
        let shared = try fixture.commitAll("shared secret", verify: false)

        let push = try fixture.git(["push", "origin", "mine", "mine:refs/heads/main"])
        #expect(push.status != 0, "\(push.stdout)\(push.stderr)")
        let mainLine = try #require(HookFixture.refLine("refs/heads/main", in: push.stdout), "\(push.stdout)")
        #expect(mainLine.contains("secrets.dotenv"), "\(mainLine)")
        let mineLine = try #require(HookFixture.refLine("refs/heads/mine", in: push.stdout), "\(push.stdout)")
        #expect(mineLine.hasSuffix(": pass"), "\(mineLine)")
        #expect(push.stdout.contains("deploy/.env in \(shared.prefix(12))"), "\(push.stdout)")
    }

    @Test("a new ref is judged by the remote default branch's policy, not by the policy it brings")
    func newRefUsesDefaultBranchPolicy() throws {
        let fixture = try Self.fixture()
        try fixture.work.git(["checkout", "-q", "-b", "fresh", "main"])
        try fixture.work.write(".cavra/policy.yaml", Self.permissive)
        try fixture.work.write("app/.env", "FRESH=1\n")
        try fixture.commitAll("a new branch bringing its own policy", verify: false)

        let push = try fixture.git(["push", "origin", "fresh"])
        #expect(push.status != 0, "\(push.stdout)\(push.stderr)")
        let line = try #require(HookFixture.refLine("refs/heads/fresh", in: push.stdout), "\(push.stdout)")
        #expect(line.contains("cavra-ai-agent-baseline"), "\(line)")
        #expect(line.contains("secrets.dotenv"), "\(line)")
    }
}
