import CLibgit2
import CavraModel
import Foundation

/// One open repository. Not `Sendable`: libgit2 objects are used from one thread at a time.
public final class GitRepository {
    let handle: Owned<OpaquePointer>
    var pointer: OpaquePointer { handle.pointer }
    /// Commits recorded in `.git/shallow`: present, but their parents are not.
    let shallowBoundary: Set<String>

    /// Opens the repository containing `path`, searching upward like git does.
    public init(discoveringFrom path: String) throws {
        _ = libgit2Initialised
        var repository: OpaquePointer?
        let code = git_repository_open_ext(&repository, path, 0, nil)
        guard code == 0, let repository else {
            let error = LastError.read(code: code)
            // libgit2 1.5 reports a refused owner as a missing `safe.directory` config value.
            if code == GIT_EOWNER.rawValue || error.text.contains("safe.directory") {
                throw GitError.ownedByAnotherUser(path: Self.absolute(path))
            }
            if error.isNotFound { throw GitError.notARepository(path: Self.absolute(path)) }
            throw GitError.libgit2(operation: "open the repository at \(path)", detail: error.text)
        }
        handle = Owned(repository, free: git_repository_free)
        let gitDirectory = String(cString: git_repository_path(repository))
        shallowBoundary = Self.readShallowFile(URL(fileURLWithPath: gitDirectory).appendingPathComponent("shallow"))
    }

    /// The work tree's root, or the git directory of a bare repository.
    public var rootPath: String {
        let raw = git_repository_workdir(pointer) ?? git_repository_path(pointer)!
        let path = String(cString: raw)
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    public var isShallow: Bool { !shallowBoundary.isEmpty }

    /// The full id of the commit a revision names (branches, `origin/main`, tags, short ids, `HEAD~3`, `@{upstream}`).
    public func resolveCommit(_ revision: String) throws -> String {
        try lookupCommit(revision).id
    }

    /// The bytes of `path` as committed at `revision`; nil when the path does not exist there.
    public func fileContent(path: String, atRevision revision: String) throws -> [UInt8]? {
        let commit = try lookupCommit(revision)
        let tree = try self.tree(of: commit.handle, label: revision)
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "find \(path) at \(revision)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return try blobBytes(git_tree_entry_id(entry).pointee)
    }

    // MARK: - Objects

    struct Commit {
        let id: String
        let handle: CommitHandle
    }

    func lookupCommit(_ revision: String) throws -> Commit {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        guard code == 0, let object else {
            let error = LastError.read(code: code)
            if isShallow, error.isMissingObject { throw GitError.missingInShallowClone(what: "commit", commit: revision) }
            if error.isNotFound || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue
                || error.errorClass == Int32(GIT_ERROR_ODB.rawValue)
            {
                throw GitError.unknownRevision(revision)
            }
            throw GitError.libgit2(operation: "resolve '\(revision)'", detail: error.text)
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled else {
            throw GitError.unknownRevision(revision)
        }
        let handle = CommitHandle(peeled, free: git_commit_free)
        return Commit(id: git_commit_id(peeled).pointee.hex, handle: handle)
    }

    func lookupCommit(id: String, role: String) throws -> Commit {
        guard var oid = git_oid(hex: id) else { throw GitError.unknownRevision(id) }
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, pointer, &oid)
        guard code == 0, let commit else {
            let error = LastError.read(code: code)
            if isShallow, error.isMissingObject { throw GitError.missingInShallowClone(what: role, commit: id) }
            throw GitError.libgit2(operation: "read \(role) \(id)", detail: error.text)
        }
        return Commit(id: id, handle: CommitHandle(commit, free: git_commit_free))
    }

    func tree(of commit: CommitHandle, label: String) throws -> TreeHandle {
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit.pointer), "read the tree of \(label)")
        return TreeHandle(tree!, free: git_tree_free)
    }

    /// Parent ids as recorded, or none for a commit on the shallow boundary (whose parents were not fetched).
    func parentIDs(of commit: Commit) -> [String] {
        if shallowBoundary.contains(commit.id) { return [] }
        let count = git_commit_parentcount(commit.handle.pointer)
        return (0..<count).map { git_commit_parent_id(commit.handle.pointer, $0).pointee.hex }
    }

    /// The first parent to diff a commit against: nil for a root commit; an error when a shallow clone lacks it.
    func firstParent(of commit: Commit) throws -> Commit? {
        if shallowBoundary.contains(commit.id), git_commit_parentcount(commit.handle.pointer) > 0 {
            let parent = git_commit_parent_id(commit.handle.pointer, 0).pointee.hex
            throw GitError.parentBeyondShallowBoundary(commit: commit.id, parent: parent)
        }
        guard let parent = parentIDs(of: commit).first else { return nil }
        return try lookupCommit(id: parent, role: "parent commit")
    }

    func blobBytes(_ id: git_oid) throws -> [UInt8] {
        var oid = id
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id.hex)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    private static func readShallowFile(_ url: URL) -> Set<String> {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map(String.init))
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
