import CavraClassify
import CavraModel
import CavraPolicy

/// Turns a change set into facts and asks policy about each one.
struct FactJudge {
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

    /// What the change's added lines ask machines to run. Only files whose path (or, for files without an
    /// extension, whose `#!` line) says they hold commands are read, so most changes read no contents at all.
    private func commandFacts(of change: Change) throws -> [Fact] {
        guard change.status != .deleted, !change.newMode.isSubmodule, !change.newMode.isSymlink else { return [] }
        var kind = FileKind(path: change.path)
        guard kind != nil || FileKind.mayBeScript(path: change.path) else { return [] }
        guard let content = try reader.newContent(of: change) else { return [] }
        if kind == nil { kind = FileKind.fromShebang(content) }
        guard let kind else { return [] }
        return CommandExtractor().facts(
            kind: kind, path: change.path, content: content, addedLines: try reader.addedLines(of: change),
            commit: change.commit)
    }

    /// A change to the repository's own policy must never pass unseen, whatever the policy in force says about it.
    static func policyChangeFinding(for change: Change, decided: Finding?) -> Finding? {
        guard change.judgedPaths.contains(where: { $0.hasPrefix(Gate.repositoryPolicyFolder) }) else { return nil }
        let rule = BuiltInRules.rule(.policyChange)
        if let decided, decided.decision >= rule.decision { return nil }
        var finding = rule.finding(
            kind: .path, subject: change.path, content: change.newBlob ?? "deleted", path: change.path,
            commit: change.commit, reason: rule.reason)
        finding.oldPath = change.oldPath
        return finding
    }
}
