import CavraModel
import CavraPolicy
import Testing

@Suite("CAVRA-format packs")
struct CavraFormatTests {
    static let reference = """
        metadata: {id: cavra-demo, title: Demo, description: Demo, version: "1.0", inherits: [cavra-ai-agent-baseline], mode: enforce}
        filesystem: {block_read: [".env", "**/*.pem"], require_approval_write: ["infra/iam/*"]}
        commands: {block: ["terraform apply*"], allow: ["terraform plan*"]}
        git: {block_direct_push_to_protected_branch: true, require_human_reviewer: true}
        mcp: {allowed_servers: [github-enterprise]}
        compliance: {maps_to: ["NIST SSDF PW.4.1", "SOX change management"]}

        """

    static func load(_ yaml: String) throws -> Policy {
        try PolicyLoader(catalog: PolicyCatalog()).load(yaml: yaml, sourceName: "cavra.yaml")
    }

    @Test("the reference pack loads and its globs match at the root")
    func translation() throws {
        let policy = try Self.load(Self.reference)
        #expect(policy.packFiles.map(\.id) == ["cavra-ai-agent-baseline", "cavra-demo"])
        #expect(policy.decide(DecisionTests.change("server.pem"))?.decision == .deny)
        #expect(policy.decide(DecisionTests.change("config/.env"))?.decision == .deny)
        #expect(policy.decide(DecisionTests.change("infra/iam/roles/admin.tf"))?.ruleID != nil)
        let push = policy.decide(.ref(RefUpdate(ref: "refs/heads/main", operation: .update)))
        #expect(push?.ruleID == "cavra-demo.git.protected_branch.block_direct_push")
        #expect(policy.decide(.ref(RefUpdate(ref: "refs/heads/domain", operation: .update))) == nil)
        let block = try #require(policy.rules.first { $0.id == "cavra-demo.commands.block" })
        #expect(block.decision == .deny)
        #expect(block.controls == ["NIST-SSDF:PW.4.1"])
        #expect(policy.rules.contains { $0.id == "cavra-demo.commands.allow" && $0.decision == .allow })
    }

    @Test("every declared key without an effect is warned about at its position")
    func warnings() throws {
        let warnings = try Self.load(Self.reference).notes.filter { $0.kind == .warning }
        let texts = warnings.map(\.text).joined(separator: "\n")
        for key in ["metadata.mode", "mcp", "git.require_human_reviewer", "SOX change management"] {
            #expect(texts.contains(key), "no warning for \(key)")
        }
        #expect(warnings.allSatisfy { $0.location.file == "cavra.yaml" && $0.location.line != nil })
    }

    @Test(
        "bad CAVRA packs are errors at file:line:column",
        arguments: [
            ("metadata: {id: d, title: D}\nfilesystem: {block_reads: [x]}\n", "cavra.yaml:2:14", "unknown key"),
            ("metadata: {id: d, title: D}\nfilesystem: {block_read: []}\n", "cavra.yaml:2:26", "is empty"),
            ("metadata: {id: d, title: D}\ngit: {require_pull_request: yes}\n", "cavra.yaml:2:29", "true or false"),
            ("metadata: {id: d, title: D}\ncommands: {block: terraform}\n", "cavra.yaml:2:19", "must be a list"),
        ])
    func badPack(yaml: String, location: String, message: String) {
        #expect {
            try Self.load(yaml)
        } throws: { error in
            guard let error = error as? PolicyError else { return false }
            return error.description.hasPrefix(location) && error.message.contains(message)
        }
    }
}
