import CavraModel

/// What a subject's judge found, before the result is assembled.
struct Judgement {
    var repository: String?
    var range: CompareRange
    var policy: PolicySet
    var changeCount: Int
    var findings: [Finding]
    /// The approver keys and records to weigh; nil for subjects that take no approvals (pushes, actions).
    var approvals: ApprovalEvidence? = nil
}
