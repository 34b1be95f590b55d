import Foundation
import TestSupport
import Testing

/// Under CI a pull request is judged as a whole and commit by commit, so nothing it carried in its history
/// passes because a later commit took it out again.
@Suite("check judges the net change and every non-merge commit of a CI range")
struct CommitHistoryTests {
    /// A repository whose `main` has one commit, and a feature branch off it.
    static func repository() throws -> (ScratchRepository, base: String) {
        let repo = try ScratchRepository()
        try repo.write("README.md", "hello\n")
        let base = try repo.commitAll("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        return (repo, base)
    }

    /// The environment of a GitHub `pull_request` run from `base` to `head`, its event file kept in `.git` so it
    /// is removed with the repository and never part of the work tree.
    static func gitHubPullRequest(_ repo: ScratchRepository, base: String, head: String) throws -> [String: String] {
        let event = repo.url.appendingPathComponent(".git/cavra-event-\(UUID().uuidString).json")
        let payload = ["pull_request": ["number": 7, "base": ["sha": base], "head": ["sha": head]]]
        try JSONSerialization.data(withJSONObject: payload).write(to: event)
        return [
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": event.path,
            "GITHUB_SHA": head,
        ]
    }

    static func gitLabMergeRequest(base: String, head: String) -> [String: String] {
        [
            "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "7",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": head,
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        ]
    }

    static func json(_ run: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    static func findings(_ object: [String: Any]) -> [[String: Any]] {
        object["findings"] as? [[String: Any]] ?? []
    }

    static func mode(_ object: [String: Any]) -> String? {
        (object["range"] as? [String: Any])?["mode"] as? String
    }

    @Test("a secret added in one commit and removed in the next is denied under CI, and names its commit")
    func addedThenRemovedSecret() throws {
        let (repo, base) = try Self.repository()
        try repo.write("config/.env", "TOKEN=1\n")
        let added = try repo.commitAll("add settings")
        try repo.remove("config/.env")
        try repo.write("src/app.c", "int main(void) { return 0; }\n")
        let head = try repo.commitAll("remove settings")
        let environments = [
            ("GitHub", try Self.gitHubPullRequest(repo, base: base, head: head)),
            ("GitLab", Self.gitLabMergeRequest(base: base, head: head)),
        ]
        for (platform, environment) in environments {
            let run = try GateBinary.run(["check", "--format", "json"], in: repo.url, environment: environment)
            #expect(run.status == 1, "\(platform): \(run.stdout)\(run.stderr)")
            let object = try Self.json(run)
            #expect(Self.mode(object) == "range_and_commits", "\(platform)")
            let denied = Self.findings(object).filter { $0["decision"] as? String == "deny" }
            #expect(denied.map { $0["path"] as? String } == ["config/.env"], "\(platform)")
            #expect(denied.first?["commit"] as? String == added, "\(platform)")

            let netOnly = try GateBinary.run(
                ["check", "--no-history", "--format", "json"], in: repo.url, environment: environment)
            #expect(netOnly.status == 0, "\(platform): \(netOnly.stdout)\(netOnly.stderr)")
            #expect(Self.mode(try Self.json(netOnly)) == "range", "\(platform)")
        }
        // An explicit range keeps judging the net change unless asked for the history too.
        let explicit = try GateBinary.run(["check", "--base", base, "--head", head], in: repo.url)
        #expect(explicit.status == 0, "\(explicit.stdout)\(explicit.stderr)")
        let explicitHistory = try GateBinary.run(
            ["check", "--base", base, "--head", head, "--history"], in: repo.url)
        #expect(explicitHistory.status == 1, "\(explicitHistory.stdout)\(explicitHistory.stderr)")
        #expect(explicitHistory.stdout.contains("config/.env"))
    }

    @Test("a pull request that merged its base in is not blamed for what the base added")
    func mergedBaseIsNotBlamed() throws {
        let (repo, _) = try Self.repository()
        try repo.write("src/app.c", "int main(void) { return 0; }\n")
        try repo.commitAll("feature work")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("config/.env", "TOKEN=1\n")
        let base = try repo.commitAll("main adds settings")
        try repo.git(["checkout", "-q", "feature"])
        try repo.git(["merge", "-q", "--no-ff", "--no-edit", "main"])
        let head = try repo.head()
        let environment = try Self.gitHubPullRequest(repo, base: base, head: head)

        let run = try GateBinary.run(["check", "--format", "json"], in: repo.url, environment: environment)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let object = try Self.json(run)
        #expect(Self.mode(object) == "range_and_commits")
        let range = try #require(object["range"] as? [String: Any])
        #expect((range["commits"] as? [String])?.count == 2)
        #expect((range["notes"] as? [String] ?? []).contains { $0.contains("merge commits are left out") })
        // Judged commit by commit, the merge against its first parent carries the base's file in.
        let eachCommit = try GateBinary.run(["check", "--commits"], in: repo.url, environment: environment)
        #expect(eachCommit.status == 1, "\(eachCommit.stdout)\(eachCommit.stderr)")
    }

    @Test("a finding both the net change and one commit hold is reported once")
    func findingInNetAndCommitOnce() throws {
        let (repo, base) = try Self.repository()
        try repo.write("config/.env", "TOKEN=1\n")
        try repo.commitAll("add settings")
        try repo.write("src/app.c", "int main(void) { return 0; }\n")
        let head = try repo.commitAll("add app")
        let environment = try Self.gitHubPullRequest(repo, base: base, head: head)
        let run = try GateBinary.run(["check", "--format", "json"], in: repo.url, environment: environment)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let findings = Self.findings(try Self.json(run))
        let settings = findings.filter { $0["path"] as? String == "config/.env" }
        #expect(settings.count == 1)
        // The one kept is the net change's, which no single commit is named for.
        #expect(settings.first?["commit"] is NSNull)
        let fingerprints = findings.compactMap { $0["fingerprint"] as? String }
        #expect(Set(fingerprints).count == fingerprints.count)
    }

    @Test("the history flags apply to ranges only")
    func historyFlagsNeedARange() throws {
        let (repo, _) = try Self.repository()
        for arguments in [
            ["--staged", "--history"], ["--commit", "HEAD", "--no-history"], ["--commits", "--history"],
        ] {
            let run = try GateBinary.run(["check"] + arguments, in: repo.url)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("history"), "\(arguments): \(run.stderr)")
        }
    }
}
