import CavraTrust
import Foundation

/// Wraps a statement in a DSSE envelope, signed with a key pair; HMAC secrets are refused because a reviewer who
/// could check such a signature could also forge it.
public struct AttestationSigner {
    public let key: SigningKey?

    /// - Parameter key: nil writes an unsigned envelope, which `attest verify` refuses.
    public init(key: SigningKey?) throws(AttestationError) {
        if let key, key.algorithm == .hmacSHA256 {
            throw AttestationError(
                "attestations are signed with a key pair, not an HMAC secret, so anyone can verify them without being able to forge them; make one with cavra-gate policy keygen"
            )
        }
        self.key = key
    }

    public func envelope(for statement: Statement) throws -> Envelope {
        try envelope(payload: try statement.payload())
    }

    public func envelope(for statement: ProvenanceStatement) throws -> Envelope {
        try envelope(payload: try statement.payload())
    }

    /// Both statement kinds are in-toto statements, so they share the payload type and differ in predicate.
    private func envelope(payload: [UInt8]) throws -> Envelope {
        var envelope = Envelope(payloadType: Statement.mediaType, payload: payload)
        if let key, let keyID = key.keyID {
            let signature = try key.sign(try envelope.signedBytes())
            envelope.signatures = [Envelope.Signature(keyid: keyID, sig: Data(signature).base64EncodedString())]
        }
        return envelope
    }
}
