import CavraModel
import CavraTrust
import Foundation

/// `policy.yaml.sig.json`: a signature over a pack's exact bytes and over the canonical compiled form of its whole
/// inheritance closure, so neither a comment nor an inherited rule can change unnoticed.
public struct PolicySignature: Sendable, Equatable {
    public static let schemaVersion = "cavra.policy-signature.v1"

    public var algorithm: String
    public var keyID: String
    public var signer: String
    public var signedAt: String
    /// The policy digest (`sha256:` of the canonical compiled closure) the signer saw.
    public var digest: String
    /// `sha256:` of the pack file's bytes.
    public var packSHA256: String
    /// SHA-256 of the public key's DER for Ed25519; nil for HMAC.
    public var publicKeySHA256: String?
    /// Base64.
    public var signature: String

    /// Signs one pack of `policy`'s closure (the root when `packID` is nil).
    public static func sign(
        _ policy: Policy, packID: String? = nil, key: SigningKey, keyID: String, signer: String, at date: Date = Date()
    ) throws -> PolicySignature {
        guard let pack = policy.packFiles.last(where: { $0.id == (packID ?? policy.id) }) else {
            throw PolicyError("pack '\(packID ?? policy.id)' is not part of policy \(policy.id)")
        }
        var signature = PolicySignature(
            algorithm: key.algorithm.rawValue, keyID: keyID, signer: signer,
            signedAt: ISO8601DateFormatter().string(from: date), digest: pack.closureDigest,
            packSHA256: "sha256:" + Digest.sha256Hex(pack.text), publicKeySHA256: key.publicKey?.publicKeySHA256,
            signature: "")
        signature.signature = Data(try key.sign(signature.signedMessage)).base64EncodedString()
        return signature
    }

    /// Every field but the signature itself, canonically: the algorithm is signed too, so it cannot be swapped.
    var signedMessage: [UInt8] {
        Array(fields(includingSignature: false).text.utf8)
    }

    private func fields(includingSignature: Bool) -> CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "schema_version": .string(Self.schemaVersion),
            "algorithm": .string(algorithm),
            "key_id": .string(keyID),
            "signer": .string(signer),
            "signed_at": .string(signedAt),
            "digest": .string(digest),
            "pack_sha256": .string(packSHA256),
            "public_key_sha256": publicKeySHA256.map(CanonicalJSON.string) ?? .null,
        ]
        if includingSignature { members["signature"] = .string(signature) }
        return .object(members)
    }

    /// The file's text: canonical JSON and a final newline.
    public var json: String { fields(includingSignature: true).text + "\n" }

    static let fieldNames: Set<String> = [
        "schema_version", "algorithm", "key_id", "signer", "signed_at", "digest", "pack_sha256", "public_key_sha256",
        "signature",
    ]

    public init(json text: String, source: String) throws {
        let location = SourceLocation(file: source)
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw PolicyError(
                "the signature file is not a JSON object; sign the pack again with cavra-gate policy sign", at: location
            )
        }
        if let unknown = Set(object.keys).subtracting(Self.fieldNames).sorted().first {
            throw PolicyError("the signature file has an unknown field '\(unknown)'; sign the pack again", at: location)
        }
        func field(_ name: String) throws -> String {
            guard let value = object[name] as? String else {
                throw PolicyError("the signature file has no text field '\(name)'; sign the pack again", at: location)
            }
            return value
        }
        guard try field("schema_version") == Self.schemaVersion else {
            throw PolicyError("the signature file is not \(Self.schemaVersion); sign the pack again", at: location)
        }
        algorithm = try field("algorithm")
        keyID = try field("key_id")
        signer = try field("signer")
        signedAt = try field("signed_at")
        digest = try field("digest")
        packSHA256 = try field("pack_sha256")
        publicKeySHA256 = object["public_key_sha256"] is NSNull ? nil : try field("public_key_sha256")
        signature = try field("signature")
    }

    init(
        algorithm: String, keyID: String, signer: String, signedAt: String, digest: String, packSHA256: String,
        publicKeySHA256: String?, signature: String
    ) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.signer = signer
        self.signedAt = signedAt
        self.digest = digest
        self.packSHA256 = packSHA256
        self.publicKeySHA256 = publicKeySHA256
        self.signature = signature
    }
}
