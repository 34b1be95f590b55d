import CavraIdentity
import CavraPlatform

/// The runner check's network: one HTTP client for JWKS, discovery and the platform's token endpoint. libcurl is
/// loaded on the first request, so a check that needs none (no runner demanded, a JWKS file) never loads it.
public struct PlatformRunnerNetwork: RunnerNetwork {
    let environment: [String: String]
    let client: HTTPClient
    let keySets: JWKSSource

    public init(environment: [String: String]) {
        self.environment = environment
        client = HTTPClient(environment: environment)
        keySets = JWKSSource(client: client)
    }

    public func keySet(url: String, refresh: Bool) throws -> [UInt8] {
        try keySets.keySet(url: url, refresh: refresh)
    }

    public func jwksURL(issuer: String) throws -> String {
        try keySets.jwksURL(issuer: issuer)
    }

    public func platformToken(audience: String, serviceConnectionID: String?) throws -> String? {
        guard let platform = CIEnvironment.platform(environment) else { return nil }
        return try OIDCTokenRequest.token(
            platform: platform, audience: audience, serviceConnectionID: serviceConnectionID, environment: environment,
            client: client)
    }
}
