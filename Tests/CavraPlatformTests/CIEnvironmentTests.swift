import CavraModel
import Foundation
import Testing

@testable import CavraPlatform

@Suite struct CIEnvironmentTests {
    private static let base = String(repeating: "a", count: 40)
    private static let head = String(repeating: "b", count: 40)
    private static let merge = String(repeating: "c", count: 40)
    private static let zeros = String(repeating: "0", count: 40)

    /// Detects with a payload served from memory under the path `GITHUB_EVENT_PATH` names.
    private func detect(_ env: [String: String], payload: String? = nil) throws -> CIRange? {
        try CIEnvironment.detect(env) { path in
            guard let payload, path == env["GITHUB_EVENT_PATH"] else {
                throw CocoaError(.fileReadNoSuchFile)
            }
            return Data(payload.utf8)
        }
    }

    private func github(_ event: String) -> [String: String] {
        [
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": "/runner/event.json",
            "GITHUB_SHA": Self.merge,
        ]
    }

    @Test func isNilOutsideCI() throws {
        #expect(try detect(["HOME": "/home/dev", "GITHUB_ACTIONS": "false"]) == nil)
    }

    // MARK: GitHub

    @Test(arguments: ["pull_request", "pull_request_target"])
    func githubPullRequestsUsePayloadShasNotTheSyntheticMerge(event: String) throws {
        let payload = """
            {"number": 7, "pull_request": {"number": 7, "base": {"sha": "\(Self.base)", "ref": "main"},
             "head": {"sha": "\(Self.head)"}}}
            """
        let range = try #require(try detect(github(event), payload: payload))
        #expect(range.platform == .github)
        #expect(range.base == Self.base)
        #expect(range.head == Self.head)
        #expect(!range.baseIsBranch)
        #expect(range.event == event)
        #expect(range.description.contains("#7"))
    }

    @Test func githubMergeGroupsUseTheQueueShas() throws {
        let payload = #"{"merge_group": {"base_sha": "\#(Self.base)", "head_sha": "\#(Self.head)"}}"#
        let range = try #require(try detect(github("merge_group"), payload: payload))
        #expect(range.base == Self.base)
        #expect(range.head == Self.head)
    }

    @Test func githubPushesCompareBeforeWithAfter() throws {
        let payload = #"{"ref": "refs/heads/main", "before": "\#(Self.base)", "after": "\#(Self.head)"}"#
        let range = try #require(try detect(github("push"), payload: payload))
        #expect(range.base == Self.base)
        #expect(range.head == Self.head)
        #expect(!range.baseIsBranch)
    }

    @Test func githubNewBranchPushesJudgeWhatIsNotOnTheDefaultBranch() throws {
        let payload = """
            {"ref": "refs/heads/feature", "before": "\(Self.zeros)", "after": "\(Self.head)", "created": true,
             "repository": {"default_branch": "trunk"}}
            """
        let range = try #require(try detect(github("push"), payload: payload))
        #expect(range.base == "origin/trunk")
        #expect(range.baseIsBranch)
        #expect(range.head == Self.head)
    }

    @Test func githubFirstPushOfTheDefaultBranchJudgesTheHeadAlone() throws {
        let payload = """
            {"ref": "refs/heads/main", "before": "\(Self.zeros)", "after": "\(Self.head)",
             "repository": {"default_branch": "main"}}
            """
        let range = try #require(try detect(github("push"), payload: payload))
        #expect(range.base == nil)
        #expect(range.head == Self.head)
    }

    @Test func githubBranchDeletionFailsClosed() throws {
        let payload =
            #"{"ref": "refs/heads/old", "before": "\#(Self.base)", "after": "\#(Self.zeros)", "deleted": true}"#
        #expect(throws: CIEnvironmentError.self) { try detect(github("push"), payload: payload) }
    }

    @Test func githubOtherEventsJudgeGithubShaAlone() throws {
        let range = try #require(try detect(github("workflow_dispatch")))
        #expect(range.base == nil)
        #expect(range.head == Self.merge)
        #expect(range.event == "workflow_dispatch")
    }

    @Test(arguments: [
        "not json at all",
        "[1, 2, 3]",
        #"{"pull_request": {"base": {"sha": "main"}, "head": {"sha": "bbbb"}}}"#,
        #"{"pull_request": {"head": {"sha": "\#(String(repeating: "b", count: 40))"}}}"#,
    ])
    func githubMalformedPayloadsFailClosed(payload: String) throws {
        let error = try #require(throws: CIEnvironmentError.self) {
            try detect(github("pull_request"), payload: payload)
        }
        #expect(error.location?.file == "/runner/event.json")
        #expect(error.message.contains("--base"))
    }

    @Test func githubPullRequestWithoutAPayloadFailsClosed() throws {
        var env = github("pull_request")
        env["GITHUB_EVENT_PATH"] = nil
        #expect(throws: CIEnvironmentError.self) { try detect(env) }
        #expect(throws: CIEnvironmentError.self) { try detect(github("pull_request")) }
    }

    @Test func githubReadsThePayloadFromDiskByDefault() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("event-\(UUID().uuidString).json")
        try Data(#"{"pull_request": {"base": {"sha": "\#(Self.base)"}, "head": {"sha": "\#(Self.head)"}}}"#.utf8)
            .write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var env = github("pull_request")
        env["GITHUB_EVENT_PATH"] = file.path
        let range = try #require(try CIEnvironment.detect(env))
        #expect(range.base == Self.base)
    }

    // MARK: GitLab

    private func gitlab(_ values: [String: String]) -> [String: String] {
        ["GITLAB_CI": "true", "CI_COMMIT_SHA": Self.merge].merging(values) { $1 }
    }

    @Test func gitlabMergeRequestsUseTheDiffBase() throws {
        let env = gitlab([
            "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "12",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": Self.base, "CI_COMMIT_SHA": Self.head,
            "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": "",
        ])
        let range = try #require(try detect(env))
        #expect(range.platform == .gitlab)
        #expect(range.base == Self.base)
        #expect(range.head == Self.head)
        #expect(range.description.contains("!12"))
    }

    @Test func gitlabMergedResultsPipelinesJudgeTheSourceBranchTip() throws {
        let env = gitlab([
            "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "12",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": Self.base, "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": Self.head,
        ])
        let range = try #require(try detect(env))
        #expect(range.head == Self.head)
    }

    @Test func gitlabPushesCompareWithTheCommitBefore() throws {
        let env = gitlab(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BEFORE_SHA": Self.base, "CI_COMMIT_BRANCH": "main"])
        let range = try #require(try detect(env))
        #expect(range.base == Self.base)
        #expect(range.head == Self.merge)
    }

    @Test func gitlabNewBranchesCompareWithTheDefaultBranch() throws {
        let env = gitlab([
            "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BEFORE_SHA": Self.zeros, "CI_COMMIT_BRANCH": "feature",
            "CI_DEFAULT_BRANCH": "main",
        ])
        let range = try #require(try detect(env))
        #expect(range.base == "origin/main")
        #expect(range.baseIsBranch)
    }

    @Test func gitlabTagsAndFirstPushesJudgeTheHeadAlone() throws {
        let tag = gitlab(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BEFORE_SHA": Self.zeros, "CI_COMMIT_TAG": "v1"])
        #expect(try detect(tag)?.base == nil)
        let first = gitlab([
            "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BEFORE_SHA": Self.zeros, "CI_COMMIT_BRANCH": "main",
            "CI_DEFAULT_BRANCH": "main",
        ])
        #expect(try detect(first)?.base == nil)
    }

    @Test func gitlabWithoutACommitFailsClosed() throws {
        #expect(throws: CIEnvironmentError.self) { try detect(["GITLAB_CI": "true"]) }
        #expect(throws: CIEnvironmentError.self) {
            try detect(gitlab(["CI_MERGE_REQUEST_IID": "3", "CI_MERGE_REQUEST_DIFF_BASE_SHA": "HEAD~1"]))
        }
    }

    // MARK: Azure

    private func azure(_ values: [String: String]) -> [String: String] {
        ["TF_BUILD": "True", "BUILD_SOURCEVERSION": Self.merge].merging(values) { $1 }
    }

    @Test(arguments: ["refs/heads/main", "main"])
    func azurePullRequestsCompareWithTheTargetBranch(target: String) throws {
        let env = azure([
            "BUILD_REASON": "PullRequest", "SYSTEM_PULLREQUEST_TARGETBRANCH": target,
            "SYSTEM_PULLREQUEST_SOURCECOMMITID": Self.head, "SYSTEM_PULLREQUEST_PULLREQUESTID": "41",
        ])
        let range = try #require(try detect(env))
        #expect(range.platform == .azure)
        #expect(range.base == "origin/main")
        #expect(range.baseIsBranch)
        #expect(range.head == Self.head)
        #expect(range.event == "PullRequest")
    }

    @Test func azurePullRequestsWithoutTheSourceCommitUseTheBuiltCommit() throws {
        let env = azure(["BUILD_REASON": "PullRequest", "SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/release/2.x"])
        let range = try #require(try detect(env))
        #expect(range.base == "origin/release/2.x")
        #expect(range.head == Self.merge)
    }

    @Test func azurePushBuildsJudgeTheBuiltCommitAlone() throws {
        let range = try #require(try detect(azure(["BUILD_REASON": "IndividualCI"])))
        #expect(range.base == nil)
        #expect(range.head == Self.merge)
    }

    @Test func azureRejectsTargetsThatAreNotBranches() throws {
        let env = azure(["SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/tags/v1"])
        #expect(throws: CIEnvironmentError.self) { try detect(env) }
    }
}
