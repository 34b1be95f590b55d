import CavraModel
import CavraPolicy
import Foundation

/// Verifies a CI platform's OIDC ID token strictly (RFC 8725): the key's type fixes the algorithm, the token's
/// header never does; `kid`, `iss`, `aud`, `exp` and `iat` are required; every claim the policy constrains must
/// be present and match.
public enum OIDCVerifier {
    /// Clock skew allowed on every time claim, in seconds.
    public static let leeway: Double = 60

    public struct Expectation: Sendable {
        public var provider: String?
        public var issuer: String
        public var audience: String
        public var claims: [RunnerPolicy.ClaimMatch]

        public init(provider: String?, issuer: String, audience: String, claims: [RunnerPolicy.ClaimMatch] = []) {
            self.provider = provider
            self.issuer = issuer
            self.audience = audience
            self.claims = claims
        }

        public init(_ entry: RunnerPolicy.OIDCEntry) {
            self.init(provider: entry.provider, issuer: entry.issuer, audience: entry.audience, claims: entry.claims)
        }
    }

    /// The provider an issuer URL belongs to, for the issuers the platforms publish.
    public static func provider(ofIssuer issuer: String) -> String? {
        let github = "https://token.actions.githubusercontent.com"
        if issuer == github || issuer.hasPrefix(github + "/") { return "github" }
        if issuer == "https://gitlab.com" { return "gitlab" }
        if issuer.hasPrefix("https://vstoken.dev.azure.com/") { return "azure" }
        if issuer.hasPrefix("https://login.microsoftonline.com/") && issuer.hasSuffix("/v2.0") { return "azure" }
        return nil
    }

    /// The issuer a provider's hosted service signs with; Azure DevOps has one per organisation, so none.
    public static func defaultIssuer(ofProvider provider: String) -> String? {
        switch provider {
        case "github": "https://token.actions.githubusercontent.com"
        case "gitlab": "https://gitlab.com"
        default: nil
        }
    }

    /// The token's claims without verifying anything, to learn which issuer to ask for keys. Nothing read here
    /// is trusted: `verify` checks the issuer again after the signature.
    public static func unverifiedIssuer(of token: String) -> String? {
        (try? CompactJWT(token))?.claims["iss"]?.string
    }

    /// - Parameter keySet: the issuer's keys; called again with `refresh: true`, once, when the token names a key
    ///   the first set does not hold (the issuer rotated its keys since they were cached).
    public static func verify(
        token: String, expecting expectation: Expectation, now: Date,
        keySet: (_ refresh: Bool) throws(IdentityError) -> JSONWebKeySet
    ) throws(IdentityError) -> GateResult.Runner {
        let jwt = try CompactJWT(token)
        guard let algorithm = jwt.header["alg"]?.string, ["RS256", "ES256"].contains(algorithm) else {
            let named = jwt.header["alg"]?.string.map { "'\($0)'" } ?? "no algorithm"
            throw IdentityError(
                "algorithm", "the token is signed with \(named); only RS256 and ES256 tokens are accepted")
        }
        if jwt.header["crit"] != nil {
            throw IdentityError(
                "token", "the token's header lists critical extensions (crit), which the gate does not support")
        }
        guard let kid = jwt.header["kid"]?.string, !kid.isEmpty else {
            throw IdentityError("kid", "the token's header has no kid, so no published key can be chosen for it")
        }
        var keys = try keySet(false)
        if keys.keys[kid] == nil { keys = try keySet(true) }
        guard let key = keys.keys[kid] else {
            throw IdentityError("kid", "the token's kid '\(kid)' is not among the signing keys of \(keys.source)")
        }
        guard key.algorithm == algorithm else {
            throw IdentityError(
                "algorithm",
                "the token's header says \(algorithm) but key '\(kid)' verifies \(key.algorithm) only; the key, not the token, decides the algorithm"
            )
        }
        guard key.verifies(jwt.signature, for: jwt.signingInput) else {
            throw IdentityError(
                "signature", "the token's signature does not verify with key '\(kid)' of \(keys.source)")
        }
        try checkClaims(jwt.claims, expecting: expectation, now: now.timeIntervalSince1970)
        let provider = expectation.provider ?? provider(ofIssuer: expectation.issuer)
        return GateResult.Runner(
            verified: true, method: "oidc", provider: provider, issuer: expectation.issuer,
            subject: jwt.claims["sub"]?.string, claims: jwt.claims.compactMapValues(\.claimText))
    }

    private static func checkClaims(_ claims: [String: JSONValue], expecting expectation: Expectation, now: Double)
        throws(IdentityError)
    {
        guard let issuer = claims["iss"]?.string, issuer == expectation.issuer else {
            let found = claims["iss"]?.string.map { "'\($0)'" } ?? "no issuer"
            throw IdentityError("issuer", "the token was issued by \(found), not by \(expectation.issuer)")
        }
        let audiences: [String] =
            switch claims["aud"] {
            case .string(let value)?: [value]
            case .array(let values)?: values.compactMap(\.string)
            default: []
            }
        guard audiences.contains(expectation.audience) else {
            throw IdentityError(
                "audience",
                "the token's audience is \(audiences.isEmpty ? "missing" : audiences.map { "'\($0)'" }.joined(separator: ", ")), not '\(expectation.audience)'; request the token for that audience"
            )
        }
        guard let expires = claims["exp"]?.seconds else {
            throw IdentityError(
                "expired", "the token has no numeric exp claim, so it would never expire; it is refused")
        }
        guard let issuedAt = claims["iat"]?.seconds else {
            throw IdentityError("issued in the future", "the token has no numeric iat claim; it is refused")
        }
        if now > expires + leeway {
            throw IdentityError("expired", "the token expired \(Int(now - expires)) s ago; request a new one")
        }
        if let notBefore = claims["nbf"] {
            guard let start = notBefore.seconds else {
                throw IdentityError("not yet valid", "the token's nbf claim is not a number; it is refused")
            }
            if now + leeway < start {
                throw IdentityError("not yet valid", "the token is not valid for another \(Int(start - now)) s")
            }
        }
        if issuedAt > now + leeway {
            throw IdentityError(
                "issued in the future",
                "the token says it was issued \(Int(issuedAt - now)) s from now; check the clocks")
        }
        for match in expectation.claims where !match.matches(claims[match.name]?.claimText) {
            let found = claims[match.name]?.claimText.map { "'\($0)'" } ?? "missing"
            throw IdentityError(
                "claim \(match.name)",
                "the token's \(match.name) claim is \(found), which matches none of \(match.patterns.map(\.pattern).joined(separator: ", "))"
            )
        }
    }
}
