import CavraGit
import CavraIdentity
import CavraModel
import CavraPolicy

/// The one judging pipeline: subject → changes and facts → findings under the trusted policy → one assembled
/// `GateResult`. `check`, `evaluate` and both hooks all come through `judge`.
public struct Gate: Sendable {
    public static let version = "0.1.0"
    public static let tool = GateResult.Tool(version: version)

    /// Where the repository keeps its own policy; changes under it are always findings.
    public static let repositoryPolicyPath = ".cavra/policy.yaml"
    static let repositoryPolicyFolder = ".cavra/"

    public init() {}

    /// Judges a request. Never throws: anything that stops the gate becomes an `error` result (exit 2).
    public func judge(_ request: GateRequest) -> GateResult {
        judgeWithRules(request).result
    }

    /// Judges a request and also says which rules judged it, built-in ones included, for reports about the policy
    /// as well as the findings (compliance). A run that stopped before choosing a policy has no rules.
    public func judgeWithRules(_ request: GateRequest) -> JudgedResult {
        var assembler = ResultAssembler()
        do {
            let resolver = try PolicyResolver(choice: request.policy)
            let judgement: Judgement
            switch request.subject {
            case .changes(let selection):
                judgement = try ChangeJudge(resolver: resolver).judge(selection, request: request)
            case .push(let push):
                judgement = try PushJudge(resolver: resolver).judge(push, repositoryPath: request.repositoryPath)
            case .actions(let actions):
                judgement = try ActionJudge(resolver: resolver).judge(actions, repositoryPath: request.repositoryPath)
            }
            if let runner = request.runner {
                assembler.runner = try runner.verify(
                    judgement.policy.policies.map(\.runner), head: judgement.range.head,
                    policyDigest: judgement.policy.info.digest)
            }
            // The policy that grants it is the one that judged the range: the base's, so a change cannot allow
            // its own break-glass.
            assembler.breakGlass = try request.breakGlass?.grant(
                under: judgement.policy, findings: judgement.findings, now: assembler.now)
            return JudgedResult(
                result: assembler.assemble(judgement),
                rules: judgement.policy.policies.flatMap(\.rules) + BuiltInRules.policy.rules)
        } catch {
            return JudgedResult(
                result: assembler.failure(error, repository: request.failureRepository, range: request.failureRange),
                rules: [])
        }
    }
}

/// A result with the rules of the policy that decided it.
public struct JudgedResult: Sendable {
    public let result: GateResult
    public let rules: [PolicyRule]
}

extension GateRequest {
    /// What a failed run still says it was about: the push or command mode; a change range is unknown.
    var failureRange: CompareRange? {
        switch subject {
        case .changes: nil
        case .push: CompareRange(mode: .push)
        case .actions: CompareRange(mode: .command)
        }
    }

    var failureRepository: String? {
        if case .actions = subject { return nil }
        return repositoryPath
    }
}

/// Judges changes between revisions or in the staged index.
struct ChangeJudge {
    let resolver: PolicyResolver

    func judge(_ selection: ChangeSelection, request: GateRequest) throws -> Judgement {
        let repository = try GitRepository(discoveringFrom: request.repositoryPath)
        let selected = try RangeSelector(repository: repository, environment: request.environment)
            .changeRequest(for: selection)
        var changeSet = try repository.changeSet(selected.request)
        changeSet.range.notes.insert(contentsOf: selected.notes, at: 0)
        let policy = try resolver.policy(
            repository: repository, trustedRevision: changeSet.range.trustedRevision,
            workTreeAtTrustedRevision: [.range, .commits].contains(changeSet.range.mode))
        let judge = FactJudge(policy: policy, reader: repository)
        var findings = try judge.findings(for: changeSet)
        var changeCount = changeSet.changes.count
        if let eachCommit = selected.eachCommit {
            let commits = try repository.changeSet(eachCommit)
            // A finding the net change also holds is reported once, as the net change's; what only a commit
            // holds (added, then removed again) keeps the commit it came from.
            let net = Set(findings.map(\.fingerprint))
            findings += try judge.findings(for: commits).filter { !net.contains($0.fingerprint) }
            changeCount += commits.changes.count
            changeSet.range.mode = .rangeAndCommits
            changeSet.range.notes.append(Self.eachCommitNote(judged: commits.range, of: changeSet.range))
        }
        return Judgement(
            repository: repository.rootPath, range: changeSet.range, policy: policy, changeCount: changeCount,
            findings: findings,
            approvals: try ApprovalEvidence(choice: request.approvals, repository: repository, range: changeSet.range))
    }

    /// Says how many commits were judged on their own, so a reader can tell a merge was left out on purpose.
    static func eachCommitNote(judged commits: CompareRange, of range: CompareRange) -> String {
        let merges = range.commits.count - commits.commits.count
        var note =
            "each non-merge commit was also judged on its own against its parent (\(commits.commits.count) "
            + "of \(range.commits.count))"
        if merges > 0 { note += "; merge commits are left out, what a merge adds is in the net change" }
        return note
    }
}

extension CompareRange {
    /// The revision whose policy may judge this range: the base (HEAD for the staged index), never the head.
    var trustedRevision: String? { base }
}
