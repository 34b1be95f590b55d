import CavraModel
import CavraPolicy
import CavraTrust
import Foundation

/// `check --break-glass`: someone forces the gate open for an emergency, saying who, why and under which ticket
/// (docs/approvals.md). It is granted only where the trusted policy allows it, and never silently.
public struct BreakGlassRequest: Sendable, Hashable {
    public var actor: String
    public var reason: String
    public var ticket: String

    public init(actor: String, reason: String, ticket: String) {
        self.actor = actor
        self.reason = reason
        self.ticket = ticket
    }

    /// Who acts when `--actor` is not given: the user the CI platform says started the run, else git's
    /// `user.email`; nil when neither is known.
    public static func defaultActor(environment: [String: String], repositoryPath: String) -> String? {
        let platformActors = ["GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILD_REQUESTEDFOR"]
        if let actor = platformActors.lazy.compactMap({ environment[$0] }).first(where: { !$0.isBlank }) {
            return actor
        }
        return CommitterIdentity.email(repositoryPath: repositoryPath)
    }

    /// The pass the policy grants: lifting every finding awaiting approval and every deny finding of a
    /// `break_glass: true` rule, valid for the policy's `max_duration` from `now`.
    func grant(under policy: PolicySet, findings: [Finding], now: Date) throws(BreakGlassError) -> BreakGlass {
        guard let seconds = policy.approvals.breakGlassDuration else {
            throw BreakGlassError.notAllowed(policy: policy.info.id)
        }
        for (name, value) in [("--reason", reason), ("--ticket", ticket), ("--actor", actor)] where value.isBlank {
            throw BreakGlassError.missing(option: name)
        }
        let lifted = findings.filter { finding in
            switch finding.decision {
            case .requireApproval: true
            case .deny: policy.breakGlassLifts(finding)
            case .allow: false
            }
        }
        return BreakGlass(
            actor: actor, reason: reason, ticket: ticket,
            expires: ApprovalRecord.timestamp(now.addingTimeInterval(TimeInterval(seconds))),
            lifted: lifted.map(\.fingerprint))
    }
}

/// Why a break-glass run was refused (exit 2).
public enum BreakGlassError: GateFailure {
    case notAllowed(policy: String)
    case missing(option: String)

    public var message: String {
        switch self {
        case .notAllowed(let policy):
            "policy \(policy), which judges this range (the base revision's, or --policy), does not allow break-glass; it takes approvals: {break_glass: {allowed: true}} merged into the base first, or judge without --break-glass"
        case .missing(let option):
            "break-glass needs \(option) with a non-empty value, so the record says who forced the gate open and why"
        }
    }
}

extension String {
    fileprivate var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
