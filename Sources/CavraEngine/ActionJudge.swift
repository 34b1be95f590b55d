import CavraClassify
import CavraGit
import CavraModel

/// Judges proposed actions (a path to write, a command to run) for coding-agent tool hooks. Inside a repository
/// the policy is the one committed at HEAD (or `--policy`); outside, `--policy` or the baseline.
struct ActionJudge {
    let resolver: PolicyResolver

    func judge(_ actions: [ProposedAction], repositoryPath: String) throws -> Judgement {
        let repository = try? GitRepository(discoveringFrom: repositoryPath)
        let policy: PolicySet
        if let repository {
            let trusted = try? repository.resolveCommit("HEAD")
            policy = try resolver.policy(repository: repository, trustedRevision: trusted)
        } else {
            policy = try resolver.policyOutsideRepository()
        }
        let findings = actions.flatMap { action -> [Finding] in
            switch action {
            case .path(let path):
                let change = Change(status: .added, path: GitPath(path), oldMode: .absent, newMode: .regular)
                let decided = policy.decide(.path(change))
                return [FactJudge.policyChangeFinding(for: change, decided: decided) ?? decided].compactMap { $0 }
            case .command(let commandLine):
                return Fact.parsing(commandLine: commandLine).compactMap(policy.decide)
            }
        }
        return Judgement(
            repository: repository?.rootPath, range: CompareRange(mode: .command), policy: policy,
            changeCount: actions.count, findings: findings)
    }
}
