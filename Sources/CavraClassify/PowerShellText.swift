import Foundation

/// PowerShell text rewritten so the shell reader sees its download-and-run spellings as pipelines:
/// `iex (iwr URL)` and `Invoke-Expression $(...)` run what the parentheses produce, as `iwr URL | iex` does, and
/// `(New-Object Net.WebClient).DownloadString(URL)` downloads as `Invoke-WebRequest URL` does.
enum PowerShellText {
    private static let webClient = try! NSRegularExpression(
        pattern:
            #"\(\s*new-object\s+(?:system\.)?net\.webclient\s*\)\s*\.\s*download(?:string|data|file)\s*\(([^()]*)\)"#,
        options: [.caseInsensitive])
    private static let invokeExpression = try! NSRegularExpression(
        pattern: #"\b(iex|invoke-expression)\s*\$?\("#, options: [.caseInsensitive])

    static let maximumRewrites = 256

    static func asShell(_ text: String) -> String {
        let text = shellEscapes(text)
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

    /// PowerShell escapes with a backtick and takes a backslash literally (`"a`n$x"`, `"C:\dir"`); the shell
    /// reader escapes with a backslash. Outside single quotes, where both are literal in either language, each
    /// backtick escape becomes a backslash escape and each backslash an escaped one, so quotes, `$(...)` and line
    /// continuations end where PowerShell ends them.
    static func shellEscapes(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var quote: Character?
        var escaping = false
        var inComment = false
        var previous: Character = "\n"
        for character in text {
            defer { previous = character }
            if escaping || inComment || quote == "'" {
                output.append(character)
                escaping = false
                if character == "\n" { inComment = false }
                if quote == "'", character == "'" { quote = nil }
            } else if character == "`" {
                output.append("\\")
                escaping = true
            } else if character == "\\" {
                output += "\\\\"
            } else {
                output.append(character)
                if character == "\"" || (character == "'" && quote == nil) {
                    quote = quote == nil ? character : (quote == character ? nil : quote)
                } else if character == "#", quote == nil, previous.isWhitespace || previous == ";" {
                    inComment = true
                }
            }
        }
        return output
    }
}
