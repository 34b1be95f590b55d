import CavraGit

/// Who git says is working in a repository, for records that name a person when none is given.
public enum CommitterIdentity {
    /// git's `user.email` as the repository's configuration resolves it; nil when unset or not a repository.
    public static func email(repositoryPath: String) -> String? {
        try? GitRepository(discoveringFrom: repositoryPath).configString("user.email")
    }
}
