/// What to compare, in the terms of `cavra-gate check`.
public enum ChangeRequest: Sendable, Hashable {
    /// The pull-request view: `merge-base(base, head)..head`, as `git diff base...head` shows it. With
    /// `perCommit`, every commit of `base..head` against its first parent instead, each change naming its commit.
    case range(base: String, head: String, perCommit: Bool)
    /// Every commit of `base..head` that is not a merge, against its parent, each change naming its commit: what
    /// each commit of a pull request brought on its own. A merge is left out, since what it brings is the
    /// history of the branch merged in.
    case nonMergeCommits(base: String, head: String)
    /// The index against HEAD (against the empty tree before the first commit).
    case staged
    /// One commit against its first parent (a root commit against the empty tree).
    case commit(String)
}
