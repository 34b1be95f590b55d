import CLibgit2

/// Merge bases and commit lists. libgit2 1.5 cannot walk a shallow repository even when every commit needed is
/// present, so shallow clones are walked here, treating the commits of `.git/shallow` as having no parents.
extension GitRepository {
    struct MergeBase {
        let id: String
        let note: String?
    }

    /// The merge base `git merge-base` picks, with a note when there were several (criss-cross merges).
    func mergeBase(of base: String, and head: String) throws -> MergeBase {
        if isShallow { return try shallowMergeBase(of: base, and: head) }
        guard var one = git_oid(hex: base), var two = git_oid(hex: head) else { throw GitError.unknownRevision(base) }
        var result = git_oid()
        let code = git_merge_base(&result, pointer, &one, &two)
        if code == GIT_ENOTFOUND.rawValue { throw GitError.noCommonAncestor(base: base, head: head) }
        try check(code, "find the merge base of \(base) and \(head)")
        var all = git_oidarray()
        var note: String?
        if git_merge_bases(&all, pointer, &one, &two) == 0 {
            if all.count > 1 {
                note = Self.crissCrossNote(chosen: result.hex, count: all.count)
            }
            git_oidarray_dispose(&all)
        }
        return MergeBase(id: result.hex, note: note)
    }

    struct CommitList {
        /// Oldest first, parents before children.
        let ids: [String]
        /// A shallow-boundary commit the walk reached before leaving the range: the list is incomplete.
        let boundary: String?
    }

    /// The commits reachable from `head` and not from `base` (`git rev-list base..head`), oldest first.
    func commits(from base: String?, to head: String) throws -> CommitList {
        if isShallow { return try shallowCommits(from: base, to: head) }
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "walk history")
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue)
        guard var headID = git_oid(hex: head) else { throw GitError.unknownRevision(head) }
        try check(git_revwalk_push(walk, &headID), "walk from \(head)")
        if let base {
            guard var baseID = git_oid(hex: base) else { throw GitError.unknownRevision(base) }
            try check(git_revwalk_hide(walk, &baseID), "walk up to \(base)")
        }
        var ids: [String] = []
        var next = git_oid()
        while true {
            let code = git_revwalk_next(&next, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walk from \(head)")
            ids.append(next.hex)
        }
        return CommitList(ids: ids, boundary: nil)
    }

    // MARK: - Shallow walks

    private struct Ancestry {
        var members: Set<String> = []
        /// Boundary commits reached whose parents are missing.
        var boundary: [String] = []
    }

    /// Every ancestor of `start` that is present (itself included), stopping at `stop` and at the shallow boundary.
    private func ancestry(of start: String, stoppingAt stop: Set<String> = []) throws -> Ancestry {
        var result = Ancestry()
        var pending = [start]
        while let id = pending.popLast() {
            guard !stop.contains(id), result.members.insert(id).inserted else { continue }
            let commit = try lookupCommit(id: id, role: "commit")
            if shallowBoundary.contains(id), git_commit_parentcount(commit.handle.pointer) > 0 {
                result.boundary.append(id)
            }
            pending.append(contentsOf: parentIDs(of: commit))
        }
        return result
    }

    private func shallowMergeBase(of base: String, and head: String) throws -> MergeBase {
        let fromBase = try ancestry(of: base)
        // Walk down from head and stop at the first commits that base can reach: the merge-base candidates.
        var candidates: [String] = []
        var seen: Set<String> = []
        var pending = [head]
        var headBoundary: [String] = []
        while let id = pending.popLast() {
            guard seen.insert(id).inserted else { continue }
            if fromBase.members.contains(id) {
                candidates.append(id)
                continue
            }
            let commit = try lookupCommit(id: id, role: "commit")
            if shallowBoundary.contains(id), git_commit_parentcount(commit.handle.pointer) > 0 {
                headBoundary.append(id)
            }
            pending.append(contentsOf: parentIDs(of: commit))
        }
        guard !candidates.isEmpty else {
            let boundary = (fromBase.boundary + headBoundary).sorted()
            if let first = boundary.first {
                throw GitError.mergeBaseBeyondShallowBoundary(base: base, head: head, boundary: first)
            }
            throw GitError.noCommonAncestor(base: base, head: head)
        }
        var best = Set(candidates)
        for candidate in candidates where best.contains(candidate) {
            let below = try ancestry(of: candidate).members.subtracting([candidate])
            best.subtract(below)
        }
        // Newest first, as git's date-ordered walk meets them; the id breaks ties so the choice is repeatable.
        let times = try Dictionary(uniqueKeysWithValues: best.map { ($0, try commitTime($0)) })
        let ordered = best.sorted { (times[$0]!, $0) > (times[$1]!, $1) }
        let chosen = ordered[0]
        return MergeBase(id: chosen, note: ordered.count > 1 ? Self.crissCrossNote(chosen: chosen, count: ordered.count) : nil)
    }

    private func shallowCommits(from base: String?, to head: String) throws -> CommitList {
        let excluded = try base.map { try ancestry(of: $0).members } ?? []
        let reachable = try ancestry(of: head, stoppingAt: excluded)
        // Parents before children: a depth-first walk that emits a commit after all of its parents in the range.
        var ordered: [String] = []
        var emitted: Set<String> = []
        var stack: [(id: String, expanded: Bool)] = [(head, false)]
        while let (id, expanded) = stack.popLast() {
            guard reachable.members.contains(id), !emitted.contains(id) else { continue }
            if expanded {
                emitted.insert(id)
                ordered.append(id)
                continue
            }
            stack.append((id, true))
            let commit = try lookupCommit(id: id, role: "commit")
            for parent in parentIDs(of: commit).reversed() where !emitted.contains(parent) {
                stack.append((parent, false))
            }
        }
        return CommitList(ids: ordered, boundary: reachable.boundary.sorted().first)
    }

    private func commitTime(_ id: String) throws -> Int64 {
        let commit = try lookupCommit(id: id, role: "commit")
        return Int64(git_commit_time(commit.handle.pointer))
    }

    private static func crissCrossNote(chosen: String, count: Int) -> String {
        "the range has \(count) merge bases (criss-cross merges); comparing with \(chosen.prefix(12)), the one git merge-base picks"
    }
}
