import Foundation
import TestSupport
import Testing

@Suite("check obtains and verifies the runner's token on a simulated CI platform")
struct RunnerTokenRequestTests {
    static func repository() throws -> (ScratchRepository, base: String, head: String, policy: String) {
        let repo = try ScratchRepository()
        try repo.write("README.md", "x\n")
        let base = try repo.commitAll()
        try repo.write("src/a.c", "int a;\n")
        let head = try repo.commitAll()
        try repo.write("../ci-policy.yaml", RunnerIdentityTests.policy)
        return (repo, base, head, repo.url.deletingLastPathComponent().appendingPathComponent("ci-policy.yaml").path)
    }

    @Test(
        "under GitHub Actions the gate requests the token for the policy's audience and the result carries the identity"
    )
    func githubActions() throws {
        let issuer = try PythonIssuer()
        let token = try issuer.tokens([RunnerIdentityTests.spec()])[0]
        let jwks = try String(contentsOfFile: issuer.jwks, encoding: .utf8)
        let server = try LoopbackServer(routes: [
            "/token": .init(body: "{\"value\": \"\(token)\"}"), "/jwks": .init(body: jwks),
        ])
        defer { server.stop() }
        let (repo, base, head, policy) = try Self.repository()
        let cache = issuer.folder.appendingPathComponent("cache").path
        let environment = [
            "GITHUB_ACTIONS": "true", "ACTIONS_ID_TOKEN_REQUEST_URL": server.url("/token?api-version=2.0"),
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-secret-42", "XDG_CACHE_HOME": cache,
        ]
        let run = try GateBinary.run(
            [
                "check", "--base", base, "--head", head, "--policy", policy, "--require-runner", "oidc", "--jwks",
                server.url("/jwks"), "--format", "json",
            ], in: repo.url, environment: environment)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let runner = result?["runner"] as? [String: Any]
        #expect(runner?["verified"] as? Bool == true && runner?["provider"] as? String == "github")
        #expect((runner?["claims"] as? [String: String])?["job_workflow_ref"]?.hasPrefix("acme/platform/") == true)
        let requests = try server.requests()
        let tokenRequest = try #require(requests.first { $0.path == "/token" })
        #expect(tokenRequest.method == "GET" && tokenRequest.target == "/token?api-version=2.0&audience=cavra-gate")
        #expect(tokenRequest.headers["authorization"] == "bearer request-secret-42")
        for text in [run.stdout, run.stderr] {
            #expect(!text.contains(token) && !text.contains("request-secret-42"))
        }
        for file in FileManager.default.enumerator(atPath: cache)?.allObjects as? [String] ?? [] {
            let contents = (try? String(contentsOfFile: "\(cache)/\(file)", encoding: .utf8)) ?? ""
            #expect(!contents.contains(token) && !contents.contains("request-secret-42"), "\(file) holds a secret")
        }
    }

    @Test("a JWKS that fails is not cached, and an unknown kid refetches the keys exactly once")
    func keySetFetching() throws {
        let issuer = try PythonIssuer()
        let tokens = try issuer.tokens([
            RunnerIdentityTests.spec(), ["claims": RunnerIdentityTests.claims, "headers": ["kid": "rotated"]],
        ])
        let jwks = try String(contentsOfFile: issuer.jwks, encoding: .utf8)
        let server = try LoopbackServer(routes: ["/jwks": .init(body: jwks, failFirst: 3)])
        defer { server.stop() }
        let (repo, base, head, policy) = try Self.repository()
        let environment = ["XDG_CACHE_HOME": issuer.folder.appendingPathComponent("cache").path]
        func check(_ token: String) throws -> ProcessResult {
            try GateBinary.run(
                [
                    "check", "--base", base, "--head", head, "--policy", policy, "--oidc-token",
                    try issuer.write(token),
                    "--jwks", server.url("/jwks"),
                ], in: repo.url, environment: environment)
        }
        let failed = try check(tokens[0])
        #expect(failed.status == 2 && failed.stderr.contains("(JWKS unreachable)"), "\(failed.stderr)")
        let fetchesAfterFailure = try server.requests().count
        #expect(fetchesAfterFailure == 3)
        let verified = try check(tokens[0])
        #expect(verified.status == 0, "the failure was cached: \(verified.stderr)")
        #expect(try server.requests().count == fetchesAfterFailure + 1)
        let cached = try check(tokens[0])
        let requestsAfterCachedRun = try server.requests().count
        #expect(cached.status == 0 && requestsAfterCachedRun == fetchesAfterFailure + 1)
        let unknown = try check(tokens[1])
        #expect(unknown.status == 2 && unknown.stderr.contains("(kid)"), "\(unknown.stderr)")
        #expect(try server.requests().count == fetchesAfterFailure + 2)
    }

    @Test("an HTTPS JWKS served with the test's own CA verifies with CAVRA_CA_BUNDLE, and fails without it")
    func privateAuthority() throws {
        let issuer = try PythonIssuer()
        let authority = try TestCertificateAuthority()
        let token = try issuer.tokens([RunnerIdentityTests.spec()])[0]
        let jwks = try String(contentsOfFile: issuer.jwks, encoding: .utf8)
        let server = try LoopbackServer(routes: ["/jwks": .init(body: jwks)], tls: authority)
        defer { server.stop() }
        let arguments = [
            "runner", "verify", "--token", try issuer.write(token), "--provider", "github", "--audience", "cavra-gate",
            "--jwks", server.url("/jwks"),
        ]
        let cache = ["XDG_CACHE_HOME": issuer.folder.appendingPathComponent("cache").path]
        let untrusted = try GateBinary.run(arguments, in: issuer.folder, environment: cache)
        #expect(untrusted.status == 2 && untrusted.stderr.contains("(JWKS unreachable)"), "\(untrusted.stderr)")
        let trusted = try GateBinary.run(
            arguments, in: issuer.folder,
            environment: cache.merging(["CAVRA_CA_BUNDLE": authority.caCertificate]) { $1 })
        #expect(trusted.status == 0, "\(trusted.stderr)")
    }

    @Test("a JWKS URL over plain http to a host that is not loopback is refused before any request")
    func plainHTTP() throws {
        let issuer = try PythonIssuer()
        let token = try issuer.tokens([RunnerIdentityTests.spec()])[0]
        let (repo, base, head, policy) = try Self.repository()
        let run = try GateBinary.run(
            [
                "check", "--base", base, "--head", head, "--policy", policy, "--oidc-token", try issuer.write(token),
                "--jwks", "http://192.0.2.1/jwks",
            ], in: repo.url)
        #expect(run.status == 2 && run.stderr.contains("https"), "\(run.stderr)")
    }
}
