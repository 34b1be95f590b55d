import CavraIdentity
import CavraModel
import CavraPolicy
import Foundation
import Testing

@Suite("OIDC ID tokens are verified strictly")
struct OIDCVerifierTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let github = "https://token.actions.githubusercontent.com"
    let issuer = TestIssuer.shared

    static func githubClaims(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var claims: [String: Any] = [
            "iss": github, "aud": "cavra-gate", "sub": "repo:acme/app:ref:refs/heads/main",
            "iat": Int(now.timeIntervalSince1970) - 10, "nbf": Int(now.timeIntervalSince1970) - 10,
            "exp": Int(now.timeIntervalSince1970) + 300, "repository": "acme/app", "repository_id": "42",
            "ref": "refs/heads/main", "ref_type": "branch",
            "job_workflow_ref": "acme/platform/.github/workflows/gate.yml@refs/heads/main",
            "event_name": "pull_request", "runner_environment": "github-hosted",
        ]
        for (name, value) in changes { claims[name] = value }
        return claims
    }

    static func match(_ name: String, _ patterns: String...) -> RunnerPolicy.ClaimMatch {
        RunnerPolicy.ClaimMatch(name: name, patterns: patterns.map { try! ClaimGlob($0) })
    }

    static let githubExpectation = OIDCVerifier.Expectation(
        provider: nil, issuer: github, audience: "cavra-gate",
        claims: [
            match("repository", "acme/app"), match("ref", "refs/heads/main", "refs/heads/release/*"),
            match("job_workflow_ref", "acme/platform/.github/workflows/gate.yml@refs/heads/main"),
        ])

    func verify(
        _ token: String, expecting expectation: OIDCVerifier.Expectation = githubExpectation, now: Date = now
    ) throws(IdentityError) -> GateResult.Runner {
        try OIDCVerifier.verify(token: token, expecting: expectation, now: now) { _ throws(IdentityError) in
            issuer.keySet
        }
    }

    func refusal(_ token: String, expecting expectation: OIDCVerifier.Expectation = githubExpectation) -> IdentityError?
    {
        do {
            _ = try verify(token, expecting: expectation)
            return nil
        } catch {
            return error
        }
    }

    @Test("a GitHub token signed with RS256 and one signed with ES256 verify, with their claims")
    func validGitHub() throws {
        for signer in [TestIssuer.Signer.rs256, .es256] {
            let runner = try verify(issuer.token(Self.githubClaims(), signer: signer))
            #expect(runner.verified && runner.method == "oidc" && runner.provider == "github")
            #expect(runner.subject == "repo:acme/app:ref:refs/heads/main")
            #expect(runner.claims["repository"] == "acme/app" && runner.claims["aud"] == "cavra-gate")
            #expect(runner.claims["exp"] == String(Int(Self.now.timeIntervalSince1970) + 300))
        }
    }

    @Test("GitLab, Azure DevOps and Entra tokens verify with their issuers and claims")
    func otherPlatforms() throws {
        let gitlab = OIDCVerifier.Expectation(
            provider: nil, issuer: "https://gitlab.com", audience: "https://gate.acme.test",
            claims: [Self.match("project_path", "acme/app"), Self.match("ref_protected", "true")])
        let gitlabToken = issuer.token(
            Self.githubClaims([
                "iss": "https://gitlab.com", "aud": ["https://gate.acme.test", "other"], "project_path": "acme/app",
                "ref_protected": "true", "namespace_path": "acme",
            ]), signer: .es256)
        let gitlabRunner = try verify(gitlabToken, expecting: gitlab)
        #expect(gitlabRunner.provider == "gitlab" && gitlabRunner.claims["aud"] == "https://gate.acme.test,other")

        let azureIssuer = "https://vstoken.dev.azure.com/6f3c1b2a-0000-4000-8000-000000000001"
        let entraIssuer = "https://login.microsoftonline.com/8d2e0000-0000-4000-8000-000000000002/v2.0"
        for azure in [azureIssuer, entraIssuer] {
            let expectation = OIDCVerifier.Expectation(
                provider: nil, issuer: azure, audience: "api://AzureADTokenExchange",
                claims: [Self.match("sub", "sc://acme/app/gate-connection")])
            let token = issuer.token(
                Self.githubClaims([
                    "iss": azure, "aud": "api://AzureADTokenExchange", "sub": "sc://acme/app/gate-connection",
                ]))
            let runner = try verify(token, expecting: expectation)
            #expect(runner.provider == "azure" && runner.subject == "sc://acme/app/gate-connection")
        }
    }

    @Test("the header never chooses the algorithm: none, HS256 with the RSA public key, and ES256 on an RSA key")
    func algorithmConfusion() {
        #expect(refusal(issuer.token(Self.githubClaims(), signer: .none))?.check == "algorithm")
        #expect(refusal(issuer.token(Self.githubClaims(), signer: .hs256WithRSAPublicKey))?.check == "algorithm")
        let mismatched = issuer.token(
            Self.githubClaims(), signer: .es256, header: ["alg": "ES256", "kid": TestIssuer.rsaKID])
        #expect(refusal(mismatched)?.check == "algorithm")
        let rsaOnEC = issuer.token(Self.githubClaims(), header: ["alg": "RS256", "kid": TestIssuer.ecKID])
        #expect(refusal(rsaOnEC)?.check == "algorithm")
        let upper = issuer.token(Self.githubClaims(), header: ["alg": "NONE", "kid": TestIssuer.rsaKID])
        #expect(refusal(upper)?.check == "algorithm")
    }

    @Test("a missing kid is refused, an unknown one refetches the keys exactly once before it is refused")
    func keyIDs() throws {
        #expect(refusal(issuer.token(Self.githubClaims(), header: ["alg": "RS256"]))?.check == "kid")
        var fetches: [Bool] = []
        let unknown = issuer.token(Self.githubClaims(), header: ["alg": "RS256", "kid": "rotated"])
        #expect(throws: IdentityError.self) {
            _ = try OIDCVerifier.verify(token: unknown, expecting: Self.githubExpectation, now: Self.now) {
                refresh throws(IdentityError) in
                fetches.append(refresh)
                return issuer.keySet
            }
        }
        #expect(fetches == [false, true])
        fetches = []
        _ = try OIDCVerifier.verify(
            token: issuer.token(Self.githubClaims()), expecting: Self.githubExpectation, now: Self.now
        ) { refresh throws(IdentityError) in
            fetches.append(refresh)
            return issuer.keySet
        }
        #expect(fetches == [false])
    }

    @Test("a flipped signature byte, or a claim changed after signing, is refused")
    func tampering() {
        for signer in [TestIssuer.Signer.rs256, .es256] {
            var bytes = Array(issuer.token(Self.githubClaims(), signer: signer).utf8)
            let index = bytes.count - 5
            bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(refusal(String(decoding: bytes, as: UTF8.self))?.check == "signature")
        }
        let token = issuer.token(Self.githubClaims())
        let parts = token.split(separator: ".")
        let forged = issuer.token(
            Self.githubClaims(["exp": Int(Self.now.timeIntervalSince1970) + 86_400]), signer: .none
        )
        .split(separator: ".")[1]
        #expect(refusal("\(parts[0]).\(forged).\(parts[2])")?.check == "signature")
    }

    @Test("time claims: expired, not yet valid, issued in the future, missing exp or iat, within the leeway")
    func times() throws {
        let now = Int(Self.now.timeIntervalSince1970)
        #expect(refusal(issuer.token(Self.githubClaims(["exp": now - 61])))?.check == "expired")
        #expect(refusal(issuer.token(Self.githubClaims(["nbf": now + 120])))?.check == "not yet valid")
        #expect(refusal(issuer.token(Self.githubClaims(["iat": now + 120])))?.check == "issued in the future")
        #expect(refusal(issuer.token(Self.githubClaims(["exp": nil])))?.check == "expired")
        #expect(refusal(issuer.token(Self.githubClaims(["exp": "\(now + 300)"])))?.check == "expired")
        #expect(refusal(issuer.token(Self.githubClaims(["iat": nil])))?.check == "issued in the future")
        _ = try verify(issuer.token(Self.githubClaims(["exp": now - 30, "nbf": now + 30, "iat": now + 30])))
    }

    @Test("issuer and audience: exact issuer, audience required, GitHub's default audience refused")
    func issuerAndAudience() {
        #expect(refusal(issuer.token(Self.githubClaims(["iss": Self.github + "/"])))?.check == "issuer")
        #expect(refusal(issuer.token(Self.githubClaims(["iss": "https://evil.test"])))?.check == "issuer")
        #expect(refusal(issuer.token(Self.githubClaims(["aud": "other"])))?.check == "audience")
        #expect(refusal(issuer.token(Self.githubClaims(["aud": "https://github.com/acme"])))?.check == "audience")
        #expect(refusal(issuer.token(Self.githubClaims(["aud": nil])))?.check == "audience")
        #expect(refusal(issuer.token(Self.githubClaims(["aud": ["x", "cavra-gate-x"]])))?.check == "audience")
    }

    @Test("claim constraints match the whole value, and a missing claim never matches")
    func claims() {
        #expect(refusal(issuer.token(Self.githubClaims(["repository": "acme/app-evil"])))?.check == "claim repository")
        #expect(refusal(issuer.token(Self.githubClaims(["repository": "evil/acme/app"])))?.check == "claim repository")
        #expect(refusal(issuer.token(Self.githubClaims(["repository": nil])))?.check == "claim repository")
        #expect(refusal(issuer.token(Self.githubClaims(["ref": "refs/heads/release/1/x"])))?.check == "claim ref")
        #expect(refusal(issuer.token(Self.githubClaims(["ref": "refs/heads/feature"])))?.check == "claim ref")
        #expect(
            refusal(
                issuer.token(
                    Self.githubClaims([
                        "job_workflow_ref": "acme/app/.github/workflows/gate.yml@refs/heads/main"
                    ])))?.check == "claim job_workflow_ref")
        let protected = OIDCVerifier.Expectation(
            provider: "gitlab", issuer: Self.github, audience: "cavra-gate",
            claims: [Self.match("ref_protected", "true")])
        #expect(
            refusal(issuer.token(Self.githubClaims(["ref_protected": "false"])), expecting: protected)?.check
                == "claim ref_protected")
        #expect(refusal(issuer.token(Self.githubClaims(["ref_protected": true])), expecting: protected) == nil)
        #expect(refusal(issuer.token(Self.githubClaims(["ref": "refs/heads/release/2"]))) == nil)
    }

    @Test("malformed tokens are refused with a sentence, never a crash")
    func malformed() {
        for token in ["", "a.b", "a.b.c.d", "!!.??.##", "e30.e30.", "e30.bm90IGpzb24.c2ln"] {
            #expect(refusal(token) != nil)
        }
        let crit = issuer.token(
            Self.githubClaims(), header: ["alg": "RS256", "kid": TestIssuer.rsaKID, "crit": ["b64"]])
        #expect(refusal(crit)?.check == "token")
    }
}
