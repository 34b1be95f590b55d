import CLibgit2
import CavraModel

/// Compares HEAD's tree with an index read by `IndexFile`, skipping every folder whose cached tree id in the
/// index equals HEAD's: after a commit, `git add` invalidates only the folders above the files it stages, so a
/// staged change costs what it touches, not what the repository holds.
struct StagedTreeWalk {
    let repository: OpaquePointer
    let index: IndexFile

    /// The staged changes, or nil when paths were both deleted and added: those may pair into renames, which
    /// libgit2's rename detection decides.
    func changes(from head: GitTree?) throws(GitError) -> [Change]? {
        var found = Found()
        if let head, let cached = index.cacheTree?.id, Self.equal(head.id, cached) { return [] }
        try compare(
            tree: head, cache: index.cacheTree, prefix: [], depth: 0, entries: 0..<index.entries.count, into: &found)
        if !found.added.isEmpty && !found.deleted.isEmpty { return nil }
        return (found.changed + found.added + found.deleted).sorted { $0.path < $1.path }
    }

    private struct Found {
        var changed: [Change] = []
        var added: [Change] = []
        var deleted: [Change] = []
    }

    /// One folder: HEAD's entries and the index entries under `prefix`, both in git's order, merged by name.
    private func compare(
        tree: GitTree?, cache: CacheTree?, prefix: [UInt8], depth: Int, entries: Range<Int>, into found: inout Found
    ) throws(GitError) {
        try TreeDepth.check(depth, below: prefix)
        let treeCount = tree.map { git_tree_entrycount($0.pointer) } ?? 0
        var treeIndex = 0
        var entry = entries.lowerBound
        while entry < entries.upperBound || treeIndex < treeCount {
            let staged = entry < entries.upperBound ? group(at: entry, prefixCount: prefix.count, within: entries) : nil
            let committed = treeIndex < treeCount ? git_tree_entry_byindex(tree!.pointer, treeIndex) : nil
            let order = Self.order(staged, committed)
            if order > 0, let committed {
                try delete(committed, prefix: prefix, depth: depth, into: &found)
                treeIndex += 1
                continue
            }
            guard let staged else { break }
            entry = staged.entries.upperBound
            if order < 0 {
                found.added += staged.entries.map { add(index.entries[$0]) }
                continue
            }
            treeIndex += 1
            let committedID = git_tree_entry_id(committed)!.pointee
            if staged.isFolder {
                let cached = cache?.children[Array(staged.name)]
                // The folder's entries make the very tree HEAD has: nothing in it is staged.
                if let cachedID = cached?.id, Self.equal(committedID, cachedID) { continue }
                try compare(
                    tree: GitTree.lookup(committedID, in: repository, neededAs: "a directory tree"),
                    cache: cached, prefix: prefix + staged.name + [0x2F], depth: depth + 1,
                    entries: staged.entries, into: &found)
                continue
            }
            let stagedEntry = index.entries[staged.entries.lowerBound]
            let oldMode = git_tree_entry_filemode(committed).rawValue
            let stagedID = index.id(of: stagedEntry)
            if oldMode == stagedEntry.mode && Self.equal(committedID, stagedID) { continue }
            found.changed.append(
                .contentChange(
                    path: path(of: stagedEntry), oldMode: oldMode, newMode: stagedEntry.mode,
                    oldBlob: committedID.hex, newBlob: IndexFile.hex(stagedID)))
        }
    }

    /// The index entries that share the next path segment after the folder prefix: one file, or a whole folder.
    private struct Group {
        var name: Slice<UnsafeRawBufferPointer>
        var isFolder: Bool
        var entries: Range<Int>
    }

    private func group(at first: Int, prefixCount: Int, within entries: Range<Int>) -> Group {
        let path = index.path(of: index.entries[first])
        let rest = path.dropFirst(prefixCount)
        guard let slash = rest.firstIndex(of: 0x2F) else {
            return Group(name: rest, isFolder: false, entries: first..<(first + 1))
        }
        // The index is sorted by path, so a folder's entries are contiguous: find where they end by bisection.
        let folder = path[...slash]
        var low = first + 1
        var high = entries.upperBound
        while low < high {
            let middle = (low + high) / 2
            if index.path(of: index.entries[middle]).starts(with: folder) { low = middle + 1 } else { high = middle }
        }
        return Group(name: rest[..<slash], isFolder: true, entries: first..<low)
    }

    /// Everything under a HEAD entry that the index no longer has.
    private func delete(_ entry: OpaquePointer, prefix: [UInt8], depth: Int, into found: inout Found)
        throws(GitError)
    {
        try TreeDepth.check(depth, below: prefix)
        let path = prefix + TreeOrder.name(of: entry)
        let mode = git_tree_entry_filemode(entry).rawValue
        let id = git_tree_entry_id(entry)!.pointee
        guard mode == FileModeBits.tree else {
            found.deleted.append(
                Change(
                    status: .deleted, path: GitPath(bytes: path), oldMode: FileMode(rawValue: mode), newMode: .absent,
                    oldBlob: id.hex))
            return
        }
        let tree = try GitTree.lookup(id, in: repository, neededAs: "a directory tree")
        for position in 0..<git_tree_entrycount(tree.pointer) {
            try delete(
                git_tree_entry_byindex(tree.pointer, position), prefix: path + [0x2F], depth: depth + 1,
                into: &found)
        }
    }

    private func add(_ entry: IndexFile.Entry) -> Change {
        Change(
            status: .added, path: path(of: entry), oldMode: .absent, newMode: FileMode(rawValue: entry.mode),
            newBlob: index.hexID(of: entry))
    }

    private func path(of entry: IndexFile.Entry) -> GitPath { GitPath(bytes: Array(index.path(of: entry))) }

    /// git's order between the next index group and the next HEAD entry; a missing side sorts last.
    private static func order(_ staged: Group?, _ committed: OpaquePointer?) -> Int {
        guard let committed else { return -1 }
        guard let staged else { return 1 }
        return TreeOrder.compare(
            staged.name, isFolder: staged.isFolder, TreeOrder.name(of: committed),
            isFolder: TreeOrder.isFolder(committed))
    }

    private static func equal(_ id: git_oid, _ raw: some Sequence<UInt8>) -> Bool {
        withUnsafeBytes(of: id.id) { $0.elementsEqual(raw) }
    }

}
