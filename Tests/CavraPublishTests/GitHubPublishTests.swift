import CavraModel
import CavraPlatform
import CavraPublish
import Foundation
import TestSupport
import Testing

@Suite struct GitHubPublishTests {
    private let environment = ["GITHUB_TOKEN": PublishFixture.token]
    private let checkRuns = "POST /repos/octo/app/check-runs"

    private func publisher(_ server: LoopbackServer, pullRequest: Int? = nil) throws -> Publisher {
        try PublishFixture.publisher(
            server, platform: .github, repository: "octo/app", pullRequest: pullRequest, environment: environment)
    }

    @Test(arguments: [
        (GateResult.Status.pass, "success"), (.deny, "failure"), (.actionRequired, "action_required"),
    ])
    func createsACompletedCheckRunWithTheVerdictsConclusion(status: GateResult.Status, conclusion: String) throws {
        let server = try LoopbackServer(routes: [checkRuns: .init(status: 201, body: #"{"id": 7}"#)])
        defer { server.stop() }
        let result = PublishFixture.result(PublishFixture.findings(for: status))
        #expect(result.status == status)
        let posted = try publisher(server).publish(try PublishFixture.published(result))
        #expect(posted.count == 1)

        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST"])
        #expect(requests.map(\.target) == ["/repos/octo/app/check-runs"])
        let headers = requests[0].headers
        #expect(headers["authorization"] == "Bearer \(PublishFixture.token)")
        #expect(headers["accept"] == "application/vnd.github+json")
        #expect(headers["x-github-api-version"] == "2022-11-28")
        #expect(headers["user-agent"] == "cavra-gate")
        #expect(headers["content-type"] == "application/json")
        let body = try PublishFixture.json(requests[0])
        #expect(body["name"] as? String == "cavra-gate")
        #expect(body["head_sha"] as? String == PublishFixture.head)
        #expect(body["status"] as? String == "completed")
        #expect(body["conclusion"] as? String == conclusion)
        #expect(body["details_url"] as? String == "https://ci.example/job/1")
        let output = try #require(body["output"] as? [String: Any])
        #expect(
            output["title"] as? String
                == "cavra-gate \(status == .pass ? "passed" : status == .deny ? "denied" : "approval required")")
        let summary = try #require(output["summary"] as? String)
        #expect(summary.contains("## "))
        #expect(summary.contains("docs/readme.md"))
        let annotations = try #require(output["annotations"] as? [[String: Any]])
        #expect(annotations.count == result.findings.count)
        let first = try #require(annotations.first)
        let finding = result.findings[0]
        #expect(first["path"] as? String == finding.path)
        #expect(first["start_line"] as? Int == finding.line)
        #expect(first["end_line"] as? Int == finding.line)
        let level = first["annotation_level"] as? String
        #expect(level == (status == .deny ? "failure" : status == .actionRequired ? "warning" : "notice"))
    }

    @Test func breakGlassIsNeutral() throws {
        let server = try LoopbackServer(routes: [checkRuns: .init(status: 201, body: #"{"id": 7}"#)])
        defer { server.stop() }
        let published = try PublishFixture.published(
            PublishFixture.result([PublishFixture.allow]),
            extra: [
                "break_glass": [
                    "actor": "oncall", "reason": "outage", "ticket": "INC-1", "expires": "2026-12-05T00:00:00Z",
                    "lifted": [],
                ]
            ])
        _ = try publisher(server).publish(published)
        let body = try PublishFixture.json(try #require(try server.requests().first))
        #expect(body["conclusion"] as? String == "neutral")
        let output = try #require(body["output"] as? [String: Any])
        #expect((output["summary"] as? String)?.contains("Break-glass") == true)
        #expect((output["summary"] as? String)?.contains("INC-1") == true)
    }

    @Test func sendsAnnotationsInBatchesOfFiftyCreatingThenUpdatingTheRun() throws {
        let server = try LoopbackServer(routes: [
            checkRuns: .init(status: 201, body: #"{"id": 42}"#),
            "PATCH /repos/octo/app/check-runs/42": .init(body: #"{"id": 42}"#),
        ])
        defer { server.stop() }
        let posted = try publisher(server).publish(
            try PublishFixture.published(PublishFixture.result(PublishFixture.many(120))))
        #expect(posted == ["check run 42 (success) on \(PublishFixture.head.prefix(12)) with 120 annotations"])
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST", "PATCH", "PATCH"])
        #expect(
            requests.map(\.target) == [
                "/repos/octo/app/check-runs", "/repos/octo/app/check-runs/42", "/repos/octo/app/check-runs/42",
            ])
        let batches = try requests.map { request in
            let output = try #require(try PublishFixture.json(request)["output"] as? [String: Any])
            #expect(output["title"] as? String == "cavra-gate passed")
            #expect(output["summary"] is String)
            return try #require(output["annotations"] as? [[String: Any]])
        }
        #expect(batches.map(\.count) == [50, 50, 20])
        let lines = batches.flatMap { $0.compactMap { $0["start_line"] as? Int } }
        #expect(Set(lines) == Set(1...120))
    }

    @Test func fallsBackToACommitStatusWhenChecksAreNotWritable() throws {
        let server = try LoopbackServer(routes: [
            checkRuns: .init(status: 403, body: #"{"message": "Resource not accessible by integration"}"#),
            "/repos/octo/app/statuses/\(PublishFixture.head)": .init(status: 201, body: #"{"id": 1}"#),
        ])
        defer { server.stop() }
        let result = PublishFixture.result(PublishFixture.findings(for: .actionRequired))
        let posted = try publisher(server).publish(try PublishFixture.published(result))
        #expect(posted.first?.hasPrefix("commit status failure") == true)
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST", "POST"])
        #expect(requests[1].target == "/repos/octo/app/statuses/\(PublishFixture.head)")
        #expect(requests[1].headers["authorization"] == "Bearer \(PublishFixture.token)")
        let body = try PublishFixture.json(requests[1])
        #expect(body["context"] as? String == "cavra-gate")
        #expect(body["state"] as? String == "failure")
        #expect(body["target_url"] as? String == "https://ci.example/job/1")
        let description = try #require(body["description"] as? String)
        #expect(description == "cavra-gate approval required: 0 denied, 1 awaiting approval, 0 approved, 1 allowed")
        #expect(description.count <= 140)
    }

    @Test func aRateLimitIsNotTakenForMissingPermission() throws {
        let reset = String(Int(Date().timeIntervalSince1970) + 3600)
        let server = try LoopbackServer(routes: [
            checkRuns: .init(
                status: 403, headers: ["x-ratelimit-remaining": "0", "x-ratelimit-reset": reset],
                body: #"{"message": "API rate limit exceeded"}"#)
        ])
        defer { server.stop() }
        let error = #expect(throws: PublishError.self) {
            try publisher(server).publish(try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        }
        #expect(error?.message.contains("HTTP 403 to creating the check run: API rate limit exceeded") == true)
        #expect(try server.requests().map(\.target) == ["/repos/octo/app/check-runs"])
    }

    @Test func refusesWhatIsNotAResult() {
        let error = #expect(throws: PublishError.self) {
            try PublishedResult(json: Data(#"{"schema": "something.else"}"#.utf8), source: "other.json")
        }
        #expect(error?.message.contains("other.json is not a cavra-gate result") == true)
    }

    @Test func addsOneCommentWhenNoneCarriesTheMarker() throws {
        let server = try LoopbackServer(routes: [
            checkRuns: .init(status: 201, body: #"{"id": 7}"#),
            "GET /repos/octo/app/issues/5/comments": .init(body: #"[{"id": 1, "body": "looks good"}]"#),
            "POST /repos/octo/app/issues/5/comments": .init(status: 201, body: #"{"id": 77}"#),
        ])
        defer { server.stop() }
        let posted = try publisher(server, pullRequest: 5).publish(
            try PublishFixture.published(PublishFixture.result([PublishFixture.deny])), attestation: "## attested\n")
        #expect(posted.last == "comment 77 on #5 added")
        let requests = try server.requests()
        #expect(
            requests.map { "\($0.method) \($0.target)" } == [
                "POST /repos/octo/app/check-runs", "GET /repos/octo/app/issues/5/comments?per_page=100",
                "POST /repos/octo/app/issues/5/comments",
            ])
        #expect(requests[1].headers["authorization"] == "Bearer \(PublishFixture.token)")
        #expect(
            try PublishFixture.json(requests[2])["body"] as? String == "<!-- cavra-gate:attestation -->\n## attested\n")
    }

    @Test func updatesTheMarkedCommentFoundOnALaterPage() throws {
        let marked = PublishFixture.json([["id": 99, "body": "<!-- cavra-gate:attestation -->\nold verdict"]])
        let server = try LoopbackServer(routes: [
            checkRuns: .init(status: 201, body: #"{"id": 7}"#),
            "GET /repos/octo/app/issues/5/comments?per_page=100": .init(
                headers: ["Link": #"<$BASE/repos/octo/app/issues/5/comments?per_page=100&page=2>; rel="next""#],
                body: #"[{"id": 1, "body": "first"}]"#),
            "GET /repos/octo/app/issues/5/comments?per_page=100&page=2": .init(body: marked),
            "PATCH /repos/octo/app/issues/comments/99": .init(body: #"{"id": 99}"#),
        ])
        defer { server.stop() }
        let posted = try publisher(server, pullRequest: 5).publish(
            try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        #expect(posted.last == "comment 99 on #5 updated")
        let requests = try server.requests()
        #expect(
            requests.map { "\($0.method) \($0.target)" } == [
                "POST /repos/octo/app/check-runs", "GET /repos/octo/app/issues/5/comments?per_page=100",
                "GET /repos/octo/app/issues/5/comments?per_page=100&page=2", "PATCH /repos/octo/app/issues/comments/99",
            ])
        let body = try #require(try PublishFixture.json(requests[3])["body"] as? String)
        #expect(body.hasPrefix("<!-- cavra-gate:attestation -->\n"))
        #expect(body.contains("cavra-gate passed"))
    }

    @Test func doesNotFollowALinkToAnotherHost() throws {
        let server = try LoopbackServer(routes: [
            checkRuns: .init(status: 201, body: #"{"id": 7}"#),
            "GET /repos/octo/app/issues/5/comments": .init(
                headers: ["Link": #"<https://elsewhere.example/steal?page=2>; rel="next""#], body: "[]"),
            "POST /repos/octo/app/issues/5/comments": .init(status: 201, body: #"{"id": 8}"#),
        ])
        defer { server.stop() }
        _ = try publisher(server, pullRequest: 5).publish(
            try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        #expect(try server.requests().map(\.method) == ["POST", "GET", "POST"])
    }

    @Test func retriesABadGateway() throws {
        let server = try LoopbackServer(routes: [
            checkRuns: .init(status: 201, body: #"{"id": 7}"#, failFirst: 1, failStatus: 502)
        ])
        defer { server.stop() }
        _ = try publisher(server).publish(try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        #expect(try server.requests().map(\.target) == ["/repos/octo/app/check-runs", "/repos/octo/app/check-runs"])
    }

    @Test func waitsAsLongAsRetryAfterSays() throws {
        let server = try LoopbackServer(routes: [
            checkRuns: .init(
                status: 201, body: #"{"id": 7}"#, failFirst: 1, failStatus: 429, failHeaders: ["Retry-After": "1"])
        ])
        defer { server.stop() }
        let started = Date()
        _ = try publisher(server).publish(try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        #expect(Date().timeIntervalSince(started) >= 1)
        #expect(try server.requests().count == 2)
    }

    @Test func anUnauthorisedTokenFailsWithTheStatusAndGitHubsMessageButNotTheToken() throws {
        let server = try LoopbackServer(routes: [
            checkRuns: .init(
                status: 401, body: PublishFixture.json(["message": "Bad credentials \(PublishFixture.token)"]))
        ])
        defer { server.stop() }
        let error = #expect(throws: PublishError.self) {
            try publisher(server).publish(try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        }
        let message = try #require(error?.message)
        #expect(message.contains("HTTP 401"))
        #expect(message.contains("Bad credentials"))
        #expect(message.contains("GITHUB_TOKEN"))
        #expect(!message.contains(PublishFixture.token))
        #expect(try server.requests().count == 1)
    }

    @Test func aMissingTokenIsNamed() {
        let error = #expect(throws: PublishError.self) {
            try PlatformCredential(platform: .github, environment: [:])
        }
        #expect(error?.message.contains("GITHUB_TOKEN") == true)
    }
}
