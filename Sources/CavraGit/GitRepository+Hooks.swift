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
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0 else { return nil }
        defer { git_config_free(config) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_config_get_path(&buffer, config, "core.hooksPath") == 0, let text = buffer.ptr else { return nil }
        let path = String(cString: text)
        return path.isEmpty ? nil : path
    }
}
