import CavraGit
import CavraModel
import CavraPolicy

/// Chooses the policy that judges a change, never letting the change judge itself.
struct PolicyResolver {
    static let baselineID = "cavra-ai-agent-baseline"
    let loader: PolicyLoader

    init(directories: [String]) {
        loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: directories))
    }

    /// `--policy` wins; else the repository's `.cavra/policy.yaml` as it is at the trusted revision; else the baseline.
    func policy(for references: [String], repository: GitRepository, trustedRevision: String?) throws -> PolicySet {
        if !references.isEmpty {
            return PolicySet(try references.map { try loader.load($0) })
        }
        if let revision = trustedRevision,
            let bytes = try repository.fileContent(path: Gate.repositoryPolicyPath, atRevision: revision)
        {
            let text = String(decoding: bytes, as: UTF8.self)
            let source = "\(revision.prefix(12)):\(Gate.repositoryPolicyPath)"
            return PolicySet([try loader.load(yaml: text, sourceName: source)])
        }
        return PolicySet([try loader.load(Self.baselineID)])
    }

    func policyOutsideRepository(for references: [String]) throws -> PolicySet {
        PolicySet(try (references.isEmpty ? [Self.baselineID] : references).map { try loader.load($0) })
    }
}
