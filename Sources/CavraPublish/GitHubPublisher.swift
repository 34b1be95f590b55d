import CavraPlatform
import Foundation

/// GitHub (github.com and Enterprise Server): a check run named `cavra-gate`, or a commit status when the token
/// cannot write checks, and the one pull-request comment.
struct GitHubPublisher {
    let api: PlatformAPI
    let coordinates: PublishCoordinates

    /// GitHub takes at most this many annotations per request; the rest are added by updating the run.
    static let annotationsPerRequest = 50
    static let headers = [
        "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
    ]

    private struct Output: Encodable {
        var title: String
        var summary: String
        var annotations: [PublishContent.Annotation]
    }

    private struct CheckRun: Encodable {
        var name = "cavra-gate"
        var headSHA: String
        var status = "completed"
        var conclusion: String
        var detailsURL: String?
        var output: Output

        enum CodingKeys: String, CodingKey {
            case name, status, conclusion, output
            case headSHA = "head_sha"
            case detailsURL = "details_url"
        }
    }

    private struct OutputUpdate: Encodable {
        var output: Output
    }

    private struct CommitStatus: Encodable {
        var state: String
        var context = "cavra-gate"
        var description: String
        var targetURL: String?

        enum CodingKeys: String, CodingKey {
            case state, context, description
            case targetURL = "target_url"
        }
    }

    private struct Comment: Encodable {
        var body: String
    }

    private var repository: String { "\(coordinates.apiURL)/repos/\(coordinates.repository)" }

    func publish(_ content: PublishContent) throws(PublishError) -> [String] {
        guard let sha = coordinates.sha else {
            throw PublishError("No head commit is known to publish the check on; pass --sha.")
        }
        var posted = [try checkRun(content, sha: sha)]
        if let number = coordinates.pullRequest {
            posted.append(try comment(content.comment, on: number))
        }
        return posted
    }

    private func checkRun(_ content: PublishContent, sha: String) throws(PublishError) -> String {
        let batches = stride(from: 0, to: content.annotations.count, by: Self.annotationsPerRequest).map {
            Array(content.annotations[$0..<min($0 + Self.annotationsPerRequest, content.annotations.count)])
        }
        func output(_ batch: Int) -> Output {
            Output(
                title: content.title, summary: content.summary, annotations: batch < batches.count ? batches[batch] : []
            )
        }
        let run = CheckRun(
            headSHA: sha, conclusion: content.verdict.checkRunConclusion, detailsURL: coordinates.targetURL,
            output: output(0))
        let response = try api.send("POST", "\(repository)/check-runs", body: run)
        // A rate limit that outlasted the retries is not a missing permission; a status would be refused too.
        if response.status == 403, !response.isRateLimited {
            return try commitStatus(content, sha: sha, refused: response)
        }
        guard response.isSuccess else { throw api.failure(response, purpose: "creating the check run") }
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard let id = object?["id"] as? Int else {
            throw PublishError("GitHub's answer to creating the check run has no id; check the API URL.")
        }
        for batch in batches.indices.dropFirst() {
            _ = try api.expect(
                "PATCH", "\(repository)/check-runs/\(id)", body: OutputUpdate(output: output(batch)),
                purpose: "adding annotations to check run \(id)")
        }
        return "check run \(id) (\(run.conclusion)) on \(sha.prefix(12)) with \(content.annotations.count) annotations"
    }

    /// A token that may not write checks (a GitHub App without `checks: write`, a fine-grained token) may still
    /// set commit statuses, which branch protection can require as well.
    private func commitStatus(_ content: PublishContent, sha: String, refused: HTTPResponse) throws(PublishError)
        -> String
    {
        let status = CommitStatus(
            state: content.verdict.commitStatusState, description: content.description,
            targetURL: coordinates.targetURL)
        _ = try api.expect("POST", "\(repository)/statuses/\(sha)", body: status, purpose: "setting the commit status")
        return "commit status \(status.state) on \(sha.prefix(12)) (checks not writable: HTTP \(refused.status))"
    }

    private func comment(_ body: String, on number: Int) throws(PublishError) -> String {
        let comments = try api.list(
            "\(repository)/issues/\(number)/comments?per_page=100", purpose: "listing the comments of #\(number)")
        let existing = comments.first { ($0["body"] as? String)?.contains(PublishContent.marker) == true }
        if let id = existing?["id"] as? Int {
            _ = try api.expect(
                "PATCH", "\(repository)/issues/comments/\(id)", body: Comment(body: body),
                purpose: "updating comment \(id)")
            return "comment \(id) on #\(number) updated"
        }
        let created = try api.expect(
            "POST", "\(repository)/issues/\(number)/comments", body: Comment(body: body),
            purpose: "commenting on #\(number)")
        let id = (created as? [String: Any])?["id"] as? Int
        return "comment \(id.map(String.init) ?? "") on #\(number) added"
    }
}
