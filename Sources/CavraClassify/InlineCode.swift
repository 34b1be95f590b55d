import Foundation

/// Code an interpreter is given on its command line (`python -c`, `node -e`, `perl -e`, `ruby -e`, `php -r`),
/// and the shell commands that code hands to the system where they are written as string literals:
/// `os.system("...")`, `subprocess.run([...])`, `child_process.execSync('...')`, `system "..."`, backticks.
enum InlineCode {
    /// Each interpreter, named without its version, with the flags that take code.
    private static let codeFlags: [String: [String]] = [
        "python": ["-c"], "node": ["-e", "--eval", "-p", "--print"], "nodejs": ["-e", "--eval", "-p", "--print"],
        "perl": ["-e", "-E"], "ruby": ["-e"], "php": ["-r"], "bun": ["-e", "--eval"],
    ]

    /// Languages whose backticks run a shell command (in JavaScript they are strings).
    private static let backtickLanguages: Set<String> = ["perl", "ruby", "php"]

    static func isInterpreter(_ program: String) -> Bool { codeFlags[language(of: program)] != nil }

    /// The flag that gives the interpreter code, for code that reaches it some other way (a CI step's `shell:`).
    static func flag(for interpreter: String) -> String { codeFlags[language(of: interpreter)]?.first ?? "-c" }

    /// `python3.12` and `python3` are python.
    static func language(of program: String) -> String {
        let name = CommandNormalizer.basename(program).lowercased()
        return String(name.prefix { !$0.isNumber && $0 != "." })
    }

    /// The code of `python -c CODE`, `perl -we CODE` and the like.
    static func code(of words: [String]) -> (language: String, text: String)? {
        guard let first = words.first else { return nil }
        let language = language(of: first)
        guard let flags = codeFlags[language] else { return nil }
        for (index, word) in words.enumerated().dropFirst() where index + 1 < words.count {
            let bundled =
                word.hasPrefix("-") && !word.hasPrefix("--") && flags.contains { "-" + String(word.last!) == $0 }
            if flags.contains(word) || bundled { return (language, words[index + 1]) }
        }
        return nil
    }

    private static let literal = #"[rbuf]?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"#
    private static let call = try! NSRegularExpression(
        pattern: #"\b(?:system|popen|exec|execSync|spawn|spawnSync|execFile|execFileSync|check_output|check_call|call|"#
            + #"run|Popen|getoutput|getstatusoutput|shell_exec|passthru)(?:\s*\(\s*|\s+)(\[[^\]]*\]|"#
            + literal + #")(?:\s*,\s*(\[[^\]]*\]))?"#)
    private static let stringLiteral = try! NSRegularExpression(pattern: literal)
    private static let backticks = try! NSRegularExpression(pattern: #"`([^`]*)`|\b(?:qx|%x)\s*[({\[]([^)}\]]*)[)}\]]"#)

    /// The shell command lines the code runs, where they are written out, each with the number of lines of code
    /// before it.
    static func shellCommands(in code: (language: String, text: String)) -> [(text: String, lineOffset: Int)] {
        let text = code.text as NSString
        let whole = NSRange(location: 0, length: text.length)
        var commands: [(text: String, lineOffset: Int)] = []
        let newline = UInt16(UInt8(ascii: "\n"))
        var counted = (location: 0, lines: 0)
        func lineOffset(of range: NSRange) -> Int {
            // Matches come in order, so the newlines before each are counted once.
            for position in counted.location..<range.location where text.character(at: position) == newline {
                counted.lines += 1
            }
            counted.location = max(counted.location, range.location)
            return counted.lines
        }
        for match in call.matches(in: code.text, range: whole) {
            var words = strings(in: text.substring(with: match.range(at: 1)))
            if match.range(at: 2).location != NSNotFound {
                words += strings(in: text.substring(with: match.range(at: 2)))
            }
            let isList = text.substring(with: match.range(at: 1)).hasPrefix("[") || words.count > 1
            commands.append(
                (
                    isList ? words.map(CommandNormalizer.quoted).joined(separator: " ") : words.joined(),
                    lineOffset(of: match.range)
                ))
        }
        if backtickLanguages.contains(code.language) {
            counted = (0, 0)
            for match in backticks.matches(in: code.text, range: whole) {
                for group in 1...2 where match.range(at: group).location != NSNotFound {
                    commands.append((text.substring(with: match.range(at: group)), lineOffset(of: match.range)))
                }
            }
        }
        return commands
    }

    /// The string literals in a stretch of code, their quotes removed and escapes resolved.
    private static func strings(in text: String) -> [String] {
        let source = text as NSString
        return stringLiteral.matches(in: text, range: NSRange(location: 0, length: source.length)).map { match in
            let quoted = source.substring(with: match.range).drop { "rbuf".contains($0) }
            var value = ""
            var escaped = false
            for character in quoted.dropFirst().dropLast() {
                if escaped {
                    value.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    value.append(character)
                }
            }
            return value
        }
    }
}
