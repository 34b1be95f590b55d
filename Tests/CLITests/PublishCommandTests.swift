import Foundation
import TestSupport
import Testing

@Suite("publish and check --publish post to a fake GitHub and keep the token out of every output")
struct PublishCommandTests {
    static let token = "ghs_FAKEtoken0123456789abcdefABCDEF"

    /// A repository whose feature branch adds a denied file.
    static func deniedChange() throws -> (ScratchRepository, base: String, head: String) {
        let (repo, base) = try ExitCodeTests.repository(adding: ["deploy/.env": "TOKEN=x\n"])
        return (repo, base, try repo.head())
    }

    static func flags(_ server: LoopbackServer, head: String) -> [String] {
        ["--platform", "github", "--api-url", server.baseURL, "--repository", "octo/app", "--sha", head]
    }

    static func expectNoToken(_ run: ProcessResult) {
        #expect(!run.stdout.contains(token))
        #expect(!run.stderr.contains(token))
    }

    @Test("publish posts the result's check run and comment and exits 0 whatever the verdict")
    func publishes() throws {
        let (repo, base, head) = try Self.deniedChange()
        let resultFile = repo.url.appendingPathComponent("../result-\(UUID().uuidString).json").standardized.path
        let judged = try GateBinary.run(
            ["check", "--base", base, "--head", head, "--format", "json", "--output", resultFile], in: repo.url)
        #expect(judged.status == 1, "\(judged.stderr)")
        let server = try LoopbackServer(routes: [
            "POST /repos/octo/app/check-runs": .init(status: 201, body: #"{"id": 5}"#),
            "GET /repos/octo/app/issues/4/comments": .init(body: "[]"),
            "POST /repos/octo/app/issues/4/comments": .init(status: 201, body: #"{"id": 6}"#),
        ])
        defer { server.stop() }
        let run = try GateBinary.run(
            ["publish", "--result", resultFile, "--pull-request", "4"] + Self.flags(server, head: head), in: repo.url,
            environment: ["GITHUB_TOKEN": Self.token])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("published check run 5 (failure)"))
        #expect(run.stderr.contains("published comment 6 on #4 added"))
        Self.expectNoToken(run)
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST", "GET", "POST"])
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.token)" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(requests[0].body)) as? [String: Any])
        #expect(body["head_sha"] as? String == head)
        let output = try #require(body["output"] as? [String: Any])
        #expect((output["annotations"] as? [Any])?.isEmpty == true)
        #expect((output["summary"] as? String)?.contains("deploy/.env") == true)
    }

    @Test("publish exits 2 with the HTTP status when the token is refused")
    func refusedToken() throws {
        let (repo, base, head) = try Self.deniedChange()
        let resultFile = repo.url.appendingPathComponent("../result-\(UUID().uuidString).json").standardized.path
        _ = try GateBinary.run(
            ["check", "--base", base, "--head", head, "--format", "json", "--output", resultFile], in: repo.url)
        let server = try LoopbackServer(routes: [
            "/repos/octo/app/check-runs": .init(status: 401, body: #"{"message": "Bad credentials"}"#)
        ])
        defer { server.stop() }
        let run = try GateBinary.run(
            ["publish", "--result", resultFile] + Self.flags(server, head: head), in: repo.url,
            environment: ["GITHUB_TOKEN": Self.token])
        #expect(run.status == 2)
        #expect(run.stderr.contains("GitHub answered HTTP 401 to creating the check run: Bad credentials"))
        Self.expectNoToken(run)
    }

    @Test("publish refuses to run without a token, and never takes one on the command line")
    func noToken() throws {
        let (repo, _, head) = try Self.deniedChange()
        let resultFile = repo.url.appendingPathComponent("../result-\(UUID().uuidString).json").standardized.path
        _ = try GateBinary.run(["check", "--format", "json", "--output", resultFile, "--commit", head], in: repo.url)
        let run = try GateBinary.run(
            ["publish", "--result", resultFile, "--platform", "github", "--repository", "o/r", "--sha", head],
            in: repo.url, environment: ["GITHUB_TOKEN": ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("GITHUB_TOKEN is not set"))
        let flag = try GateBinary.run(["publish", "--result", resultFile, "--token", "x"], in: repo.url)
        #expect(flag.status == 2)
    }

    @Test("check --publish keeps the verdict's exit code when publishing fails, and --publish-required makes it 2")
    func checkPublish() throws {
        let (repo, base, head) = try Self.deniedChange()
        let server = try LoopbackServer(routes: [
            "/repos/octo/app/check-runs": .init(status: 401, body: #"{"message": "Bad credentials"}"#)
        ])
        defer { server.stop() }
        let check = ["check", "--base", base, "--head", head, "--publish"] + Self.flags(server, head: head)
        let kept = try GateBinary.run(check, in: repo.url, environment: ["GITHUB_TOKEN": Self.token])
        #expect(kept.status == 1, "\(kept.stderr)")
        #expect(kept.stderr.contains("publishing failed: GitHub answered HTTP 401"))
        Self.expectNoToken(kept)
        let required = try GateBinary.run(
            check + ["--publish-required"], in: repo.url, environment: ["GITHUB_TOKEN": Self.token])
        #expect(required.status == 2)
        #expect(required.stderr.contains("HTTP 401"))
        Self.expectNoToken(required)
        #expect(try server.requests().count == 2)
    }

    @Test("the hooks' and evaluate's fast paths never load libcurl; publishing does")
    func networkingIsLoadedOnlyToPublish() throws {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        let head = try repo.commitAll("base")
        try repo.write("src/a.c", "int a;\n")
        try repo.git(["add", "src/a.c"])
        let trace = ["LD_DEBUG": "libs"]
        let hook = try GateBinary.run(["hook", "pre-commit"], in: repo.url, environment: trace)
        #expect(hook.status == 0, "\(hook.stderr.suffix(400))")
        #expect(hook.stderr.contains("libc.so"), "LD_DEBUG did not trace library loading")
        #expect(!hook.stderr.contains("libcurl"))
        let evaluate = try GateBinary.run(["evaluate", "--path", "src/a.c"], in: repo.url, environment: trace)
        #expect(!evaluate.stderr.contains("libcurl"))

        let resultFile = repo.url.appendingPathComponent("result.json").path
        _ = try GateBinary.run(["check", "--commit", head, "--format", "json", "--output", resultFile], in: repo.url)
        let publish = try GateBinary.run(
            [
                "publish", "--result", resultFile, "--platform", "github", "--repository", "o/r", "--api-url",
                "http://127.0.0.1:1",
            ], in: repo.url, environment: trace.merging(["GITHUB_TOKEN": Self.token]) { $1 })
        #expect(publish.status == 2)
        #expect(publish.stderr.contains("libcurl"))
    }

    @Test("check --publish posts the verdict it judged")
    func checkPublishPosts() throws {
        let (repo, base, head) = try Self.deniedChange()
        let server = try LoopbackServer(routes: [
            "POST /repos/octo/app/check-runs": .init(status: 201, body: #"{"id": 9}"#)
        ])
        defer { server.stop() }
        let run = try GateBinary.run(
            ["check", "--base", base, "--head", head, "--publish", "--publish-required"]
                + Self.flags(server, head: head),
            in: repo.url, environment: ["GITHUB_TOKEN": Self.token])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("published check run 9 (failure)"))
        let request = try #require(try server.requests().first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["conclusion"] as? String == "failure")
    }
}
