import Foundation

/// A DSSE envelope: the payload, its type, and signatures over the pre-authentication encoding of both, so a
/// signature for one payload type can never be passed off as one for another.
public struct Envelope: Codable, Sendable, Hashable {
    public struct Signature: Codable, Sendable, Hashable {
        public var keyid: String
        /// Standard base64 of the raw signature bytes.
        public var sig: String

        public init(keyid: String, sig: String) {
            self.keyid = keyid
            self.sig = sig
        }
    }

    public var payloadType: String
    /// Standard base64 of the payload bytes.
    public var payload: String
    public var signatures: [Signature]

    public init(payloadType: String, payload: [UInt8], signatures: [Signature] = []) {
        self.payloadType = payloadType
        self.payload = Data(payload).base64EncodedString()
        self.signatures = signatures
    }

    /// `"DSSEv1" SP len(type) SP type SP len(body) SP body`, lengths in ASCII decimal bytes.
    public static func preAuthenticationEncoding(type: String, body: [UInt8]) -> [UInt8] {
        Array("DSSEv1 \(type.utf8.count) \(type) \(body.count) ".utf8) + body
    }

    /// - Throws: `AttestationError` when the payload is not base64.
    public func payloadBytes() throws(AttestationError) -> [UInt8] {
        guard let data = Data(base64Encoded: payload) else {
            throw AttestationError("the envelope's payload is not base64; the file is damaged, attest again")
        }
        return Array(data)
    }

    /// What the signatures sign.
    public func signedBytes() throws(AttestationError) -> [UInt8] {
        Self.preAuthenticationEncoding(type: payloadType, body: try payloadBytes())
    }

    /// Indented JSON with sorted keys and one final newline.
    public func json() throws(AttestationError) -> String {
        try IndentedJSON.text(self)
    }

    /// The envelope in a file's bytes; `source` names the file for messages.
    public init(json data: Data, source: String) throws(AttestationError) {
        do {
            self = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw AttestationError(
                "\(source) is not a DSSE envelope (payloadType, payload, signatures); give the file check --attest wrote"
            )
        }
    }

    public init(file path: String) throws(AttestationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AttestationError("cannot read the attestation \(path); check the path and its permissions")
        }
        try self.init(json: data, source: path)
    }
}
