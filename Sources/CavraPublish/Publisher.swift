import CavraPlatform

/// Posts a result where reviewers see it, on the platform the coordinates name (docs/ci.md, "Publishing the
/// verdict").
public struct Publisher {
    public let coordinates: PublishCoordinates
    let api: PlatformAPI

    public init(coordinates: PublishCoordinates, credential: PlatformCredential, client: HTTPClient) {
        self.coordinates = coordinates
        var headers = ["User-Agent": "cavra-gate"]
        if coordinates.platform == .github { headers.merge(GitHubPublisher.headers) { $1 } }
        api = PlatformAPI(platform: coordinates.platform, client: client, credential: credential, headers: headers)
    }

    /// The client publishing uses: patient with rate limits, yet bounded in total time, and ready for long comment
    /// lists.
    public static func client(environment: [String: String]) -> HTTPClient {
        HTTPClient(environment: environment, retries: 4, totalTimeout: 30, maxBodyBytes: 16 << 20, retryBudget: 90)
    }

    /// Posts the verdict, and the comment when a pull request is known.
    /// - Parameter attestation: the Markdown attestation (`attest show`) the comment holds; without it the comment
    ///   holds the Markdown report.
    /// - Returns: what was posted, one line each.
    /// - Throws: `PublishError` with the HTTP status and the platform's message; what was posted before stays.
    public func publish(_ result: PublishedResult, attestation: String? = nil) throws(PublishError) -> [String] {
        let content = try PublishContent(result, attestation: attestation)
        switch coordinates.platform {
        case .github: return try GitHubPublisher(api: api, coordinates: coordinates).publish(content)
        case .gitlab: return try GitLabPublisher(api: api, coordinates: coordinates).publish(content)
        case .azure: return try AzurePublisher(api: api, coordinates: coordinates).publish(content)
        }
    }
}
