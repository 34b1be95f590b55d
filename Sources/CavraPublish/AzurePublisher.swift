import CavraPlatform
import Foundation

/// Azure DevOps (Services and Server): a pull-request status `cavra/gate`, which a branch policy can require, and
/// the one pull-request thread.
struct AzurePublisher {
    let api: PlatformAPI
    let coordinates: PublishCoordinates

    static let apiVersion = "api-version=7.1"

    private struct Status: Encodable {
        struct Context: Encodable {
            var genre = "cavra"
            var name = "gate"
        }

        var state: String
        var description: String
        var context = Context()
        var targetUrl: String?
    }

    private struct Comment: Encodable {
        var parentCommentId = 0
        var content: String
        /// 1: text.
        var commentType = 1
    }

    private struct NewThread: Encodable {
        var comments: [Comment]
        /// 1: active.
        var status = 1
    }

    private struct CommentUpdate: Encodable {
        var content: String
    }

    func publish(_ content: PublishContent) throws(PublishError) -> [String] {
        guard let id = coordinates.pullRequest else {
            throw PublishError(
                "Azure DevOps statuses belong to a pull request and none is known "
                    + "(SYSTEM_PULLREQUEST_PULLREQUESTID is unset); publish from a pull-request build or pass "
                    + "--pull-request.")
        }
        let pullRequest =
            "\(coordinates.apiURL)/_apis/git/repositories/\(PercentEncoding.encoded(coordinates.repository))/pullRequests/\(id)"
        let status = Status(
            state: content.verdict.azureState, description: content.description, targetUrl: coordinates.targetURL)
        _ = try api.expect(
            "POST", "\(pullRequest)/statuses?\(Self.apiVersion)", body: status,
            purpose: "setting the status of pull request \(id)")
        return [
            "pull request status cavra/gate \(status.state) on \(id)",
            try thread(content.comment, in: pullRequest, id: id),
        ]
    }

    private func thread(_ body: String, in pullRequest: String, id: Int) throws(PublishError) -> String {
        let threads = try api.list(
            "\(pullRequest)/threads?\(Self.apiVersion)", purpose: "listing the threads of pull request \(id)",
            items: { ($0 as? [String: Any])?["value"] as? [[String: Any]] ?? [] })
        for thread in threads {
            let first = (thread["comments"] as? [[String: Any]])?.first
            guard let threadID = thread["id"] as? Int, let commentID = first?["id"] as? Int,
                (first?["content"] as? String)?.contains(PublishContent.marker) == true
            else { continue }
            _ = try api.expect(
                "PATCH", "\(pullRequest)/threads/\(threadID)/comments/\(commentID)?\(Self.apiVersion)",
                body: CommentUpdate(content: body), purpose: "updating thread \(threadID) of pull request \(id)")
            return "thread \(threadID) on pull request \(id) updated"
        }
        let created = try api.expect(
            "POST", "\(pullRequest)/threads?\(Self.apiVersion)", body: NewThread(comments: [Comment(content: body)]),
            purpose: "adding a thread to pull request \(id)")
        let threadID = (created as? [String: Any])?["id"] as? Int
        return "thread \(threadID.map(String.init) ?? "") on pull request \(id) added"
    }
}
