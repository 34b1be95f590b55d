import Foundation

/// Masks values that look like credentials before any text reaches a report. Findings never hold matched secret
/// values, but command lines are quoted as written, and people do put tokens in them.
public struct Redactor: Sendable {
    /// What replaces a masked value.
    public static let mask = "***"

    /// A pattern and the template that replaces its matches; `$1` keeps the part that says what the secret is.
    private struct Rule: @unchecked Sendable {
        let pattern: NSRegularExpression
        let template: String

        init(_ pattern: String, keeping prefix: Bool) {
            // The patterns are literals in this file; a typo is a programming error caught by the tests.
            self.pattern = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            self.template = (prefix ? "$1" : "") + Redactor.mask
        }
    }

    private static let rules: [Rule] = [
        // Credentials in URLs: keep the scheme and user, mask the password.
        Rule(#"([a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+(?=@)"#, keeping: true),
        // GitHub, GitLab, Slack and npm tokens, by their published prefixes.
        Rule(#"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"#, keeping: false),
        Rule(#"\bglpat-[A-Za-z0-9_-]{16,}"#, keeping: false),
        Rule(#"\bxox[abposr]-[A-Za-z0-9-]{10,}"#, keeping: false),
        Rule(#"\bnpm_[A-Za-z0-9]{30,}"#, keeping: false),
        // AWS access key ids (long-term and temporary).
        Rule(#"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"#, keeping: false),
        // HTTP authorisation headers.
        Rule(#"\b((?:Bearer|Basic|token)\s+)[A-Za-z0-9._~+/=-]{6,}"#, keeping: true),
        // key=value and key: value assignments whose key names a secret.
        Rule(
            #"\b((?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret)[A-Za-z0-9_]*\s*[=:]\s*["']?)[^\s"'&;]+"#,
            keeping: true),
        // Long-option forms: --password VALUE, --token=VALUE.
        Rule(#"(--(?:password|passwd|token|secret|api-key|access-key)[=\s]+)[^\s"'&;]+"#, keeping: true),
    ]

    public init() {}

    /// The text with every credential-like value replaced by `***`.
    public func redact(_ text: String) -> String {
        var redacted = text
        for rule in Self.rules {
            let range = NSRange(redacted.startIndex..., in: redacted)
            redacted = rule.pattern.stringByReplacingMatches(
                in: redacted, options: [], range: range, withTemplate: rule.template)
        }
        return redacted
    }
}
