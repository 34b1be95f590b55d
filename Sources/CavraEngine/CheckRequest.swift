import CavraModel

/// What `check` was asked to judge, independent of how it was asked (flags, hook, CI).
public struct CheckRequest: Sendable {
    /// Which changes to judge.
    public enum Selection: Sendable, Hashable {
        /// `--base/--head`: the pull-request view; `perCommit` judges every commit of base..head on its own.
        case range(base: String, head: String, perCommit: Bool)
        case staged
        case commit(String)
        /// No range given: the pull request's range under CI, else the branch against its upstream.
        case automatic(perCommit: Bool)
    }

    public var repositoryPath: String
    public var selection: Selection
    /// `--policy` values (bundled ids or paths); empty means the repository's own policy or the baseline.
    public var policies: [String]
    public var policyDirectories: [String]
    /// With `--require-signed-policy`: the keys every pack file of the policy must be signed with; nil trusts
    /// unsigned policy.
    public var trustedPolicyKeys: [String]?
    /// Whether CI environment variables may choose the range (`--ci auto`).
    public var detectsCI: Bool
    public var environment: [String: String]

    public init(
        repositoryPath: String, selection: Selection, policies: [String] = [], policyDirectories: [String] = [],
        trustedPolicyKeys: [String]? = nil, detectsCI: Bool = true, environment: [String: String] = [:]
    ) {
        self.trustedPolicyKeys = trustedPolicyKeys
        self.repositoryPath = repositoryPath
        self.selection = selection
        self.policies = policies
        self.policyDirectories = policyDirectories
        self.detectsCI = detectsCI
        self.environment = environment
    }
}
