import CavraModel
import Foundation

/// Dockerfile `RUN` instructions: shell form with continuation lines, exec form (`RUN ["bash", "-c", "..."]`)
/// and here-documents (`RUN <<EOF`).
enum DockerfileRuns {
    static func facts(in file: SourceFile) -> [Fact] {
        var facts: [Fact] = []
        var number = 0
        while number < file.lines.count {
            let start = number + 1
            let trimmed = file.lines[number].drop { $0 == " " || $0 == "\t" }
            guard trimmed.uppercased().hasPrefix("RUN "), let body = Optional(String(trimmed.dropFirst(4))) else {
                number += 1
                continue
            }
            var command = body
            var end = start
            if let delimiter = hereDocumentDelimiter(body) {
                var lines: [String] = []
                while end < file.lines.count, file.lines[end].trimmingCharacters(in: .whitespaces) != delimiter {
                    lines.append(String(file.lines[end]))
                    end += 1
                }
                number = end + 1
                if file.touchesAddedLine(start...max(start, end)) {
                    facts += file.shellFacts(ShellParser.parse(lines.joined(separator: "\n"), firstLine: start + 1))
                }
                continue
            }
            while command.hasSuffix("\\"), end < file.lines.count {
                // Docker drops comment lines inside a continued instruction; keep the line count with an empty one.
                let next = file.lines[end]
                command += "\n" + (next.trimmingCharacters(in: .whitespaces).hasPrefix("#") ? "\\" : next)
                end += 1
            }
            number = end
            guard file.touchesAddedLine(start...end) else { continue }
            let stripped = command.trimmingCharacters(in: .whitespaces)
            if stripped.hasPrefix("["), let words = execForm(stripped) {
                let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
                facts += file.shellFacts(ShellParser.parse(quoted.joined(separator: " "), firstLine: start))
            } else {
                // Continuations keep their backslash-newline, so the parser counts lines as the file does.
                facts += file.shellFacts(ShellParser.parse(command, firstLine: start))
            }
        }
        return facts
    }

    private static func hereDocumentDelimiter(_ body: String) -> String? {
        guard let range = body.range(of: "<<") else { return nil }
        let rest = body[range.upperBound...].drop { $0 == "-" }
        let word = rest.prefix { !$0.isWhitespace }.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        return word.isEmpty ? nil : word
    }

    private static func execForm(_ text: String) -> [String]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }
}
