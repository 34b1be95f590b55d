import CavraAttest
import CavraTrust
import Foundation
import Testing

@Suite("DSSE envelopes")
struct EnvelopeTests {
    @Test("the pre-authentication encoding spells both lengths in decimal bytes")
    func preAuthenticationEncoding() {
        let bytes = Envelope.preAuthenticationEncoding(type: "application/vnd.in-toto+json", body: Array("{}".utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == "DSSEv1 28 application/vnd.in-toto+json 2 {}")
        let wide = Envelope.preAuthenticationEncoding(type: "t", body: Array("é".utf8))
        #expect(String(decoding: wide, as: UTF8.self) == "DSSEv1 1 t 2 é")
    }

    @Test("an envelope reads back as written, with standard base64 and the in-toto payload type")
    func roundTrip() throws {
        let keys = try AttestationFixture.keys(.ed25519)
        let envelope = try AttestationSigner(key: keys.signing).envelope(for: AttestationFixture.statement())
        let read = try Envelope(json: Data(envelope.json().utf8), source: "test")
        #expect(read == envelope)
        #expect(read.payloadType == "application/vnd.in-toto+json")
        #expect(read.signatures.map(\.keyid) == [keys.trusted.keyID])
        #expect(try read.payloadBytes() == AttestationFixture.statement().payload())
        #expect(try envelope.json().contains(#""payloadType" : "application/vnd.in-toto+json""#))
    }

    @Test("an HMAC secret cannot sign an attestation")
    func hmacRefused() throws {
        let secret = try SigningKey(pem: SigningKey.generateHMAC(), source: "secret")
        #expect(throws: AttestationError.self) { try AttestationSigner(key: secret) }
        let trusted = try TrustedKey(pem: SigningKey.generateHMAC(), source: "secret")
        #expect(throws: AttestationError.self) { try AttestationFixture.verifier(trusting: [trusted]) }
    }
}
