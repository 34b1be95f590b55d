import CavraModel

/// One HTTP request the gate makes: `GET`, `POST`, `PATCH` or `PUT`, to an https URL (plain http only on loopback).
public struct HTTPRequest: Sendable {
    public var url: String
    /// `GET`, `POST`, `PATCH` or `PUT`.
    public var method: String
    /// Sent as given; never echoed in any message, since they carry bearer tokens.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(url: String, method: String = "GET", headers: [String: String] = [:], body: [UInt8] = []) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// What a server answered, whatever its status.
public struct HTTPResponse: Sendable {
    public let status: Int
    /// Header names lower-cased; repeated headers joined with ", ".
    public let headers: [String: String]
    public let body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// A rate limit rather than a refusal: 429, or the 403 with `Retry-After` or `x-ratelimit-remaining: 0` that
    /// GitHub answers when a primary or secondary rate limit is hit.
    public var isRateLimited: Bool {
        status == 429
            || (status == 403 && (headers["retry-after"] != nil || headers["x-ratelimit-remaining"] == "0"))
    }
}

/// Why a request, or what was made of its answer, failed: one sentence naming the host, never a header or token.
public struct HTTPError: GateFailure, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
