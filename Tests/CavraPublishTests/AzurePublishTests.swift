import CavraModel
import CavraPlatform
import CavraPublish
import Foundation
import TestSupport
import Testing

@Suite struct AzurePublishTests {
    private let pullRequest = "/org/proj/_apis/git/repositories/repo-id/pullRequests/12"

    private func publisher(_ server: LoopbackServer) throws -> Publisher {
        try PublishFixture.publisher(
            server, platform: .azure, repository: "repo-id", pullRequest: 12,
            environment: ["SYSTEM_ACCESSTOKEN": PublishFixture.token], apiPath: "/org/proj")
    }

    @Test(arguments: [(GateResult.Status.pass, "succeeded"), (.deny, "failed"), (.actionRequired, "pending")])
    func setsThePullRequestStatusAndAddsAThread(status: GateResult.Status, state: String) throws {
        let server = try LoopbackServer(routes: [
            "POST \(pullRequest)/statuses": .init(body: #"{"id": 1}"#),
            "GET \(pullRequest)/threads": .init(
                body: #"{"value": [{"id": 2, "comments": [{"id": 1, "content": "a reviewer's remark"}]}], "count": 1}"#),
            "POST \(pullRequest)/threads": .init(body: #"{"id": 3}"#),
        ])
        defer { server.stop() }
        let result = PublishFixture.result(PublishFixture.findings(for: status))
        let posted = try publisher(server).publish(try PublishFixture.published(result))
        #expect(posted == ["pull request status cavra/gate \(state) on 12", "thread 3 on pull request 12 added"])
        let requests = try server.requests()
        #expect(
            requests.map { "\($0.method) \($0.target)" } == [
                "POST \(pullRequest)/statuses?api-version=7.1", "GET \(pullRequest)/threads?api-version=7.1",
                "POST \(pullRequest)/threads?api-version=7.1",
            ])
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer \(PublishFixture.token)" })
        let status = try PublishFixture.json(requests[0])
        #expect(status["state"] as? String == state)
        #expect(status["targetUrl"] as? String == "https://ci.example/job/1")
        #expect(status["context"] as? [String: String] == ["genre": "cavra", "name": "gate"])
        #expect((status["description"] as? String)?.hasPrefix("cavra-gate ") == true)
        let thread = try PublishFixture.json(requests[2])
        #expect(thread["status"] as? Int == 1)
        let comments = try #require(thread["comments"] as? [[String: Any]])
        #expect(comments.count == 1)
        #expect(comments[0]["parentCommentId"] as? Int == 0)
        #expect(comments[0]["commentType"] as? Int == 1)
        #expect((comments[0]["content"] as? String)?.hasPrefix("<!-- cavra-gate:attestation -->\n") == true)
    }

    @Test func updatesTheMarkedThreadInPlace() throws {
        let threads = PublishFixture.json([
            "value": [
                ["id": 2, "comments": [["id": 1, "content": "unrelated"]]],
                ["id": 5, "comments": [["id": 1, "content": "<!-- cavra-gate:attestation -->\nold"]]],
            ]
        ])
        let server = try LoopbackServer(routes: [
            "POST \(pullRequest)/statuses": .init(body: #"{"id": 1}"#),
            "GET \(pullRequest)/threads": .init(body: threads),
            "PATCH \(pullRequest)/threads/5/comments/1": .init(body: #"{"id": 1}"#),
        ])
        defer { server.stop() }
        let posted = try publisher(server).publish(
            try PublishFixture.published(PublishFixture.result([PublishFixture.deny])))
        #expect(posted.last == "thread 5 on pull request 12 updated")
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST", "GET", "PATCH"])
        #expect(requests[2].target == "\(pullRequest)/threads/5/comments/1?api-version=7.1")
        let update = try PublishFixture.json(requests[2])
        #expect(Array(update.keys) == ["content"])
        #expect((update["content"] as? String)?.contains("cavra-gate denied") == true)
    }

    @Test func needsAPullRequest() throws {
        let server = try LoopbackServer(routes: [:])
        defer { server.stop() }
        let publisher = Publisher(
            coordinates: PublishCoordinates(
                platform: .azure, apiURL: server.url("/org/proj"), repository: "repo-id", sha: PublishFixture.head,
                pullRequest: nil),
            credential: try PlatformCredential(platform: .azure, environment: ["SYSTEM_ACCESSTOKEN": "t"]),
            client: Publisher.client(environment: [:]))
        let error = #expect(throws: PublishError.self) {
            try publisher.publish(try PublishFixture.published(PublishFixture.result([])))
        }
        #expect(error?.message.contains("--pull-request") == true)
        #expect(try server.requests().isEmpty)
    }
}
