import CavraEngine
import CavraModel
import TestSupport
import Testing

@Suite("Judging a push ref by ref")
struct HookPushGateTests {
    static let zero = String(repeating: "0", count: 40)

    /// A clone whose `origin` (a bare repository) has main with one commit and a release tag.
    static func clone() throws -> (work: ScratchRepository, remote: ScratchRepository) {
        let remote = try ScratchRepository(bare: true)
        let work = try ScratchRepository()
        try work.write("README.md", "hello\n")
        try work.commitAll("initial")
        try work.git(["tag", "v1"])
        try work.git(["remote", "add", "origin", remote.path])
        try work.git(["push", "-q", "origin", "main", "v1"])
        try work.git(["fetch", "-q", "origin"])
        return (work, remote)
    }

    static func push(_ work: ScratchRepository, _ updates: [PushedRef], policies: [String] = []) -> GateResult {
        Gate().judge(
            GateRequest(
                repositoryPath: work.path, subject: .push(PushSubject(remote: "origin", url: nil, updates: updates)),
                policy: PolicyChoice(references: policies)))
    }

    @Test("a secret added and removed again inside the push is still denied, in the commit that added it")
    func everyCommitOnItsOwn() throws {
        let (work, _) = try Self.clone()
        let old = try work.head()
        try work.git(["checkout", "-q", "-b", "topic"])
        try work.write("deploy/.env", "TOKEN=1\n")
        let added = try work.commitAll("add")
        try work.remove("deploy/.env")
        let removed = try work.commitAll("remove")
        let result = Self.push(
            work,
            [PushedRef(localRef: "refs/heads/topic", localID: removed, remoteRef: "refs/heads/topic", remoteID: old)])
        #expect(result.status == .deny)
        #expect(result.range?.commits == [added, removed])
        let finding = try #require(result.findings.first { $0.ruleID == "secrets.dotenv" })
        #expect(finding.commit == added)
        #expect(finding.ref == "refs/heads/topic")
    }

    @Test("operations come from history: fast-forward, rewrite, creation, deletion, moved tag")
    func operations() throws {
        let (work, _) = try Self.clone()
        let old = try work.head()
        try work.write("a.txt", "a\n")
        let forward = try work.commitAll("forward")
        try work.git(["checkout", "-q", "--orphan", "rewrite"])
        try work.write("b.txt", "b\n")
        let rewritten = try work.commitAll("rewritten")
        let result = Self.push(
            work,
            [
                PushedRef(localRef: "refs/heads/main", localID: forward, remoteRef: "refs/heads/main", remoteID: old),
                PushedRef(localRef: "x", localID: rewritten, remoteRef: "refs/heads/release/2", remoteID: old),
                PushedRef(localRef: "x", localID: forward, remoteRef: "refs/heads/master", remoteID: Self.zero),
                PushedRef(localRef: "(delete)", localID: Self.zero, remoteRef: "refs/heads/release/1", remoteID: old),
                PushedRef(localRef: "refs/tags/v1", localID: forward, remoteRef: "refs/tags/v1", remoteID: old),
            ])
        let operations = Dictionary(
            result.findings.filter { $0.kind == .ref }.map { ($0.ref ?? "", $0.operation) },
            uniquingKeysWith: { a, _ in a })
        #expect(operations["refs/heads/main"] == .update)
        #expect(operations["refs/heads/release/2"] == .force)
        #expect(operations["refs/heads/master"] == .create)
        #expect(operations["refs/heads/release/1"] == .delete)
        #expect(operations["refs/tags/v1"] == .force)
        #expect(result.findings.first { $0.ref == "refs/tags/v1" }?.ruleID == "refs.tag-rewrite")
        #expect(result.findings.first { $0.ref == "refs/heads/release/1" }?.decision == .deny)
        #expect(result.findings.first { $0.ref == "refs/heads/main" }?.decision == .requireApproval)
    }

    @Test("a remote commit this clone never saw makes the update a force push")
    func unknownRemoteCommitIsForce() throws {
        let (work, _) = try Self.clone()
        let unknown = String(repeating: "ab", count: 20)
        let result = Self.push(
            work,
            [
                PushedRef(
                    localRef: "refs/heads/main", localID: try work.head(), remoteRef: "refs/heads/main",
                    remoteID: unknown)
            ])
        let finding = try #require(result.findings.first { $0.kind == .ref })
        #expect(finding.operation == .force)
        #expect(finding.ruleID == "refs.protected-force-delete")
    }

    @Test("a commit pushed under two refs is judged once, under the first")
    func sharedCommitsJudgedOnce() throws {
        let (work, _) = try Self.clone()
        try work.git(["checkout", "-q", "-b", "one"])
        try work.write("deploy/.env", "TOKEN=1\n")
        let bad = try work.commitAll("bad")
        let result = Self.push(
            work,
            [
                PushedRef(localRef: "refs/heads/one", localID: bad, remoteRef: "refs/heads/one", remoteID: Self.zero),
                PushedRef(localRef: "refs/heads/one", localID: bad, remoteRef: "refs/heads/two", remoteID: Self.zero),
            ])
        let secrets = result.findings.filter { $0.ruleID == "secrets.dotenv" }
        #expect(secrets.count == 1)
        #expect(secrets.first?.ref == "refs/heads/one")
        #expect(result.range?.commits == [bad])
    }

    @Test("a push that weakens the repository's policy is judged by the policy the remote already has")
    func policyFromTheRemotesVersion() throws {
        let (work, remote) = try Self.clone()
        defer { withExtendedLifetime(remote) {} }
        try work.write(".cavra/policy.yaml", PolicyTrustTests.strictPolicy)
        let strict = try work.commitAll("policy")
        try work.git(["push", "-q", "origin", "main"])
        try work.git(["fetch", "-q", "origin"])
        try work.write(".cavra/policy.yaml", PolicyTrustTests.weakenedPolicy)
        try work.write("generated/out.c", "int x;\n")
        let head = try work.commitAll("weaken")
        let result = Self.push(
            work,
            [PushedRef(localRef: "refs/heads/main", localID: head, remoteRef: "refs/heads/main", remoteID: strict)])
        #expect(result.policy?.version == "1")
        #expect(result.findings.contains { $0.ruleID == "repo.no-generated" && $0.decision == .deny })
    }

    @Test("CAVRA_GATE_SKIP is refused with a reason, and only when asked for")
    func skipRefused() {
        #expect(HookSkip.refusal(environment: [:], policy: nil) == nil)
        #expect(HookSkip.refusal(environment: ["CAVRA_GATE_SKIP": "0"], policy: nil) == nil)
        let refusal = HookSkip.refusal(environment: ["CAVRA_GATE_SKIP": "1"], policy: nil)
        #expect(refusal?.contains("refused") == true)
    }
}
