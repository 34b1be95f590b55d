import CavraModel
import Foundation

/// The commands of a Dockerfile as BuildKit reads it: `RUN` at build time, and `CMD`, `ENTRYPOINT` and
/// `HEALTHCHECK CMD` in every container of the image, also when deferred with `ONBUILD`. Lines may end in CRLF; the
/// `# escape=` directive chooses the continuation character; a continuation character followed by spaces still
/// continues, and blank and comment lines inside a continued instruction are skipped. Shell form is run by the
/// stage's `SHELL` (`/bin/sh -c` until one is given), exec form (`RUN ["bash", "-c", "..."]`) as written, and a
/// here-document (`RUN <<EOF`) as the script it holds.
enum DockerfileRuns {
    static func facts(in file: SourceFile) -> [Fact] {
        let lines = file.lines.map { $0.last == "\r" ? $0.dropLast() : $0 }
        var index = 0
        var escape: Character = "\\"
        // Parser directives are comments at the very top; the first other line ends them.
        while index < lines.count, let (name, value) = directive(lines[index]) {
            if name == "escape", value == "`" || value == "\\" { escape = value.first! }
            index += 1
        }
        var shell: [String]?
        var facts: [Fact] = []
        while index < lines.count {
            let start = index + 1
            let first = lines[index]
            index += 1
            guard !isSkipped(first) else { continue }
            // Each part is a line without its continuation character, with its line number.
            var parts: [(text: Substring, line: Int)] = []
            var current = (text: first, line: start)
            while let cut = withoutContinuation(current.text, escape: escape) {
                parts.append((cut, current.line))
                guard let next = lines[index...].firstIndex(where: { !isSkipped($0) }) else {
                    index = lines.count
                    break
                }
                index = next + 1
                current = (lines[next], index)
            }
            if parts.last?.line != current.line { parts.append(current) }
            let end = parts.last!.line
            guard let instruction = Instruction(parts[0].text) else { continue }
            switch instruction.name {
            case "FROM":
                shell = nil
                continue
            case "SHELL":
                shell = execForm(joined(parts, separator: " ", dropping: instruction.bodyStart))
                continue
            default:
                break
            }
            var text = joined(parts, separator: "\\\n", dropping: instruction.bodyStart)
            var last = end
            if let delimiter = hereDocumentDelimiter(text) {
                var body: [Substring] = []
                while index < lines.count {
                    let line = lines[index]
                    index += 1
                    if line.drop(while: { $0 == "\t" }) == delimiter.word { break }
                    body.append(line)
                }
                last = index
                guard file.isJudged(start...last) else { continue }
                let script = body.joined(separator: "\n")
                if delimiter.isWholeCommand {
                    facts += shellFacts(script, firstLine: end + 1, shell: shell, in: file, lines: start...last)
                    continue
                }
                // A here-document given to a command is that command's input, as a shell reads it.
                text += "\n" + script + "\n" + delimiter.word
            }
            let stripped = text.trimmingCharacters(in: .whitespaces)
            if stripped.hasPrefix("["), let words = execForm(stripped) {
                guard let unit = file.judgement(of: start...last) else { continue }
                let quoted = words.map(CommandNormalizer.quoted).joined(separator: " ")
                facts += file.shellFacts(ShellParser.parse(quoted, firstLine: start), unit: unit)
            } else {
                facts += shellFacts(text, firstLine: start, shell: shell, in: file, lines: start...last)
            }
        }
        return facts
    }

    /// The facts of shell-form text run by the stage's shell: a POSIX shell reads it as the gate's shell parser
    /// does, line by line; any other (`SHELL ["pwsh", "-c"]`) is handed it as the argument after its own words.
    private static func shellFacts(
        _ text: String, firstLine: Int, shell: [String]?, in file: SourceFile, lines: ClosedRange<Int>
    ) -> [Fact] {
        guard let shell, let program = shell.first.map({ String($0.split(separator: "/").last ?? "") }),
            !["sh", "bash", "dash", "ash", "zsh", "ksh"].contains(program)
        else {
            return file.shellFacts(ShellParser.parse(text, firstLine: firstLine))
        }
        guard let unit = file.judgement(of: lines) else { return [] }
        let words = (shell + [text.replacingOccurrences(of: "\\\n", with: " ")]).map(CommandNormalizer.quoted)
        return file.shellFacts(ShellParser.parse(words.joined(separator: " "), firstLine: lines.lowerBound), unit: unit)
    }

    /// A blank or comment line, which a continued instruction skips.
    private static func isSkipped(_ line: Substring) -> Bool {
        let content = line.drop { $0 == " " || $0 == "\t" }
        return content.isEmpty || content.hasPrefix("#")
    }

    /// `# name=value` at the top of the file, or nil for any other line.
    private static func directive(_ line: Substring) -> (String, String)? {
        guard line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { return nil }
        let name = line[line.index(after: line.startIndex)..<equals].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else { return nil }
        return (name.lowercased(), line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }

    /// The line without its continuation character and the spaces after it, or nil when it does not continue.
    private static func withoutContinuation(_ line: Substring, escape: Character) -> Substring? {
        let content = line.reversed().drop { $0 == " " || $0 == "\t" }
        guard content.first == escape else { return nil }
        return line.prefix(content.count - 1)
    }

    /// The instruction's text after its keyword (and `RUN`'s options), continuation lines joined by `separator`;
    /// skipped blank and comment lines keep their place, so line numbers count as in the file.
    private static func joined(
        _ parts: [(text: Substring, line: Int)], separator: String, dropping prefix: Int
    ) -> String {
        var text = String(parts[0].text.dropFirst(prefix))
        for (previous, part) in zip(parts, parts.dropFirst()) {
            text += String(repeating: separator, count: part.line - previous.line) + part.text
        }
        return text
    }

    private struct Instruction {
        var name: String
        /// Where the command starts in the instruction's first line.
        var bodyStart: Int

        init?(_ line: Substring) {
            var rest = line.drop { $0 == " " || $0 == "\t" }
            var keyword = rest.prefix { $0 != " " && $0 != "\t" }.uppercased()
            rest = rest.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
            if keyword == "ONBUILD" {
                keyword = rest.prefix { $0 != " " && $0 != "\t" }.uppercased()
                rest = rest.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
            }
            switch keyword {
            case "RUN":
                // `RUN`'s own options (`--mount=...`, `--network=...`) come before the command.
                while rest.hasPrefix("--") {
                    rest = rest.drop { $0 != " " && $0 != "\t" }.drop { $0 == " " || $0 == "\t" }
                }
            case "CMD", "ENTRYPOINT", "SHELL", "FROM":
                break
            case "HEALTHCHECK":
                // `HEALTHCHECK [--interval=...] CMD command`; `HEALTHCHECK NONE` runs nothing.
                guard let range = rest.range(of: "CMD ", options: .caseInsensitive) else { return nil }
                rest = rest[range.upperBound...]
            default:
                return nil
            }
            name = keyword
            bodyStart = line.distance(from: line.startIndex, to: rest.startIndex)
        }
    }

    /// The delimiter of a here-document the instruction opens, and whether it is the whole command (`RUN <<EOF`,
    /// a script for the shell) rather than the input of one (`RUN python3 <<EOF`).
    private static func hereDocumentDelimiter(_ body: String) -> (word: String, isWholeCommand: Bool)? {
        guard let range = body.range(of: "<<"), !body[range.upperBound...].hasPrefix("<") else { return nil }
        let rest = body[range.upperBound...].drop { $0 == "-" }
        let word = rest.prefix { !$0.isWhitespace }.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        guard !word.isEmpty else { return nil }
        return (word, body[..<range.lowerBound].allSatisfy(\.isWhitespace))
    }

    private static func execForm(_ text: String) -> [String]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }
}
