import ArgumentParser
import CavraAttest
import CavraPublish
import Foundation

/// Where `publish` and `check --publish` post the verdict: the CI environment's platform and coordinates unless
/// flags say otherwise (docs/ci.md, "Publishing the verdict"). The token is read from the environment only.
struct PublishOptions: ParsableArguments {
    @Option(help: "github, gitlab, azure or auto (the CI platform running the gate).")
    var platform: PublishPlatformChoice = .auto

    @Option(help: "owner/name (GitHub), project id or path (GitLab), repository id (Azure DevOps).")
    var repository: String?

    @Option(help: "The head commit to publish on.")
    var sha: String?

    @Option(name: .customLong("pull-request"), help: "The pull request's number (merge request's iid on GitLab).")
    var pullRequest: Int?

    @Option(
        name: .customLong("api-url"),
        help:
            "The API's base URL: https://api.github.com, https://gitlab.example/api/v4, or an Azure DevOps project URL."
    )
    var apiURL: String?

    /// Whether any coordinate was given on the command line.
    var isGiven: Bool {
        platform != .auto || repository != nil || sha != nil || pullRequest != nil || apiURL != nil
    }

    /// Posts the result JSON's verdict and, when a pull request is known, the one comment.
    /// - Parameter attestation: the attestation envelope (`check --attest`) or its Markdown (`attest show`).
    func publish(resultJSON: Data, source: String, attestation: String?, environment: [String: String]) throws
        -> [String]
    {
        let result = try PublishedResult(json: resultJSON, source: source)
        let coordinates = try PublishCoordinates.resolve(
            PublishCoordinates.Explicit(
                platform: platform.platform, apiURL: apiURL, repository: repository, sha: sha,
                pullRequest: pullRequest),
            judgedHead: result.judgedHead, environment: environment)
        let credential = try PlatformCredential(platform: coordinates.platform, environment: environment)
        let publisher = Publisher(
            coordinates: coordinates, credential: credential, client: Publisher.client(environment: environment))
        return try publisher.publish(result, attestation: try attestation.map(Self.attestationMarkdown))
    }

    /// An envelope is shown as `attest show` shows it; any other file is taken as Markdown already.
    private static func attestationMarkdown(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PublishError("The attestation \(file) cannot be read; check the path.")
        }
        guard data.first == UInt8(ascii: "{") else { return String(decoding: data, as: UTF8.self) }
        let envelope = try Envelope(file: file)
        return try AttestationMarkdown(characterLimit: AttestationMarkdown.commentCharacterLimit - 100)
            .render(envelope, file: file)
    }
}

enum PublishPlatformChoice: String, ExpressibleByArgument, CaseIterable {
    case github, gitlab, azure, auto

    var platform: PublishPlatform? { PublishPlatform(rawValue: rawValue) }
}
