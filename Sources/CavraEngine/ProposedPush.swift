import CavraGit
import CavraModel

/// `evaluate --push`: the ref updates `git push <remote> <refspec>...` would make, spelled as git hands them to
/// the pre-push hook, so an agent harness can ask before it pushes and get the hook's answer.
///
/// A refspec is `[+]<src>[:<dst>]` as git reads it: `<src>` a ref or commit, `HEAD` the current branch, an empty
/// `<src>` a deletion; without `<dst>` the ref keeps its name. What the remote holds comes from its
/// remote-tracking refs, so a branch the remote is not known to have is a new ref. The leading `+` needs no
/// handling: a rewrite is found from the history, not from how it was asked for.
public enum ProposedPush {
    /// - Parameter remote: the remote's name; nil takes the one `git push` would (the branch's `pushRemote`,
    ///   `remote.pushDefault`, the branch's `remote`, else `origin`).
    /// - Throws: `PushSpellingError` for a refspec git would refuse, `GitError` outside a repository.
    public static func request(refspecs: [String], remote: String?, repositoryPath: String) throws -> PushSubject {
        let repository = try GitRepository(discoveringFrom: repositoryPath)
        let remote = remote ?? defaultRemote(repository)
        let updates = try refspecs.map { try update(for: $0, remote: remote, repository: repository) }
        return PushSubject(remote: remote, url: repository.configString("remote.\(remote).url"), updates: updates)
    }

    private static func defaultRemote(_ repository: GitRepository) -> String {
        let branch = repository.fullRefName("HEAD").flatMap(branchName)
        let candidates = [
            branch.flatMap { repository.configString("branch.\($0).pushRemote") },
            repository.configString("remote.pushDefault"),
            branch.flatMap { repository.configString("branch.\($0).remote") },
        ]
        return candidates.compactMap { $0 }.first { !$0.isEmpty && $0 != "." } ?? "origin"
    }

    private static func update(for refspec: String, remote: String, repository: GitRepository) throws -> PushedRef {
        let spec = refspec.hasPrefix("+") ? String(refspec.dropFirst()) : refspec
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let source = parts[0]
        let destination = parts.count == 2 ? parts[1] : nil
        if source.isEmpty {
            guard let destination, !destination.isEmpty else { throw PushSpellingError.empty(refspec) }
            let target = remoteRefName(destination, sourceRef: nil)
            guard let remoteID = trackedCommit(of: target, remote: remote, repository: repository) else {
                throw PushSpellingError.unknownRemoteRef(ref: target, remote: remote)
            }
            let zero = String(repeating: "0", count: remoteID.count)
            return PushedRef(localRef: "(delete)", localID: zero, remoteRef: target, remoteID: remoteID)
        }
        guard let localID = try? repository.resolveCommit(source) else {
            throw PushSpellingError.unknownSource(source)
        }
        let sourceRef = repository.fullRefName(source)
        let target: String
        if let destination, !destination.isEmpty {
            target = remoteRefName(destination, sourceRef: sourceRef)
        } else if let sourceRef {
            target = sourceRef
        } else {
            throw PushSpellingError.destinationNeeded(source)
        }
        let remoteID =
            trackedCommit(of: target, remote: remote, repository: repository)
            ?? String(repeating: "0", count: localID.count)
        return PushedRef(localRef: sourceRef ?? source, localID: localID, remoteRef: target, remoteID: remoteID)
    }

    /// A short destination is a branch, or a tag when what is pushed is a tag, as git reads it.
    private static func remoteRefName(_ destination: String, sourceRef: String?) -> String {
        if destination.hasPrefix("refs/") { return destination }
        if sourceRef?.hasPrefix("refs/tags/") == true { return "refs/tags/" + destination }
        return "refs/heads/" + destination
    }

    private static func trackedCommit(of ref: String, remote: String, repository: GitRepository) -> String? {
        guard let branch = branchName(ref) else { return nil }
        return try? repository.resolveCommit("refs/remotes/\(remote)/\(branch)")
    }

    private static func branchName(_ ref: String) -> String? {
        ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : nil
    }
}

/// A refspec given to `evaluate --push` that `git push` itself would refuse.
public enum PushSpellingError: GateFailure {
    case empty(String)
    case unknownSource(String)
    case destinationNeeded(String)
    case unknownRemoteRef(ref: String, remote: String)

    public var message: String {
        switch self {
        case .empty(let refspec):
            return "the refspec '\(refspec)' names nothing to push; give a ref such as main or HEAD:refs/heads/topic"
        case .unknownSource(let source):
            return "'\(source)' names no commit here; give a branch, tag or commit id to push"
        case .destinationNeeded(let source):
            return "'\(source)' is not a ref, so say where it goes: \(source):refs/heads/NAME"
        case .unknownRemoteRef(let ref, let remote):
            return
                "\(remote) is not known to have \(ref), so deleting it cannot be judged; run git fetch \(remote) first"
        }
    }
}
