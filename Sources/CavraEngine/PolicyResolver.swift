import CavraGit
import CavraModel
import CavraPolicy
import CavraTrust

/// Chooses the policy that judges a change, never letting the change judge itself.
struct PolicyResolver {
    static let baselineID = "cavra-ai-agent-baseline"
    let loader: PolicyLoader
    /// `--policy` values; empty means the repository's own policy or the baseline.
    let references: [String]
    /// When set, every pack file of the chosen policy must carry a valid signature by one of these keys.
    let trustedKeys: [TrustedKey]?

    init(choice: PolicyChoice) throws {
        loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: choice.directories))
        references = choice.references
        trustedKeys = try choice.trustedKeyFiles.map { try $0.map(TrustedKey.init(file:)) }
    }

    /// `--policy` wins; else the repository's `.cavra/policy.yaml` as it is at the trusted revision; else the baseline.
    func policy(repository: GitRepository, trustedRevision: String?) throws -> PolicySet {
        if !references.isEmpty {
            return PolicySet(try references.map { try verified(loader.load($0)) })
        }
        if let revision = trustedRevision,
            let bytes = try repository.fileContent(path: Gate.repositoryPolicyPath, atRevision: revision)
        {
            let text = String(decoding: bytes, as: UTF8.self)
            let source = "\(revision.prefix(12)):\(Gate.repositoryPolicyPath)"
            let policy = try loader.load(yaml: text, sourceName: source)
            // The signature of the repository's pack is read at the same revision as the pack itself.
            return PolicySet([
                try verified(policy) { pack in
                    guard pack.source == source else { return try PolicyVerifier.signatureOnDisk(pack) }
                    let signature = try repository.fileContent(
                        path: Gate.repositoryPolicyPath + ".sig.json", atRevision: revision)
                    return signature.map { String(decoding: $0, as: UTF8.self) }
                }
            ])
        }
        return PolicySet([try verified(loader.load(Self.baselineID))])
    }

    private func verified(
        _ policy: Policy, signatureText: (PackFile) throws -> String? = PolicyVerifier.signatureOnDisk
    ) throws -> Policy {
        if let trustedKeys {
            _ = try PolicyVerifier.verify(policy, trustedKeys: trustedKeys, signatureText: signatureText)
        }
        return policy
    }

    func policyOutsideRepository() throws -> PolicySet {
        PolicySet(try (references.isEmpty ? [Self.baselineID] : references).map { try verified(loader.load($0)) })
    }
}
