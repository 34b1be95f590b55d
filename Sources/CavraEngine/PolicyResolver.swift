import CavraGit
import CavraModel
import CavraPolicy
import CavraTrust
import Foundation

/// Chooses the policy that judges a change, never letting the change judge itself.
struct PolicyResolver {
    static let baselineID = "cavra-ai-agent-baseline"
    let choice: PolicyChoice
    /// When set, every pack file of the chosen policy must carry a valid signature by one of these keys.
    let trustedKeys: [TrustedKey]?

    init(choice: PolicyChoice) throws {
        self.choice = choice
        trustedKeys = try choice.trustedKeyFiles.map { try $0.map(TrustedKey.init(file:)) }
    }

    /// `--policy` wins; else the repository's `.cavra/policy.yaml` as it is at the trusted revision; else the baseline.
    /// With `workTreeAtTrustedRevision` (a range, whose head is a commit), policy files inside the work tree are
    /// read at the trusted revision too; otherwise they are read from disk, with a warning.
    func policy(repository: GitRepository, trustedRevision: String?, workTreeAtTrustedRevision: Bool = false)
        throws -> PolicySet
    {
        let (files, warnings) = try files(
            in: repository, revision: workTreeAtTrustedRevision ? trustedRevision : nil)
        let loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: choice.directories, files: files))
        if !choice.references.isEmpty {
            return PolicySet(
                try choice.references.map { try verified(loader.load($0), signatureText: files.signatureText) },
                warnings: warnings)
        }
        if let revision = trustedRevision,
            let bytes = try repository.fileContent(path: Gate.repositoryPolicyPath, atRevision: revision)
        {
            let text = String(decoding: bytes, as: UTF8.self)
            let source = "\(revision.prefix(12)):\(Gate.repositoryPolicyPath)"
            let policy = try loader.load(yaml: text, sourceName: source)
            // The signature of the repository's pack is read at the same revision as the pack itself.
            return PolicySet(
                [
                    try verified(policy) { pack in
                        guard pack.source == source else { return try files.signatureText(of: pack) }
                        let signature = try repository.fileContent(
                            path: Gate.repositoryPolicyPath + ".sig.json", atRevision: revision)
                        return signature.map { String(decoding: $0, as: UTF8.self) }
                    }
                ], warnings: warnings)
        }
        return PolicySet(
            [try verified(loader.load(Self.baselineID), signatureText: files.signatureText)], warnings: warnings)
    }

    /// Where the policy's files are read, and what the user must be told about those inside the work tree: with a
    /// revision they are read there (and must exist there), without one from disk as the change leaves them.
    private func files(in repository: GitRepository, revision: String?) throws -> (any PolicyFiles, [String]) {
        guard repository.hasWorkTree else { return (DiskPolicyFiles(), []) }
        let workTree = repository.rootPath
        let paths =
            choice.references.filter { PolicyLoader.isPath($0) || FileManager.default.fileExists(atPath: $0) }
            .map { ("--policy \($0)", $0) }
            + choice.directories.map { ("the policy folder \($0) (--policy-dir, CAVRA_POLICY_DIR)", $0) }
        let inside = try paths.filter { _, path in
            try WorkTreePolicyFiles.relativePath(of: path, inWorkTree: workTree, refusingLinks: revision != nil) != nil
        }
        guard !inside.isEmpty else { return (DiskPolicyFiles(), []) }
        guard let revision else {
            return (
                DiskPolicyFiles(),
                inside.map { label, _ in
                    "\(label) lies inside the work tree, so it was read from disk as the change leaves it, and the change could weaken the policy that judges it; keep policy outside the repository, or judge a range, where it is read at the base"
                }
            )
        }
        let files = WorkTreePolicyFiles(workTree: workTree, revision: revision)
        for (_, path) in inside where try files.item(at: path) == nil {
            throw EngineError.policyMissingAtBase(path: path, revision: revision)
        }
        let warnings = inside.map { label, _ in
            "\(label) lies inside the work tree being judged, so it was read as it is at the base revision \(revision.prefix(12)), not from disk"
        }
        return (files, warnings)
    }

    private func verified(_ policy: Policy, signatureText: (PackFile) throws -> String?) throws -> Policy {
        if let trustedKeys {
            _ = try PolicyVerifier.verify(policy, trustedKeys: trustedKeys, signatureText: signatureText)
        }
        return policy
    }

    func policyOutsideRepository() throws -> PolicySet {
        let loader = PolicyLoader(catalog: PolicyCatalog(searchDirectories: choice.directories))
        return PolicySet(
            try (choice.references.isEmpty ? [Self.baselineID] : choice.references).map {
                try verified(loader.load($0), signatureText: PolicyVerifier.signatureOnDisk)
            })
    }
}
