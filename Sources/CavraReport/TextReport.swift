import CavraModel

/// The human-readable report `check` prints by default: what was compared, each finding, a one-line verdict.
/// CI steps print it into their logs, so every line goes through `DisplayText.line`: nothing a path, command or
/// message holds can start a line of its own or read as a log command.
public struct TextReport: ReportRenderer {
    /// Whether the report repeats the run's errors (a caller printing them elsewhere can leave them out).
    public var includingErrors: Bool

    public init(includingErrors: Bool = true) {
        self.includingErrors = includingErrors
    }

    /// Redacts the result, then renders it.
    public func render(_ result: GateResult) -> String {
        render(RedactedResult(result))
    }

    public func render(_ redacted: RedactedResult) -> String {
        let result = redacted.result
        var lines: [String] = []
        for notice in result.notices where notice.kind == .breakGlass { lines.append("*** \(notice.message) ***") }
        if let range = result.range { lines.append("compared: " + Self.describe(range)) }
        for note in result.range?.notes ?? [] { lines.append("note: \(note)") }
        if let policy = result.policy {
            let source = policy.source.map { " from \($0)" } ?? ""
            lines.append("policy:   \(policy.id)@\(policy.version ?? "unversioned") \(policy.digest)\(source)")
        }
        if result.runner.verified { lines.append("runner:   " + DisplayText.escape(result.runner.identityText)) }
        if result.status != .error {
            lines.append(
                "changes:  \(result.summary.changes), findings: \(result.summary.findings)")
        }
        let shown = result.findings.filter { $0.decision != .allow }
        if !shown.isEmpty { lines.append("") }
        for finding in shown {
            lines.append(headline(finding))
            lines.append("    \(finding.reason.replacingLineBreaks())")
            if let command = finding.command { lines.append("    command: \(command)") }
            if !finding.controls.isEmpty { lines.append("    controls: \(finding.controls.joined(separator: ", "))") }
            if let approval = finding.approval {
                lines.append(
                    "    approved by \(approval.approver) for \(approval.group) until \(approval.expires) (\(approval.file))"
                )
            }
        }
        for notice in result.notices where notice.kind == .ignoredApproval {
            lines.append("ignored:  " + notice.message.replacingLineBreaks())
        }
        let allowed = result.summary.allow
        if allowed > 0 { lines.append("(\(allowed) change\(allowed == 1 ? "" : "s") explicitly allowed by policy)") }
        for error in result.errors where includingErrors {
            lines.append("error: " + Self.describe(error))
        }
        lines.append("")
        lines.append("verdict: " + Self.verdict(result))
        return lines.map(DisplayText.line).joined(separator: "\n") + "\n"
    }

    func headline(_ finding: Finding) -> String {
        let decision: String
        switch finding.decision {
        case .deny: decision = "DENY"
        case .requireApproval:
            decision = finding.isApproved ? "APPROVED" : "REQUIRES APPROVAL"
        case .allow: decision = "ALLOW"
        }
        var location = finding.path.map(DisplayText.path) ?? finding.ref ?? finding.command ?? "(no location)"
        if let line = finding.line { location += ":\(line)" }
        if let old = finding.oldPath { location += " (from \(DisplayText.path(old)))" }
        if let operation = finding.operation { location += " [\(operation.rawValue)]" }
        if let commit = finding.commit { location += " in \(commit.prefix(12))" }
        if let ref = finding.ref, finding.kind != .ref { location += " pushed to \(ref)" }
        var text = "\(decision) \(finding.severity.rawValue) \(finding.ruleID): \(location)"
        if finding.decision == .requireApproval, let group = finding.approverGroup {
            text += " (approver: \(group))"
        }
        return text
    }

    static func describe(_ range: CompareRange) -> String {
        func short(_ id: String?) -> String { id.map { String($0.prefix(12)) } ?? "(none)" }
        func spelled(_ ref: String?, _ id: String?) -> String {
            guard let ref, let id, !id.hasPrefix(ref) else { return short(id) }
            return "\(ref) (\(short(id)))"
        }
        switch range.mode {
        case .staged:
            return "staged index against \(range.base.map { "HEAD (\(short($0)))" } ?? "an empty repository")"
        case .commit:
            return "commit \(spelled(range.headRef, range.head)) against \(range.base.map(short) ?? "the empty tree")"
        case .range, .commits, .rangeAndCommits:
            var text = "\(spelled(range.baseRef, range.base))...\(spelled(range.headRef, range.head))"
            if let mergeBase = range.mergeBase, mergeBase != range.base { text += ", merge base \(short(mergeBase))" }
            let count = range.commits.count
            text += ", \(count) commit\(count == 1 ? "" : "s")"
            if range.mode == .commits { text += ", judged one by one" }
            if range.mode == .rangeAndCommits { text += ", judged together and each on its own" }
            return text
        case .push:
            return "push of \(range.commits.count) commit(s)"
        case .command:
            return "a single action"
        }
    }

    /// `file:line:column: message`, or the message alone, escaped to one line, for callers that print a reason
    /// the gate could not decide on standard error as well.
    public static func describe(_ error: GateResult.ErrorEntry) -> String {
        guard let file = error.file else { return DisplayText.escape(error.message) }
        let location = SourceLocation(file: DisplayText.path(file), line: error.line, column: error.column)
        return DisplayText.escape("\(location): \(error.message)")
    }

    static func verdict(_ result: GateResult) -> String {
        let summary = result.summary
        switch result.status {
        case .pass where result.breakGlass != nil:
            return "PASS BY BREAK-GLASS: findings stay in the result, review them"
        case .pass:
            return summary.approved > 0 ? "PASS (\(summary.approved) approved)" : "PASS"
        case .deny:
            return "DENIED: \(summary.deny) finding\(summary.deny == 1 ? "" : "s") denied by policy"
        case .actionRequired:
            let pending = summary.requireApproval - summary.approved
            return "APPROVAL REQUIRED: \(pending) finding\(pending == 1 ? "" : "s") await approval"
        case .error:
            return "ERROR: the gate could not decide and fails closed"
        }
    }
}
