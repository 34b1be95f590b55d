import CavraClassify
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
            findings += try commandFacts(of: change).compactMap(policy.decide)
        }
        return findings
    }

    /// A file larger than this whose path names no kind is not sniffed for a `#!` line, unless it is executable.
    static let largestSniffedFile = 1 << 20

    /// What the change's added lines ask machines to run. Files whose path says they hold commands are read; any
    /// other file is a script when its first line is a shell's `#!` line, whatever its name (`bin/deploy.prod`).
    private func commandFacts(of change: Change) throws -> [Fact] {
        guard change.status != .deleted, !change.newMode.isSubmodule, !change.newMode.isSymlink else { return [] }
        var kind = FileKind(path: change.path)
        if kind == nil {
            guard let start = try reader.newContentStart(of: change, count: 256, ifAtMost: Self.largestSniffedFile)
            else { return [] }
            kind = FileKind.fromShebang(start)
        }
        guard let kind, let content = try reader.newContent(of: change) else { return [] }
        return CommandExtractor().facts(
            kind: kind, path: change.path, content: content, addedLines: try reader.addedLines(of: change),
            commit: change.commit)
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
