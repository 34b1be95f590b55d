import CavraModel
import CavraPolicy
import CavraTrust
import Foundation

/// Decides which records approve which findings. A record applies only when everything it is bound to matches;
/// every other record is reported with the first reason it failed, so none is silently dropped.
struct ApprovalApplier {
    let approvers: ApproverGroups
    let policyDigest: String
    /// How many distinct keys each group needs.
    let policy: ApprovalPolicy
    let now: Date

    func apply(_ evidence: ApprovalEvidence, to findings: [Finding]) -> (
        findings: [Finding], ignored: [IgnoredApproval]
    ) {
        // Valid approvals per fingerprint in file order, one per key: a group that needs two approvers needs two keys.
        var approvals: [String: [Approval]] = [:]
        var ignored: [IgnoredApproval] = []
        for (file, parsed) in evidence.records {
            switch parsed.flatMap({ check($0, file: file, findings: findings) }) {
            case .success(let approval):
                if let earlier = approvals[approval.fingerprint]?.first(where: { $0.keyID == approval.approval.keyID })
                {
                    ignored.append(
                        IgnoredApproval(
                            file: file, reason: .duplicateKey,
                            detail:
                                "key \(approval.approval.keyID) already approves this finding in \(earlier.file); each key counts once"
                        ))
                } else {
                    approvals[approval.fingerprint, default: []].append(approval.approval)
                }
            case .failure(let reason):
                ignored.append(reason)
            }
        }
        for fingerprint in approvals.keys.sorted() {
            guard let given = approvals[fingerprint], let group = given.first?.group else { continue }
            let needed = policy.required(for: group)
            guard given.count < needed else { continue }
            approvals[fingerprint] = nil
            ignored += given.map { approval in
                IgnoredApproval(
                    file: approval.file, reason: .notEnoughApprovers,
                    detail:
                        "\(given.count) of the \(needed) distinct keys group \(group) needs approve finding \(fingerprint); the finding stays pending until \(needed - given.count) more approve it"
                )
            }
        }
        let approved = findings.map { finding in
            var finding = finding
            if finding.decision == .requireApproval, let approval = approvals[finding.fingerprint]?.first {
                finding.approval = approval
            }
            return finding
        }
        return (approved, ignored)
    }

    private func check(_ record: ApprovalRecord, file: String, findings: [Finding]) -> Result<
        (fingerprint: String, approval: Approval), IgnoredApproval
    > {
        func refuse(_ reason: IgnoredApproval.Reason, _ detail: String) -> Result<
            (fingerprint: String, approval: Approval), IgnoredApproval
        > {
            .failure(IgnoredApproval(file: file, reason: reason, detail: detail))
        }
        guard let key = approvers.key(record.keyID) else {
            return refuse(
                .unknownKey,
                "key \(record.keyID) is not in the approvers file of the base revision; a key takes effect once it is merged there"
            )
        }
        guard record.isSigned(by: key) else {
            return refuse(
                .badSignature, "its signature does not verify, so it was changed after signing; sign it again")
        }
        guard approvers.groups(holding: record.keyID).contains(record.group) else {
            return refuse(
                .wrongGroup, "key \(record.keyID) is not a key of group \(record.group) in the approvers file")
        }
        guard let expires = ApprovalRecord.date(record.expires), expires > now else {
            return refuse(.expired, "it expired at \(record.expires); approve the finding again")
        }
        guard
            let finding = findings.first(where: { $0.fingerprint == record.fingerprint && $0.ruleID == record.ruleID })
        else {
            return refuse(
                .otherFingerprint,
                "no finding of this run has fingerprint \(record.fingerprint) under rule \(record.ruleID); the change it approved has changed"
            )
        }
        guard finding.decision == .requireApproval else {
            return refuse(
                .notApprovable,
                "the finding of rule \(record.ruleID) is \(finding.decision.rawValue), which no approval can change")
        }
        guard finding.approverGroup == record.group else {
            return refuse(
                .wrongGroup,
                "the finding asks group \(finding.approverGroup ?? "(none)") for approval, the record is from group \(record.group)"
            )
        }
        guard record.policyDigest == policyDigest else {
            return refuse(
                .otherPolicy,
                "it was made under policy \(record.policyDigest), this run judged under \(policyDigest); approve under the policy in force"
            )
        }
        return .success(
            (
                record.fingerprint,
                Approval(
                    approver: record.approver, group: record.group, keyID: record.keyID, expires: record.expires,
                    file: file)
            ))
    }
}
