import Foundation
import TestSupport
import Testing

@Suite("check under simulated CI platforms")
struct SimulatedCITests {
    struct Checkout {
        let origin: ScratchRepository
        let clone: ScratchRepository
        let main: String
        let feature: String
    }

    /// An origin with main and a feature branch that adds a secret, and a CI checkout of it.
    static func checkout(depth: Int? = nil) throws -> Checkout {
        let origin = try ScratchRepository()
        for index in 0..<3 {
            try origin.write("src/file\(index).c", "int x\(index);\n")
            try origin.commitAll("main \(index)")
        }
        let main = try origin.head()
        try origin.git(["checkout", "-q", "-b", "feature"])
        try origin.write("deploy/.env", "TOKEN=1\n")
        try origin.write("src/feature.c", "int f;\n")
        let feature = try origin.commitAll("feature")
        try origin.git(["checkout", "-q", "main"])
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-ci-\(UUID().uuidString)")
        var arguments = ["git", "clone", "-q", "--no-single-branch"]
        if let depth { arguments += ["--depth", String(depth)] }
        _ = try Shell.run(arguments + ["file://\(origin.path)", target.path])
        let clone = ScratchRepository(existing: target)
        try clone.git(["checkout", "-q", "feature"])
        return Checkout(origin: origin, clone: clone, main: main, feature: feature)
    }

    static func json(_ run: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    static func summary(_ object: [String: Any]) -> [String] {
        let range = object["range"] as? [String: Any] ?? [:]
        let findings = (object["findings"] as? [[String: Any]] ?? []).map { "\($0["fingerprint"] ?? "")" }.sorted()
        return ["\(range["base"] ?? "")", "\(range["head"] ?? "")", "\(range["merge_base"] ?? "")"] + findings
    }

    static func payload(_ object: [String: Any], in checkout: Checkout) throws -> String {
        let file = checkout.clone.url.appendingPathComponent("../event-\(UUID().uuidString).json").standardizedFileURL
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        return file.path
    }

    static func environments(_ checkout: Checkout) throws -> [(String, [String: String])] {
        let pullRequest = try payload(
            [
                "pull_request": [
                    "number": 7, "base": ["sha": checkout.main, "ref": "main"],
                    "head": ["sha": checkout.feature, "ref": "feature"],
                ]
            ],
            in: checkout)
        let push = try payload(
            [
                "before": checkout.main, "after": checkout.feature, "ref": "refs/heads/feature",
                "repository": ["default_branch": "main"],
            ],
            in: checkout)
        return [
            (
                "GitHub pull_request",
                [
                    "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": pullRequest,
                    // The synthetic merge commit GitHub checks out; the payload's shas must win over it.
                    "GITHUB_SHA": checkout.main,
                ]
            ),
            (
                "GitHub push",
                [
                    "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": push,
                    "GITHUB_SHA": checkout.feature,
                ]
            ),
            (
                "GitLab merge request",
                [
                    "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "7",
                    "CI_MERGE_REQUEST_DIFF_BASE_SHA": checkout.main, "CI_COMMIT_SHA": checkout.feature,
                    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
                ]
            ),
            (
                "GitLab push",
                [
                    "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_SHA": checkout.feature,
                    "CI_COMMIT_BEFORE_SHA": checkout.main, "CI_COMMIT_BRANCH": "feature", "CI_DEFAULT_BRANCH": "main",
                ]
            ),
            (
                "Azure pull request",
                [
                    "TF_BUILD": "True", "BUILD_REASON": "PullRequest",
                    "SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/main",
                    "SYSTEM_PULLREQUEST_SOURCECOMMITID": checkout.feature, "BUILD_SOURCEVERSION": checkout.main,
                ]
            ),
        ]
    }

    @Test("each platform's pull-request and push environment gives the explicit --base/--head result")
    func platformsAgreeWithExplicitRange() throws {
        let checkout = try Self.checkout()
        let explicit = try GateBinary.run(
            ["check", "--base", checkout.main, "--head", checkout.feature, "--format", "json"], in: checkout.clone.url)
        #expect(explicit.status == 1)
        let expected = Self.summary(try Self.json(explicit))
        for (platform, environment) in try Self.environments(checkout) {
            let run = try GateBinary.run(
                ["check", "--format", "json"], in: checkout.clone.url, environment: environment)
            #expect(run.status == 1, "\(platform): \(run.stderr)")
            let object = try Self.json(run)
            #expect(Self.summary(object) == expected, "\(platform)")
            let notes = (object["range"] as? [String: Any])?["notes"] as? [String] ?? []
            #expect(
                notes.contains { $0.lowercased().contains(platform.split(separator: " ")[0].lowercased()) },
                "\(platform): \(notes)")
        }
    }

    @Test("a push of a new branch (all-zero before) is judged against the default branch, not crashed on")
    func newBranchPush() throws {
        let checkout = try Self.checkout()
        let event = try Self.payload(
            [
                "before": String(repeating: "0", count: 40), "after": checkout.feature, "ref": "refs/heads/feature",
                "created": true,
                "repository": ["default_branch": "main"],
            ],
            in: checkout)
        let run = try GateBinary.run(
            ["check", "--format", "json"], in: checkout.clone.url,
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": event,
                "GITHUB_SHA": checkout.feature,
            ])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(Self.summary(try Self.json(run)).contains(checkout.main))
    }

    @Test("a shallow CI checkout fails closed with the platform's fix, never exit 0")
    func shallowCheckout() throws {
        let checkout = try Self.checkout(depth: 1)
        let olderBase = try checkout.origin.revParse("main~1")
        let event = try Self.payload(
            ["pull_request": ["base": ["sha": olderBase], "head": ["sha": checkout.feature]]], in: checkout)
        let run = try GateBinary.run(
            ["check"], in: checkout.clone.url,
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": event,
                "GITHUB_SHA": checkout.feature,
            ])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("fetch-depth: 0"))
        #expect(run.stderr.contains("shallow"))
    }

    @Test("a malformed event payload fails closed")
    func malformedPayload() throws {
        let checkout = try Self.checkout()
        let file = checkout.clone.url.appendingPathComponent("../bad-event.json").standardizedFileURL
        try Data("{not json".utf8).write(to: file)
        let run = try GateBinary.run(
            ["check"], in: checkout.clone.url,
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": file.path,
                "GITHUB_SHA": checkout.feature,
            ])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
    }
}
