import CavraModel
import Foundation

/// The one place a result is made: from a judgement, with the policy's warnings and the runner's identity, or
/// from the error that stopped the run. Approvals and break-glass attach here too, so every command applies them
/// the same way.
struct ResultAssembler {
    var runner = GateResult.Runner()
    var breakGlass: BreakGlass?

    var now = Date()

    func assemble(_ judgement: Judgement) -> GateResult {
        var findings = judgement.findings
        var ignored: [IgnoredApproval] = []
        if let evidence = judgement.approvals {
            (findings, ignored) = ApprovalApplier(
                approvers: evidence.approvers, policyDigest: judgement.policy.info.digest,
                policy: judgement.policy.approvals, now: now
            ).apply(evidence, to: findings)
        }
        return GateResult(
            tool: Gate.tool, repository: judgement.repository, range: judgement.range,
            policy: judgement.policy.info, runner: runner, changeCount: judgement.changeCount,
            findings: findings, warnings: judgement.policy.warnings + ignored.map(\.warning),
            approvalsIgnored: ignored, breakGlass: breakGlass)
    }

    /// The result of a run that could not decide (exit 2).
    func failure(_ error: any Error, repository: String?, range: CompareRange?) -> GateResult {
        GateResult(
            tool: Gate.tool, repository: repository, range: range, policy: nil, runner: runner, changeCount: 0,
            findings: [], errors: [Self.errorEntry(for: error)])
    }

    static func errorEntry(for error: any Error) -> GateResult.ErrorEntry {
        if let failure = error as? any GateFailure { return failure.errorEntry }
        return GateResult.ErrorEntry(message: "unexpected failure: \(error)")
    }
}
