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
        // Parser directives are comments at the very top. BuildKit reads an unknown one as a comment, which ends
        // them as any comment does, so an `# escape=` after it changes nothing.
        while index < lines.count, let (name, value) = directive(lines[index]), knownDirectives.contains(name) {
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
            let delimiters = hereDocumentDelimiters(text)
            if !delimiters.isEmpty {
                // The bodies follow the instruction one after another, each up to its own delimiter line.
                var bodies: [String] = []
                for delimiter in delimiters {
                    var body: [Substring] = []
                    while index < lines.count {
                        let line = lines[index]
                        index += 1
                        if line.drop(while: { $0 == "\t" }) == delimiter { break }
                        body.append(line)
                    }
                    bodies.append(body.joined(separator: "\n"))
                }
                last = index
                guard file.isJudged(start...last) else { continue }
                // `RUN <<EOF` and nothing else: the body is the script the shell runs.
                if delimiters.count == 1, text.split(whereSeparator: \.isWhitespace).count == 1 {
                    facts += shellFacts(bodies[0], firstLine: end + 1, shell: shell, in: file, lines: start...last)
                    continue
                }
                // Otherwise each here-document is the input of a command, as a shell reads it.
                for (delimiter, body) in zip(delimiters, bodies) { text += "\n" + body + "\n" + delimiter }
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
        guard let shell,
            let invocation = ScriptShell.invocation(
                of: shell, running: text.replacingOccurrences(of: "\\\n", with: " "))
        else {
            return file.shellFacts(ShellParser.parse(text, firstLine: firstLine))
        }
        guard let unit = file.judgement(of: lines) else { return [] }
        return file.shellFacts(ShellParser.parse(invocation, firstLine: lines.lowerBound), unit: unit)
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

    /// The delimiters of the here-documents the instruction opens, in order. As BuildKit reads them, each is a
    /// word of its own made of an optional descriptor number, `<<`, an optional `-` and the delimiter, so
    /// `$((1 << 2))` and `<<<` strings open none.
    private static func hereDocumentDelimiters(_ body: String) -> [String] {
        body.split(whereSeparator: \.isWhitespace).compactMap { word in
            let rest = word.drop(while: \.isNumber)
            guard rest.hasPrefix("<<") else { return nil }
            let delimiter = rest.dropFirst(2).drop { $0 == "-" }
                .trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            guard !delimiter.isEmpty, !delimiter.contains("<") else { return nil }
            return delimiter
        }
    }

    /// The parser directives BuildKit knows; any other `# name=value` line is a comment.
    private static let knownDirectives: Set<String> = ["syntax", "escape", "check"]

    private static func execForm(_ text: String) -> [String]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }
}
