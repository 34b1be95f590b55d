import CLibgit2

/// Finds the paths that differ between two trees while opening only subtrees whose ids differ.
///
/// libgit2 1.5's `git_diff_tree_to_tree` expands every subtree of both sides even when their ids are equal: on a
/// 100k-file repository a 1-file change took 46 ms there against 3 ms for `git diff --name-status`. The paths
/// found here become a literal pathspec for the real diff, whose tree iterators then descend only into
/// directories on those paths (0.1 ms for the same change).
struct ChangedPathWalk {
    let repository: OpaquePointer

    /// Paths (files, submodules, or whole directories that exist on one side only) whose entries differ.
    func paths(from old: GitTree?, to new: GitTree?) throws(GitError) -> [String] {
        var found: [String] = []
        try collect(old: old, new: new, prefix: "", into: &found)
        return found
    }

    private struct Entry {
        var id: git_oid
        var mode: UInt32
        var isTree: Bool { mode == FileModeBits.tree }
    }

    private func collect(old: GitTree?, new: GitTree?, prefix: String, into found: inout [String]) throws(GitError) {
        let oldEntries = entries(of: old)
        let newEntries = entries(of: new)
        for name in Set(oldEntries.keys).union(newEntries.keys) {
            let before = oldEntries[name]
            let after = newEntries[name]
            let path = prefix + name
            switch (before, after) {
            case (let before?, let after?) where before.mode == after.mode && isSameObject(before.id, after.id):
                continue
            case (let before?, let after?) where before.isTree && after.isTree:
                try collect(old: tree(before.id), new: tree(after.id), prefix: path + "/", into: &found)
            default:
                // One side missing, a blob that changed, or a tree replaced by a file: the diff pathspec takes
                // the whole path, which covers everything below a directory.
                found.append(path)
            }
        }
    }

    private func entries(of tree: GitTree?) -> [String: Entry] {
        guard let tree else { return [:] }
        let count = git_tree_entrycount(tree.pointer)
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree.pointer, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            entries[name] = Entry(id: git_tree_entry_id(entry).pointee, mode: git_tree_entry_filemode(entry).rawValue)
        }
        return entries
    }

    private func tree(_ id: git_oid) throws(GitError) -> GitTree {
        var oid = id
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, repository, &oid) == 0, let tree else {
            throw .missingObject(id.hex, neededAs: "a directory tree")
        }
        return GitTree(tree)
    }
}

enum FileModeBits {
    static let tree: UInt32 = 0o040000
}

private func isSameObject(_ lhs: git_oid, _ rhs: git_oid) -> Bool {
    var lhs = lhs
    var rhs = rhs
    return git_oid_cmp(&lhs, &rhs) == 0
}
