import Crypto
import CryptoExtras
import Foundation

/// The signing keys an issuer publishes (RFC 7517), each with the one algorithm the verifier allows for its
/// type. Keys without a `kid`, of other types or curves, or whose `alg` names another algorithm are left out:
/// a token can only ever be checked against a key it names and with the algorithm that key's type fixes.
public struct JSONWebKeySet: Sendable {
    enum Key: Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)

        /// RFC 8725 section 3.1: the verifier, never the token, decides the algorithm.
        var algorithm: String {
            switch self {
            case .rsa: "RS256"
            case .p256: "ES256"
            }
        }

        func verifies(_ signature: [UInt8], for message: [UInt8]) -> Bool {
            switch self {
            case .rsa(let key):
                return key.isValidSignature(
                    _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: message),
                    padding: .insecurePKCS1v1_5)
            case .p256(let key):
                guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
                return key.isValidSignature(parsed, for: SHA256.hash(data: message))
            }
        }
    }

    let keys: [String: Key]
    /// Where the set came from, for messages.
    public let source: String

    public var keyIDs: [String] { keys.keys.sorted() }

    public init(json bytes: some Collection<UInt8>, source: String) throws(IdentityError) {
        guard let document = JSONValue.object(bytes), case .array(let entries)? = document["keys"] else {
            throw IdentityError("JWKS", "\(source) is not a JWKS document (a JSON object with a keys list)")
        }
        var keys: [String: Key] = [:]
        for case .object(let entry) in entries {
            guard let kid = entry["kid"]?.string, keys[kid] == nil, let key = Self.key(entry) else { continue }
            if let use = entry["use"]?.string, use != "sig" { continue }
            if let alg = entry["alg"]?.string, alg != key.algorithm { continue }
            keys[kid] = key
        }
        self.keys = keys
        self.source = source
    }

    private static func key(_ entry: [String: JSONValue]) -> Key? {
        func bytes(_ name: String) -> [UInt8]? { entry[name]?.string.flatMap { Base64URL.decode(Substring($0)) } }
        switch entry["kty"]?.string {
        case "RSA":
            guard let n = bytes("n"), let e = bytes("e"), let key = try? _RSA.Signing.PublicKey(n: n, e: e) else {
                return nil
            }
            return .rsa(key)
        case "EC":
            guard entry["crv"]?.string == "P-256", let x = bytes("x"), let y = bytes("y"), x.count == 32, y.count == 32,
                let key = try? P256.Signing.PublicKey(rawRepresentation: x + y)
            else { return nil }
            return .p256(key)
        default:
            return nil
        }
    }
}
