import CavraPlatform
import Foundation

/// One platform's REST API as the publishers call it: JSON in and out through the gate's HTTP client, the
/// credential and the platform's own headers on every request, and every failure one sentence with the HTTP
/// status and the platform's message, the token masked.
struct PlatformAPI {
    let platform: PublishPlatform
    let client: HTTPClient
    let credential: PlatformCredential
    /// Headers besides the credential (GitHub's media type and API version).
    let headers: [String: String]

    /// The most pages of a list read, so a runaway pagination cannot keep the job waiting.
    static let pageLimit = 50

    /// Sends the request and returns the answer, whatever its status.
    func send(_ method: String, _ url: String, body: (any Encodable)? = nil) throws(PublishError) -> HTTPResponse {
        var headers = self.headers
        headers[credential.headerName] = credential.headerValue
        var bytes: [UInt8] = []
        if let body {
            headers["Content-Type"] = "application/json"
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            do {
                bytes = Array(try encoder.encode(body))
            } catch {
                throw PublishError("The request to \(platform.displayName) could not be encoded as JSON (\(error)).")
            }
        }
        do {
            return try client.send(HTTPRequest(url: url, method: method, headers: headers, body: bytes))
        } catch {
            throw PublishError(error.message, hiding: credential.secret)
        }
    }

    /// Sends the request and returns the JSON of a 2xx answer (nil when it has none).
    /// - Parameter purpose: what the request does, for the message (`creating the check run`).
    func expect(_ method: String, _ url: String, body: (any Encodable)? = nil, purpose: String) throws(PublishError)
        -> Any?
    {
        let response = try send(method, url, body: body)
        guard response.isSuccess else { throw failure(response, purpose: purpose) }
        return try? JSONSerialization.jsonObject(with: Data(response.body))
    }

    /// Every item of a paginated list, following the `Link` header's `next` while it stays on the API's host.
    /// - Parameter items: the items of one page's JSON.
    func list(_ url: String, purpose: String, items: (Any?) -> [[String: Any]] = { $0 as? [[String: Any]] ?? [] })
        throws(PublishError) -> [[String: Any]]
    {
        var all: [[String: Any]] = []
        var next: String? = url
        var pages = 0
        while let page = next, pages < Self.pageLimit {
            let response = try send("GET", page)
            guard response.isSuccess else { throw failure(response, purpose: purpose) }
            all += items(try? JSONSerialization.jsonObject(with: Data(response.body)))
            pages += 1
            // The token goes wherever the link points, so a link to another host is not followed.
            next = response.headers["link"].flatMap(Self.nextLink).flatMap { $0.hasPrefix(origin(of: url)) ? $0 : nil }
        }
        return all
    }

    /// The error for a non-2xx answer: the status, the platform's `message`, and what usually fixes it.
    func failure(_ response: HTTPResponse, purpose: String) -> PublishError {
        let said = Self.platformMessage(response.body).map { ": \($0)" } ?? ""
        let fix =
            switch response.status {
            case 401: "check that \(credential.variable) holds a valid token"
            case 403: "give \(credential.variable) the permissions docs/ci.md lists for publishing"
            case 404: "check the repository, the pull request and the API URL, and that the token can see them"
            case 422: "check the commit and pull request the gate publishes on"
            default: "try again later"
            }
        return PublishError(
            "\(platform.displayName) answered HTTP \(response.status) to \(purpose)\(said); \(fix).",
            hiding: credential.secret)
    }

    /// `message` (GitHub, GitLab, Azure DevOps) or `error` (GitLab), on one line and short.
    static func platformMessage(_ body: [UInt8]) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
        let value = object["message"] ?? object["error"]
        let text: String
        switch value {
        case let string as String: text = string
        case .some(let other) where JSONSerialization.isValidJSONObject(other):
            guard let data = try? JSONSerialization.data(withJSONObject: other, options: [.sortedKeys]) else {
                return nil
            }
            text = String(decoding: data, as: UTF8.self)
        default: return nil
        }
        let line = String(text.map { $0.isNewline ? " " : $0 }).trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return nil }
        return line.count > 300 ? String(line.prefix(299)) + "…" : line
    }

    /// `<url>; rel="next"` of an RFC 8288 `Link` header.
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = fields.first, target.hasPrefix("<"), target.hasSuffix(">"),
                fields.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == #"rel="next""# })
            else { continue }
            return String(target.dropFirst().dropLast())
        }
        return nil
    }

    /// `scheme://host[:port]/` of a URL.
    private func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(url[..<schemeEnd.upperBound]) + authority + "/"
    }
}
