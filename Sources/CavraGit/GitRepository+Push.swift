import CLibgit2

/// What an object id named in a push turned out to be in this repository.
public enum PushedObject: Sendable, Hashable {
    /// A commit, or a tag that peels to one; the associated value is the commit's full id.
    case commit(String)
    /// Present, but a tree or blob (or a tag of one): there are no commits to judge.
    case notACommit
    /// Not in this repository's object database.
    case missing
}

extension GitRepository {
    /// Whether this clone is missing history (`git clone --depth`).
    public var isShallowClone: Bool { isShallow }

    /// What an object id is here: the commit it peels to, something else, or absent.
    public func pushedObject(_ id: String) -> PushedObject {
        guard var oid = git_oid(hex: id) else { return .missing }
        var object: OpaquePointer?
        guard git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY) == 0, let object else { return .missing }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled else { return .notACommit }
        defer { git_object_free(peeled) }
        return .commit(git_object_id(peeled).pointee.hex)
    }

    /// Whether `ancestor` is reachable from `descendant` (a fast-forward from one to the other).
    /// - Throws: `GitError` when a commit is missing or the answer lies beyond a shallow clone's boundary.
    public func isAncestor(_ ancestor: String, of descendant: String) throws -> Bool {
        if ancestor == descendant { return true }
        var graph = CommitGraph(repository: self)
        let painting = try graph.paint(
            one: descendant, others: [ancestor], purpose: "tell whether the push rewrites history")
        return painting.marks[ancestor, default: []].contains(.fromOne)
    }

    /// The commits reachable from `head` and from none of `excluded` (`git rev-list head --not excluded…`),
    /// parents before children. The walk stops where `head`'s history meets the excluded commits, so its cost
    /// follows the number of new commits, not the length of the history.
    /// - Throws: `GitError` when a commit is missing or the walk would cross a shallow clone's boundary.
    public func commits(reachableFrom head: String, excluding excluded: [String]) throws -> [String] {
        var graph = CommitGraph(repository: self)
        return try graph.commits(reachableFrom: head, excluding: excluded, purpose: "list the commits of the push")
    }
}
