/// A pipeline setting that is dangerous in itself, whatever commands the pipeline runs; baseline rules deny
/// each by name (`match: {pipeline: [...]}`).
public enum PipelineRisk: String, Sendable, Hashable, CaseIterable, Codable {
    /// A GitHub workflow triggered by `pull_request_target`, which runs with the base's secrets and a write
    /// token, checks out the pull request's own code (`ref: ${{ github.event.pull_request.head.sha }}`).
    case pullRequestTargetCheckout = "pull-request-target-checkout"
    /// `permissions: write-all` gives the job token every write scope.
    case writeAllPermissions = "write-all-permissions"
    /// `secrets: inherit` hands every secret to a reusable workflow that can change after review.
    case inheritedSecretsUnpinned = "inherited-secrets-unpinned"
    /// `uses: docker://image` runs an image a tag can move.
    case dockerActionUnpinned = "docker-action-unpinned"
    /// GitLab's `hooks: pre_get_sources_script` runs before the job's sources are fetched, outside its script.
    case gitlabPreGetSourcesHook = "gitlab-pre-get-sources-hook"
    /// GitLab's `include: remote:` pulls configuration from a URL nobody reviews with the change.
    case gitlabRemoteInclude = "gitlab-remote-include"
}

/// A pipeline risk a change adds, where it is written.
public struct PipelineRiskFact: Sendable, Hashable {
    public var risk: PipelineRisk
    public var path: String
    /// The 1-based line of the setting.
    public var line: Int?
    /// The setting as written on that line.
    public var text: String
    public var commit: String?

    public init(risk: PipelineRisk, path: String, line: Int?, text: String, commit: String? = nil) {
        self.risk = risk
        self.path = path
        self.line = line
        self.text = text
        self.commit = commit
    }
}
