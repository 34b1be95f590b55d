import CavraModel

/// Finding text inside GitHub-flavoured Markdown tables: nothing a policy or a path says can format the report,
/// break a table row or a code span, inject HTML or comments, start math or mention someone. Control characters
/// are escaped first, as `DisplayText` does. Public so every Markdown the gate writes escapes alike.
public enum MarkdownText {
    /// Plain text with every Markdown-significant character backslash-escaped.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in DisplayText.escape(text) {
            if "\\`*_[]<>|#!~&@$".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// An inline code span that survives backticks and pipes in its content.
    public static func code(_ text: String) -> String {
        let content = DisplayText.escape(text).reduce(into: "") { $0 += $1 == "|" ? "\\|" : String($1) }
        var longestRun = 0
        var run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        let padding = content.hasPrefix("`") || content.hasSuffix("`") ? " " : ""
        return fence + padding + content + padding + fence
    }
}
