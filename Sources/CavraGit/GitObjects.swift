import CLibgit2

/// Owns a `git_commit*`.
final class GitCommit {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_commit_free(pointer) }

    var id: String { git_commit_id(pointer).pointee.hex }
    var time: Int64 { git_commit_time(pointer) }

    /// The parent ids as recorded in the commit, whether or not those commits are present.
    var recordedParentIDs: [String] {
        (0..<git_commit_parentcount(pointer)).map { git_commit_parent_id(pointer, $0).pointee.hex }
    }

    func tree() throws(LibGit2Failure) -> GitTree {
        var tree: OpaquePointer?
        try LibGit2.check(git_commit_tree(&tree, pointer))
        return GitTree(tree!)
    }
}

/// Owns a `git_tree*`.
final class GitTree {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_free(pointer) }

    var id: git_oid { git_tree_id(pointer).pointee }

    /// Looks up a tree by id; `role` says what it was needed for, should it be missing.
    static func lookup(_ id: git_oid, in repository: OpaquePointer, neededAs role: String) throws(GitError) -> GitTree {
        var oid = id
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, repository, &oid) == 0, let tree else {
            throw .missingObject(id.hex, neededAs: role)
        }
        return GitTree(tree)
    }
}

/// Owns a `git_diff*`.
final class GitDiff {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_diff_free(pointer) }
}

/// Owns a `git_blob*`.
final class GitBlob {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_blob_free(pointer) }

    var bytes: [UInt8] {
        let size = Int(git_blob_rawsize(pointer))
        guard size > 0, let raw = git_blob_rawcontent(pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    var isBinary: Bool { git_blob_is_binary(pointer) == 1 }
}
