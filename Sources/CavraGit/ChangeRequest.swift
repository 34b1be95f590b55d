/// What to diff, in the words users type.
public enum ChangeRequest: Sendable, Hashable {
    /// The pull-request view: merge-base(base, head)..head; with `perCommit`, every commit of base..head on its own.
    case range(base: String, head: String, perCommit: Bool)
    /// The index against HEAD (against the empty tree before the first commit).
    case staged
    /// One commit against its first parent (a root commit against the empty tree).
    case commit(String)
}
