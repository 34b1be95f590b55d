/// What to compare, in the terms of `cavra-gate check`.
public enum ChangeRequest: Sendable, Hashable {
    /// The pull-request view: `merge-base(base, head)..head`, as `git diff base...head` shows it. With
    /// `perCommit`, every commit of `base..head` against its first parent instead, each change naming its commit.
    case range(base: String, head: String, perCommit: Bool)
    /// The index against HEAD (against the empty tree before the first commit).
    case staged
    /// One commit against its first parent (a root commit against the empty tree).
    case commit(String)
}
