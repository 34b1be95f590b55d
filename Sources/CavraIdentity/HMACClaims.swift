import CavraModel
import CavraPolicy
import CavraTrust
import Crypto
import Foundation

/// Claims a self-hosted runner signs with a key it shares with the gate (`cavra.runner.hmac.v2`): HMAC-SHA256 over
/// the canonical JSON of the claims, bound to a lifetime, a nonce and, when the verifier knows them, the head
/// commit and the policy digest, so a document cannot be replayed for another change or another policy.
public enum HMACClaims {
    public static let schema = "cavra.runner.hmac.v2"
    public static let minimumKeyBytes = 32

    public struct Expectation: Sendable {
        public var keyID: String?
        public var maxAge: Int
        public var head: String?
        public var policyDigest: String?
        public var claims: [RunnerPolicy.ClaimMatch]

        public init(
            keyID: String?, maxAge: Int, head: String? = nil, policyDigest: String? = nil,
            claims: [RunnerPolicy.ClaimMatch] = []
        ) {
            self.keyID = keyID
            self.maxAge = maxAge
            self.head = head
            self.policyDigest = policyDigest
            self.claims = claims
        }
    }

    /// A claim value: the document allows text, integers and booleans only.
    public enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int)
        case bool(Bool)

        var canonical: CanonicalJSON {
            switch self {
            case .string(let value): .string(value)
            case .integer(let value): .integer(value)
            case .bool(let value): .bool(value)
            }
        }

        var text: String {
            switch self {
            case .string(let value): value
            case .integer(let value): String(value)
            case .bool(let value): value ? "true" : "false"
            }
        }
    }

    /// The signed document, as canonical JSON text.
    public static func sign(claims: [String: Value], keyID: String, key: [UInt8]) throws(IdentityError) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(canonicalText(claims).utf8), using: try symmetricKey(key))
        let document: CanonicalJSON = .object([
            "schema": .string(schema), "key_id": .string(keyID), "claims": .object(claims.mapValues(\.canonical)),
            "mac": .string(Data(mac).base64EncodedString()),
        ])
        return document.text
    }

    public static func verify(
        document bytes: some Collection<UInt8>, key: [UInt8], expecting expectation: Expectation, now: Date
    ) throws(IdentityError) -> GateResult.Runner {
        guard let document = JSONValue.object(bytes) else {
            throw IdentityError(
                "claims", "the runner claims are not a JSON object; pass the document sign-hmac printed")
        }
        guard document["schema"]?.string == schema else {
            throw IdentityError("claims", "the runner claims are not a \(schema) document")
        }
        guard let keyID = document["key_id"]?.string else {
            throw IdentityError("key", "the runner claims name no key_id")
        }
        if let expected = expectation.keyID, keyID != expected {
            throw IdentityError("key", "the runner claims are signed with key id '\(keyID)', not '\(expected)'")
        }
        guard case .object(let members)? = document["claims"] else {
            throw IdentityError("claims", "the runner claims document has no claims object")
        }
        let claims = try values(members)
        guard let macText = document["mac"]?.string, let mac = Data(base64Encoded: macText) else {
            throw IdentityError("signature", "the runner claims carry no base64 mac")
        }
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                mac, authenticating: Array(canonicalText(claims).utf8), using: try symmetricKey(key))
        else {
            throw IdentityError("signature", "the runner claims' mac does not verify with key '\(keyID)'")
        }
        try checkTimes(claims, maxAge: expectation.maxAge, now: now.timeIntervalSince1970)
        guard case .string(let nonce)? = claims["nonce"], !nonce.isEmpty else {
            throw IdentityError("replay", "the runner claims have no nonce, so a copy could be replayed")
        }
        for (name, expected) in [("head", expectation.head), ("policy_digest", expectation.policyDigest)] {
            guard let expected else { continue }
            guard claims[name]?.text == expected else {
                let found = claims[name].map { "'\($0.text)'" } ?? "missing"
                throw IdentityError(
                    "claim \(name)",
                    "the runner claims' \(name) is \(found), not '\(expected)'; they were signed for another run")
            }
        }
        for match in expectation.claims where !match.matches(claims[match.name]?.text) {
            let found = claims[match.name].map { "'\($0.text)'" } ?? "missing"
            throw IdentityError(
                "claim \(match.name)",
                "the runner claims' \(match.name) is \(found), which matches none of \(match.patterns.map(\.pattern).joined(separator: ", "))"
            )
        }
        return GateResult.Runner(
            verified: true, method: "hmac", provider: "self-hosted", issuer: keyID,
            subject: claims["sub"]?.text ?? claims["runner"]?.text, claims: claims.mapValues(\.text))
    }

    private static func values(_ members: [String: JSONValue]) throws(IdentityError) -> [String: Value] {
        var claims: [String: Value] = [:]
        for (name, value) in members {
            switch value {
            case .string(let text): claims[name] = .string(text)
            case .integer(let number): claims[name] = .integer(number)
            case .bool(let flag): claims[name] = .bool(flag)
            default:
                throw IdentityError(
                    "claims", "runner claim \(name) is not text, an integer or a boolean, the only values v2 allows")
            }
        }
        return claims
    }

    private static func checkTimes(_ claims: [String: Value], maxAge: Int, now: Double) throws(IdentityError) {
        guard case .integer(let issuedAt)? = claims["iat"], case .integer(let expires)? = claims["exp"] else {
            throw IdentityError("expired", "the runner claims need integer iat and exp claims")
        }
        guard expires >= issuedAt, expires - issuedAt <= maxAge else {
            throw IdentityError(
                "expired", "the runner claims live \(expires - issuedAt) s, more than the \(maxAge) s max_age allows")
        }
        if now > Double(expires) + OIDCVerifier.leeway {
            throw IdentityError("expired", "the runner claims expired \(Int(now) - expires) s ago; sign new ones")
        }
        if now + OIDCVerifier.leeway < Double(issuedAt) {
            throw IdentityError(
                "issued in the future", "the runner claims say they were issued \(issuedAt - Int(now)) s from now")
        }
    }

    private static func canonicalText(_ claims: [String: Value]) -> String {
        CanonicalJSON.object(claims.mapValues(\.canonical)).text
    }

    private static func symmetricKey(_ key: [UInt8]) throws(IdentityError) -> SymmetricKey {
        guard key.count >= minimumKeyBytes else {
            throw IdentityError(
                "key", "the HMAC key has \(key.count) bytes; use at least \(minimumKeyBytes) random bytes")
        }
        return SymmetricKey(data: key)
    }
}
