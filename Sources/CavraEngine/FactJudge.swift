import CavraModel
import CavraPolicy

/// Turns a change set into facts and asks policy about each one.
struct FactJudge {
    static let policyChangeRuleID = "cavra.policy-change"

    let policy: PolicySet
    let reader: any ChangeContentReader

    func findings(for changeSet: ChangeSet) throws -> [Finding] {
        var findings: [Finding] = []
        for change in changeSet.changes {
            let decided = policy.decide(.path(change))
            if let guardFinding = Self.policyChangeFinding(for: change, decided: decided) {
                findings.append(guardFinding)
            } else if let decided {
                findings.append(decided)
            }
        }
        return findings
    }

    /// A change to the repository's own policy must never pass unseen, whatever the policy in force says about it.
    static func policyChangeFinding(for change: Change, decided: Finding?) -> Finding? {
        guard change.judgedPaths.contains(where: { $0.hasPrefix(Gate.repositoryPolicyFolder) }) else { return nil }
        if let decided, decided.decision >= .requireApproval { return nil }
        return Finding(
            fingerprint: Fingerprint.make(
                ruleID: policyChangeRuleID, kind: .path, subject: change.path, content: change.newBlob ?? "deleted"),
            ruleID: policyChangeRuleID, decision: .requireApproval, severity: .high, kind: .path, path: change.path,
            oldPath: change.oldPath, commit: change.commit,
            reason:
                "The change edits the repository's gate policy; it is judged by the base revision's policy and needs approval.",
            controls: ["NIST-SSDF:PO.1.1", "SOC2:CC8.1"])
    }
}
