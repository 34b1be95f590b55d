import CavraModel
import Foundation

/// The range a CI platform asks the gate to judge, read from the platform's own environment.
public struct CIRange: Sendable, Hashable {
    public enum Platform: String, Sendable {
        case github, gitlab, azure
    }

    public var platform: Platform
    /// A full commit id, or a branch such as `origin/main` when `baseIsBranch`. Nil when nothing older than the
    /// head can be compared against (a first push, a tag, a scheduled run): the head commit is judged alone,
    /// against its first parent.
    public var base: String?
    /// The full commit id of the change's tip, never a synthetic merge commit when the platform names the tip.
    public var head: String
    /// True when `base` names a remote-tracking branch rather than a commit; the gate compares from the merge
    /// base of that branch and `head`.
    public var baseIsBranch: Bool
    /// The platform's name for what started the run (`pull_request`, `merge_request_event`, `PullRequest`, ...).
    public var event: String
    /// One sentence saying where base and head came from, for the report's notes.
    public var description: String

    public init(platform: Platform, base: String?, head: String, baseIsBranch: Bool, event: String, description: String)
    {
        self.platform = platform
        self.base = base
        self.head = head
        self.baseIsBranch = baseIsBranch
        self.event = event
        self.description = description
    }
}

/// Why the CI environment could not be turned into a range; the gate fails closed rather than guess.
public struct CIEnvironmentError: GateFailure, Equatable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, file: String? = nil) {
        self.message = message
        self.location = file.map { SourceLocation(file: $0) }
    }
}

/// Finds the range to judge under GitHub Actions, GitLab CI and Azure Pipelines.
public struct CIEnvironment {
    /// The range the platform's environment describes, or nil when not running under a known CI platform.
    /// - Parameters:
    ///   - env: the process environment.
    ///   - readFile: reads a file the environment points at (GitHub's event payload).
    /// - Throws: `CIEnvironmentError` when the platform is recognised but its environment or payload is missing,
    ///   malformed or names something that is not a commit.
    public static func detect(
        _ env: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) throws -> Data = { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    ) throws -> CIRange? {
        let values = EnvironmentValues(env)
        switch platform(env) {
        case .github: return try GitHubActions.range(values, readFile: readFile)
        case .gitlab: return try GitLabCI.range(values)
        case .azure: return try AzurePipelines.range(values)
        case nil: return nil
        }
    }

    /// The CI platform running the gate, or nil outside CI.
    public static func platform(_ env: [String: String]) -> CIRange.Platform? {
        let values = EnvironmentValues(env)
        if values["GITHUB_ACTIONS"] == "true" { return .github }
        if values["GITLAB_CI"] == "true" { return .gitlab }
        if values["TF_BUILD"]?.lowercased() == "true" { return .azure }
        return nil
    }
}

/// The environment with empty values treated as unset, as CI platforms set many variables to "" when unused.
public struct EnvironmentValues: Sendable {
    private let env: [String: String]

    public init(_ env: [String: String]) { self.env = env }

    public subscript(name: String) -> String? {
        guard let value = env[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A variable that must hold a full commit id.
    func commit(_ name: String, platform: String) throws -> String {
        guard let value = self[name] else {
            throw CIEnvironmentError(
                "\(platform) did not set \(name); run the gate in a \(platform) job, or pass --base and --head.")
        }
        return try CommitID.validated(value, source: name)
    }
}

/// Full commit ids as CI platforms spell them: 40 (SHA-1) or 64 (SHA-256) hex digits.
public enum CommitID {
    public static func isValid(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }

    /// The all-zero id git and CI platforms use for "no commit" (a new branch's `before`).
    static func isNull(_ text: String) -> Bool {
        text.allSatisfy { $0 == "0" }
    }

    static func validated(_ text: String, source: String, file: String? = nil) throws -> String {
        guard isValid(text) else {
            throw CIEnvironmentError(
                "\(source) is '\(text.prefix(80))', not a full commit id; pass --base and --head explicitly.",
                file: file)
        }
        return text.lowercased()
    }

    static func short(_ text: String) -> String { String(text.prefix(12)) }
}

/// GitHub Actions: base and head come from the event payload, because on pull requests `GITHUB_SHA` is a
/// synthetic merge commit that no one wrote.
enum GitHubActions {
    static func range(_ env: EnvironmentValues, readFile: (String) throws -> Data) throws -> CIRange {
        let event = env["GITHUB_EVENT_NAME"] ?? "unknown"
        switch event {
        case "pull_request", "pull_request_target":
            let payload = try Payload.read(env, event: event, readFile: readFile)
            let base = try payload.commit(["pull_request", "base", "sha"])
            let head = try payload.commit(["pull_request", "head", "sha"])
            let number = payload.value(["pull_request", "number"]).map { " #\($0)" } ?? ""
            return CIRange(
                platform: .github, base: base, head: head, baseIsBranch: false, event: event,
                description: "GitHub \(event)\(number): base \(CommitID.short(base)) and head \(CommitID.short(head)) "
                    + "from the event payload (pull_request.base.sha, pull_request.head.sha).")
        case "merge_group":
            let payload = try Payload.read(env, event: event, readFile: readFile)
            let base = try payload.commit(["merge_group", "base_sha"])
            let head = try payload.commit(["merge_group", "head_sha"])
            return CIRange(
                platform: .github, base: base, head: head, baseIsBranch: false, event: event,
                description: "GitHub merge_group: base \(CommitID.short(base)) and head \(CommitID.short(head)) "
                    + "from the event payload (merge_group.base_sha, merge_group.head_sha).")
        case "push":
            return try push(try Payload.read(env, event: event, readFile: readFile))
        default:
            let head = try env.commit("GITHUB_SHA", platform: "GitHub Actions")
            return CIRange(
                platform: .github, base: nil, head: head, baseIsBranch: false, event: event,
                description: "GitHub \(event): no base in this event, so head \(CommitID.short(head)) (GITHUB_SHA) "
                    + "is judged alone.")
        }
    }

    /// A push names what the branch pointed at before and after. A new branch has an all-zero `before`: the
    /// commits it brings are those not on the default branch, so that branch is the base; a first push of the
    /// default branch itself (or of a tag) has nothing to compare against, so the head is judged alone.
    private static func push(_ payload: Payload) throws -> CIRange {
        let head = try payload.commit(["after"])
        if CommitID.isNull(head) {
            throw CIEnvironmentError(
                "The push event deletes \(payload.value(["ref"]) ?? "a ref"); there is no commit to judge, so run "
                    + "the gate only on pushes that create or update a branch.", file: payload.file)
        }
        let ref = payload.value(["ref"]) ?? ""
        let before = try payload.string(["before"])
        guard CommitID.isNull(before) else {
            let base = try CommitID.validated(before, source: "before", file: payload.file)
            return CIRange(
                platform: .github, base: base, head: head, baseIsBranch: false, event: "push",
                description: "GitHub push to \(ref): base \(CommitID.short(base)) (before) and head "
                    + "\(CommitID.short(head)) (after) from the event payload.")
        }
        if let defaultBranch = payload.value(["repository", "default_branch"]),
            ref.hasPrefix("refs/heads/"), ref != "refs/heads/\(defaultBranch)"
        {
            return CIRange(
                platform: .github, base: "origin/\(defaultBranch)", head: head, baseIsBranch: true, event: "push",
                description: "GitHub push creating \(ref): the commits not on origin/\(defaultBranch) up to "
                    + "\(CommitID.short(head)) are judged.")
        }
        return CIRange(
            platform: .github, base: nil, head: head, baseIsBranch: false, event: "push",
            description: "GitHub push creating \(ref.isEmpty ? "a ref" : ref): nothing older to compare against, so "
                + "head \(CommitID.short(head)) is judged alone.")
    }

    /// The event payload, with lookups that say which field was missing.
    struct Payload {
        let json: [String: Any]
        let file: String

        static func read(_ env: EnvironmentValues, event: String, readFile: (String) throws -> Data) throws -> Payload {
            guard let path = env["GITHUB_EVENT_PATH"] else {
                throw CIEnvironmentError(
                    "GitHub Actions did not set GITHUB_EVENT_PATH for the \(event) event, so base and head are "
                        + "unknown; pass --base and --head explicitly.")
            }
            let data: Data
            do {
                data = try readFile(path)
            } catch {
                throw CIEnvironmentError(
                    "The GitHub event payload could not be read (\(error.localizedDescription)); check "
                        + "GITHUB_EVENT_PATH or pass --base and --head.", file: path)
            }
            guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw CIEnvironmentError(
                    "The GitHub event payload is not a JSON object; check GITHUB_EVENT_PATH or pass --base and "
                        + "--head.", file: path)
            }
            return Payload(json: json, file: path)
        }

        func value(_ keys: [String]) -> String? {
            var node: Any? = json
            for key in keys { node = (node as? [String: Any])?[key] }
            switch node {
            case let text as String: return text
            case let number as NSNumber: return number.stringValue
            default: return nil
            }
        }

        func string(_ keys: [String]) throws -> String {
            guard let text = value(keys) else {
                throw CIEnvironmentError(
                    "The GitHub event payload has no \(keys.joined(separator: ".")); pass --base and --head "
                        + "explicitly.", file: file)
            }
            return text
        }

        func commit(_ keys: [String]) throws -> String {
            try CommitID.validated(try string(keys), source: keys.joined(separator: "."), file: file)
        }
    }
}

/// GitLab CI: merge-request pipelines name the merge request's diff base; branch pipelines name the commit the
/// branch pointed at before the push.
enum GitLabCI {
    private static let platform = "GitLab CI"

    static func range(_ env: EnvironmentValues) throws -> CIRange {
        let event = env["CI_PIPELINE_SOURCE"] ?? "unknown"
        let commit = try env.commit("CI_COMMIT_SHA", platform: platform)
        if env["CI_MERGE_REQUEST_IID"] != nil || event == "merge_request_event" {
            return try mergeRequest(env, event: event, commit: commit)
        }
        let branch = env["CI_COMMIT_BRANCH"]
        if let before = env["CI_COMMIT_BEFORE_SHA"], !CommitID.isNull(before) {
            let base = try CommitID.validated(before, source: "CI_COMMIT_BEFORE_SHA")
            return CIRange(
                platform: .gitlab, base: base, head: commit, baseIsBranch: false, event: event,
                description: "GitLab \(event) pipeline for \(branch ?? "a ref"): base \(CommitID.short(base)) "
                    + "(CI_COMMIT_BEFORE_SHA) and head \(CommitID.short(commit)) (CI_COMMIT_SHA).")
        }
        // An all-zero or missing `before`: a new branch (judge what is not on the default branch), a tag or a
        // scheduled or manual run (judge the head alone).
        if let branch, let defaultBranch = env["CI_DEFAULT_BRANCH"], branch != defaultBranch {
            return CIRange(
                platform: .gitlab, base: "origin/\(defaultBranch)", head: commit, baseIsBranch: true, event: event,
                description: "GitLab \(event) pipeline for new branch \(branch): the commits not on "
                    + "origin/\(defaultBranch) up to \(CommitID.short(commit)) are judged.")
        }
        return CIRange(
            platform: .gitlab, base: nil, head: commit, baseIsBranch: false, event: event,
            description: "GitLab \(event) pipeline: nothing older to compare against, so head "
                + "\(CommitID.short(commit)) (CI_COMMIT_SHA) is judged alone.")
    }

    /// In merged-results pipelines `CI_COMMIT_SHA` is a merge GitLab made; the source branch's tip is the change.
    private static func mergeRequest(_ env: EnvironmentValues, event: String, commit: String) throws -> CIRange {
        let head = try env["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"].map {
            try CommitID.validated($0, source: "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA")
        }
        let headSource = head == nil ? "CI_COMMIT_SHA" : "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"
        let number = env["CI_MERGE_REQUEST_IID"].map { " !\($0)" } ?? ""
        if let diffBase = env["CI_MERGE_REQUEST_DIFF_BASE_SHA"] {
            let base = try CommitID.validated(diffBase, source: "CI_MERGE_REQUEST_DIFF_BASE_SHA")
            return CIRange(
                platform: .gitlab, base: base, head: head ?? commit, baseIsBranch: false, event: event,
                description: "GitLab merge request\(number): base \(CommitID.short(base)) "
                    + "(CI_MERGE_REQUEST_DIFF_BASE_SHA) and head \(CommitID.short(head ?? commit)) (\(headSource)).")
        }
        guard let target = env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] else {
            throw CIEnvironmentError(
                "GitLab CI set neither CI_MERGE_REQUEST_DIFF_BASE_SHA nor CI_MERGE_REQUEST_TARGET_BRANCH_NAME for a "
                    + "merge-request pipeline; pass --base and --head explicitly.")
        }
        return CIRange(
            platform: .gitlab, base: "origin/\(target)", head: head ?? commit, baseIsBranch: true, event: event,
            description: "GitLab merge request\(number): base origin/\(target) "
                + "(CI_MERGE_REQUEST_TARGET_BRANCH_NAME) and head \(CommitID.short(head ?? commit)) (\(headSource)).")
    }
}

/// Azure Pipelines: pull-request builds name the target branch (not a commit) and the source commit; other
/// builds name only the commit being built.
enum AzurePipelines {
    private static let platform = "Azure Pipelines"

    static func range(_ env: EnvironmentValues) throws -> CIRange {
        let event = env["BUILD_REASON"] ?? "unknown"
        guard let target = env["SYSTEM_PULLREQUEST_TARGETBRANCH"] else {
            let head = try env.commit("BUILD_SOURCEVERSION", platform: platform)
            return CIRange(
                platform: .azure, base: nil, head: head, baseIsBranch: false, event: event,
                description: "Azure \(event) build: no base for this build, so head \(CommitID.short(head)) "
                    + "(BUILD_SOURCEVERSION) is judged alone.")
        }
        // Azure Repos spell the target `refs/heads/main`; GitHub-hosted repositories spell it `main`.
        let branch = target.hasPrefix("refs/heads/") ? String(target.dropFirst("refs/heads/".count)) : target
        guard !branch.isEmpty, !branch.hasPrefix("refs/") else {
            throw CIEnvironmentError(
                "SYSTEM_PULLREQUEST_TARGETBRANCH is '\(target)', not a branch; pass --base and --head explicitly.")
        }
        let fromSource = env["SYSTEM_PULLREQUEST_SOURCECOMMITID"] != nil
        let head = try env.commit(
            fromSource ? "SYSTEM_PULLREQUEST_SOURCECOMMITID" : "BUILD_SOURCEVERSION", platform: platform)
        let number = env["SYSTEM_PULLREQUEST_PULLREQUESTNUMBER"] ?? env["SYSTEM_PULLREQUEST_PULLREQUESTID"]
        return CIRange(
            platform: .azure, base: "origin/\(branch)", head: head, baseIsBranch: true, event: event,
            description: "Azure pull request\(number.map { " \($0)" } ?? ""): base origin/\(branch) "
                + "(SYSTEM_PULLREQUEST_TARGETBRANCH) and head \(CommitID.short(head)) "
                + "(\(fromSource ? "SYSTEM_PULLREQUEST_SOURCECOMMITID" : "BUILD_SOURCEVERSION")).")
    }
}
