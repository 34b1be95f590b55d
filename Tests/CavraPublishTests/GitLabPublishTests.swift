import CavraModel
import CavraPlatform
import CavraPublish
import Foundation
import TestSupport
import Testing

@Suite struct GitLabPublishTests {
    private let statuses = "POST /api/v4/projects/group%2Fapp/statuses/\(PublishFixture.head)"
    private let notes = "/api/v4/projects/group%2Fapp/merge_requests/9/notes"

    private func publisher(_ server: LoopbackServer, environment: [String: String], pullRequest: Int? = nil) throws
        -> Publisher
    {
        try PublishFixture.publisher(
            server, platform: .gitlab, repository: "group/app", pullRequest: pullRequest, environment: environment,
            apiPath: "/api/v4")
    }

    @Test(arguments: [(GateResult.Status.pass, "success"), (.deny, "failed"), (.actionRequired, "failed")])
    func setsTheCommitStatusWithAPrivateToken(status: GateResult.Status, state: String) throws {
        let server = try LoopbackServer(routes: [statuses: .init(status: 201, body: #"{"id": 1}"#)])
        defer { server.stop() }
        let result = PublishFixture.result(PublishFixture.findings(for: status))
        _ = try publisher(server, environment: ["CAVRA_GITLAB_TOKEN": PublishFixture.token, "CI_JOB_TOKEN": "job"])
            .publish(try PublishFixture.published(result))
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST"])
        #expect(requests.map(\.target) == ["/api/v4/projects/group%2Fapp/statuses/\(PublishFixture.head)"])
        #expect(requests[0].headers["private-token"] == PublishFixture.token)
        #expect(requests[0].headers["job-token"] == nil)
        #expect(requests[0].headers["authorization"] == nil)
        let body = try PublishFixture.json(requests[0])
        #expect(body["name"] as? String == "cavra-gate")
        #expect(body["state"] as? String == state)
        #expect(body["target_url"] as? String == "https://ci.example/job/1")
        #expect((body["description"] as? String)?.contains("awaiting approval") == true)
    }

    @Test func addsANoteWithTheJobToken() throws {
        let server = try LoopbackServer(routes: [
            statuses: .init(status: 201, body: "{}"),
            "GET \(notes)": .init(body: #"[{"id": 3, "body": "a human note"}]"#),
            "POST \(notes)": .init(status: 201, body: #"{"id": 4}"#),
        ])
        defer { server.stop() }
        let posted = try publisher(server, environment: ["CI_JOB_TOKEN": PublishFixture.token], pullRequest: 9)
            .publish(try PublishFixture.published(PublishFixture.result([PublishFixture.deny])))
        #expect(posted.last == "note 4 on !9 added")
        let requests = try server.requests()
        #expect(
            requests.map { "\($0.method) \($0.target)" } == [
                statuses, "GET \(notes)?per_page=100", "POST \(notes)",
            ])
        #expect(requests.allSatisfy { $0.headers["job-token"] == PublishFixture.token })
        let body = try #require(try PublishFixture.json(requests[2])["body"] as? String)
        #expect(body.hasPrefix("<!-- cavra-gate:attestation -->\n"))
    }

    @Test func updatesTheMarkedNoteInPlace() throws {
        let server = try LoopbackServer(routes: [
            statuses: .init(status: 201, body: "{}"),
            "GET \(notes)?per_page=100": .init(
                headers: ["Link": #"<$BASE\#(notes)?per_page=100&page=2>; rel="next""#], body: "[]"),
            "GET \(notes)?per_page=100&page=2": .init(
                body: PublishFixture.json([["id": 11, "body": "<!-- cavra-gate:attestation -->\nbefore"]])),
            "PUT \(notes)/11": .init(body: #"{"id": 11}"#),
        ])
        defer { server.stop() }
        let posted = try publisher(server, environment: ["CAVRA_GITLAB_TOKEN": PublishFixture.token], pullRequest: 9)
            .publish(try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        #expect(posted.last == "note 11 on !9 updated")
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST", "GET", "GET", "PUT"])
        #expect(requests[3].target == "\(notes)/11")
        #expect((try PublishFixture.json(requests[3])["body"] as? String)?.contains("cavra-gate passed") == true)
    }

    @Test func gitLabsMessageIsQuoted() throws {
        let server = try LoopbackServer(routes: [
            statuses: .init(status: 403, body: #"{"message": "403 Forbidden"}"#)
        ])
        defer { server.stop() }
        let error = #expect(throws: PublishError.self) {
            try publisher(server, environment: ["CI_JOB_TOKEN": PublishFixture.token])
                .publish(try PublishFixture.published(PublishFixture.result([PublishFixture.allow])))
        }
        #expect(
            error?.message
                == "GitLab answered HTTP 403 to setting the commit status: 403 Forbidden; give CI_JOB_TOKEN the "
                + "permissions docs/ci.md lists for publishing.")
    }
}
