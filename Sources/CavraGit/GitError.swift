import CavraModel

/// Why the git stage could not produce a change set. Every message is one sentence saying what was wrong and
/// how to fix it.
public struct GitError: GateFailure, Equatable {
    /// What went wrong, for callers that react differently to different failures.
    public enum Kind: String, Sendable {
        case notARepository
        case notOwned
        case unknownRevision
        case notACommit
        case shallowHistory
        case missingObject
        case noMergeBase
        case unreadable
    }

    public let kind: Kind
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static let shallowFix =
        "set fetch-depth: 0 (GitHub Actions), GIT_DEPTH: 0 (GitLab CI) or fetchDepth: 0 (Azure Pipelines), "
        + "or run git fetch --deepen=N / --unshallow"

    static func notARepository(_ path: String) -> GitError {
        GitError(
            .notARepository, "'\(path)' is not inside a git repository: run the gate from a clone or pass --repo DIR.")
    }

    static func notOwned(_ path: String) -> GitError {
        GitError(
            .notOwned,
            "repository at \(path) is owned by another user; if you trust it, run "
                + "git config --global --add safe.directory \(path)")
    }

    static func unknownRevision(_ revision: String) -> GitError {
        GitError(.unknownRevision, "unknown revision '\(revision)': check the branch or commit exists and is fetched.")
    }

    static func notACommit(_ revision: String) -> GitError {
        GitError(.notACommit, "revision '\(revision)' does not name a commit: give a branch, tag or commit id.")
    }

    /// A commit the request needs lies beyond the boundary of a shallow clone.
    static func shallow(missing commit: String, neededAs role: String) -> GitError {
        GitError(
            .shallowHistory,
            "commit \(commit) (\(role)) is missing because this clone is shallow: \(shallowFix).")
    }

    static func missingObject(_ id: String, neededAs role: String) -> GitError {
        GitError(
            .missingObject,
            "object \(id) (\(role)) is missing from the repository: fetch it (git fetch origin) or re-clone.")
    }

    static func noMergeBase(base: String, head: String) -> GitError {
        GitError(
            .noMergeBase,
            "'\(base)' and '\(head)' share no history, so there is no merge base to compare from: "
                + "check that the base branch is the one the change targets.")
    }

    static func tooDeep(_ start: String) -> GitError {
        GitError(
            .unreadable,
            "folders under '\(start)…' nest more than \(TreeDepth.limit) deep, deeper than git accepts "
                + "(core.maxTreeDepth), so the change cannot be judged: flatten the folders.")
    }

    /// libgit2 1.5 cannot read a split index either, so the gate cannot know what is staged.
    static func splitIndex(_ path: String) -> GitError {
        GitError(
            .unreadable,
            "the index '\(path)' is a split index (core.splitIndex), which cavra-gate cannot read: run "
                + "git config core.splitIndex false && git update-index --no-split-index, then try again.")
    }

    static func unreadable(_ what: String, _ failure: LibGit2Failure) -> GitError {
        GitError(.unreadable, "could not read \(what): \(failure.message).")
    }
}
