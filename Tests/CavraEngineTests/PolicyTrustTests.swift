import CavraEngine
import CavraModel
import TestSupport
import Testing

@Suite("Which policy judges a change")
struct PolicyTrustTests {
    static let strictPolicy = """
        schema: cavra.policy.v1
        metadata: {id: repo-policy, title: Repository policy, version: "1"}
        rules:
          - id: repo.no-generated
            match: {paths: ["generated/**"]}
            decision: deny
            severity: high
            reason: Generated code is produced by the build, not committed.
        """

    static let weakenedPolicy = """
        schema: cavra.policy.v1
        metadata: {id: repo-policy, title: Repository policy, version: "2"}
        rules:
          - id: repo.no-generated
            match: {paths: ["generated/**"]}
            decision: allow
            severity: low
            reason: Anything goes.
        """

    @Test("a head that weakens the policy is judged by the base policy, and the policy change is reported")
    func headCannotWeakenItsOwnPolicy() throws {
        let repo = try ScratchRepository()
        try repo.write(".cavra/policy.yaml", Self.strictPolicy)
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write(".cavra/policy.yaml", Self.weakenedPolicy)
        try repo.write("generated/out.c", "int x;\n")
        try repo.commitAll("weaken and add generated code")

        let result = Gate().judge(
            GateRequest(
                repositoryPath: repo.path, subject: .changes(.range(base: base, head: "feature", judging: .net))))

        #expect(result.errors.isEmpty)
        #expect(result.policy?.id == "repo-policy")
        #expect(result.policy?.version == "1")
        #expect(result.status == .deny)
        let generated = try #require(result.findings.first { $0.path == "generated/out.c" })
        #expect(generated.ruleID == "repo.no-generated")
        #expect(generated.decision == .deny)
        let policyChange = try #require(result.findings.first { $0.path == ".cavra/policy.yaml" })
        #expect(policyChange.decision >= .requireApproval)
    }

    @Test("without a repository policy the bundled baseline judges, and says so")
    func baselineWhenRepositoryHasNoPolicy() throws {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.write("config/.env", "TOKEN=1\n")
        let head = try repo.commitAll("add env")

        let result = Gate().judge(
            GateRequest(repositoryPath: repo.path, subject: .changes(.range(base: base, head: head, judging: .net))))

        #expect(result.policy?.id == "cavra-ai-agent-baseline")
        #expect(result.status == .deny)
        #expect(result.exitCode == 1)
        #expect(result.range?.base == base)
        #expect(result.range?.head == head)
    }

    @Test("the staged index is judged by the policy committed at HEAD, not the staged one")
    func stagedUsesHeadPolicy() throws {
        let repo = try ScratchRepository()
        try repo.write(".cavra/policy.yaml", Self.strictPolicy)
        try repo.commitAll("policy")
        try repo.write(".cavra/policy.yaml", Self.weakenedPolicy)
        try repo.write("generated/a.c", "int a;\n")
        try repo.git(["add", "-A"])

        let result = Gate().judge(GateRequest(repositoryPath: repo.path, subject: .changes(.staged)))

        #expect(result.policy?.version == "1")
        #expect(result.status == .deny)
    }
}
