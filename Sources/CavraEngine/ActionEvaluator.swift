import CavraClassify
import CavraGit
import CavraModel

/// Judges one proposed action (a path to write, a command to run) for coding-agent tool hooks.
public struct ActionEvaluator: Sendable {
    public enum Action: Sendable, Hashable {
        case path(String)
        /// A command line as a shell would run it.
        case command(String)
    }

    public init() {}

    /// Inside a repository the policy is the one committed at HEAD (or `--policy`); outside, `--policy` or the baseline.
    public func evaluate(
        _ actions: [Action], repositoryPath: String, policies: [String], policyDirectories: [String]
    ) -> GateResult {
        let range = CompareRange(mode: .command)
        do {
            let repository = try? GitRepository(discoveringFrom: repositoryPath)
            let trusted = repository.flatMap { try? $0.resolveCommit("HEAD") }
            let resolver = try PolicyResolver(directories: policyDirectories)
            let policy: PolicySet
            if let repository {
                policy = try resolver.policy(for: policies, repository: repository, trustedRevision: trusted)
            } else {
                policy = try resolver.policyOutsideRepository(for: policies)
            }
            let findings = actions.flatMap { action -> [Finding] in
                switch action {
                case .path(let path):
                    let change = Change(status: .added, path: path, oldMode: .absent, newMode: .regular)
                    let decided = policy.decide(.path(change))
                    return [FactJudge.policyChangeFinding(for: change, decided: decided) ?? decided].compactMap { $0 }
                case .command(let commandLine):
                    return Fact.parsing(commandLine: commandLine).compactMap(policy.decide)
                }
            }
            return GateResult(
                tool: Gate.tool, repository: repository?.rootPath, range: range, policy: policy.info,
                changeCount: actions.count, findings: findings)
        } catch {
            return Gate.failure(error, repository: nil, range: range)
        }
    }
}
