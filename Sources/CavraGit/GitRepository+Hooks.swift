import CLibgit2

extension GitRepository {
    /// The folder git runs hooks from: `core.hooksPath` when set (`~` expanded; a relative path is taken from
    /// the work tree root, or the git directory of a bare repository, as git does), else `hooks` in the common
    /// git directory, which every worktree of the repository shares.
    public var hooksDirectory: String {
        if let configured = configuredHooksPath() {
            if configured.hasPrefix("/") { return RepositoryOpener.trimmed(configured) }
            return rootPath + "/" + RepositoryOpener.trimmed(configured)
        }
        return RepositoryOpener.trimmed(String(cString: git_repository_commondir(pointer))) + "/hooks"
    }

    private func configuredHooksPath() -> String? {
        guard let path = configPath("core.hooksPath"), !path.isEmpty else { return nil }
        return path
    }
}
