import Foundation

/// Masks secret-looking values in text that reaches any output, so a finding never republishes a credential.
public enum Redaction {
    public static let mask = "[REDACTED]"

    // Each pattern keeps its first capture group (the label) and masks the value that follows it.
    private static let patterns: [NSRegularExpression] = [
        #"(gh[pousr]_)[A-Za-z0-9]{20,}"#,
        #"(github_pat_)[A-Za-z0-9_]{20,}"#,
        #"(glpat-)[A-Za-z0-9_\-]{16,}"#,
        #"(AKIA|ASIA)[A-Z0-9]{16}"#,
        #"(xox[abprs]-)[A-Za-z0-9\-]{10,}"#,
        #"((?i:bearer)\s+)[A-Za-z0-9._~+/\-]+=*"#,
        #"((?i:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]\s*)[^\s'"&;]+"#,
        #"(://[^/\s:@]+:)[^@\s/]+(?=@)"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    public static func redact(_ text: String) -> String {
        var current = text
        for pattern in patterns {
            let range = NSRange(current.startIndex..., in: current)
            current = pattern.stringByReplacingMatches(
                in: current, range: range, withTemplate: "$1" + mask)
        }
        return current
    }
}
