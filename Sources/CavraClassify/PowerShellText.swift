import Foundation

/// PowerShell text rewritten so the shell reader sees its download-and-run spellings as pipelines:
/// `iex (iwr URL)` and `Invoke-Expression $(...)` run what the parentheses produce, as `iwr URL | iex` does, and
/// `(New-Object Net.WebClient).DownloadString(URL)` downloads as `Invoke-WebRequest URL` does. PowerShell's
/// escapes are spelled the shell's way first: its escape character is the backtick, and a backslash is an
/// ordinary character (`"C:\reports\"` is a closed string).
enum PowerShellText {
    private static let webClient = try! NSRegularExpression(
        pattern:
            #"\(\s*new-object\s+(?:system\.)?net\.webclient\s*\)\s*\.\s*download(?:string|data|file)\s*\(([^()]*)\)"#,
        options: [.caseInsensitive])
    private static let invokeExpression = try! NSRegularExpression(
        pattern: #"\b(iex|invoke-expression)\s*\$?\("#, options: [.caseInsensitive])

    static let maximumRewrites = 256

    static func asShell(_ text: String) -> String {
        let text = withShellEscapes(text)
        let downloads = webClient.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: (text as NSString).length),
            withTemplate: "(invoke-webrequest $1)")
        var characters = Array(downloads)
        // Rewrite from the last match back, so earlier positions stay valid.
        let source = String(characters)
        let matches = invokeExpression.matches(
            in: source, range: NSRange(location: 0, length: (source as NSString).length))
        // Each rewrite scans to its closing parenthesis; a bound on their number keeps the reading linear.
        for match in matches.prefix(maximumRewrites).reversed() {
            guard let range = Range(match.range, in: source) else { continue }
            let start = source.distance(from: source.startIndex, to: range.lowerBound)
            let open = source.distance(from: source.startIndex, to: range.upperBound) - 1
            var depth = 0
            var close: Int?
            for position in open..<characters.count {
                if characters[position] == "(" { depth += 1 }
                if characters[position] == ")" {
                    depth -= 1
                    if depth == 0 {
                        close = position
                        break
                    }
                }
            }
            guard let close else { continue }
            let inner = characters[(open + 1)..<close]
            characters.replaceSubrange(start...close, with: Array("(" + String(inner) + ") | iex"))
        }
        return String(characters)
    }

    /// Outside single quotes, a backslash becomes an escaped one and a backtick the backslash it stands for
    /// (`` `" `` an escaped quote, a backtick ending a line a continuation); single-quoted text is literal in
    /// both languages and stays as written, and a single quote inside double quotes is an ordinary character.
    static func withShellEscapes(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var quote: Character?
        var escaping = false
        for character in text {
            if escaping {
                output.append(character)
                escaping = false
                continue
            }
            switch (character, quote) {
            case ("'", nil), ("\"", nil):
                quote = character
                output.append(character)
            case ("'", "'"), ("\"", "\""):
                quote = nil
                output.append(character)
            case ("\\", let open) where open != "'":
                output += "\\\\"
            case ("`", let open) where open != "'":
                output.append("\\")
                escaping = true
            default:
                output.append(character)
            }
        }
        return output
    }
}
