import CLibgit2
import Foundation

/// The index file a staged diff reads: the one git itself would use.
///
/// During `git commit -a` and `git commit <paths>`, git runs the pre-commit hook with `GIT_INDEX_FILE` naming a
/// temporary index that holds what is about to be committed; the repository's own `index` does not have those
/// changes yet, so reading it would let them through unjudged.
struct IndexLocation {
    var path: String
    /// True when `path` is the repository's own index, which libgit2 can open with the repository's settings.
    var isRepositoryDefault: Bool

    static func current(
        for repository: OpaquePointer, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> IndexLocation {
        if let override = environment["GIT_INDEX_FILE"], !override.isEmpty {
            // As in git, a relative path is relative to the working directory, which git sets to the top of the
            // work tree before it runs a hook.
            let path =
                override.hasPrefix("/")
                ? override : FileManager.default.currentDirectoryPath + "/" + override
            return IndexLocation(path: path, isRepositoryDefault: false)
        }
        return IndexLocation(
            path: String(cString: git_repository_path(repository)) + "index", isRepositoryDefault: true)
    }
}

extension GitRepository {
    var indexLocation: IndexLocation { IndexLocation.current(for: pointer) }
}

extension IndexLocation {
    /// Runs `body` with this index opened by libgit2, and frees it after.
    func withOpened<Result>(in repository: OpaquePointer, _ body: (OpaquePointer) throws(GitError) -> Result)
        throws(GitError) -> Result
    {
        var index: OpaquePointer?
        let opened = isRepositoryDefault ? git_repository_index(&index, repository) : git_index_open(&index, path)
        do { try LibGit2.check(opened) } catch { throw .unreadable("the index '\(path)'", error) }
        defer { git_index_free(index) }
        return try body(index!)
    }
}
