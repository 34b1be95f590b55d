import Crypto
import CryptoExtras
import Foundation

@testable import CavraIdentity

/// An OIDC issuer made up by the test: an RSA-2048 and a P-256 signing key, their JWKS, and tokens signed with
/// either, or spelled as an attacker would spell them.
struct TestIssuer: Sendable {
    static let shared = TestIssuer()
    static let rsaKID = "rsa-1"
    static let ecKID = "ec-1"

    let rsa: _RSA.Signing.PrivateKey
    let p256 = P256.Signing.PrivateKey()

    init() {
        rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    var jwksJSON: String {
        let primitives = try! rsa.publicKey.getKeyPrimitives()
        let raw = Array(p256.publicKey.rawRepresentation)
        let keys: [[String: String]] = [
            [
                "kty": "RSA", "kid": Self.rsaKID, "use": "sig", "alg": "RS256",
                "n": Base64URL.encode(primitives.modulus), "e": Base64URL.encode(primitives.publicExponent),
            ],
            [
                "kty": "EC", "kid": Self.ecKID, "crv": "P-256", "x": Base64URL.encode(raw.prefix(32)),
                "y": Base64URL.encode(raw.suffix(32)),
            ],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: ["keys": keys]), as: UTF8.self)
    }

    var keySet: JSONWebKeySet { try! JSONWebKeySet(json: Array(jwksJSON.utf8), source: "the test JWKS") }

    enum Signer {
        case rs256
        case es256
        /// HMAC-SHA256 keyed with the RSA public key's PEM: the classic algorithm-confusion token.
        case hs256WithRSAPublicKey
        case none
    }

    func token(
        _ claims: [String: Any], signer: Signer = .rs256, header: [String: Any]? = nil
    ) -> String {
        let defaultHeader: [String: Any] =
            switch signer {
            case .rs256: ["alg": "RS256", "kid": Self.rsaKID, "typ": "JWT"]
            case .es256: ["alg": "ES256", "kid": Self.ecKID, "typ": "JWT"]
            case .hs256WithRSAPublicKey: ["alg": "HS256", "kid": Self.rsaKID, "typ": "JWT"]
            case .none: ["alg": "none", "kid": Self.rsaKID, "typ": "JWT"]
            }
        let input =
            Base64URL.encode(try! JSONSerialization.data(withJSONObject: header ?? defaultHeader, options: .sortedKeys))
            + "." + Base64URL.encode(try! JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        let data = Data(input.utf8)
        let signature: [UInt8] =
            switch signer {
            case .rs256: Array(try! rsa.signature(for: data, padding: .insecurePKCS1v1_5).rawRepresentation)
            case .es256: Array(try! p256.signature(for: data).rawRepresentation)
            case .hs256WithRSAPublicKey:
                Array(
                    HMAC<SHA256>.authenticationCode(
                        for: data, using: SymmetricKey(data: Data(rsa.publicKey.pemRepresentation.utf8))))
            case .none: []
            }
        return input + "." + Base64URL.encode(signature)
    }
}
