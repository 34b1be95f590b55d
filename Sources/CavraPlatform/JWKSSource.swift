import Foundation

/// JWKS documents and OIDC discovery, with the key sets kept on disk for as long as their server allows.
public struct JWKSSource: Sendable {
    let client: HTTPClient
    let cache: JWKSCache
    let now: @Sendable () -> Date

    /// - Parameter cacheFolder: where key sets are kept; nil for `$XDG_CACHE_HOME/cavra-gate/jwks`, else
    ///   `~/.cache/cavra-gate/jwks`, read from the client's environment.
    public init(client: HTTPClient, cacheFolder: String? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.cache = JWKSCache(folder: cacheFolder ?? JWKSCache.defaultFolder(environment: client.environment))
        self.now = now
    }

    /// The JWKS document bytes: from the disk cache while fresh unless `refresh`, else fetched and cached.
    /// - Throws: `HTTPError` when the fetch fails or its answer is not a JWKS; nothing is cached then.
    public func keySet(url: String, refresh: Bool) throws(HTTPError) -> [UInt8] {
        if !refresh, let cached = cache.read(url: url, now: now()) { return cached }
        let response = try client.successfulResponse(to: HTTPRequest(url: url), purpose: "the JWKS")
        guard JWKSCache.isKeySet(response.body) else {
            throw HTTPError(
                "The JWKS from \(Self.host(of: url)) is not a JSON object with a `keys` array; check the JWKS URL.")
        }
        let lifetime = CacheLifetime.seconds(cacheControl: response.headers["cache-control"])
        if lifetime > 0 { cache.write(response.body, url: url, expires: now().addingTimeInterval(lifetime)) }
        return response.body
    }

    /// The issuer's `jwks_uri` from `<issuer>/.well-known/openid-configuration` (issuer without trailing slash
    /// + path).
    /// - Throws: `HTTPError` when the configuration cannot be fetched, has no `jwks_uri`, or names another issuer.
    public func jwksURL(issuer: String) throws(HTTPError) -> String {
        let base = Self.withoutTrailingSlashes(issuer)
        let url = base + "/.well-known/openid-configuration"
        let response = try client.successfulResponse(to: HTTPRequest(url: url), purpose: "the OpenID configuration")
        let host = Self.host(of: url)
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard let object, let jwksURI = object["jwks_uri"] as? String, !jwksURI.isEmpty else {
            throw HTTPError(
                "The OpenID configuration from \(host) is not a JSON object with a `jwks_uri`; check the issuer URL.")
        }
        // OpenID Connect Discovery requires the configuration to name the issuer it was fetched for; one that
        // names another would hand out that issuer's keys.
        guard (object["issuer"] as? String).map(Self.withoutTrailingSlashes) == base else {
            throw HTTPError(
                "The OpenID configuration from \(host) does not name \(base) as its issuer; check the issuer URL.")
        }
        return jwksURI
    }

    private static func withoutTrailingSlashes(_ text: String) -> String {
        var text = Substring(text)
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    private static func host(of url: String) -> String { HTTPTarget(url)?.host ?? "the server" }
}
