import CLibgit2

/// The remote-tracking refs standing for what a remote already has.
public struct RemoteTrackingRefs: Sendable, Hashable {
    public struct Tip: Sendable, Hashable {
        /// The full ref name, e.g. `refs/remotes/origin/main`.
        public var name: String
        /// The commit the ref peels to.
        public var commit: String
    }

    /// The configured remote the push goes to, nil when it could not be matched (a URL no remote uses).
    public var remote: String?
    /// Sorted by name.
    public var tips: [Tip]

    /// The distinct commits of the tips.
    public var commits: [String] {
        var seen: Set<String> = []
        return tips.map(\.commit).filter { seen.insert($0).inserted }
    }
}

extension GitRepository {
    /// The remote-tracking refs of the remote a push goes to. git passes the remote's name, or the URL twice
    /// when the user pushed to a URL: then the configured remote with that URL is used, and when none has it,
    /// every remote-tracking ref (each stands for commits some remote already has).
    public func remoteTrackingRefs(remote: String, url: String?) -> RemoteTrackingRefs {
        let matched = configuredRemote(named: remote) ?? configuredRemote(withURL: url ?? remote)
        let prefix = matched.map { "refs/remotes/\($0)/" } ?? "refs/remotes/"
        var tips: [RemoteTrackingRefs.Tip] = []
        for name in referenceNames() where name.hasPrefix(prefix) {
            if case .commit(let id) = referenceTarget(name) {
                tips.append(RemoteTrackingRefs.Tip(name: name, commit: id))
            }
        }
        return RemoteTrackingRefs(remote: matched, tips: tips.sorted { $0.name < $1.name })
    }

    private func configuredRemote(named name: String) -> String? {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, pointer, name) == 0, let remote else { return nil }
        git_remote_free(remote)
        return name
    }

    private func configuredRemote(withURL url: String) -> String? {
        var names = git_strarray()
        guard git_remote_list(&names, pointer) == 0 else { return nil }
        defer { git_strarray_dispose(&names) }
        for index in 0..<names.count {
            guard let raw = names.strings[index] else { continue }
            let name = String(cString: raw)
            var remote: OpaquePointer?
            guard git_remote_lookup(&remote, pointer, name) == 0, let remote else { continue }
            defer { git_remote_free(remote) }
            if let configured = git_remote_url(remote), String(cString: configured) == url { return name }
        }
        return nil
    }

    private func referenceNames() -> [String] {
        var iterator: OpaquePointer?
        guard git_reference_iterator_new(&iterator, pointer) == 0, let iterator else { return [] }
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while git_reference_next_name(&name, iterator) == 0, let name { names.append(String(cString: name)) }
        return names
    }

    private func referenceTarget(_ name: String) -> PushedObject {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, name) == 0 else { return .missing }
        return pushedObject(oid.hex)
    }
}
