import CLibgit2
import Foundation
import Synchronization

/// Opens repositories the way git does, including its `safe.directory` rule for repositories owned by another
/// user, and says so in git's words when it refuses.
enum RepositoryOpener {
    /// libgit2's owner validation is a process-wide switch; opening is serialised so that turning it off for a
    /// trusted repository never lets another thread open an untrusted one unchecked.
    private static let ownerValidationLock = Mutex(())

    static func open(discoveringFrom path: String) throws(GitError) -> OpaquePointer {
        _ = LibGit2.initialized
        return try ownerValidationLock.withLock { _ throws(GitError) in
            var repository: OpaquePointer?
            let code = git_repository_open_ext(&repository, path, 0, nil)
            if code == 0, let repository { return repository }
            let failure = LibGit2.failure(code)
            // libgit2 1.5 reports a foreign owner as a missing config value; open without its check to learn
            // whether ownership was the cause, then apply git's rule ourselves.
            cavra_git_set_owner_validation(0)
            defer { cavra_git_set_owner_validation(1) }
            guard git_repository_open_ext(&repository, path, 0, nil) == 0, let repository else {
                if failure.isNotFound { throw .notARepository(path) }
                throw .unreadable("the repository at '\(path)'", failure)
            }
            let locations = ownedLocations(of: repository)
            let root = locations[0]
            if locations.allSatisfy(isOwnedByCurrentUser) {
                git_repository_free(repository)
                throw .unreadable("the repository at '\(root)'", failure)
            }
            guard SafeDirectories.fromUserConfig().trusts(root) else {
                git_repository_free(repository)
                throw .notOwned(root)
            }
            return repository
        }
    }

    /// The work tree (or git dir of a bare repository) first, then the git dir: git requires both to be ours.
    private static func ownedLocations(of repository: OpaquePointer) -> [String] {
        let gitDir = String(cString: git_repository_path(repository))
        guard let workdir = git_repository_workdir(repository) else { return [trimmed(gitDir)] }
        return [trimmed(String(cString: workdir)), trimmed(gitDir)]
    }

    static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func isOwnedByCurrentUser(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_uid == geteuid()
    }
}

/// The `safe.directory` entries of the user's global and the system git configuration (never the
/// repository's own, which an attacker controls).
struct SafeDirectories {
    var entries: [String]

    static func fromUserConfig() -> SafeDirectories {
        var config: OpaquePointer?
        guard git_config_open_default(&config) == 0, let config else { return SafeDirectories(entries: []) }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        guard git_config_multivar_iterator_new(&iterator, config, "safe.directory", nil) == 0, let iterator else {
            return SafeDirectories(entries: [])
        }
        defer { git_config_iterator_free(iterator) }
        var entries: [String] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let value = entry?.pointee.value {
            let text = String(cString: value)
            // As in git, an empty value clears the entries listed before it.
            if text.isEmpty { entries.removeAll() } else { entries.append(text) }
        }
        return SafeDirectories(entries: entries)
    }

    func trusts(_ root: String) -> Bool {
        let wanted = RepositoryOpener.trimmed(root)
        return entries.contains { $0 == "*" || RepositoryOpener.trimmed($0) == wanted }
    }
}
