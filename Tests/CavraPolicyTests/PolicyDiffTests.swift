import CavraModel
import CavraPolicy
import Foundation
import Testing

@Suite("Policy diff")
struct PolicyDiffTests {
    static func policy(_ rules: [String]) throws -> Policy {
        try PolicyLoader(catalog: PolicyCatalog()).load(
            yaml: "metadata: {id: p, title: P}\nrules:\n" + rules.map { "  - \($0)\n" }.joined(), sourceName: "p.yaml")
    }

    static let deny = "{id: keys, match: {paths: [\"**/*.key\"], exclude: [\"test/**\"]}, decision: deny}"
    static let allow = "{id: docs, match: {paths: [\"docs/**\"]}, decision: allow}"

    @Test(
        "changes are rated by how much they weaken enforcement",
        arguments: [
            ([deny, allow], [allow], "keys", PolicyDiff.Change.removed, Severity.critical),
            (
                [deny, allow], [deny.replacingOccurrences(of: "deny}", with: "require_approval}"), allow], "keys",
                .changed, .critical
            ),
            (
                [deny, allow], [deny.replacingOccurrences(of: "\"**/*.key\"", with: "\"src/*.key\""), allow], "keys",
                .changed, .critical
            ),
            (
                [deny, allow], [deny.replacingOccurrences(of: "\"test/**\"", with: "\"test/**\", \"ops/**\""), allow],
                "keys", .changed, .high
            ),
            (
                [deny, allow], [deny, allow.replacingOccurrences(of: "\"docs/**\"", with: "\"docs/**\", \"**\"")],
                "docs", .changed, .high
            ),
            ([deny], [deny, allow], "docs", .added, .high),
            ([allow], [allow, deny], "keys", .added, .low),
            (
                [deny, allow], [deny.replacingOccurrences(of: ", exclude: [\"test/**\"]", with: ""), allow], "keys",
                .changed, .low
            ),
        ])
    func rating(old: [String], new: [String], rule: String, change: PolicyDiff.Change, risk: Severity) throws {
        let diff = PolicyDiff(from: try Self.policy(old), to: try Self.policy(new))
        #expect(diff.entries.map(\.ruleID) == [rule])
        #expect(diff.entries.first?.change == change)
        #expect(diff.risk == risk)
    }

    @Test("the same policy has no differences")
    func identical() throws {
        let diff = PolicyDiff(
            from: try Self.policy([Self.deny, Self.allow]), to: try Self.policy([Self.allow, Self.deny]))
        #expect(diff.entries.isEmpty)
        #expect(diff.risk == .low)
    }
}
