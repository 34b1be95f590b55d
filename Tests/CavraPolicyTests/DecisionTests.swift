import CavraClassify
import CavraModel
import Foundation
import Testing

@testable import CavraPolicy

@Suite("Decisions")
struct DecisionTests {
    static func change(_ path: String, _ status: ChangeStatus = .added, from oldPath: String? = nil) -> Fact {
        .path(
            Change(
                status: status, path: GitPath(path), oldPath: oldPath.map { GitPath($0) },
                oldMode: status == .added ? .absent : .regular,
                newMode: .regular, newBlob: "b"))
    }

    @Test("deny beats an allow listed before it, and severity breaks ties, whatever the file order")
    func precedence() throws {
        let rules = [
            "  - {id: z.allow-all, match: {paths: [\"**\"]}, decision: allow, severity: critical}",
            "  - {id: y.review, match: {paths: [\"src/**\"]}, decision: require_approval, severity: low}",
            "  - {id: x.deny-low, match: {paths: [\"src/*.key\"]}, decision: deny, severity: low}",
            "  - {id: w.deny-high, match: {paths: [\"**/*.key\"]}, decision: deny, severity: high}",
        ]
        for order in [rules, rules.reversed()] {
            let policy = try PolicyLoader(catalog: PolicyCatalog()).load(
                yaml: "metadata: {id: p, title: P}\nrules:\n" + order.joined(separator: "\n") + "\n",
                sourceName: "p.yaml")
            #expect(policy.decide(Self.change("src/a.key"))?.ruleID == "w.deny-high")
            #expect(policy.decide(Self.change("src/a.c"))?.ruleID == "y.review")
            #expect(policy.decide(Self.change("docs/a.md"))?.decision == .allow)
        }
    }

    @Test("a rename is judged on both its old and its new path")
    func renameBothSides() throws {
        let policy = try PolicyLoader(catalog: PolicyCatalog()).load("cavra-ai-agent-baseline")
        #expect(policy.decide(Self.change("notes.txt", .renamed, from: "prod.pem"))?.decision == .deny)
        #expect(policy.decide(Self.change("prod.pem", .renamed, from: "notes.txt"))?.decision == .deny)
        #expect(policy.decide(Self.change("b.txt", .renamed, from: "a.txt")) == nil)
    }

    @Test("change kinds restrict a rule, and mode changes count as mode")
    func changeKinds() throws {
        let policy = try PolicyLoader(catalog: PolicyCatalog()).load(
            yaml:
                "metadata: {id: p, title: P}\nrules:\n  - {id: exec, match: {paths: [\"**\"], changes: [mode]}, decision: require_approval}\n",
            sourceName: "p.yaml")
        let chmod = Fact.path(Change(status: .modified, path: "run.sh", oldMode: .regular, newMode: .executable))
        #expect(policy.decide(chmod)?.ruleID == "exec")
        #expect(policy.decide(Self.change("run.sh", .modified)) == nil)
    }

    @Test("every bundled pack passes its own test cases")
    func bundledPacksPassTheirCases() throws {
        let packs = try PolicyTestRunner(
            loader: PolicyLoader(catalog: PolicyCatalog()), parseCommand: CommandFact.parsing
        ).run(nil)
        #expect(!packs.isEmpty)
        for pack in packs {
            #expect(!pack.outcomes.isEmpty, "\(pack.packID) has no cases")
            for outcome in pack.outcomes where !outcome.passed {
                Issue.record("\(pack.packID): \(outcome.testCase.name): got \(outcome.actual)")
            }
        }
    }

    @Test("a case that expects the wrong thing fails")
    func failingCaseIsReported() throws {
        let policy = try PolicyLoader(catalog: PolicyCatalog()).load("cavra-ai-agent-baseline")
        let suite = try PolicyTestSuite(
            yaml: "cases:\n  - {path: .env, expect: {decision: allow}}\n", source: "t.yaml")
        #expect(suite.run(against: policy, parseCommand: CommandFact.parsing).map(\.passed) == [false])
    }

    @Test("the bundled packs compiled into the binary equal policies/")
    func bundleIsFresh() throws {
        let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policies")
        let folders = try FileManager.default.contentsOfDirectory(atPath: policies.path).filter {
            FileManager.default.fileExists(atPath: policies.appendingPathComponent("\($0)/policy.yaml").path)
        }
        #expect(Set(folders) == Set(BundledPacks.policies.keys), "run scripts/generate-bundled-policies")
        for id in folders {
            let text = try String(contentsOf: policies.appendingPathComponent("\(id)/policy.yaml"), encoding: .utf8)
            #expect(BundledPacks.policies[id] == text, "\(id) is stale: run scripts/generate-bundled-policies")
            let tests = try? String(contentsOf: policies.appendingPathComponent("\(id)/tests.yaml"), encoding: .utf8)
            #expect(BundledPacks.tests[id] == tests, "\(id) tests are stale: run scripts/generate-bundled-policies")
        }
    }
}

@Suite("Built-in checks as data")
struct BuiltInRuleTests {
    @Test("the built-in pack holds one rule per built-in check and keeps its ids, decisions and controls")
    func builtInPack() {
        #expect(
            Set(BuiltInRules.policy.rules.map(\.id)) == [
                "cavra.policy-change", "cavra.parse-error", "cavra.unpinned-action",
            ])
        #expect(BuiltInRules.rule(.parseError).decision == .deny)
        #expect(BuiltInRules.rule(.policyChange).decision == .requireApproval)
        #expect(BuiltInRules.rule(.unpinnedAction).approvers == ["platform-security"])
        #expect(BuiltInRules.rule(.unpinnedAction).controls == ["NIST-SSDF:PW.4.1", "SOC2:CC8.1"])
    }

    @Test("a pack of one's own cannot use match.builtin, nor name or extend the built-in pack")
    func reserved() throws {
        let loader = PolicyLoader(catalog: PolicyCatalog())
        #expect(throws: PolicyError.self) {
            try loader.load(
                yaml:
                    "metadata: {id: cavra-builtin, title: X}\nrules:\n  - {id: cavra.parse-error, match: {builtin: parse-error}, decision: allow}\n",
                sourceName: "mine.yaml")
        }
        #expect(throws: PolicyError.self) { try loader.load("cavra-builtin") }
        #expect(throws: PolicyError.self) {
            try loader.load(
                yaml: "metadata: {id: x, title: X, extends: [cavra-builtin]}\nrules: []\n", sourceName: "x.yaml")
        }
        #expect(!PolicyCatalog().ids().contains("cavra-builtin"))
    }

    @Test("a parse problem and an unpinned action are decided by the built-in pack's rules")
    func decisions() throws {
        let policy = try PolicyLoader(catalog: PolicyCatalog()).load("cavra-ai-agent-baseline")
        let parse = try #require(
            policy.decide(.parse(ParseFact(path: "ci.yml", line: 3, column: nil, message: "unclosed quote"))))
        #expect(
            parse.ruleID == "cavra.parse-error" && parse.decision == .deny && parse.reason.hasSuffix("unclosed quote"))
        let action = try #require(
            policy.decide(
                .action(ActionFact(reference: "actions/checkout@v4", path: "ci.yml", line: 9, isPinned: false))))
        #expect(action.ruleID == "cavra.unpinned-action" && action.approverGroup == "platform-security")
        #expect(action.reason.hasPrefix("actions/checkout@v4: "))
    }
}
