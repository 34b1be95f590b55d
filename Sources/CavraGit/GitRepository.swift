import CLibgit2
import CavraModel
import Foundation

/// A git repository opened through libgit2. Not `Sendable`: libgit2 objects must stay on one thread at a time.
public final class GitRepository {
    let pointer: OpaquePointer
    /// Commits at the boundary of a shallow clone; their recorded parents are absent.
    let shallowBoundary: Set<String>
    /// The index as read directly, kept for the run: the staged changes and the links beside them both need it,
    /// and reading a large index costs more than the rest of a pre-commit run.
    private var directlyReadIndex: (path: String, index: IndexFile)?

    /// Opens the repository containing `path`, searching upward like git does.
    /// - Throws: `GitError` when `path` is not inside a repository or the repository is owned by another user
    ///   and not listed in `safe.directory`.
    public init(discoveringFrom path: String) throws {
        pointer = try RepositoryOpener.open(discoveringFrom: path)
        shallowBoundary = ShallowFile.boundary(commonDirectory: String(cString: git_repository_commondir(pointer)))
    }

    deinit { git_repository_free(pointer) }

    /// The work tree root, or the git directory of a bare repository.
    public var rootPath: String {
        let path = git_repository_workdir(pointer) ?? git_repository_path(pointer)
        return RepositoryOpener.trimmed(String(cString: path!))
    }

    /// The git directory shared by every work tree of the repository (`.git` of the main work tree).
    public var commonDirectoryPath: String {
        RepositoryOpener.trimmed(String(cString: git_repository_commondir(pointer)))
    }

    /// Whether the repository has a work tree (a bare repository does not).
    public var hasWorkTree: Bool { git_repository_workdir(pointer) != nil }

    var isShallow: Bool { !shallowBoundary.isEmpty }

    /// The index file read directly, or nil when only libgit2 can read it.
    /// - Throws: `GitError.splitIndex`, which neither reader handles.
    func directIndex(_ location: IndexLocation) throws(GitError) -> IndexFile? {
        if let cached = directlyReadIndex, cached.path == location.path { return cached.index }
        do {
            let index = try IndexFile.read(path: location.path)
            directlyReadIndex = (location.path, index)
            return index
        } catch {
            if error == .splitIndex { throw .splitIndex(location.path) }
            return nil
        }
    }

    /// The full commit id a revision names: branches, remote-tracking branches, tags (peeled), short or full ids
    /// and ancestry spellings such as `HEAD~3`.
    /// - Throws: `GitError` when the revision is unknown or does not name a commit.
    public func resolveCommit(_ revision: String) throws -> String {
        try commit(revision).id
    }

    func commit(_ revision: String) throws(GitError) -> GitCommit {
        var object: OpaquePointer?
        do {
            try LibGit2.check(git_revparse_single(&object, pointer, revision))
        } catch {
            if isShallow, error.isMissingObject || Self.looksLikeCommitID(revision) {
                throw .shallow(missing: revision, neededAs: "the revision '\(revision)'")
            }
            throw .unknownRevision(revision)
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled else {
            throw .notACommit(revision)
        }
        return GitCommit(peeled)
    }

    /// Looks up a commit by full id; `role` says what the request needed it for, for the error message.
    func commit(id: String, neededAs role: String) throws(GitError) -> GitCommit {
        guard var oid = git_oid(hex: id) else { throw .unknownRevision(id) }
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, pointer, &oid) == 0, let commit else {
            if isShallow { throw .shallow(missing: id, neededAs: role) }
            throw .missingObject(id, neededAs: role)
        }
        return GitCommit(commit)
    }

    /// The bytes of a file at a revision, or nil when the path does not exist there.
    /// - Throws: `GitError` when the revision cannot be resolved or the path names something other than a file.
    public func fileContent(path: String, atRevision revision: String) throws -> [UInt8]? {
        let tree: GitTree
        do { tree = try commit(revision).tree() } catch let failure as LibGit2Failure {
            throw GitError.unreadable("the tree of '\(revision)'", failure)
        }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        do { try LibGit2.check(code) } catch { throw GitError.unreadable("'\(path)' at '\(revision)'", error) }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else {
            throw GitError(.unreadable, "'\(path)' at '\(revision)' is not a file: it must be a regular file.")
        }
        return try blob(git_tree_entry_id(entry).pointee).bytes
    }

    func blob(_ id: git_oid) throws(GitError) -> GitBlob {
        var oid = id
        var blob: OpaquePointer?
        guard git_blob_lookup(&blob, pointer, &oid) == 0, let blob else {
            throw .missingObject(id.hex, neededAs: "file content")
        }
        return GitBlob(blob)
    }

    private static func looksLikeCommitID(_ revision: String) -> Bool {
        (4...40).contains(revision.count) && revision.allSatisfy(\.isHexDigit)
    }
}

/// Reads `shallow` in the common git directory, the list of commits whose parents a shallow clone did not fetch.
enum ShallowFile {
    static func boundary(commonDirectory: String) -> Set<String> {
        let path = RepositoryOpener.trimmed(commonDirectory) + "/shallow"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map(String.init).filter { git_oid(hex: $0) != nil })
    }
}
