import Crypto
import Foundation

/// A key the verifier trusts: an Ed25519 or ECDSA P-256 public key, or an HMAC secret. Its kind fixes the
/// algorithm a signature must use.
public struct TrustedKey: Sendable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case hmac(SymmetricKey)
    }

    let material: Material
    /// Where the key came from, for messages.
    public let file: String

    public var algorithm: SignatureAlgorithm {
        switch material {
        case .ed25519: .ed25519
        case .p256: .ecdsaP256
        case .hmac: .hmacSHA256
        }
    }

    init(material: Material, source: String) {
        self.material = material
        self.file = source
    }

    public init(file: String) throws(TrustError) {
        try self.init(source: .file(file))
    }

    public init(source: KeySource, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TrustError)
    {
        try self.init(pem: try source.text(environment: environment), source: source.description)
    }

    public init(pem: String, source: String) throws(TrustError) {
        let (label, bytes) = try PEM.decode(pem, source: source)
        self.file = source
        switch label {
        case PEM.publicLabel:
            if let raw = Ed25519DER.key(after: Ed25519DER.publicPrefix, in: bytes),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            {
                material = .ed25519(key)
            } else if let key = try? P256.Signing.PublicKey(derRepresentation: bytes) {
                material = .p256(key)
            } else {
                throw TrustError("\(source) is not an Ed25519 or ECDSA P-256 public key; only those two are accepted")
            }
        case PEM.hmacLabel:
            material = .hmac(try HMACSecret.key(bytes, source: source))
        case PEM.privateLabel, PEM.ecPrivateLabel:
            throw TrustError("\(source) is a private key; trust the public key (the .public.pem keygen wrote) instead")
        default:
            throw TrustError("\(source) holds a \(label), not a public key or HMAC secret")
        }
    }

    /// The DER SubjectPublicKeyInfo, or nil for a secret.
    public var subjectPublicKeyInfo: [UInt8]? {
        switch material {
        case .ed25519(let key): Ed25519DER.publicPrefix + Array(key.rawRepresentation)
        case .p256(let key): Array(key.derRepresentation)
        case .hmac: nil
        }
    }

    /// Lower-case hex SHA-256 of the SubjectPublicKeyInfo; nil for a secret.
    public var publicKeySHA256: String? { subjectPublicKeyInfo.map(Digest.sha256Hex) }

    /// `sha256:` + `publicKeySHA256`, the key id signed documents carry.
    public var keyID: String? { publicKeySHA256.map { Digest.prefix + $0 } }

    /// HMAC codes are compared in constant time so timing does not reveal how much of a forgery was right.
    public func isValid(signature: [UInt8], for message: [UInt8]) -> Bool {
        switch material {
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: message)
        case .hmac(let key):
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key)
        }
    }
}
