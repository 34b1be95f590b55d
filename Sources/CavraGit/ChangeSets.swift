import CLibgit2
import CavraModel

extension GitRepository {
    /// The changes a request names, with what was compared. Listing never reads file contents.
    public func changeSet(_ request: ChangeRequest) throws -> ChangeSet {
        switch request {
        case .range(let baseRevision, let headRevision, let perCommit):
            let base = try lookupCommit(baseRevision)
            let head = try lookupCommit(headRevision)
            let mergeBase = try self.mergeBase(of: base.id, and: head.id)
            let commits = try self.commits(from: base.id, to: head.id)
            var range = CompareRange(
                mode: perCommit ? .commits : .range, base: base.id, head: head.id, mergeBase: mergeBase.id,
                baseRef: baseRevision, headRef: headRevision, commits: commits.ids,
                notes: mergeBase.note.map { [$0] } ?? [])
            if perCommit {
                if let boundary = commits.boundary {
                    throw GitError.rangeBeyondShallowBoundary(base: base.id, head: head.id, boundary: boundary)
                }
                var changes: [Change] = []
                for id in commits.ids {
                    changes += try self.changes(ofCommit: try lookupCommit(id: id, role: "commit")).map {
                        var change = $0
                        change.commit = id
                        return change
                    }
                }
                return ChangeSet(range: range, changes: changes)
            }
            if commits.boundary != nil {
                range.notes.append("the commit list stops at the shallow boundary; the diff itself is complete")
            }
            let baseTree = try tree(of: try lookupCommit(id: mergeBase.id, role: "merge base").handle, label: "merge base")
            let headTree = try tree(of: head.handle, label: headRevision)
            return ChangeSet(range: range, changes: try diff(from: baseTree, to: headTree))
        case .staged:
            let head = git_repository_head_unborn(pointer) == 1 ? nil : try lookupCommit("HEAD")
            let headTree = try head.map { try tree(of: $0.handle, label: "HEAD") }
            let range = CompareRange(mode: .staged, head: head?.id, headRef: head == nil ? nil : "HEAD")
            return ChangeSet(range: range, changes: try diffIndex(against: headTree))
        case .commit(let revision):
            let commit = try lookupCommit(revision)
            let parent = try firstParent(of: commit)
            let range = CompareRange(
                mode: .commit, base: parent?.id, head: commit.id, headRef: revision, commits: [commit.id])
            return ChangeSet(range: range, changes: try changes(ofCommit: commit))
        }
    }

    /// A commit against its first parent, or the empty tree for a root commit.
    private func changes(ofCommit commit: Commit) throws -> [Change] {
        let parentTree = try firstParent(of: commit).map { try tree(of: $0.handle, label: "parent of \(commit.id)") }
        return try diff(from: parentTree, to: tree(of: commit.handle, label: commit.id))
    }

    private func diff(from old: TreeHandle?, to new: TreeHandle) throws -> [Change] {
        var options = try Self.diffOptions()
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, old?.pointer, new.pointer, &options), "diff two trees")
        defer { git_diff_free(diff) }
        return try changes(in: diff!)
    }

    private func diffIndex(against headTree: TreeHandle?) throws -> [Change] {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "read the index")
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "read the index")
        var options = try Self.diffOptions()
        var diff: OpaquePointer?
        try check(git_diff_tree_to_index(&diff, pointer, headTree?.pointer, index, &options), "diff the index")
        defer { git_diff_free(diff) }
        return try changes(in: diff!)
    }

    private static func diffOptions() throws -> git_diff_options {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare a diff")
        // Type changes are reported as such (T), like git, instead of a deletion plus an addition; names only,
        // so no blob is read to decide whether it is binary.
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        return options
    }

    private func changes(in diff: OpaquePointer) throws -> [Change] {
        var find = git_diff_find_options()
        try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "prepare rename detection")
        // Explicit, so a user's diff.renames=false cannot hide a rename; rename_limit 0 lets libgit2 apply
        // diff.renameLimit (1000 by default), which bounds the work a huge change can cause.
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        try check(git_diff_find_similar(diff, &find), "detect renames")
        let count = git_diff_num_deltas(diff)
        var result: [Change] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index)?.pointee, let status = Self.status(delta.status) else {
                continue
            }
            result.append(Self.change(from: delta, status: status))
        }
        return result
    }

    private static func status(_ delta: git_delta_t) -> ChangeStatus? {
        switch delta {
        case GIT_DELTA_ADDED: .added
        case GIT_DELTA_DELETED: .deleted
        case GIT_DELTA_MODIFIED: .modified
        case GIT_DELTA_RENAMED: .renamed
        case GIT_DELTA_COPIED: .copied
        case GIT_DELTA_TYPECHANGE: .typeChanged
        default: nil
        }
    }

    private static func change(from delta: git_diff_delta, status: ChangeStatus) -> Change {
        let oldPath = String(cString: delta.old_file.path)
        let newPath = String(cString: delta.new_file.path)
        let hasOld = status != .added
        let hasNew = status != .deleted
        return Change(
            status: status,
            path: hasNew ? newPath : oldPath,
            oldPath: (status == .renamed || status == .copied) ? oldPath : nil,
            oldMode: hasOld ? FileMode(rawValue: UInt32(delta.old_file.mode)) : .absent,
            newMode: hasNew ? FileMode(rawValue: UInt32(delta.new_file.mode)) : .absent,
            oldBlob: hasOld ? delta.old_file.id.hex : nil,
            newBlob: hasNew ? delta.new_file.id.hex : nil,
            similarity: (status == .renamed || status == .copied) ? Int(delta.similarity) : nil)
    }
}
