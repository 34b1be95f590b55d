import CavraCompliance
import CavraModel
import CavraPolicy
import Foundation
import Testing

@Suite("The compliance report in Markdown")
struct ComplianceMarkdownTests {
    @Test("a control id a policy wrote stays in a code span, breaking no row; a framework without catalogue says so")
    func escapesPolicyText() throws {
        let policy = try PolicyLoader(catalog: PolicyCatalog()).load(
            yaml: "schema: cavra.policy.v1\nmetadata: {id: p, title: P}\nrules:\n"
                + "  - {id: own.rule, match: {paths: [a]}, decision: require_approval, controls: [\"ACME-SEC:A|<b>B</b>\"]}\n",
            sourceName: "p.yaml")
        let finding = Finding(
            fingerprint: "f1", ruleID: "own.rule", decision: .requireApproval, severity: .high, kind: .path,
            path: "a", reason: "r", controls: policy.rules[0].controls)
        let result = GateResult(
            tool: GateResult.Tool(version: "0"), repository: nil, range: nil, policy: policy.info, changeCount: 1,
            findings: [finding])
        let markdown = ComplianceMarkdown.render(ComplianceReport(result: result, rules: policy.rules))
        let row = try #require(markdown.split(separator: "\n").first { $0.contains("ACME-SEC:A") }.map(String.init))
        #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 6, "\(row)")
        // Inside a code span HTML is shown as written, never rendered.
        #expect(row.contains("`ACME-SEC:A\\|<b>B</b>`"), "\(row)")
        #expect(markdown.components(separatedBy: "<b>").count == 2, "\(markdown)")
        #expect(row.contains("approval required"))
        #expect(markdown.contains("no catalogue to count coverage against"))
    }
}
