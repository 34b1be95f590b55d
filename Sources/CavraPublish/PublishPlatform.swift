import CavraPlatform

/// The code-review platforms the gate posts its verdict to.
public enum PublishPlatform: String, Sendable, CaseIterable {
    case github, gitlab, azure

    /// The platform's name as its users write it, for messages.
    var displayName: String {
        switch self {
        case .github: "GitHub"
        case .gitlab: "GitLab"
        case .azure: "Azure DevOps"
        }
    }

    init(_ platform: CIRange.Platform) {
        switch platform {
        case .github: self = .github
        case .gitlab: self = .gitlab
        case .azure: self = .azure
        }
    }
}
