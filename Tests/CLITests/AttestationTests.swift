import Foundation
import TestSupport
import Testing

@Suite("check --attest, attest verify and attest show")
struct AttestationTests {
    typealias Fixture = AttestationRepository

    @Test(
        "an attestation signed with each key type verifies against the repository", arguments: Fixture.KeyKind.allCases)
    func signAndVerify(kind: Fixture.KeyKind) throws {
        let fixture = try Fixture()
        let check = try fixture.attest(["--sign-key", fixture.privateKey(kind)])
        #expect(check.status == 1, "\(check.stderr)")
        let envelope = try fixture.envelope()
        #expect(envelope["payloadType"] as? String == "application/vnd.in-toto+json")
        #expect((envelope["signatures"] as? [[String: String]])?.first?["keyid"]?.hasPrefix("sha256:") == true)
        let payload = try fixture.payload()
        #expect(payload.contains(#""name":"github.com/acme/app""#))
        #expect(payload.contains(#""gitCommit":"\#(fixture.head)""#))

        let verify = try fixture.verify(key: kind)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("deny"))
        for check in ["signature", "subject", "policy digest"] { #expect(verify.stdout.contains("ok \(check)")) }

        let json = try fixture.verify(["--format", "json", "--expect-head", fixture.head], key: kind)
        #expect(json.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["verified"] as? Bool == true && report["verdict"] as? String == "deny")
        #expect((report["checks"] as? [[String: Any]])?.count == 3)

        let reproduced = try fixture.verify(["--reproduce"], key: kind)
        #expect(reproduced.status == 0, "\(reproduced.stdout)\(reproduced.stderr)")
        #expect(reproduced.stdout.contains("ok reproduction: judged again: deny"))
    }

    @Test("the key may come from an environment variable")
    func keyFromEnvironment() throws {
        let fixture = try Fixture()
        let pem = try String(
            contentsOf: fixture.repo.url.appendingPathComponent(fixture.privateKey(.p256)), encoding: .utf8)
        let check = try fixture.attest(["--sign-key-env", "ATTEST_KEY"], environment: ["ATTEST_KEY": pem])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(try fixture.verify(key: .p256).status == 0)
    }

    @Test("without a key check --attest refuses in one sentence; --unsigned writes an envelope verify refuses")
    func unsigned() throws {
        let fixture = try Fixture()
        let refused = try fixture.attest([])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--attest needs a signing key"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(
            !FileManager.default.fileExists(atPath: fixture.repo.url.appendingPathComponent("attestation.json").path))

        #expect(try fixture.attest(["--unsigned"]).status == 1)
        #expect((try fixture.envelope()["signatures"] as? [Any])?.isEmpty == true)
        let verify = try fixture.verify()
        #expect(verify.status == 2)
        #expect(verify.stderr.contains("signature check failed"))
    }

    @Test("verify refuses, naming the check, an untrusted key, a changed payload, signature or payload type")
    func signatureRefusals() throws {
        let fixture = try Fixture()
        #expect(try fixture.attest(["--sign-key", fixture.privateKey(.ed25519)]).status == 1)
        let untrusted = try fixture.verify(key: .p256)
        #expect(untrusted.status == 2 && untrusted.stderr.contains("signature check failed"))

        let original = try fixture.envelope()
        var tampered = original
        tampered["payload"] = Data(
            try fixture.payload().replacingOccurrences(of: #""status":"deny""#, with: #""status":"pass""#).utf8
        )
        .base64EncodedString()
        var flipped = original
        var signatures = try #require(original["signatures"] as? [[String: String]])
        let encoded = try #require(signatures[0]["sig"])
        var signature = try #require(Data(base64Encoded: encoded))
        signature[0] ^= 0x01
        signatures[0]["sig"] = signature.base64EncodedString()
        flipped["signatures"] = signatures
        var retyped = original
        retyped["payloadType"] = "application/json"
        for (name, envelope) in [("tampered", tampered), ("flipped", flipped), ("retyped", retyped)] {
            try fixture.write(envelope, to: "\(name).json")
            let verify = try fixture.verify(file: "\(name).json")
            #expect(verify.status == 2, "\(name)")
            #expect(verify.stderr.contains("signature check failed"), "\(name): \(verify.stderr)")
        }
    }

    @Test("verify refuses another head or another policy digest than expected")
    func claimRefusals() throws {
        let fixture = try Fixture()
        #expect(try fixture.attest(["--sign-key", fixture.privateKey(.ed25519)]).status == 1)
        let head = try fixture.verify(["--expect-head", fixture.base])
        #expect(head.status == 2 && head.stderr.contains("subject check failed"), "\(head.stderr)")
        let digest = try fixture.verify(["--expect-policy-digest", "sha256:" + String(repeating: "0", count: 64)])
        #expect(digest.status == 2 && digest.stderr.contains("policy digest check failed"), "\(digest.stderr)")

        // The policy that judged a range is the one at its base: one committed since changes nothing, and a range
        // from that commit is judged, and verified, under it.
        try fixture.repo.write(".cavra/policy.yaml", Self.ownPolicy)
        let policyCommit = try fixture.repo.commitAll()
        #expect(try fixture.verify().status == 0)
        try fixture.repo.write("src/main.c", "int main;\n")
        let next = try fixture.repo.commitAll()
        let check = try fixture.gate([
            "check", "--base", policyCommit, "--head", next, "--attest", "own.json", "--sign-key",
            fixture.privateKey(.ed25519),
        ])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try fixture.payload("own.json").contains(#""id":"team-own""#))
        let own = try fixture.verify(file: "own.json")
        #expect(own.status == 0, "\(own.stdout)\(own.stderr)")
    }

    static let ownPolicy = """
        schema: cavra.policy.v1
        metadata: {id: team-own, title: Team, version: "1", extends: [cavra-ai-agent-baseline]}
        rules: []
        """

    @Test("no secret from a changed command line reaches the payload or the shown comment")
    func redaction() throws {
        let fixture = try Fixture()
        #expect(try fixture.attest(["--sign-key", fixture.privateKey(.ed25519)]).status == 1)
        let payload = try fixture.payload()
        let show = try fixture.gate(["attest", "show", "attestation.json"])
        #expect(show.status == 0, "\(show.stderr)")
        for secret in [Fixture.password, Fixture.awsSecret, "ci:token"] {
            #expect(!payload.contains(secret), "\(secret)")
            #expect(!show.stdout.contains(secret), "\(secret)")
        }
        #expect(payload.contains("curl"))
    }

    @Test("attest show renders the claims, says it verified nothing, and gives the verify command")
    func show() throws {
        let fixture = try Fixture()
        #expect(try fixture.attest(["--sign-key", fixture.privateKey(.ed25519)]).status == 1)
        let show = try fixture.gate(["attest", "show", "attestation.json"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("does not verify"))
        #expect(show.stdout.contains("### Denied"))
        #expect(show.stdout.contains("merge base `\(fixture.base)`"))
        #expect(show.stdout.contains("cavra-ai-agent-baseline"))
        #expect(show.stdout.contains("Runner: identity not verified"))
        #expect(show.stdout.contains("cavra-gate attest verify attestation.json --trusted-key SIGNER.public.pem"))
        #expect(show.stdout.count <= 65_536)
        let json = try fixture.gate(["attest", "show", "attestation.json", "--format", "json"])
        #expect(json.status == 0 && json.stdout.contains(#""_type" : "https://in-toto.io/Statement/v1""#))
    }
}
