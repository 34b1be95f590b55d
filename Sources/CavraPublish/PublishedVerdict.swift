import CavraModel
import CavraReport

/// The verdict in each platform's words (docs/ci.md, "Publishing the verdict").
struct PublishedVerdict {
    let status: GateResult.Status
    let isBreakGlass: Bool

    /// A check run's conclusion; break-glass is neutral, which branch protection lets pass but shows apart.
    var checkRunConclusion: String {
        switch status {
        case .pass: isBreakGlass ? "neutral" : "success"
        case .actionRequired: "action_required"
        case .deny, .error: "failure"
        }
    }

    /// A GitHub commit status has no state for approval or break-glass.
    var commitStatusState: String { status == .pass ? "success" : "failure" }

    var gitLabState: String { status == .pass ? "success" : "failed" }

    var azureState: String {
        switch status {
        case .pass: "succeeded"
        case .actionRequired: "pending"
        case .deny, .error: "failed"
        }
    }
}
