import Foundation

/// What an answer says about trying again: whether it is worth it, and how long the server asked to wait.
struct RetryAdvice {
    let isRetryable: Bool
    /// Seconds from `Retry-After` (seconds or an HTTP date), else until `x-ratelimit-reset` when no requests
    /// remain; nil when the server named no time.
    let serverWait: Double?

    init(_ response: HTTPResponse, now: Date = Date()) {
        let exhausted = response.headers["x-ratelimit-remaining"] == "0"
        let retryAfter = response.headers["retry-after"].flatMap { Self.seconds(retryAfter: $0, now: now) }
        let reset = response.headers["x-ratelimit-reset"].flatMap(Double.init).map {
            $0 - now.timeIntervalSince1970
        }
        serverWait = (retryAfter ?? (exhausted ? reset : nil)).map { max(0, $0) }
        // A 403 is retried only when it is a rate limit: any other 403 is a permission the token lacks.
        isRetryable = response.status >= 500 || response.isRateLimited
    }

    /// Exponential backoff with jitter (0.2 s, 0.4 s, 0.8 s ... at most 10 s, each between half and all of it),
    /// so that many jobs failing together do not retry together.
    static func backoff(attempt: Int) -> Double {
        let full = min(10, 0.2 * pow(2, Double(min(attempt, 16))))
        return full * Double.random(in: 0.5...1)
    }

    private static func seconds(retryAfter value: String, now: Date) -> Double? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: value).map { $0.timeIntervalSince(now) }
    }
}
