import CavraGit

/// The pre-push stage of the pre-commit framework, which hands over one ref update in environment variables
/// instead of git's stdin: `PRE_COMMIT_TO_REF` (local commit), `PRE_COMMIT_FROM_REF` (the remote's commit, or for
/// a new branch the parent of its first new commit), `PRE_COMMIT_REMOTE_BRANCH`, `PRE_COMMIT_LOCAL_BRANCH`,
/// `PRE_COMMIT_REMOTE_NAME` and `PRE_COMMIT_REMOTE_URL`. Without `PRE_COMMIT_TO_REF` the framework is pushing a
/// branch down to its root commit.
public enum PreCommitFrameworkPush {
    /// The push the variables describe.
    /// - Throws: `HookError` when a variable is missing, `GitError` when a revision cannot be resolved.
    public static func request(
        environment: [String: String], repositoryPath: String
    ) throws -> PushSubject {
        func required(_ name: String) throws(HookError) -> String {
            guard let value = environment[name], !value.isEmpty else { throw .frameworkVariableMissing(name) }
            return value
        }
        let remote = try required("PRE_COMMIT_REMOTE_NAME")
        let remoteRef = try required("PRE_COMMIT_REMOTE_BRANCH")
        let localRef = environment["PRE_COMMIT_LOCAL_BRANCH"].flatMap { $0.isEmpty ? nil : $0 }
        let repository = try GitRepository(discoveringFrom: repositoryPath)
        guard let toRef = environment["PRE_COMMIT_TO_REF"].flatMap({ $0.isEmpty ? nil : $0 }) ?? localRef else {
            throw HookError.frameworkVariableMissing("PRE_COMMIT_TO_REF")
        }
        let local = try repository.resolveCommit(toRef)
        let zero = String(repeating: "0", count: local.count)
        // The framework gives the remote's commit only for refs the remote has; a ref without a remote-tracking
        // counterpart is new there, and the gate finds its new commits itself.
        var remoteID = zero
        let branch = remoteRef.hasPrefix("refs/heads/") ? String(remoteRef.dropFirst("refs/heads/".count)) : nil
        let tracked = branch.flatMap { try? repository.resolveCommit("refs/remotes/\(remote)/\($0)") }
        if tracked != nil, let from = environment["PRE_COMMIT_FROM_REF"], !from.isEmpty {
            remoteID = try repository.resolveCommit(from)
        }
        let update = PushedRef(localRef: localRef ?? toRef, localID: local, remoteRef: remoteRef, remoteID: remoteID)
        return PushSubject(remote: remote, url: environment["PRE_COMMIT_REMOTE_URL"], updates: [update])
    }
}
