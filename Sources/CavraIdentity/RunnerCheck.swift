import CavraModel
import CavraPolicy
import Foundation

/// Verifies the identity the runner offers against what the policy and the command line demand. An identity that
/// is offered must verify even when none is demanded: a bad token is never ignored.
public struct RunnerCheck: Sendable {
    public let options: RunnerOptions
    public let network: any RunnerNetwork
    public let environment: [String: String]
    public let now: @Sendable () -> Date
    /// Where HMAC nonces are recorded, so a claims document is accepted once; nil when no ledger is configured.
    public let nonces: (any RunnerNonces)?

    public init(
        options: RunnerOptions, network: any RunnerNetwork, environment: [String: String],
        now: @escaping @Sendable () -> Date = Date.init, nonces: (any RunnerNonces)? = nil
    ) {
        self.options = options
        self.network = network
        self.environment = environment
        self.now = now
        self.nonces = nonces
    }

    /// - Parameters:
    ///   - head, policyDigest: what HMAC claims must be bound to (`check` always gives both).
    public func verify(_ policies: [RunnerPolicy], head: String?, policyDigest: String?) throws(IdentityError)
        -> GateResult.Runner
    {
        let requirement = try Self.requirement(policies.map(\.requirement) + (options.requirement.map { [$0] } ?? []))
        let oidcGroups = policies.flatMap(\.oidcGroups) + adHocOIDC()
        let hmacGroups = policies.flatMap(\.hmacGroups) + adHocHMAC()
        let wantsOIDC = requirement == .oidc || (requirement == .any && options.hmacDocument == nil)
        var token = try options.oidcToken?.token(environment: environment)
        if token == nil, wantsOIDC, let first = oidcGroups.first?.first {
            do {
                token = try network.platformToken(
                    audience: first.audience, serviceConnectionID: first.serviceConnectionID)
            } catch {
                throw IdentityError("token", "the runner's OIDC token could not be requested: \(Self.sentence(error))")
            }
        }
        var verified: [GateResult.Runner] = []
        if let token { verified.append(try verifyOIDC(token, groups: oidcGroups)) }
        if let document = options.hmacDocument {
            verified.append(
                try verifyHMAC(
                    document.bytes(environment: environment), groups: hmacGroups, head: head, policyDigest: policyDigest
                ))
        }
        if let accepted = requirement.acceptedMethods, !verified.contains(where: { accepted.contains($0.method ?? "") })
        {
            throw IdentityError(
                requirement == .any ? "identity" : requirement.rawValue,
                "a verified \(requirement == .any ? "OIDC or HMAC" : requirement.rawValue.uppercased()) runner identity is required (by --require-runner or the policy's runner.require) and none was offered; \(Self.hint(requirement))"
            )
        }
        return verified.first ?? GateResult.Runner()
    }

    /// The strictest of the requirements; two that accept different methods cannot both be met.
    static func requirement(_ requirements: [RunnerPolicy.Requirement]) throws(IdentityError)
        -> RunnerPolicy.Requirement
    {
        var strictest = RunnerPolicy.Requirement.none
        for requirement in requirements {
            if requirement.isAtLeastAsStrict(as: strictest) {
                strictest = requirement
            } else if !strictest.isAtLeastAsStrict(as: requirement) {
                throw IdentityError(
                    "identity",
                    "one requirement asks for a \(strictest.rawValue) runner identity and another for \(requirement.rawValue); no runner can meet both"
                )
            }
        }
        return strictest
    }

    private func adHocOIDC() -> [[RunnerPolicy.OIDCEntry]] {
        guard let audience = options.audience,
            let issuer = options.issuer ?? options.provider.flatMap(OIDCVerifier.defaultIssuer(ofProvider:))
        else { return [] }
        return [
            [
                RunnerPolicy.OIDCEntry(
                    provider: options.provider, issuer: issuer, audience: audience, jwks: options.jwks,
                    serviceConnectionID: nil, claims: [])
            ]
        ]
    }

    private func adHocHMAC() -> [[RunnerPolicy.HMACEntry]] {
        guard let keyID = options.keyID else { return [] }
        return [
            [
                RunnerPolicy.HMACEntry(
                    keyID: keyID, keyEnvironment: nil, keyFile: nil, maxAge: options.maxAge ?? 600, claims: [])
            ]
        ]
    }

    private func verifyOIDC(_ token: String, groups: [[RunnerPolicy.OIDCEntry]]) throws(IdentityError)
        -> GateResult.Runner
    {
        guard !groups.isEmpty else {
            throw IdentityError(
                "audience",
                "an OIDC token was offered but no issuer and audience to check it against; give --audience with --issuer or --provider, or a policy with a runner.oidc entry"
            )
        }
        return try Self.satisfyingEveryGroup(groups) { entry throws(IdentityError) in
            try verify(token, against: entry)
        }
    }

    private func verify(_ token: String, against entry: RunnerPolicy.OIDCEntry) throws(IdentityError)
        -> GateResult.Runner
    {
        var expectation = OIDCVerifier.Expectation(entry)
        expectation.provider = entry.provider ?? options.provider ?? OIDCVerifier.provider(ofIssuer: entry.issuer)
        if expectation.provider == "github", entry.audience.hasPrefix("https://github.com/") {
            throw IdentityError(
                "audience",
                "the audience \(entry.audience) is GitHub's default, which any workflow of the owner gets; request the token for an audience of the gate's own"
            )
        }
        // Checked again after the signature; here it only avoids fetching the keys of an issuer nobody asked for.
        if let claimed = OIDCVerifier.unverifiedIssuer(of: token), claimed != entry.issuer {
            throw IdentityError("issuer", "the token was issued by '\(claimed)', not by \(entry.issuer)")
        }
        let location = entry.jwks ?? options.jwks
        return try OIDCVerifier.verify(token: token, expecting: expectation, now: now()) {
            refresh throws(IdentityError) in
            try keySet(at: location, issuer: entry.issuer, refresh: refresh)
        }
    }

    private func keySet(at location: String?, issuer: String, refresh: Bool) throws(IdentityError) -> JSONWebKeySet {
        if let location, !location.contains("://") {
            guard let data = FileManager.default.contents(atPath: location) else {
                throw IdentityError("JWKS unreachable", "cannot read the JWKS file \(location)")
            }
            return try JSONWebKeySet(json: Array(data), source: location)
        }
        do {
            let url = try location ?? network.jwksURL(issuer: issuer)
            return try JSONWebKeySet(json: try network.keySet(url: url, refresh: refresh), source: url)
        } catch let error as IdentityError {
            throw error
        } catch {
            throw IdentityError(
                "JWKS unreachable", "the signing keys of \(issuer) could not be fetched: \(Self.sentence(error))")
        }
    }

    private func verifyHMAC(
        _ document: [UInt8], groups: [[RunnerPolicy.HMACEntry]], head: String?, policyDigest: String?
    ) throws(IdentityError) -> GateResult.Runner {
        guard !groups.isEmpty else {
            throw IdentityError(
                "key",
                "runner claims were offered but no key id to check them with; give --key-id or a policy runner.hmac entry"
            )
        }
        let identity = try Self.satisfyingEveryGroup(groups) { entry throws(IdentityError) in
            try HMACClaims.verify(
                document: document, key: try hmacKey(for: entry),
                expecting: HMACClaims.Expectation(
                    keyID: entry.keyID, maxAge: entry.maxAge, head: head, policyDigest: policyDigest,
                    claims: entry.claims),
                now: now())
        }
        if let nonces, let nonce = identity.claims["nonce"], let keyID = identity.issuer {
            try Self.recordNonce(nonce, keyID: keyID, in: nonces)
        }
        return identity
    }

    /// Only once the claims verified, so a forged document cannot use up a runner's nonce.
    private static func recordNonce(_ nonce: String, keyID: String, in nonces: any RunnerNonces) throws(IdentityError) {
        let firstUse: String?
        do {
            firstUse = try nonces.recordNonce(nonce, keyID: keyID)
        } catch {
            throw IdentityError("replay", "the nonce of the runner claims could not be recorded: \(sentence(error))")
        }
        if let firstUse {
            throw IdentityError(
                "replay",
                "nonce \(nonce) was already used by a run at \(firstUse); the runner must sign new claims for every run"
            )
        }
    }

    /// The identity as the first group's matching entry verifies it, once one entry of every group (each pack's
    /// alternatives) verifies. A group none of whose entries verifies is refused with the failure that says most:
    /// an entry for another issuer says least.
    private static func satisfyingEveryGroup<Entry>(
        _ groups: [[Entry]], verify: (Entry) throws(IdentityError) -> GateResult.Runner
    ) throws(IdentityError) -> GateResult.Runner {
        var identity: GateResult.Runner?
        for group in groups {
            var failure = IdentityError("identity", "the policy lists a runner requirement with no entries")
            var satisfied: GateResult.Runner?
            for entry in group {
                do {
                    satisfied = try verify(entry)
                    break
                } catch {
                    if failure.check == "identity" || failure.check == "issuer" { failure = error }
                }
            }
            guard let satisfied else { throw failure }
            identity = identity ?? satisfied
        }
        guard let identity else {
            throw IdentityError("identity", "no runner requirement lists an entry to check the identity against")
        }
        return identity
    }

    private func hmacKey(for entry: RunnerPolicy.HMACEntry) throws(IdentityError) -> [UInt8] {
        if let name = entry.keyEnvironment { return try SecretSource.environment(name).bytes(environment: environment) }
        if let path = entry.keyFile { return try SecretSource.file(path).bytes(environment: environment) }
        guard let key = options.hmacKey else {
            throw IdentityError(
                "key", "no HMAC key was given for key id \(entry.keyID); use --hmac-key-file or --hmac-key-env")
        }
        return try key.bytes(environment: environment)
    }

    private static func hint(_ requirement: RunnerPolicy.Requirement) -> String {
        switch requirement {
        case .hmac: "pass the runner's signed claims with --hmac"
        default:
            "run under GitHub Actions, GitLab CI or Azure Pipelines with an OIDC token available, or pass one with --oidc-token"
        }
    }

    private static func sentence(_ error: any Error) -> String {
        (error as? any GateFailure)?.message ?? "\(error)"
    }
}
