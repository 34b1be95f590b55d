import CavraIdentity
import CavraModel

/// What the gate is asked to judge, and under which policy, independent of how it was asked (flags, hook, CI,
/// agent tool hook). Every command builds one and hands it to `Gate.judge`.
public struct GateRequest: Sendable {
    public var repositoryPath: String
    public var subject: Subject
    public var policy: PolicyChoice
    public var environment: [String: String]
    /// How the runner's identity is checked; nil for the hooks and `evaluate`, which run where agents act, not on
    /// a CI runner, and never verify one.
    public var runner: RunnerCheck?
    /// Where approver keys and approval records are read; they apply to change subjects only.
    public var approvals: ApprovalChoice
    /// `check --break-glass`; nil for an ordinary run.
    public var breakGlass: BreakGlassRequest?

    public init(
        repositoryPath: String, subject: Subject, policy: PolicyChoice = PolicyChoice(),
        environment: [String: String] = [:], runner: RunnerCheck? = nil, approvals: ApprovalChoice = ApprovalChoice(),
        breakGlass: BreakGlassRequest? = nil
    ) {
        self.repositoryPath = repositoryPath
        self.subject = subject
        self.policy = policy
        self.environment = environment
        self.runner = runner
        self.approvals = approvals
        self.breakGlass = breakGlass
    }
}

/// `--approvers FILE` and `--approvals DIR`; nil reads the repository's own files (docs/approvals.md).
public struct ApprovalChoice: Sendable, Hashable {
    public var approversFile: String?
    public var recordsFolder: String?

    public init(approversFile: String? = nil, recordsFolder: String? = nil) {
        self.approversFile = approversFile
        self.recordsFolder = recordsFolder
    }
}

/// The thing judged: changes between revisions, the refs of a push, or single proposed actions.
public enum Subject: Sendable {
    case changes(ChangeSelection)
    case push(PushSubject)
    case actions([ProposedAction])
}

/// Which changes to judge.
public enum ChangeSelection: Sendable, Hashable {
    /// `--base/--head`: the pull-request view, judged as `judging` says.
    case range(base: String, head: String, judging: RangeJudging)
    case staged
    case commit(String)
    /// No range given: the pull request's range under CI (when `detectsCI`), else the branch against its upstream.
    /// With no `judging`, a range the CI platform gives is judged `.netAndEachCommit`, a preview `.net`.
    case automatic(judging: RangeJudging?, detectsCI: Bool)
}

/// How the commits of a range are judged.
public enum RangeJudging: Sendable, Hashable {
    /// The net change, `merge-base(base, head)..head`: what merging the pull request brings.
    case net
    /// Every commit of `base..head` against its first parent, instead of the net change (`--commits`).
    case eachCommit
    /// The net change and, besides, every non-merge commit of `base..head` against its parent, so that what one
    /// commit adds and a later one removes is still judged. Merges are left out: what merging the base in
    /// brings is the base's own history, and what a merge itself adds is in the net change.
    case netAndEachCommit
}

/// A push: the remote as git named it and every ref update git passed to the pre-push hook.
public struct PushSubject: Sendable, Hashable {
    /// The remote's name, or its URL when the user pushed to a URL.
    public var remote: String
    public var url: String?
    public var updates: [PushedRef]

    public init(remote: String, url: String?, updates: [PushedRef]) {
        self.remote = remote
        self.url = url
        self.updates = updates
    }
}

/// One action a coding agent proposes, judged before it happens.
public enum ProposedAction: Sendable, Hashable {
    /// A path to write.
    case path(String)
    /// A command line as a shell would run it.
    case command(String)
}

/// Where the policy comes from and how far it must be trusted; the same options mean the same thing for every
/// subject.
public struct PolicyChoice: Sendable, Hashable {
    /// `--policy` values (bundled ids or paths); empty means the repository's own policy or the baseline.
    public var references: [String]
    public var directories: [String]
    /// With `--require-signed-policy`: the keys every pack file of the policy must be signed with; nil trusts
    /// unsigned policy.
    public var trustedKeyFiles: [String]?

    public init(references: [String] = [], directories: [String] = [], trustedKeyFiles: [String]? = nil) {
        self.references = references
        self.directories = directories
        self.trustedKeyFiles = trustedKeyFiles
    }
}
