import CavraPlatform
import Foundation

/// GitLab (gitlab.com and self-managed): a commit status named `cavra-gate` and the one merge-request note.
struct GitLabPublisher {
    let api: PlatformAPI
    let coordinates: PublishCoordinates

    private struct CommitStatus: Encodable {
        var state: String
        var name = "cavra-gate"
        var description: String
        var targetURL: String?

        enum CodingKeys: String, CodingKey {
            case state, name, description
            case targetURL = "target_url"
        }
    }

    private struct Note: Encodable {
        var body: String
    }

    /// A project path (`group/project`) is one path segment in the API, so its slashes are encoded.
    private var project: String {
        "\(coordinates.apiURL)/projects/\(PercentEncoding.encoded(coordinates.repository))"
    }

    func publish(_ content: PublishContent) throws(PublishError) -> [String] {
        guard let sha = coordinates.sha else {
            throw PublishError("No head commit is known to publish the status on; pass --sha.")
        }
        let status = CommitStatus(
            state: content.verdict.gitLabState, description: content.description, targetURL: coordinates.targetURL)
        _ = try api.expect("POST", "\(project)/statuses/\(sha)", body: status, purpose: "setting the commit status")
        var posted = ["commit status \(status.state) on \(sha.prefix(12))"]
        if let iid = coordinates.pullRequest {
            posted.append(try note(content.comment, on: iid))
        }
        return posted
    }

    private func note(_ body: String, on iid: Int) throws(PublishError) -> String {
        let notes = try api.list(
            "\(project)/merge_requests/\(iid)/notes?per_page=100", purpose: "listing the notes of !\(iid)")
        let existing = notes.first { ($0["body"] as? String)?.contains(PublishContent.marker) == true }
        if let id = existing?["id"] as? Int {
            _ = try api.expect(
                "PUT", "\(project)/merge_requests/\(iid)/notes/\(id)", body: Note(body: body),
                purpose: "updating note \(id) of !\(iid)")
            return "note \(id) on !\(iid) updated"
        }
        let created = try api.expect(
            "POST", "\(project)/merge_requests/\(iid)/notes", body: Note(body: body),
            purpose: "adding a note to !\(iid)")
        let id = (created as? [String: Any])?["id"] as? Int
        return "note \(id.map(String.init) ?? "") on !\(iid) added"
    }
}
