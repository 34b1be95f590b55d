import CavraPolicy

/// What the command line offers and demands about the runner's identity, beside the policy's runner section.
public struct RunnerOptions: Sendable {
    /// `--require-runner`; combined with the policy's requirement, the stricter holds.
    public var requirement: RunnerPolicy.Requirement?
    /// `--oidc-token`/`--token`; nil lets `check` ask the CI platform when OIDC is required.
    public var oidcToken: SecretSource?
    /// `--jwks FILE|URL`, used for every issuer that the policy does not pin a JWKS for.
    public var jwks: String?
    /// `runner verify` without a policy: the issuer and audience to expect.
    public var issuer: String?
    public var audience: String?
    public var provider: String?
    /// `--hmac FILE|-`: a claims v2 document.
    public var hmacDocument: SecretSource?
    public var hmacKey: SecretSource?
    public var keyID: String?
    public var maxAge: Int?

    public init(
        requirement: RunnerPolicy.Requirement? = nil, oidcToken: SecretSource? = nil, jwks: String? = nil,
        issuer: String? = nil, audience: String? = nil, provider: String? = nil, hmacDocument: SecretSource? = nil,
        hmacKey: SecretSource? = nil, keyID: String? = nil, maxAge: Int? = nil
    ) {
        self.requirement = requirement
        self.oidcToken = oidcToken
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.provider = provider
        self.hmacDocument = hmacDocument
        self.hmacKey = hmacKey
        self.keyID = keyID
        self.maxAge = maxAge
    }
}

/// The network a runner check may need: JWKS documents, discovery, and the CI platform's token endpoint. Judging
/// itself stays offline; only a check that needs a key set or a token reaches this.
public protocol RunnerNetwork: Sendable {
    func keySet(url: String, refresh: Bool) throws -> [UInt8]
    /// The issuer's `jwks_uri` from its OpenID discovery document.
    func jwksURL(issuer: String) throws -> String
    /// The runner's OIDC token for `audience` from the CI platform the gate runs on, or nil when not on one.
    func platformToken(audience: String, serviceConnectionID: String?) throws -> String?
}
