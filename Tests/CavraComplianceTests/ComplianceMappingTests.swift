import CavraCompliance
import CavraModel
import CavraPolicy
import Foundation
import Testing

@Suite("Mapping findings onto controls")
struct ComplianceMappingTests {
    static let policy: Policy = {
        let yaml = """
            schema: cavra.policy.v1
            metadata: {id: p, title: P, version: 2.0.0}
            rules:
              - {id: r.deny, match: {paths: [a]}, decision: deny, controls: ["SOC2:CC8.1", "NIST-SSDF:PS.1.1"]}
              - {id: r.approve, match: {paths: [b]}, decision: require_approval, controls: ["SOC2:CC6.1"]}
              - {id: r.approved, match: {paths: [c]}, decision: require_approval, controls: ["SOC2:CC7.1"]}
              - {id: r.quiet, match: {paths: [d]}, decision: deny, controls: ["SOC2:CC9.1", "ACME-SEC:AC-42"]}
              - {id: r.plain, match: {paths: [e]}, decision: deny}
            """
        do {
            return try PolicyLoader(catalog: PolicyCatalog()).load(yaml: yaml, sourceName: "p.yaml")
        } catch {
            fatalError("the test policy does not load: \(error)")
        }
    }()

    static func finding(_ rule: String, _ decision: Decision, approved: Bool = false) -> Finding {
        let controls = policy.rules.first { $0.id == rule }?.controls ?? []
        return Finding(
            fingerprint: "fp-\(rule)", ruleID: rule, decision: decision, severity: .high, kind: .path, path: rule,
            reason: "r", controls: controls,
            approval: approved
                ? Approval(
                    approver: "alice", group: "g", keyID: "sha256:00", expires: "2030-01-01T00:00:00Z", file: "a.json")
                : nil)
    }

    static let report: ComplianceReport = {
        let result = GateResult(
            tool: GateResult.Tool(version: "0"), repository: nil, range: nil, policy: policy.info, changeCount: 4,
            findings: [
                finding("r.deny", .deny), finding("r.approve", .requireApproval),
                finding("r.approved", .requireApproval, approved: true), finding("r.plain", .deny),
            ])
        return ComplianceReport(result: result, rules: policy.rules)
    }()

    static func control(_ id: String) -> ComplianceReport.ControlResult? {
        report.frameworks.flatMap(\.controls).first { $0.id == id }
    }

    @Test("a denial fails its controls, a pending approval holds them, an approved or absent finding passes them")
    func statusFollowsFindings() throws {
        #expect(Self.control("SOC2:CC8.1")?.status == .fail)
        #expect(Self.control("NIST-SSDF:PS.1.1")?.status == .fail)
        #expect(Self.control("SOC2:CC6.1")?.status == .approvalRequired)
        #expect(Self.control("SOC2:CC7.1")?.status == .pass)
        #expect(Self.control("SOC2:CC9.1")?.status == .pass)
        #expect(Self.control("SOC2:CC9.1")?.findings == [])
        #expect(Self.control("SOC2:CC8.1")?.findings == ["fp-r.deny"])
        #expect(Self.control("SOC2:CC8.1")?.rules == ["r.deny"])
        #expect(Self.control("SOC2:CC8.1")?.title == ControlCatalogue.entry("SOC2:CC8.1")?.control.title)
    }

    @Test("coverage counts the catalogue controls the rules name, against the whole catalogue")
    func coverage() throws {
        let soc2 = try #require(Self.report.frameworks.first { $0.id == "SOC2" })
        let catalogue = try #require(ControlCatalogue.framework("SOC2")).controls.count
        #expect(soc2.coverage?.catalogue == catalogue)
        #expect(soc2.coverage?.covered == 4)
        #expect(soc2.coverage?.percent == (Double(4 * 1000) / Double(catalogue)).rounded() / 10)
        #expect(soc2.title == ControlCatalogue.framework("SOC2")?.title)
        #expect(Self.report.frameworks.map(\.id) == ["ACME-SEC", "NIST-SSDF", "SOC2"])
    }

    @Test("an organisation's own framework is reported with its controls and no coverage")
    func organisationFramework() throws {
        let own = try #require(Self.report.frameworks.first { $0.id == "ACME-SEC" })
        #expect(own.coverage == nil && own.title == nil)
        #expect(own.controls.map(\.id) == ["ACME-SEC:AC-42"])
        #expect(own.controls.first?.title == nil)
        let json = try Self.report.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let frameworks = try #require(object["frameworks"] as? [[String: Any]])
        #expect(frameworks.first?["coverage"] is NSNull)
        #expect(object["schema"] as? String == "cavra.compliance.v1")
        #expect((object["policy"] as? [String: Any])?["version"] as? String == "2.0.0")
    }

    @Test("findings whose rule names no control are listed as unmapped, and only those")
    func unmapped() {
        #expect(Self.report.unmappedFindings == ["fp-r.plain"])
        #expect(ComplianceMarkdown.render(Self.report).contains("`fp-r.plain`"))
    }

    @Test("a run that chose no policy reports no policy and no framework")
    func noPolicy() {
        let failed = GateResult(
            tool: GateResult.Tool(version: "0"), repository: nil, range: nil, policy: nil, changeCount: 0,
            findings: [], errors: [GateResult.ErrorEntry(message: "bad")])
        let report = ComplianceReport(result: failed, rules: [])
        #expect(report.policy == nil && report.frameworks.isEmpty && report.unmappedFindings.isEmpty)
        #expect(ComplianceMarkdown.render(report).contains("No policy was chosen"))
    }
}
