import CavraPlatform
import Foundation
import TestSupport
import Testing

@Suite struct HTTPClientTests {
    private let client = HTTPClient(environment: [:], retries: 0, totalTimeout: 10)

    @Test func getsAndPostsOverLoopbackHTTP() throws {
        let server = try LoopbackServer(routes: [
            "/hello": .init(headers: ["X-Answer": "42"], body: "hi"),
            "/submit": .init(status: 201, body: "made"),
        ])
        defer { server.stop() }
        let got = try client.send(HTTPRequest(url: server.url("/hello?x=1")))
        #expect(got.status == 200)
        #expect(got.body == Array("hi".utf8))
        #expect(got.headers["x-answer"] == "42")
        let posted = try client.send(
            HTTPRequest(
                url: server.url("/submit"), method: "POST", headers: ["Content-Type": "application/json"],
                body: Array(#"{"a":1}"#.utf8)))
        #expect(posted.status == 201)
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["GET", "POST"])
        #expect(requests.map(\.target) == ["/hello?x=1", "/submit"])
        #expect(requests[1].headers["content-type"] == "application/json")
        #expect(requests[1].body == Array(#"{"a":1}"#.utf8))
    }

    @Test func loopbackNamesMayUsePlainHTTP() throws {
        let server = try LoopbackServer(routes: ["/": .init(body: "ok")])
        defer { server.stop() }
        #expect(try client.send(HTTPRequest(url: "http://localhost:\(server.port)/")).status == 200)
    }

    @Test(arguments: [
        "http://example.com/keys", "http://127.0.0.2:1/", "http://localhost.example.com/", "HTTP://10.0.0.1/",
    ])
    func refusesPlainHTTPToAnyOtherHostBeforeSending(url: String) throws {
        let error = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: url)) }
        let message = try #require(error?.message)
        #expect(message.contains("refuses plain http"))
        #expect(
            message.contains(
                try #require(url.lowercased().split(separator: "/").dropFirst().first).split(separator: ":")[0]))
    }

    @Test(arguments: [
        "ftp://example.com/", "https://user@example.com/", "https://example.com\\@evil.test/", "https:///path",
        "https://exa mple.com/", "example.com/keys", "https://example.com:x/",
    ])
    func refusesWhatIsNotAPlainHTTPSURL(url: String) {
        #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: url)) }
    }

    @Test func refusesOtherMethodsAndHeaderInjection() throws {
        let server = try LoopbackServer(routes: ["/": .init(body: "ok")])
        defer { server.stop() }
        #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.url("/"), method: "DELETE")) }
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: server.url("/"), headers: ["Authorization": "bearer s3cr3t\r\nX: y"]))
        }
        #expect(error?.message.contains("s3cr3t") == false)
        #expect(try server.requests().isEmpty)
    }

    @Test func httpsTrustsTheExtraBundleAsWellAsTheSystemOnes() throws {
        let authority = try TestCertificateAuthority()
        let server = try LoopbackServer(routes: ["/": .init(body: "secure")], tls: authority)
        defer { server.stop() }
        let trusting = HTTPClient(environment: ["CAVRA_CA_BUNDLE": authority.caCertificate], retries: 0)
        #expect(try trusting.send(HTTPRequest(url: server.url("/"))).body == Array("secure".utf8))
        #expect(try trusting.send(HTTPRequest(url: "https://localhost:\(server.port)/")).status == 200)

        let error = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.url("/"))) }
        #expect(error?.message.contains("CAVRA_CA_BUNDLE") == true)
        #expect(error?.message.contains("127.0.0.1") == true)
    }

    @Test func refusesAnExtraBundleThatIsNotPEM() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-not-pem-\(UUID().uuidString)")
        try Data("nothing here".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient(environment: ["CAVRA_CA_BUNDLE": file.path]).send(HTTPRequest(url: "https://127.0.0.1:1/"))
        }
        #expect(error?.message.contains("not a readable PEM") == true)
    }

    @Test func refusesABodyOverTheLimit() throws {
        let server = try LoopbackServer(routes: ["/big": .init(body: [UInt8](repeating: 65, count: 5000))])
        defer { server.stop() }
        let small = HTTPClient(environment: [:], retries: 0, maxBodyBytes: 1000)
        let error = #expect(throws: HTTPError.self) { try small.send(HTTPRequest(url: server.url("/big"))) }
        #expect(error?.message.contains("larger than 1000 bytes") == true)
        #expect(
            try HTTPClient(environment: [:], maxBodyBytes: 5000).send(HTTPRequest(url: server.url("/big"))).status
                == 200)
    }

    @Test func reportsATimeout() throws {
        let server = try LoopbackServer(routes: ["/slow": .init(body: "late", delay: 5)])
        defer { server.stop() }
        let impatient = HTTPClient(environment: [:], retries: 2, totalTimeout: 0.5)
        let error = #expect(throws: HTTPError.self) { try impatient.send(HTTPRequest(url: server.url("/slow"))) }
        #expect(error?.message.contains("timed out") == true)
        #expect(try server.requests().count == 1)
    }

    @Test func retriesServerErrorsABoundedNumberOfTimes() throws {
        let server = try LoopbackServer(routes: [
            "/down": .init(body: "never", failFirst: 100),
            "/flaky": .init(body: "ok", failFirst: 1),
            "/busy": .init(status: 429, body: "slow down"),
            "/missing": .init(status: 404),
        ])
        defer { server.stop() }
        let patient = HTTPClient(environment: [:], retries: 2)
        #expect(try patient.send(HTTPRequest(url: server.url("/down"))).status == 500)
        #expect(try patient.send(HTTPRequest(url: server.url("/flaky"))).status == 200)
        #expect(try patient.send(HTTPRequest(url: server.url("/busy"))).status == 429)
        #expect(try patient.send(HTTPRequest(url: server.url("/missing"))).status == 404)
        let paths = try server.requests().map(\.path)
        #expect(paths.filter { $0 == "/down" }.count == 3)
        #expect(paths.filter { $0 == "/flaky" }.count == 2)
        #expect(paths.filter { $0 == "/busy" }.count == 3)
        #expect(paths.filter { $0 == "/missing" }.count == 1)
        let error = #expect(throws: HTTPError.self) {
            try patient.successfulResponse(to: HTTPRequest(url: server.url("/down")), purpose: "the keys")
        }
        #expect(error?.message == "127.0.0.1 answered HTTP 500 to the request for the keys.")
    }

    @Test func waitsForTheRateLimitResetOnlyWithinTheRetryBudget() throws {
        let soon = Int(Date().timeIntervalSince1970) + 2
        let server = try LoopbackServer(routes: [
            "/secondary": .init(
                body: "ok", failFirst: 1, failStatus: 403,
                failHeaders: ["x-ratelimit-remaining": "0", "x-ratelimit-reset": String(soon)]),
            "/forbidden": .init(status: 403, body: "no"),
            "/later": .init(status: 429, headers: ["Retry-After": "120"], body: "come back later"),
        ])
        defer { server.stop() }
        let patient = HTTPClient(environment: [:], retries: 3, retryBudget: 30)
        #expect(try patient.send(HTTPRequest(url: server.url("/secondary"))).status == 200)
        // The second attempt waits for the reset time itself, whenever the first one was answered.
        #expect(Date().timeIntervalSince1970 >= Double(soon) - 0.05)
        #expect(try patient.send(HTTPRequest(url: server.url("/forbidden"))).status == 403)
        let beforeLater = Date()
        #expect(try patient.send(HTTPRequest(url: server.url("/later"))).status == 429)
        #expect(Date().timeIntervalSince(beforeLater) < 5)
        let paths = try server.requests().map(\.path)
        #expect(paths == ["/secondary", "/secondary", "/forbidden", "/later"])
    }

    @Test func sendsPatchAndPutWithTheirBodies() throws {
        let server = try LoopbackServer(routes: [
            "PATCH /item": .init(body: "patched"), "PUT /item": .init(body: "put"),
        ])
        defer { server.stop() }
        let patched = try client.send(HTTPRequest(url: server.url("/item"), method: "PATCH", body: Array("a".utf8)))
        let put = try client.send(HTTPRequest(url: server.url("/item"), method: "PUT", body: Array("b".utf8)))
        #expect(patched.body == Array("patched".utf8))
        #expect(put.body == Array("put".utf8))
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["PATCH", "PUT"])
        #expect(requests.map(\.body) == [Array("a".utf8), Array("b".utf8)])
    }

    @Test func followsNoRedirect() throws {
        let server = try LoopbackServer(routes: [
            "/moved": .init(status: 302, headers: ["Location": "/target"]), "/target": .init(body: "there"),
        ])
        defer { server.stop() }
        let response = try client.send(HTTPRequest(url: server.url("/moved")))
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/target")
        #expect(try server.requests().map(\.path) == ["/moved"])
    }

    @Test func retriesConnectionFailuresAndKeepsHeadersOutOfTheMessage() throws {
        let port = try Self.closedPort()
        let patient = HTTPClient(environment: [:], retries: 1)
        let error = #expect(throws: HTTPError.self) {
            try patient.send(
                HTTPRequest(url: "http://127.0.0.1:\(port)/token", headers: ["Authorization": "bearer s3cr3t"]))
        }
        let message = try #require(error?.message)
        #expect(message.contains("could not reach 127.0.0.1 after 2 attempts"))
        #expect(!message.contains("s3cr3t"))
    }

    /// A port nothing listens on: one a server held and released.
    private static func closedPort() throws -> Int {
        let server = try LoopbackServer(routes: [:])
        server.stop()
        return server.port
    }
}
