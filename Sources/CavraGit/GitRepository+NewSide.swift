import CLibgit2
import CavraModel

extension GitRepository {
    /// What a path holds on the new side: a commit's tree, or the staged index.
    /// - Throws: `GitError` when the commit or index cannot be read.
    public func entry(at path: String, on side: NewSide) throws -> TreeEntry? {
        switch side {
        case .commit(let id):
            let tree = try tree(of: commit(id: id, neededAs: "the revision a symbolic link points into"))
            return try Self.entry(at: path, in: tree)
        case .index:
            // Read directly when it can be: libgit2 would load and hash the whole index first.
            if let index = try? directIndex(indexLocation) { return index.treeEntry(at: path) }
            return try withIndex { index in
                if let entry = git_index_get_bypath(index, path, 0) {
                    return TreeEntry(path: path, mode: FileMode(rawValue: entry.pointee.mode), id: entry.pointee.id.hex)
                }
                // The index holds files only: a folder is there when a file is under it.
                var position = 0
                guard git_index_find_prefix(&position, index, path + "/") == 0 else { return nil }
                return TreeEntry(path: path, mode: .tree, id: "")
            }
        }
    }

    /// The files under a folder on the new side, at most `limit`, in path order.
    /// - Throws: `GitError` when the commit, index or a tree cannot be read.
    public func files(under folder: String, on side: NewSide, limit: Int) throws -> [TreeEntry] {
        switch side {
        case .commit(let id):
            let tree = try tree(of: commit(id: id, neededAs: "the revision a symbolic link points into"))
            guard let entry = try Self.entry(at: folder, in: tree), entry.mode == .tree,
                let oid = git_oid(hex: entry.id)
            else { return [] }
            var files: [TreeEntry] = []
            try collectFiles(
                in: GitTree.lookup(oid, in: pointer, neededAs: folder), prefix: folder + "/", limit: limit, into: &files
            )
            return files
        case .index:
            if let index = try? directIndex(indexLocation) { return index.files(under: folder, limit: limit) }
            return try withIndex { index in
                let prefix = folder + "/"
                var position = 0
                guard git_index_find_prefix(&position, index, prefix) == 0 else { return [] }
                var files: [TreeEntry] = []
                while files.count < limit, let entry = git_index_get_byindex(index, position) {
                    let path = String(cString: entry.pointee.path)
                    guard path.hasPrefix(prefix) else { break }
                    files.append(
                        TreeEntry(path: path, mode: FileMode(rawValue: entry.pointee.mode), id: entry.pointee.id.hex))
                    position += 1
                }
                return files
            }
        }
    }

    /// The symbolic links directly in these folders on the new side ("" is the root), in path order.
    /// - Throws: `GitError` when the commit, index or a tree cannot be read.
    public func links(directlyIn folders: Set<String>, on side: NewSide) throws -> [TreeEntry] {
        switch side {
        case .commit(let id):
            let root = try tree(of: commit(id: id, neededAs: "the revision a symbolic link points into"))
            var links: [TreeEntry] = []
            for folder in folders.sorted() {
                var tree = root
                if !folder.isEmpty {
                    guard let entry = try Self.entry(at: folder, in: root), entry.mode == .tree,
                        let oid = git_oid(hex: entry.id)
                    else { continue }
                    tree = try GitTree.lookup(oid, in: pointer, neededAs: folder)
                }
                for index in 0..<git_tree_entrycount(tree.pointer) {
                    guard let entry = git_tree_entry_byindex(tree.pointer, index),
                        git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK
                    else { continue }
                    let name = String(cString: git_tree_entry_name(entry))
                    links.append(
                        TreeEntry(
                            path: folder.isEmpty ? name : folder + "/" + name, mode: .symlink,
                            id: git_tree_entry_id(entry).pointee.hex))
                }
            }
            return links
        case .index:
            // One pass over the index, which lists files in path order; only links are looked at further. The
            // index is read directly when it can be: libgit2 would load and hash all of it first.
            func link(path: String, id: () -> String) -> TreeEntry? {
                let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
                return folders.contains(folder) ? TreeEntry(path: path, mode: .symlink, id: id()) : nil
            }
            let symlink = FileMode.symlink.rawValue
            if let index = try? directIndex(indexLocation) {
                return index.entries.compactMap { entry in
                    guard entry.mode == symlink else { return nil }
                    return link(path: String(decoding: index.path(of: entry), as: UTF8.self)) {
                        index.hexID(of: entry)
                    }
                }
            }
            return try withIndex { index in
                (0..<git_index_entrycount(index)).compactMap { position -> TreeEntry? in
                    guard let entry = git_index_get_byindex(index, position), entry.pointee.mode == symlink else {
                        return nil
                    }
                    return link(path: String(cString: entry.pointee.path)) { entry.pointee.id.hex }
                }
            }
        }
    }

    private static func entry(at path: String, in tree: GitTree) throws(GitError) -> TreeEntry? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        do { try LibGit2.check(code) } catch { throw GitError.unreadable("'\(path)'", error) }
        defer { git_tree_entry_free(entry) }
        return TreeEntry(
            path: path, mode: FileMode(rawValue: git_tree_entry_filemode(entry).rawValue),
            id: git_tree_entry_id(entry).pointee.hex)
    }

    private func collectFiles(in tree: GitTree, prefix: String, limit: Int, into files: inout [TreeEntry])
        throws(GitError)
    {
        for index in 0..<git_tree_entrycount(tree.pointer) where files.count < limit {
            guard let entry = git_tree_entry_byindex(tree.pointer, index) else { continue }
            let path = prefix + String(cString: git_tree_entry_name(entry))
            let mode = FileMode(rawValue: git_tree_entry_filemode(entry).rawValue)
            let id = git_tree_entry_id(entry).pointee
            if mode == .tree {
                try collectFiles(
                    in: GitTree.lookup(id, in: pointer, neededAs: path), prefix: path + "/", limit: limit, into: &files)
            } else {
                files.append(TreeEntry(path: path, mode: mode, id: id.hex))
            }
        }
    }

    private func withIndex<Result>(_ body: (OpaquePointer) throws(GitError) -> Result) throws(GitError) -> Result {
        try indexLocation.withOpened(in: pointer, body)
    }
}
