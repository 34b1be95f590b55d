import CavraAttest
import CavraModel
import CavraTrust
import Foundation
import Testing

@Suite("attestation verification")
struct VerificationTests {
    static let algorithms = [SignatureAlgorithm.ed25519, .ecdsaP256]

    static func signed(_ algorithm: SignatureAlgorithm) throws -> (Envelope, TrustedKey) {
        let keys = try AttestationFixture.keys(algorithm)
        return (try AttestationSigner(key: keys.signing).envelope(for: AttestationFixture.statement()), keys.trusted)
    }

    static func failedCheck(
        _ envelope: Envelope, trusting keys: [TrustedKey], head: String = AttestationFixture.head,
        policy: String = AttestationFixture.policyDigest
    ) throws -> String? {
        try AttestationFixture.verifier(trusting: keys, head: head, policy: policy).verify(envelope)
            .checks.first { !$0.ok }?.name
    }

    @Test("a signature by a trusted key verifies, and the statement's verdict is reported", arguments: algorithms)
    func verifies(algorithm: SignatureAlgorithm) throws {
        let (envelope, key) = try Self.signed(algorithm)
        let other = try AttestationFixture.keys(.ed25519).trusted
        let verification = try AttestationFixture.verifier(trusting: [other, key]).verify(envelope)
        #expect(verification.verified && verification.failure == nil)
        #expect(verification.verdict == "deny")
        #expect(verification.checks.map(\.name) == ["signature", "subject", "policy digest"])
        #expect((try verification.json()).contains(#""verified" : true"#))
    }

    @Test(
        "an untrusted key, a changed payload, a flipped signature byte or payload type fail the signature check",
        arguments: algorithms)
    func signatureRefusals(algorithm: SignatureAlgorithm) throws {
        let (envelope, key) = try Self.signed(algorithm)
        #expect(
            try Self.failedCheck(envelope, trusting: [try AttestationFixture.keys(algorithm).trusted]) == "signature")

        var payload = try envelope.payloadBytes()
        payload[payload.count / 2] ^= 0x01
        var tampered = envelope
        tampered.payload = Data(payload).base64EncodedString()
        #expect(try Self.failedCheck(tampered, trusting: [key]) == "signature")

        var flipped = envelope
        var signature = try #require(Data(base64Encoded: envelope.signatures[0].sig))
        signature[signature.count - 1] ^= 0x01
        flipped.signatures[0].sig = signature.base64EncodedString()
        #expect(try Self.failedCheck(flipped, trusting: [key]) == "signature")

        var retyped = envelope
        retyped.payloadType = "application/json"
        #expect(try Self.failedCheck(retyped, trusting: [key]) == "signature")

        var unsigned = envelope
        unsigned.signatures = []
        let verification = try AttestationFixture.verifier(trusting: [key]).verify(unsigned)
        #expect(verification.failure?.message.contains("signature check failed") == true)
    }

    @Test("another head or another policy digest fails the subject or policy check")
    func claimRefusals() throws {
        let (envelope, key) = try Self.signed(.ed25519)
        let otherHead = String(repeating: "d", count: 40)
        #expect(try Self.failedCheck(envelope, trusting: [key], head: otherHead) == "subject")
        let otherPolicy = "sha256:" + String(repeating: "e", count: 64)
        #expect(try Self.failedCheck(envelope, trusting: [key], policy: otherPolicy) == "policy digest")
        let resolved = try AttestationVerifier(
            trustedKeys: [key],
            subject: .commitIn(repository: "repo") { $0 == AttestationFixture.head },
            policy: .resolved(described: "repo") { _ in AttestationFixture.policyDigest })
        #expect(resolved.verify(envelope).verified)
    }

    @Test("judging the range again must give the recorded status and findings")
    func reproduction() throws {
        let (envelope, key) = try Self.signed(.ed25519)
        func verified(_ rejudged: GateResult?) throws -> Verification {
            try AttestationVerifier(
                trustedKeys: [key], subject: .head(AttestationFixture.head),
                policy: .digest(AttestationFixture.policyDigest), rejudge: { _ in rejudged }
            ).verify(envelope)
        }
        let same = try verified(AttestationFixture.result)
        #expect(same.verified && same.checks.last?.name == "reproduction")
        let cleared = AttestationFixture.result.replacingFindings { finding in
            var finding = finding
            finding.fingerprint = "other"
            return finding
        }
        #expect(try verified(cleared).failure?.message.contains("reproduction check failed") == true)
        #expect(try !verified(nil).verified)
    }

    @Test("a break-glass pass is reproduced by lifting the same findings, and only those")
    func breakGlassReproduction() throws {
        let keys = try AttestationFixture.keys(.ed25519)
        let glass = BreakGlass(
            actor: "oncall", reason: "outage", ticket: "INC-1", expires: "2030-01-01T00:00:00Z", lifted: ["f1"])
        let recorded = AttestationFixture.result.liftedBy(glass)
        #expect(recorded.status == .pass)
        let statement = try Statement(
            result: recorded, subjectName: "github.com/acme/app",
            evaluatedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let envelope = try AttestationSigner(key: keys.signing).envelope(for: statement)
        func verified(_ rejudged: GateResult) throws -> Verification {
            try AttestationVerifier(
                trustedKeys: [keys.trusted], subject: .head(AttestationFixture.head),
                policy: .digest(AttestationFixture.policyDigest), rejudge: { _ in rejudged }
            ).verify(envelope)
        }
        #expect(try verified(AttestationFixture.result).verified)
        let unlifted = AttestationFixture.result.replacingFindings { finding in
            var finding = finding
            finding.fingerprint = "f2"
            return finding
        }
        #expect(try !verified(unlifted).verified)
    }
}
