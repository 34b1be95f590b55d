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
    /// own at the base, else the bundled baseline. A statement recording another bundled pack of the same id and
    /// version was judged with `--policy`; that pack's digest is returned then. Nil when neither applies.
    public func policyDigest(judgingFrom base: String, recordedID id: String, version: String?) throws -> String? {
        let own = try repository.fileContent(path: Gate.repositoryPolicyPath, atRevision: base) != nil
        if own || id == PolicyResolver.baselineID {
            return try PolicyResolver(choice: PolicyChoice())
                .policy(repository: repository, trustedRevision: base, workTreeAtTrustedRevision: true).info.digest
        }
        guard PolicyCatalog().ids().contains(id) else { return nil }
        let bundled = try PolicyResolver(choice: PolicyChoice(references: [id])).policyOutsideRepository().info
        return bundled.version == version ? bundled.digest : nil
    }
}
