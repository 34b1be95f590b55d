import CavraModel
import CavraTrust

/// What one run of the gate leaves in the ledger: what was judged, under which policy, by whom, and what was
/// decided. Findings, approvals and break-glass are JSON values, kept exactly as stored so a row verifies
/// byte for byte.
public struct LedgerEntry: Sendable, Hashable {
    public var mode: String?
    public var base: String?
    public var head: String?
    public var mergeBase: String?
    public var policyDigest: String?
    public var runner: Runner
    public var status: String
    public var findingCount: Int64
    /// `[{fingerprint, rule_id, decision}]`.
    public var findings: CanonicalJSON
    /// `[{fingerprint, rule_id, group, approver, keyid, expires}]`: the approvals that turned findings approved.
    public var approvals: CanonicalJSON
    /// The result's `break_glass` object, or nil when the run did not break glass.
    public var breakGlass: CanonicalJSON?

    /// The runner identity the run verified; all nil when none was verified.
    public struct Runner: Sendable, Hashable {
        public var method: String?
        public var provider: String?
        public var subject: String?

        public init(method: String? = nil, provider: String? = nil, subject: String? = nil) {
            self.method = method
            self.provider = provider
            self.subject = subject
        }
    }

    public init(
        mode: String?, base: String?, head: String?, mergeBase: String?, policyDigest: String?, runner: Runner,
        status: String, findingCount: Int64, findings: CanonicalJSON, approvals: CanonicalJSON,
        breakGlass: CanonicalJSON?
    ) {
        self.mode = mode
        self.base = base
        self.head = head
        self.mergeBase = mergeBase
        self.policyDigest = policyDigest
        self.runner = runner
        self.status = status
        self.findingCount = findingCount
        self.findings = findings
        self.approvals = approvals
        self.breakGlass = breakGlass
    }

    /// The entry of a run, from its result. Break-glass is read from the result's JSON (`break_glass`), the one
    /// place every format takes it from.
    public init(result: GateResult) {
        let verified = result.runner.verified
        let encoded = try? CanonicalJSON(encoding: result)
        var breakGlass: CanonicalJSON?
        if case .object(let members)? = encoded, let value = members["break_glass"], value != .null {
            breakGlass = value
        }
        self.init(
            mode: result.range?.mode.rawValue, base: result.range?.base, head: result.range?.head,
            mergeBase: result.range?.mergeBase, policyDigest: result.policy?.digest,
            runner: verified
                ? Runner(method: result.runner.method, provider: result.runner.provider, subject: result.runner.subject)
                : Runner(),
            status: result.status.rawValue, findingCount: Int64(result.findings.count),
            findings: .array(
                result.findings.map { finding in
                    .object([
                        "fingerprint": .string(finding.fingerprint), "rule_id": .string(finding.ruleID),
                        "decision": .string(finding.decision.rawValue),
                    ])
                }),
            approvals: .array(
                result.findings.compactMap { finding in
                    finding.approval.map { approval in
                        .object([
                            "fingerprint": .string(finding.fingerprint), "rule_id": .string(finding.ruleID),
                            "group": .string(approval.group), "approver": .string(approval.approver),
                            "keyid": .string(approval.keyID), "expires": .string(approval.expires),
                        ])
                    }
                }),
            breakGlass: breakGlass)
    }
}
