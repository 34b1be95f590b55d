import CavraGit
import CavraModel
import CavraPolicy

/// What an attestation says about a repository, read from the repository itself: its identity, its commits, and
/// the policy that judges a range of it.
public struct AttestedRepository {
    let repository: GitRepository

    public init(path: String) throws {
        repository = try GitRepository(discoveringFrom: path)
    }

    public var rootPath: String { repository.rootPath }

    /// The URL of the `origin` remote, nil when there is none.
    public var originURL: String? { repository.configString("remote.origin.url") }

    /// Whether `id` is the full id of a commit here.
    public func hasCommit(_ id: String) -> Bool {
        (try? repository.resolveCommit(id)) == id.lowercased()
    }

    /// The digest of the policy that judges a range from `base` when no `--policy` is given: the repository's
    /// own at the base, else the bundled baseline; or, for a statement recording another bundled pack (judged with
    /// `--policy`), that pack as this binary bundles it. Nil when the recorded policy is none of these.
    public func policyDigest(judgingFrom base: String, recordedID id: String) throws -> String? {
        guard let choice = try policyChoice(judgingFrom: base, recordedID: id) else { return nil }
        return try PolicyResolver(choice: choice)
            .policy(repository: repository, trustedRevision: base, workTreeAtTrustedRevision: true).info.digest
    }

    /// The range judged again as the attested run judged it (`mode` is the recorded range's), under the policy
    /// `policyDigest` names; nil when there is no such policy.
    public func rejudge(base: String, head: String, mode: CompareRange.Mode, recordedPolicyID id: String) throws
        -> GateResult?
    {
        guard let choice = try policyChoice(judgingFrom: base, recordedID: id) else { return nil }
        let judging: RangeJudging =
            switch mode {
            case .rangeAndCommits: .netAndEachCommit
            case .commits: .eachCommit
            default: .net
            }
        // No environment: the run is repeated as the range alone decides it, whatever CI this is.
        return Gate().judge(
            GateRequest(
                repositoryPath: rootPath, subject: .changes(.range(base: base, head: head, judging: judging)),
                policy: choice, environment: [:]))
    }

    private func policyChoice(judgingFrom base: String, recordedID id: String) throws -> PolicyChoice? {
        let own = try repository.fileContent(path: Gate.repositoryPolicyPath, atRevision: base) != nil
        if own || id == PolicyResolver.baselineID { return PolicyChoice() }
        guard PolicyCatalog().ids().contains(id) else { return nil }
        return PolicyChoice(references: [id])
    }
}
