import CavraGit
import CavraModel

/// What one ref update of a push does, and which commits it brings that the remote does not have yet.
struct PlannedUpdate {
    var pushed: PushedRef
    var update: RefUpdate
    /// Parents before children; empty for deletions and refs that name no commit.
    var commits: [String]
}

/// Classifies each ref update (create, update, force, delete) and finds its new commits.
///
/// - A normal update brings `remote..local`.
/// - A new ref brings the commits no remote-tracking ref of the remote reaches: a branch made from one already
///   on the remote brings only its own commits, never the whole history. With no remote-tracking refs at all
///   nothing is known to be there, so everything reachable is new.
/// - A force push (the remote's commit is not an ancestor of the local one) brings the commits neither the old
///   remote commit nor the remote-tracking refs reach. A remote commit missing here cannot be an ancestor of
///   the local commit (the local history would contain it), so it is a force push; in a shallow clone the
///   missing part of history could hold it, so the gate cannot decide.
/// - Any change to an existing tag is a force push: git moves a tag only when forced.
struct PushPlanner {
    let repository: GitRepository
    let remoteRefs: RemoteTrackingRefs

    func plan(_ pushed: PushedRef) throws -> PlannedUpdate {
        let ref = pushed.remoteRef
        if pushed.isDeletion {
            return PlannedUpdate(
                pushed: pushed, update: RefUpdate(ref: ref, operation: .delete, oldID: pushed.remoteID), commits: [])
        }
        let local: String?
        switch repository.pushedObject(pushed.localID) {
        case .missing: throw HookError.missingPushedObject(id: pushed.localID, ref: ref)
        case .notACommit: local = nil
        case .commit(let id): local = id
        }
        let operation: RefOperation
        var excluded = remoteRefs.commits
        if pushed.isCreation {
            operation = .create
        } else {
            let remote = try remoteCommit(of: pushed)
            if let remote, let local, !ref.hasPrefix("refs/tags/"), try repository.isAncestor(remote, of: local) {
                operation = .update
                excluded = [remote]
            } else {
                operation = .force
                if let remote { excluded.append(remote) }
            }
        }
        let update = RefUpdate(
            ref: ref, operation: operation, oldID: pushed.isCreation ? nil : pushed.remoteID, newID: pushed.localID)
        let commits = try local.map { try repository.commits(reachableFrom: $0, excluding: excluded) } ?? []
        return PlannedUpdate(pushed: pushed, update: update, commits: commits)
    }

    /// The commit the remote's ref is at, nil when it is no commit or is unknown here (both mean a rewrite).
    private func remoteCommit(of pushed: PushedRef) throws -> String? {
        switch repository.pushedObject(pushed.remoteID) {
        case .commit(let id): return id
        case .notACommit: return nil
        case .missing:
            if repository.isShallowClone {
                throw HookError.unknownRemoteCommitInShallowClone(id: pushed.remoteID, ref: pushed.remoteRef)
            }
            return nil
        }
    }
}
