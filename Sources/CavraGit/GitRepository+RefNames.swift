import CLibgit2

extension GitRepository {
    /// The full name git gives a ref spelled short (`main` → `refs/heads/main`, `v1` → `refs/tags/v1`), following
    /// `HEAD` to the branch it names; nil when no ref has that name or HEAD is detached.
    public func fullRefName(_ spelling: String) -> String? {
        var reference: OpaquePointer?
        guard git_reference_dwim(&reference, pointer, spelling) == 0, let reference else { return nil }
        defer { git_reference_free(reference) }
        if git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC {
            return git_reference_symbolic_target(reference).map { String(cString: $0) }
        }
        let name = String(cString: git_reference_name(reference))
        return name == "HEAD" ? nil : name
    }

    /// A configuration value as git reads it, nil when unset.
    public func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// A configuration value read as git reads a path (`git config --type=path`: a leading `~/` expanded), nil
    /// when unset.
    public func configPath(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0 else { return nil }
        defer { git_config_free(config) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_config_get_path(&buffer, config, key) == 0, let text = buffer.ptr else { return nil }
        return String(cString: text)
    }
}
