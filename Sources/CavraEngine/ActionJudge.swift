import CavraClassify
import CavraGit
import CavraModel
import Foundation

/// Judges proposed actions (a path to write, a command to run) for coding-agent tool hooks. Inside a repository
/// the policy is the one committed at HEAD (or `--policy`); outside, `--policy` or the baseline. A path is judged
/// as the repository-relative path(s) the write would touch (`WorkTreePath`).
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
        let paths = WorkTreePath(
            root: repository?.rootPath ?? Self.absolute(repositoryPath),
            gitDirectory: repository?.commonDirectoryPath)
        let findings = try actions.flatMap { action -> [Finding] in
            switch action {
            case .path(let spelled):
                return try paths.judgedPaths(for: spelled).compactMap { path in
                    let change = Change(status: .added, path: GitPath(path), oldMode: .absent, newMode: .regular)
                    let decided = policy.decide(.path(change))
                    return FactJudge.policyChangeFinding(for: change, decided: decided) ?? decided
                }
            case .command(let commandLine):
                return Fact.parsing(commandLine: commandLine).compactMap(policy.decide)
            }
        }
        return Judgement(
            repository: repository?.rootPath, range: CompareRange(mode: .command), policy: policy,
            changeCount: actions.count, findings: findings)
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
