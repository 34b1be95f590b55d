import CLibgit2
import CavraModel

/// Why git could not answer. Each message says what was wrong and how to fix it.
public enum GitError: GateFailure, Equatable {
    case notARepository(path: String)
    case ownedByAnotherUser(path: String)
    case unknownRevision(String)
    case missingInShallowClone(what: String, commit: String)
    case parentBeyondShallowBoundary(commit: String, parent: String)
    case mergeBaseBeyondShallowBoundary(base: String, head: String, boundary: String)
    case rangeBeyondShallowBoundary(base: String, head: String, boundary: String)
    case noCommonAncestor(base: String, head: String)
    case noCommitsYet
    case libgit2(operation: String, detail: String)

    public static let shallowFix =
        "fetch the full history: set fetch-depth: 0 (GitHub Actions), GIT_DEPTH: 0 (GitLab CI) or fetchDepth: \"0\" (Azure Pipelines), or run git fetch --deepen=N or git fetch --unshallow"

    public var message: String {
        switch self {
        case .notARepository(let path):
            return "\(path) is not a git repository (nor inside one); run cavra-gate inside a repository or pass --repo DIR"
        case .ownedByAnotherUser(let path):
            return
                "repository at \(path) is owned by another user, so git refuses to use it (safe.directory); if you trust it, run git config --global --add safe.directory \(path)"
        case .unknownRevision(let revision):
            return "unknown revision '\(revision)': check that the branch, tag or commit exists and has been fetched"
        case .missingInShallowClone(let what, let commit):
            return "\(what) \(commit) is not in this shallow clone, so the gate cannot see the change; \(Self.shallowFix)"
        case .parentBeyondShallowBoundary(let commit, let parent):
            return "the parent \(parent) of commit \(commit) is not in this shallow clone, so the gate cannot see what the commit changed; \(Self.shallowFix)"
        case .mergeBaseBeyondShallowBoundary(let base, let head, let boundary):
            return
                "the merge base of \(base) and \(head) is not in this shallow clone (its history stops at \(boundary)), so the gate cannot see the pull request's changes; \(Self.shallowFix)"
        case .rangeBeyondShallowBoundary(let base, let head, let boundary):
            return
                "the commits between \(base) and \(head) reach past this shallow clone's history (it stops at \(boundary)), so not every commit can be judged; \(Self.shallowFix)"
        case .noCommonAncestor(let base, let head):
            return
                "\(base) and \(head) have no common ancestor, so there is no pull-request view of them; check the base branch, or judge the head with --commit"
        case .noCommitsYet:
            return "the repository has no commits yet; use --staged to judge the first commit before it is made"
        case .libgit2(let operation, let detail):
            return "git could not \(operation): \(detail)"
        }
    }
}

/// The last libgit2 error of this thread, read immediately because libgit2 keeps it per thread.
struct LastError {
    let code: Int32
    let errorClass: Int32
    let text: String

    static func read(code: Int32) -> LastError {
        guard let error = git_error_last() else { return LastError(code: code, errorClass: 0, text: "error \(code)") }
        return LastError(code: code, errorClass: error.pointee.klass, text: String(cString: error.pointee.message))
    }

    var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    var isMissingObject: Bool { isNotFound || errorClass == Int32(GIT_ERROR_ODB.rawValue) }
}

/// Throws a `GitError.libgit2` for a negative libgit2 return code.
@discardableResult
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
    guard code < 0 else { return code }
    throw GitError.libgit2(operation: operation(), detail: LastError.read(code: code).text)
}
