import Foundation

/// The token a platform's API is called with, read from the environment only (never from a command line), and
/// the header that carries it.
public struct PlatformCredential: Sendable {
    /// Where the token was read, for messages; the token itself never appears in one.
    public let variable: String
    let headerName: String
    let headerValue: String
    let secret: String

    /// - Throws: `PublishError` naming the variable to set when the platform's token is missing.
    public init(platform: PublishPlatform, environment: [String: String]) throws(PublishError) {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
            else { return nil }
            return value
        }
        switch platform {
        case .github:
            guard let token = value("GITHUB_TOKEN") else {
                throw PublishError(
                    "GITHUB_TOKEN is not set, so the gate cannot post to GitHub; pass the job's token in the step's "
                        + "environment (GITHUB_TOKEN: the github.token expression) with checks, pull-requests and "
                        + "statuses write permission.")
            }
            self.init(variable: "GITHUB_TOKEN", headerName: "Authorization", headerValue: "Bearer \(token)", token)
        case .gitlab:
            if let token = value("CAVRA_GITLAB_TOKEN") {
                self.init(variable: "CAVRA_GITLAB_TOKEN", headerName: "PRIVATE-TOKEN", headerValue: token, token)
            } else if let token = value("CI_JOB_TOKEN") {
                self.init(variable: "CI_JOB_TOKEN", headerName: "JOB-TOKEN", headerValue: token, token)
            } else {
                throw PublishError(
                    "Neither CAVRA_GITLAB_TOKEN nor CI_JOB_TOKEN is set, so the gate cannot post to GitLab; set "
                        + "CAVRA_GITLAB_TOKEN to a project access token with the api scope (a masked CI/CD variable).")
            }
        case .azure:
            guard let token = value("SYSTEM_ACCESSTOKEN") else {
                throw PublishError(
                    "SYSTEM_ACCESSTOKEN is not set, so the gate cannot post to Azure DevOps; map it in the step "
                        + "with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`.")
            }
            self.init(
                variable: "SYSTEM_ACCESSTOKEN", headerName: "Authorization", headerValue: "Bearer \(token)", token)
        }
    }

    private init(variable: String, headerName: String, headerValue: String, _ secret: String) {
        self.variable = variable
        self.headerName = headerName
        self.headerValue = headerValue
        self.secret = secret
    }
}
