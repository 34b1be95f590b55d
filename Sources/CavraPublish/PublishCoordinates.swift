import CavraPlatform
import Foundation

/// Where a verdict is posted: the platform's API, the repository, the commit and the pull request.
public struct PublishCoordinates: Sendable, Equatable {
    public var platform: PublishPlatform
    /// The API's base, without a trailing slash: `https://api.github.com`, `https://gitlab.com/api/v4`, or an
    /// Azure DevOps project's URL (`https://dev.azure.com/ORG/PROJECT`).
    public var apiURL: String
    /// `owner/name` on GitHub, the project's id or path on GitLab, the repository's id on Azure DevOps.
    public var repository: String
    /// The head commit the verdict is about.
    public var sha: String?
    /// The pull request's number (GitHub), merge request's iid (GitLab) or pull request's id (Azure DevOps).
    public var pullRequest: Int?
    /// The job's page, linked from the status.
    public var targetURL: String?

    public init(
        platform: PublishPlatform, apiURL: String, repository: String, sha: String?, pullRequest: Int?,
        targetURL: String? = nil
    ) {
        self.platform = platform
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.repository = repository
        self.sha = sha
        self.pullRequest = pullRequest
        self.targetURL = targetURL
    }

    /// What the command line gives; each value overrides what the CI environment says.
    public struct Explicit: Sendable {
        public var platform: PublishPlatform?
        public var apiURL: String?
        public var repository: String?
        public var sha: String?
        public var pullRequest: Int?

        public init(
            platform: PublishPlatform? = nil, apiURL: String? = nil, repository: String? = nil, sha: String? = nil,
            pullRequest: Int? = nil
        ) {
            self.platform = platform
            self.apiURL = apiURL
            self.repository = repository
            self.sha = sha
            self.pullRequest = pullRequest
        }
    }

    /// The coordinates the flags and the CI environment give (docs/ci.md, "Publishing the verdict").
    /// - Parameters:
    ///   - judgedHead: the head commit the result judged, used when neither flags nor environment name one.
    ///   - readFile: reads GitHub's event payload.
    /// - Throws: `PublishError` naming the flag or variable that is missing or malformed.
    public static func resolve(
        _ explicit: Explicit, judgedHead: String?, environment: [String: String],
        readFile: (String) -> Data? = { FileManager.default.contents(atPath: $0) }
    ) throws(PublishError) -> PublishCoordinates {
        let env = EnvironmentValues(environment)
        guard let platform = explicit.platform ?? CIEnvironment.platform(environment).map(PublishPlatform.init)
        else {
            throw PublishError(
                "No CI platform was detected to publish to; pass --platform github, gitlab or azure with "
                    + "--repository, --sha and --api-url.")
        }
        var coordinates: PublishCoordinates
        switch platform {
        case .github:
            let event = env["GITHUB_EVENT_PATH"].flatMap(readFile).flatMap {
                try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
            }
            let pullRequest = event?["pull_request"] as? [String: Any]
            let eventHead = (pullRequest?["head"] as? [String: Any])?["sha"] as? String
            let runURL: String? =
                if let server = env["GITHUB_SERVER_URL"], let name = env["GITHUB_REPOSITORY"],
                    let run = env["GITHUB_RUN_ID"]
                { "\(server)/\(name)/actions/runs/\(run)" } else { nil }
            coordinates = PublishCoordinates(
                platform: .github, apiURL: explicit.apiURL ?? env["GITHUB_API_URL"] ?? "https://api.github.com",
                repository: try required(explicit.repository ?? env["GITHUB_REPOSITORY"], "GITHUB_REPOSITORY"),
                sha: explicit.sha ?? eventHead ?? env["GITHUB_SHA"] ?? judgedHead,
                pullRequest: try number(explicit.pullRequest, pullRequest?["number"], "the event's pull_request"),
                targetURL: runURL)
        case .gitlab:
            coordinates = PublishCoordinates(
                platform: .gitlab,
                apiURL: try required(explicit.apiURL ?? env["CI_API_V4_URL"], "CI_API_V4_URL", flag: "--api-url"),
                repository: try required(explicit.repository ?? env["CI_PROJECT_ID"], "CI_PROJECT_ID"),
                sha: explicit.sha ?? env["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"] ?? env["CI_COMMIT_SHA"] ?? judgedHead,
                pullRequest: try number(explicit.pullRequest, env["CI_MERGE_REQUEST_IID"], "CI_MERGE_REQUEST_IID"),
                targetURL: env["CI_JOB_URL"])
        case .azure:
            var projectURL: String?
            if let collection = env["SYSTEM_COLLECTIONURI"] {
                let project = try required(env["SYSTEM_TEAMPROJECT"], "SYSTEM_TEAMPROJECT", flag: "--api-url")
                projectURL =
                    (collection.hasSuffix("/") ? collection : collection + "/") + PercentEncoding.encoded(project)
            }
            let buildURL = env["BUILD_BUILDID"].flatMap { build in
                projectURL.map { "\($0)/_build/results?buildId=\(PercentEncoding.encoded(build))" }
            }
            coordinates = PublishCoordinates(
                platform: .azure,
                apiURL: try required(explicit.apiURL ?? projectURL, "SYSTEM_COLLECTIONURI", flag: "--api-url"),
                repository: try required(explicit.repository ?? env["BUILD_REPOSITORY_ID"], "BUILD_REPOSITORY_ID"),
                sha: explicit.sha ?? env["SYSTEM_PULLREQUEST_SOURCECOMMITID"] ?? env["BUILD_SOURCEVERSION"]
                    ?? judgedHead,
                pullRequest: try number(
                    explicit.pullRequest, env["SYSTEM_PULLREQUEST_PULLREQUESTID"], "SYSTEM_PULLREQUEST_PULLREQUESTID"),
                targetURL: buildURL)
        }
        if let sha = coordinates.sha, !CommitID.isValid(sha) {
            throw PublishError(
                "The commit to publish on is '\(sha.prefix(80))', not a full commit id; pass --sha with the head's "
                    + "full id.")
        }
        coordinates.sha = coordinates.sha?.lowercased()
        return coordinates
    }

    private static func required(_ value: String?, _ variable: String, flag: String = "--repository")
        throws(PublishError) -> String
    {
        guard let value, !value.isEmpty else {
            throw PublishError(
                "\(variable) is not set, so the gate does not know where to publish; run it in the platform's job or "
                    + "pass \(flag).")
        }
        return value
    }

    /// The flag's number, else the one the environment holds.
    private static func number(_ explicit: Int?, _ value: Any?, _ source: String) throws(PublishError) -> Int? {
        if let explicit { return explicit }
        switch value {
        case nil: return nil
        case let number as Int: return number
        case let text as String:
            guard let number = Int(text), number > 0 else {
                throw PublishError(
                    "\(source) is '\(text.prefix(40))', not a pull request number; pass --pull-request.")
            }
            return number
        default:
            throw PublishError("\(source) holds no pull request number; pass --pull-request.")
        }
    }
}
