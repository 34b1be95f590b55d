import CavraModel

/// A gate result with every credential-like value masked, in every text it holds that came from a repository, a
/// command line or the environment. It is what renderers render, so no format can show a secret another hides,
/// and a run that writes several formats redacts once.
public struct RedactedResult: Sendable {
    public let result: GateResult

    public init(_ result: GateResult, redactor: Redactor = Redactor()) {
        self.result = result.replacingTexts(redactor.redact, finding: redactor.redact(finding:))
    }
}

extension Redactor {
    /// The finding with its location, command, reason and approver redacted; the fingerprint stays, so
    /// approvals and baselines still match.
    func redact(finding: Finding) -> Finding {
        var finding = finding
        finding.path = finding.path.map(redact)
        finding.oldPath = finding.oldPath.map(redact)
        finding.command = finding.command.map(redact)
        finding.ref = finding.ref.map(redact)
        finding.reason = redact(finding.reason)
        if let approver = finding.approval?.approver { finding.approval?.approver = redact(approver) }
        return finding
    }
}
