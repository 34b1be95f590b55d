import CavraModel
import CavraPolicy

extension ComplianceReport {
    /// Maps `result`'s findings onto the controls `rules` name. `rules` are every rule the run judged with,
    /// built-in ones included, so a control is listed (and counted as covered) even when nothing matched it.
    public init(result: GateResult, rules: [PolicyRule]) {
        var rulesByControl: [String: Set<String>] = [:]
        var controlsByRule: [String: Set<String>] = [:]
        for rule in rules {
            for control in rule.controls {
                rulesByControl[control, default: []].insert(rule.id)
                controlsByRule[rule.id, default: []].insert(control)
            }
        }
        var findingsByControl: [String: [Finding]] = [:]
        var unmapped: [String] = []
        for finding in result.findings {
            // A finding's own controls are its rule's; they stand in when the rule is not among those given.
            let controls = controlsByRule[finding.ruleID] ?? Set(finding.controls)
            if controls.isEmpty { unmapped.append(finding.fingerprint) }
            for control in controls {
                findingsByControl[control, default: []].append(finding)
                rulesByControl[control, default: []].insert(finding.ruleID)
            }
        }
        let byFramework = Dictionary(grouping: rulesByControl.keys) { ControlCatalogue.split($0).prefix }
        frameworks = byFramework.keys.sorted().map { prefix in
            let controls = byFramework[prefix, default: []].sorted()
            let framework = ControlCatalogue.framework(prefix)
            return Framework(
                id: prefix, title: framework?.title,
                controls: controls.map { control in
                    let findings = findingsByControl[control, default: []]
                    return ControlResult(
                        id: control, title: ControlCatalogue.entry(control)?.control.title,
                        rules: rulesByControl[control, default: []].sorted(), status: Self.status(of: findings),
                        findings: findings.map(\.fingerprint).sorted())
                },
                coverage: framework.map { Self.coverage(of: $0, naming: Set(controls)) })
        }
        policy = result.policy.map { PolicyReference(id: $0.id, version: $0.version, digest: $0.digest) }
        unmappedFindings = unmapped.sorted()
    }

    /// A denial fails the control; a finding still awaiting approval holds it; anything else passes it.
    static func status(of findings: [Finding]) -> Status {
        if findings.contains(where: { $0.decision == .deny }) { return .fail }
        if findings.contains(where: { $0.decision == .requireApproval && !$0.isApproved }) { return .approvalRequired }
        return .pass
    }

    static func coverage(of framework: ControlFramework, naming controls: Set<String>) -> Coverage {
        let catalogue = framework.controls.count
        let covered = framework.controls.filter { controls.contains("\(framework.id):\($0.id)") }.count
        let percent = catalogue == 0 ? 0 : (Double(covered * 1000) / Double(catalogue)).rounded() / 10
        return Coverage(catalogue: catalogue, covered: covered, percent: percent)
    }
}
