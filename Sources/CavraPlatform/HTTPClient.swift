import Foundation

/// The gate's one HTTP client: https only (plain http to loopback hosts, for tests and local servers), TLS
/// verified against the system's CAs plus `CAVRA_CA_BUNDLE`, no redirects, bounded time, size and retries.
/// libcurl is loaded on the first request, so commands that never send one (the hooks, `evaluate`) never load it.
public struct HTTPClient: Sendable {
    let environment: [String: String]
    let retries: Int
    let connectTimeout: Double
    let totalTimeout: Double
    let maxBodyBytes: Int
    let retryBudget: Double

    /// The methods the gate sends; anything else is refused before a connection is made.
    static let methods: Set = ["GET", "POST", "PATCH", "PUT"]

    /// - Parameters:
    ///   - environment: where `CAVRA_CA_BUNDLE`, `https_proxy` and `no_proxy` are read.
    ///   - retries: further attempts after a connection failure, a 5xx or 429 answer, or a 403 that says it is a
    ///     rate limit (`Retry-After`, or `x-ratelimit-remaining: 0`, as GitHub's secondary limits answer).
    ///   - connectTimeout: seconds to establish a connection.
    ///   - totalTimeout: seconds for one whole attempt.
    ///   - maxBodyBytes: the largest response body accepted.
    ///   - retryBudget: seconds all attempts and the waits between them may take; a wait the server asks for
    ///     that would go past it is not waited, and its answer is returned.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, retries: Int = 2,
        connectTimeout: Double = 5, totalTimeout: Double = 20, maxBodyBytes: Int = 1 << 20, retryBudget: Double = 60
    ) {
        self.environment = environment
        self.retries = max(0, retries)
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxBodyBytes = maxBodyBytes
        self.retryBudget = retryBudget
    }

    /// Sends `request` and returns the server's answer, whatever its status; after the retries a 5xx or 429
    /// answer is returned as well.
    /// - Throws: `HTTPError` when the URL, method or headers are refused, or no answer came.
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let target = try checkedTarget(request.url)
        let settings = try transferSettings(request, target: target)
        guard Curl.isAvailable else {
            throw HTTPError(
                "libcurl could not be loaded (libcurl.so.4 or libcurl-gnutls.so.4), so the gate cannot reach "
                    + "\(target.host); install it, for example with `apt-get install libcurl4`.")
        }
        let trust = try TrustStore(environment: environment, host: target.host)
        defer { trust.remove() }
        let deadline = Date().addingTimeInterval(retryBudget)
        var attempt = 0
        while true {
            var attemptSettings = settings
            attemptSettings.caFile = trust.caFile
            let wait: Double
            switch Curl.perform(attemptSettings) {
            case .success(let response):
                let retry = RetryAdvice(response)
                guard attempt < retries, retry.isRetryable else { return response }
                wait = retry.serverWait ?? RetryAdvice.backoff(attempt: attempt)
                guard Date().addingTimeInterval(wait) < deadline else { return response }
            case .failure(let failure):
                guard attempt < retries, failure.kind == .connection else {
                    throw HTTPError(message(for: failure, host: target.host, attempts: attempt + 1))
                }
                wait = RetryAdvice.backoff(attempt: attempt)
                guard Date().addingTimeInterval(wait) < deadline else {
                    throw HTTPError(message(for: failure, host: target.host, attempts: attempt + 1))
                }
            }
            attempt += 1
            Thread.sleep(forTimeInterval: wait)
        }
    }

    /// Sends `request` and returns a 2xx answer.
    /// - Parameter purpose: what was asked for, for the message (`the JWKS`, `an OIDC token`).
    /// - Throws: `HTTPError` as `send` does, and when the answer is not 2xx.
    public func successfulResponse(to request: HTTPRequest, purpose: String) throws(HTTPError) -> HTTPResponse {
        let response = try send(request)
        guard response.isSuccess else {
            let host = HTTPTarget(request.url)?.host ?? "the server"
            throw HTTPError("\(host) answered HTTP \(response.status) to the request for \(purpose).")
        }
        return response
    }

    private func checkedTarget(_ url: String) throws(HTTPError) -> HTTPTarget {
        guard let target = HTTPTarget(url) else {
            throw HTTPError(
                "The gate cannot fetch a URL that is not an absolute https URL of printable ASCII without user "
                    + "info; check the configured URL.")
        }
        guard target.scheme == "https" || target.isLoopback else {
            throw HTTPError(
                "The gate refuses plain http to \(target.host); use https (plain http is allowed only to "
                    + "127.0.0.1, [::1] and localhost).")
        }
        return target
    }

    private func transferSettings(_ request: HTTPRequest, target: HTTPTarget) throws(HTTPError) -> TransferSettings {
        guard Self.methods.contains(request.method) else {
            throw HTTPError(
                "The gate sends only GET, POST, PATCH and PUT, not \(request.method.prefix(20)), to \(target.host).")
        }
        var lines: [String] = []
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            let isToken = !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            guard isToken, !value.contains(where: { $0.isNewline || $0 == "\0" }) else {
                throw HTTPError(
                    "A header of the request to \(target.host) has a malformed name or a line break in its value, "
                        + "so it was not sent; fix the header.")
            }
            lines.append("\(name): \(value)")
        }
        return TransferSettings(
            url: request.url, method: request.method, headerLines: lines, body: request.body, scheme: target.scheme,
            caFile: nil, proxy: target.isLoopback ? "" : proxy(for: target.scheme),
            noProxy: environment["no_proxy"] ?? environment["NO_PROXY"], connectTimeout: connectTimeout,
            totalTimeout: totalTimeout, maxBodyBytes: maxBodyBytes)
    }

    /// The proxy the given environment asks for, read here rather than by libcurl so that `environment` rules.
    private func proxy(for scheme: String) -> String {
        let names = scheme == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]
        return names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
    }

    private func message(for failure: TransferFailure, host: String, attempts: Int) -> String {
        let tries = attempts == 1 ? "" : " after \(attempts) attempts"
        switch failure.kind {
        case .tooLarge:
            return "The answer from \(host) is larger than \(maxBodyBytes) bytes, so the gate refused it; check the "
                + "URL."
        case .timeout:
            return "The request to \(host) timed out (\(failure.detail)); check the network, or that the server "
                + "answers within \(Self.seconds(totalTimeout)) s."
        case .tls:
            return "The TLS connection to \(host) failed (\(failure.detail)); if the server's certificate comes "
                + "from a private CA, set \(TrustStore.variable) to that CA's PEM file."
        case .connection:
            return "The gate could not reach \(host)\(tries) (\(failure.detail)); check the URL and the network."
        case .other:
            return "The request to \(host) failed (\(failure.detail)); check the URL and the network."
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
