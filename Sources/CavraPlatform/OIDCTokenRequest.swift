import Foundation

/// The runner's OIDC token, asked of the CI platform the gate runs on.
public enum OIDCTokenRequest {
    /// The runner's OIDC token on the CI platform that runs the gate.
    /// - Parameters:
    ///   - audience: the `aud` to ask for on GitHub; GitLab's is set in `id_tokens:`, Azure's is fixed.
    ///   - serviceConnectionID: the Azure service connection, else `CAVRA_SERVICE_CONNECTION_ID`.
    /// - Throws: `HTTPError` naming what the job must grant or set; a token never appears in it.
    public static func token(
        platform: CIRange.Platform, audience: String, serviceConnectionID: String?, environment: [String: String],
        client: HTTPClient
    ) throws(HTTPError) -> String {
        let env = TokenEnvironment(environment)
        switch platform {
        case .github: return try github(audience: audience, env: env, client: client)
        case .gitlab: return try gitlab(audience: audience, env: env)
        case .azure: return try azure(serviceConnectionID: serviceConnectionID, env: env, client: client)
        }
    }

    private static func github(audience: String, env: TokenEnvironment, client: HTTPClient) throws(HTTPError)
        -> String
    {
        guard let url = env["ACTIONS_ID_TOKEN_REQUEST_URL"], let bearer = env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] else {
            throw HTTPError(
                "GitHub Actions did not set ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN; grant "
                    + "the job `permissions: id-token: write`.")
        }
        let request = HTTPRequest(
            url: url + querySeparator(url) + "audience=" + PercentEncoding.encoded(audience),
            headers: ["Authorization": "bearer \(bearer)"])
        return try field("value", of: client.successfulResponse(to: request, purpose: "an OIDC token"), url: url)
    }

    private static func gitlab(audience: String, env: TokenEnvironment) throws(HTTPError) -> String {
        let name = env["CAVRA_ID_TOKEN_VAR"] ?? "CAVRA_ID_TOKEN"
        guard let token = env[name] else {
            throw HTTPError(
                "GitLab CI did not set \(name); declare it in the job's `id_tokens:` in .gitlab-ci.yml "
                    + "(`\(name): {aud: \(audience)}`).")
        }
        return token
    }

    private static func azure(serviceConnectionID: String?, env: TokenEnvironment, client: HTTPClient)
        throws(HTTPError) -> String
    {
        guard let url = env["SYSTEM_OIDCREQUESTURI"] else {
            throw HTTPError(
                "Azure Pipelines did not set SYSTEM_OIDCREQUESTURI; run the gate in an Azure Pipelines job.")
        }
        guard let bearer = env["SYSTEM_ACCESSTOKEN"] else {
            throw HTTPError(
                "Azure Pipelines did not pass SYSTEM_ACCESSTOKEN to the gate; map it in the step with "
                    + "`env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`.")
        }
        let given = serviceConnectionID?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let id = given.flatMap({ $0.isEmpty ? nil : $0 }) ?? env["CAVRA_SERVICE_CONNECTION_ID"] else {
            throw HTTPError(
                "No Azure service connection was named for the OIDC token; pass its id or set "
                    + "CAVRA_SERVICE_CONNECTION_ID.")
        }
        let request = HTTPRequest(
            url: url + querySeparator(url) + "api-version=7.1&serviceConnectionId=" + PercentEncoding.encoded(id),
            method: "POST", headers: ["Authorization": "Bearer \(bearer)", "Content-Type": "application/json"])
        return try field("oidcToken", of: client.successfulResponse(to: request, purpose: "an OIDC token"), url: url)
    }

    /// The token in a JSON answer, trimmed; the answer itself is never quoted, since it holds the token.
    private static func field(_ name: String, of response: HTTPResponse, url: String) throws(HTTPError) -> String {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard let token = (object?[name] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else {
            let host = HTTPTarget(url)?.host ?? "the token endpoint"
            throw HTTPError(
                "The answer from \(host) to the OIDC token request has no `\(name)`; check the job's setup.")
        }
        return token
    }

    private static func querySeparator(_ url: String) -> String { url.contains("?") ? "&" : "?" }
}

/// Variables as the token requests read them: surrounding whitespace dropped, empty meaning unset.
private struct TokenEnvironment {
    let values: [String: String]

    init(_ values: [String: String]) { self.values = values }

    subscript(name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}
