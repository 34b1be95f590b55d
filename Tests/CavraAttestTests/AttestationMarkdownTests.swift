import CavraAttest
import CavraTrust
import Foundation
import Testing

@Suite("attest show")
struct AttestationMarkdownTests {
    @Test("the comment gives the verdict, the claims and the verify command, says it verified nothing, no secret")
    func comment() throws {
        let keys = try AttestationFixture.keys(.ed25519)
        let envelope = try AttestationSigner(key: keys.signing).envelope(for: AttestationFixture.statement())
        let markdown = try AttestationMarkdown().render(envelope, file: "gate attestation.json")
        #expect(markdown.contains("does not verify"))
        #expect(markdown.contains("cavra-gate denied"))
        #expect(markdown.contains("### Denied (1)"))
        #expect(markdown.contains("merge base `\(AttestationFixture.base)`"))
        #expect(markdown.contains(AttestationFixture.policyDigest))
        #expect(markdown.contains("identity not verified"))
        #expect(
            markdown.contains(
                "cavra-gate attest verify 'gate attestation.json' --trusted-key SIGNER.public.pem --expect-head "
                    + "\(AttestationFixture.head) --expect-policy-digest \(AttestationFixture.policyDigest)"))
        #expect(!markdown.contains(AttestationFixture.password))
    }

    @Test("a comment cut to its limit says so and stays within it")
    func limit() throws {
        let envelope = try AttestationSigner(key: nil).envelope(for: AttestationFixture.statement())
        let whole = try AttestationMarkdown().render(envelope, file: "a.json")
        // The report keeps room for its note; a limit just short of what the whole comment needs with it cuts a row.
        let limit = whole.utf8.count + 350
        let markdown = try AttestationMarkdown(characterLimit: limit).render(envelope, file: "a.json")
        #expect(markdown.count <= limit)
        #expect(markdown.contains("not listed here"))
        #expect(markdown.contains("nobody (unsigned)"))
    }
}
