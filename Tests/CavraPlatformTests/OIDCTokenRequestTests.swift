import CavraPlatform
import Foundation
import TestSupport
import Testing

@Suite struct OIDCTokenRequestTests {
    private static let token = "eyJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJjYXZyYSJ9.c2lnbmF0dXJl"
    private static let bearer = "runner-bearer-s3cr3t"
    private let client = HTTPClient(environment: [:], retries: 0)

    @Test func githubAsksWithTheRequestTokenForTheAudience() throws {
        let server = try LoopbackServer(routes: ["/token": .init(body: #"{"count": 1, "value": " \#(Self.token)\n"}"#)])
        defer { server.stop() }
        let environment = [
            "ACTIONS_ID_TOKEN_REQUEST_URL": server.url("/token?api-version=2.0"),
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": Self.bearer,
        ]
        let token = try OIDCTokenRequest.token(
            platform: .github, audience: "https://cavra.example/gate a&b", serviceConnectionID: nil,
            environment: environment, client: client)
        #expect(token == Self.token)
        let request = try #require(try server.requests().first)
        #expect(request.method == "GET")
        #expect(request.target == "/token?api-version=2.0&audience=https%3A%2F%2Fcavra.example%2Fgate%20a%26b")
        #expect(request.headers["authorization"] == "bearer \(Self.bearer)")
    }

    @Test func githubAddsTheQueryWhenTheURLHasNone() throws {
        let server = try LoopbackServer(routes: ["/token": .init(body: #"{"value": "\#(Self.token)"}"#)])
        defer { server.stop() }
        let environment = ["ACTIONS_ID_TOKEN_REQUEST_URL": server.url("/token"), "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "x"]
        _ = try OIDCTokenRequest.token(
            platform: .github, audience: "cavra", serviceConnectionID: nil, environment: environment, client: client)
        #expect(try server.requests().map(\.target) == ["/token?audience=cavra"])
    }

    @Test func githubWithoutThePermissionSaysWhichToGrant() {
        let error = #expect(throws: HTTPError.self) {
            try OIDCTokenRequest.token(
                platform: .github, audience: "cavra", serviceConnectionID: nil,
                environment: ["ACTIONS_ID_TOKEN_REQUEST_TOKEN": Self.bearer], client: client)
        }
        #expect(error?.message.contains("permissions: id-token: write") == true)
        #expect(error?.message.contains(Self.bearer) == false)
    }

    @Test func gitlabReadsTheIDTokenVariable() throws {
        #expect(
            try OIDCTokenRequest.token(
                platform: .gitlab, audience: "cavra", serviceConnectionID: nil,
                environment: ["CAVRA_ID_TOKEN": "\(Self.token)\n"], client: client) == Self.token)
        #expect(
            try OIDCTokenRequest.token(
                platform: .gitlab, audience: "cavra", serviceConnectionID: nil,
                environment: ["CAVRA_ID_TOKEN_VAR": "GATE_TOKEN", "GATE_TOKEN": Self.token, "CAVRA_ID_TOKEN": "other"],
                client: client) == Self.token)
        let error = #expect(throws: HTTPError.self) {
            try OIDCTokenRequest.token(
                platform: .gitlab, audience: "cavra", serviceConnectionID: nil, environment: [:], client: client)
        }
        #expect(error?.message.contains("id_tokens:") == true)
    }

    @Test func azurePostsForTheServiceConnection() throws {
        let server = try LoopbackServer(routes: ["/oidc": .init(body: #"{"oidcToken": "\#(Self.token)"}"#)])
        defer { server.stop() }
        let environment = [
            "SYSTEM_OIDCREQUESTURI": server.url("/oidc"), "SYSTEM_ACCESSTOKEN": Self.bearer,
            "CAVRA_SERVICE_CONNECTION_ID": "from-environment",
        ]
        #expect(
            try OIDCTokenRequest.token(
                platform: .azure, audience: "ignored", serviceConnectionID: "3f2a-connection", environment: environment,
                client: client) == Self.token)
        #expect(
            try OIDCTokenRequest.token(
                platform: .azure, audience: "ignored", serviceConnectionID: nil, environment: environment,
                client: client) == Self.token)
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST", "POST"])
        #expect(
            requests.map(\.target) == [
                "/oidc?api-version=7.1&serviceConnectionId=3f2a-connection",
                "/oidc?api-version=7.1&serviceConnectionId=from-environment",
            ])
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.bearer)" })
    }

    @Test func azureWithoutAServiceConnectionSaysSo() {
        let error = #expect(throws: HTTPError.self) {
            try OIDCTokenRequest.token(
                platform: .azure, audience: "cavra", serviceConnectionID: " ",
                environment: ["SYSTEM_OIDCREQUESTURI": "https://dev.azure.com/x", "SYSTEM_ACCESSTOKEN": Self.bearer],
                client: client)
        }
        #expect(error?.message.contains("CAVRA_SERVICE_CONNECTION_ID") == true)
    }

    @Test func noTokenAppearsInAnyMessage() throws {
        let server = try LoopbackServer(routes: [
            "/denied": .init(status: 403, body: #"{"value": "\#(Self.token)"}"#),
            "/wrong": .init(body: #"{"token": "\#(Self.token)"}"#),
        ])
        defer { server.stop() }
        for path in ["/denied", "/wrong"] {
            let github = [
                "ACTIONS_ID_TOKEN_REQUEST_URL": server.url(path), "ACTIONS_ID_TOKEN_REQUEST_TOKEN": Self.bearer,
            ]
            let azure = ["SYSTEM_OIDCREQUESTURI": server.url(path), "SYSTEM_ACCESSTOKEN": Self.bearer]
            for (platform, environment) in [(CIRange.Platform.github, github), (.azure, azure)] {
                let error = #expect(throws: HTTPError.self) {
                    try OIDCTokenRequest.token(
                        platform: platform, audience: "cavra", serviceConnectionID: "id", environment: environment,
                        client: client)
                }
                let message = try #require(error?.message)
                #expect(message.contains("127.0.0.1"))
                #expect(!message.contains(Self.token))
                #expect(!message.contains(Self.bearer))
            }
        }
    }
}
