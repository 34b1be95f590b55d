import Crypto
import Foundation

/// What a signature is made with. The verifier's keys decide which one is acceptable, never the signature file.
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    case ed25519 = "Ed25519"
    /// HMAC-SHA256 with a shared secret, for teams without key pairs.
    case hmacSHA256 = "HS256"
}

/// PEM files: Ed25519 keys as PKCS#8 (private) and SubjectPublicKeyInfo (public), and HMAC secrets under their
/// own label so a secret can never be mistaken for a public key.
enum PEM {
    static let privateLabel = "PRIVATE KEY"
    static let publicLabel = "PUBLIC KEY"
    static let hmacLabel = "CAVRA HMAC KEY"
    /// DER of PKCS#8 `PrivateKeyInfo` for Ed25519 up to the 32 key bytes (RFC 8410).
    static let privatePrefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// DER of `SubjectPublicKeyInfo` for Ed25519 up to the 32 key bytes (RFC 8410).
    static let publicPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
    static let hmacMinimumBytes = 32

    static func encode(label: String, bytes: [UInt8]) -> String {
        let base64 = Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    /// The label and bytes of the single PEM block in `text`.
    static func decode(_ text: String, file: String) throws -> (label: String, bytes: [UInt8]) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let first = lines.first, let last = lines.last, first.hasPrefix("-----BEGIN "), first.hasSuffix("-----"),
            last == first.replacingOccurrences(of: "BEGIN", with: "END"), lines.count >= 3
        else {
            throw PolicyError("\(file) is not a PEM key file; create one with cavra-gate policy keygen")
        }
        let label = String(first.dropFirst("-----BEGIN ".count).dropLast("-----".count))
        guard let data = Data(base64Encoded: lines[1..<(lines.count - 1)].joined()) else {
            throw PolicyError("\(file) has a damaged PEM body; create the key again with cavra-gate policy keygen")
        }
        return (label, Array(data))
    }

    static func key(after prefix: [UInt8], in bytes: [UInt8], file: String, what: String) throws -> [UInt8] {
        guard bytes.count == prefix.count + 32, Array(bytes.prefix(prefix.count)) == prefix else {
            throw PolicyError(
                "\(file) is not an Ed25519 \(what) key; only Ed25519 keys (and HMAC secrets) are accepted")
        }
        return Array(bytes.suffix(32))
    }
}

/// A key that makes signatures: an Ed25519 private key or an HMAC secret.
public struct SigningKey: Sendable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case hmac(SymmetricKey)
    }

    let material: Material

    public var algorithm: SignatureAlgorithm {
        switch material {
        case .ed25519: .ed25519
        case .hmac: .hmacSHA256
        }
    }

    /// SHA-256 of the public key's DER, or nil for a secret, which has nothing to publish.
    public var publicKeySHA256: String? {
        guard case .ed25519(let key) = material else { return nil }
        return TrustedKey.fingerprint(publicKey: key.publicKey)
    }

    public init(pemFile: String) throws {
        let (label, bytes) = try PEM.decode(try PolicyLoader.readFile(pemFile), file: pemFile)
        switch label {
        case PEM.privateLabel:
            let raw = try PEM.key(after: PEM.privatePrefix, in: bytes, file: pemFile, what: "private")
            material = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
        case PEM.hmacLabel:
            material = .hmac(try TrustedKey.hmacSecret(bytes, file: pemFile))
        default:
            throw PolicyError(
                "\(pemFile) holds a \(label), not a signing key; sign with the private key or HMAC secret")
        }
    }

    func sign(_ message: [UInt8]) throws -> [UInt8] {
        switch material {
        case .ed25519(let key): Array(try key.signature(for: message))
        case .hmac(let key): Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        }
    }

    /// A new Ed25519 key pair as PEM texts (private, public).
    public static func generateEd25519() -> (privatePEM: String, publicPEM: String) {
        let key = Curve25519.Signing.PrivateKey()
        return (
            PEM.encode(label: PEM.privateLabel, bytes: PEM.privatePrefix + Array(key.rawRepresentation)),
            PEM.encode(label: PEM.publicLabel, bytes: PEM.publicPrefix + Array(key.publicKey.rawRepresentation))
        )
    }

    /// A new random HMAC secret as PEM text.
    public static func generateHMAC() -> String {
        let key = SymmetricKey(size: .bits256)
        return PEM.encode(label: PEM.hmacLabel, bytes: key.withUnsafeBytes { Array($0) })
    }
}

/// A key the verifier trusts: an Ed25519 public key or an HMAC secret. Its kind fixes the algorithm a signature
/// must use.
public struct TrustedKey: Sendable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case hmac(SymmetricKey)
    }

    let material: Material
    public let file: String

    public var algorithm: SignatureAlgorithm {
        switch material {
        case .ed25519: .ed25519
        case .hmac: .hmacSHA256
        }
    }

    public init(file: String) throws {
        let (label, bytes) = try PEM.decode(try PolicyLoader.readFile(file), file: file)
        self.file = file
        switch label {
        case PEM.publicLabel:
            let raw = try PEM.key(after: PEM.publicPrefix, in: bytes, file: file, what: "public")
            material = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: raw))
        case PEM.hmacLabel:
            material = .hmac(try Self.hmacSecret(bytes, file: file))
        case PEM.privateLabel:
            throw PolicyError("\(file) is a private key; trust the public key (the .public.pem keygen wrote) instead")
        default:
            throw PolicyError("\(file) holds a \(label), not a public key or HMAC secret")
        }
    }

    static func hmacSecret(_ bytes: [UInt8], file: String) throws -> SymmetricKey {
        guard bytes.count >= PEM.hmacMinimumBytes else {
            throw PolicyError(
                "\(file) holds an HMAC secret of \(bytes.count) bytes; use at least \(PEM.hmacMinimumBytes) (policy keygen --hmac)"
            )
        }
        return SymmetricKey(data: bytes)
    }

    static func fingerprint(publicKey: Curve25519.Signing.PublicKey) -> String {
        let der = PEM.publicPrefix + Array(publicKey.rawRepresentation)
        return SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
    }

    var publicKeySHA256: String? {
        guard case .ed25519(let key) = material else { return nil }
        return Self.fingerprint(publicKey: key)
    }

    /// HMAC codes are compared in constant time so timing does not reveal how much of a forgery was right.
    func isValid(signature: [UInt8], for message: [UInt8]) -> Bool {
        switch material {
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        case .hmac(let key):
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key)
        }
    }
}
