import Crypto
import Foundation

/// What a signature is made with. The verifier's keys decide which one is acceptable, never the signed document.
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    case ed25519 = "Ed25519"
    /// ECDSA over P-256 with SHA-256; signatures are DER.
    case ecdsaP256 = "ES256"
    /// HMAC-SHA256 with a shared secret, for teams without key pairs.
    case hmacSHA256 = "HS256"
}

/// DER framing of Ed25519 keys (RFC 8410), which swift-crypto reads only as raw bytes.
enum Ed25519DER {
    /// PKCS#8 `PrivateKeyInfo` up to the 32 key bytes.
    static let privatePrefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// `SubjectPublicKeyInfo` up to the 32 key bytes.
    static let publicPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    static func key(after prefix: [UInt8], in bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count == prefix.count + 32, bytes.starts(with: prefix) else { return nil }
        return Array(bytes.suffix(32))
    }
}

enum HMACSecret {
    static let minimumBytes = 32

    static func key(_ bytes: [UInt8], source: String) throws(TrustError) -> SymmetricKey {
        guard bytes.count >= minimumBytes else {
            throw TrustError(
                "\(source) holds an HMAC secret of \(bytes.count) bytes; use at least \(minimumBytes) (policy keygen --hmac)"
            )
        }
        return SymmetricKey(data: bytes)
    }
}

/// A key that makes signatures: an Ed25519 or ECDSA P-256 private key (PKCS#8 PEM), or an HMAC secret.
public struct SigningKey: Sendable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case hmac(SymmetricKey)
    }

    let material: Material

    public var algorithm: SignatureAlgorithm {
        switch material {
        case .ed25519: .ed25519
        case .p256: .ecdsaP256
        case .hmac: .hmacSHA256
        }
    }

    /// The public half, or nil for a secret, which has nothing to publish.
    public var publicKey: TrustedKey? {
        switch material {
        case .ed25519(let key): TrustedKey(material: .ed25519(key.publicKey), source: "the signing key")
        case .p256(let key): TrustedKey(material: .p256(key.publicKey), source: "the signing key")
        case .hmac: nil
        }
    }

    /// `sha256:` + hex SHA-256 of the public key's DER SubjectPublicKeyInfo; nil for a secret.
    public var keyID: String? { publicKey?.keyID }

    public init(pemFile: String) throws(TrustError) {
        try self.init(source: .file(pemFile))
    }

    public init(source: KeySource, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TrustError)
    {
        try self.init(pem: try source.text(environment: environment), source: source.description)
    }

    public init(pem: String, source: String) throws(TrustError) {
        let (label, bytes) = try PEM.decode(pem, source: source)
        switch label {
        case PEM.privateLabel, PEM.ecPrivateLabel:
            if let raw = Ed25519DER.key(after: Ed25519DER.privatePrefix, in: bytes),
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            {
                material = .ed25519(key)
            } else if let key = try? P256.Signing.PrivateKey(derRepresentation: bytes) {
                material = .p256(key)
            } else {
                throw TrustError("\(source) is not an Ed25519 or ECDSA P-256 private key; only those two are accepted")
            }
        case PEM.hmacLabel:
            material = .hmac(try HMACSecret.key(bytes, source: source))
        default:
            throw TrustError("\(source) holds a \(label), not a signing key; sign with a private key or HMAC secret")
        }
    }

    /// Ed25519 signatures are the raw 64 bytes, ECDSA signatures DER, HMAC codes the raw 32 bytes.
    public func sign(_ message: [UInt8]) throws(TrustError) -> [UInt8] {
        do {
            switch material {
            case .ed25519(let key): return Array(try key.signature(for: message))
            case .p256(let key): return Array(try key.signature(for: message).derRepresentation)
            case .hmac(let key): return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
            }
        } catch {
            throw TrustError("signing failed: \(error); check that the key file is intact")
        }
    }

    /// A new key pair as PEM texts (private PKCS#8, public SubjectPublicKeyInfo).
    public static func generate(_ algorithm: SignatureAlgorithm) -> (privatePEM: String, publicPEM: String?) {
        switch algorithm {
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            return (
                PEM.encode(label: PEM.privateLabel, bytes: Ed25519DER.privatePrefix + Array(key.rawRepresentation)),
                PEM.encode(
                    label: PEM.publicLabel, bytes: Ed25519DER.publicPrefix + Array(key.publicKey.rawRepresentation))
            )
        case .ecdsaP256:
            let key = P256.Signing.PrivateKey()
            return (key.pemRepresentation + "\n", key.publicKey.pemRepresentation + "\n")
        case .hmacSHA256:
            let key = SymmetricKey(size: .bits256)
            return (PEM.encode(label: PEM.hmacLabel, bytes: key.withUnsafeBytes { Array($0) }), nil)
        }
    }

    /// A new Ed25519 key pair as PEM texts (private, public).
    public static func generateEd25519() -> (privatePEM: String, publicPEM: String) {
        let pair = generate(.ed25519)
        return (pair.privatePEM, pair.publicPEM ?? "")
    }

    /// A new random HMAC secret as PEM text.
    public static func generateHMAC() -> String {
        generate(.hmacSHA256).privatePEM
    }
}
