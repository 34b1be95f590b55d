import CLibgit2
import CavraModel

extension GitRepository {
    /// The changes a request describes, with what was compared.
    /// - Throws: `GitError` when a revision is unknown, history needed for the request is missing (a shallow
    ///   clone), or the repository cannot be read.
    public func changeSet(_ request: ChangeRequest) throws -> ChangeSet {
        switch request {
        case .staged: try stagedChangeSet()
        case .commit(let revision): try commitChangeSet(revision)
        case .range(let base, let head, let perCommit):
            try rangeChangeSet(base: base, head: head, view: perCommit ? .eachCommit(merges: true) : .net)
        case .nonMergeCommits(let base, let head):
            try rangeChangeSet(base: base, head: head, view: .eachCommit(merges: false))
        }
    }

    private var lister: ChangeLister { ChangeLister(repository: pointer) }

    private func stagedChangeSet() throws(GitError) -> ChangeSet {
        let head: GitCommit? = git_repository_head_unborn(pointer) == 1 ? nil : try commit("HEAD")
        let location = indexLocation
        let lister = self.lister
        let changes = try lister.stagedChanges(
            from: head.map { commit throws(GitError) in try tree(of: commit) }, index: location,
            directlyRead: try directIndex(location))
        return ChangeSet(
            range: CompareRange(
                mode: .staged, base: head?.id, baseRef: head.map { _ in "HEAD" }, notes: lister.notes.texts),
            changes: changes)
    }

    private func commitChangeSet(_ revision: String) throws(GitError) -> ChangeSet {
        let commit = try commit(revision)
        let parent = try firstParent(of: commit)
        let lister = self.lister
        let changes = try lister.changes(from: parent.map(tree(of:)), to: tree(of: commit), commit: commit.id)
        let range = CompareRange(
            mode: .commit, base: parent?.id, head: commit.id, headRef: revision, commits: [commit.id],
            notes: lister.notes.texts)
        return ChangeSet(range: range, changes: changes)
    }

    private enum RangeView: Equatable {
        case net
        case eachCommit(merges: Bool)
    }

    private func rangeChangeSet(base: String, head: String, view: RangeView) throws(GitError) -> ChangeSet {
        let baseCommit = try commit(base)
        let headCommit = try commit(head)
        var graph = CommitGraph(repository: self)
        let bases = try graph.mergeBases(baseCommit.id, headCommit.id)
        guard let mergeBase = bases.first else {
            throw GitError.noMergeBase(base: base, head: head)
        }
        var commits = try graph.commits(from: baseCommit.id, to: headCommit.id)
        var eachCommit: [GitCommit] = []
        if case .eachCommit(let merges) = view {
            for id in commits {
                let commit = try self.commit(id: id, neededAs: "a commit of the range")
                if merges || commit.recordedParentIDs.count < 2 { eachCommit.append(commit) }
            }
            commits = eachCommit.map(\.id)
        }
        var range = CompareRange(
            mode: view == .net ? .range : .commits, base: baseCommit.id, head: headCommit.id, mergeBase: mergeBase,
            baseRef: base, headRef: head, commits: commits)
        if bases.count > 1 {
            range.notes.append(
                "'\(base)' and '\(head)' have \(bases.count) merge bases (criss-cross merges); compared from "
                    + "\(mergeBase), the one git merge-base picks, not from \(bases.dropFirst().joined(separator: ", "))."
            )
        }
        var changes: [Change] = []
        let lister = self.lister
        if view == .net {
            let from = try self.commit(id: mergeBase, neededAs: "the merge base")
            changes = try lister.changes(from: tree(of: from), to: tree(of: headCommit))
        } else {
            for commit in eachCommit {
                changes += try lister.changes(
                    from: firstParent(of: commit).map(tree(of:)), to: tree(of: commit), commit: commit.id)
            }
        }
        range.notes += lister.notes.texts
        return ChangeSet(range: range, changes: changes)
    }

    /// The first parent, nil for a root commit; a parent cut off by a shallow clone is an error, never a root.
    func firstParent(of commit: GitCommit) throws(GitError) -> GitCommit? {
        guard let parent = commit.recordedParentIDs.first else { return nil }
        return try self.commit(id: parent, neededAs: "parent of \(commit.id)")
    }

    func tree(of commit: GitCommit) throws(GitError) -> GitTree {
        do { return try commit.tree() } catch { throw GitError.unreadable("the tree of commit \(commit.id)", error) }
    }
}
