import CavraModel
import Foundation

/// The commands of a Dockerfile: `RUN` at build time, and `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in every
/// container of the image, also when deferred with `ONBUILD`. Shell form with continuation lines, exec form
/// (`RUN ["bash", "-c", "..."]`) and here-documents (`RUN <<EOF`).
enum DockerfileRuns {
    static func facts(in file: SourceFile) -> [Fact] {
        var facts: [Fact] = []
        var number = 0
        while number < file.lines.count {
            let start = number + 1
            guard let body = command(of: file.lines[number]) else {
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
                if file.judgement(of: start...max(start, end)) != nil {
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
            guard let unit = file.judgement(of: start...end) else { continue }
            let stripped = command.trimmingCharacters(in: .whitespaces)
            if stripped.hasPrefix("["), let words = execForm(stripped) {
                let quoted = words.map(CommandNormalizer.quoted).joined(separator: " ")
                facts += file.shellFacts(ShellParser.parse(quoted, firstLine: start), unit: unit)
            } else {
                // Continuations keep their backslash-newline, so the parser counts lines as the file does.
                facts += file.shellFacts(ShellParser.parse(command, firstLine: start))
            }
        }
        return facts
    }

    /// What an instruction runs, or nil for instructions that run nothing. `RUN`'s own options
    /// (`--mount=...`, `--network=...`) come before the command.
    private static func command(of line: Substring) -> String? {
        var words = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        if words.first?.uppercased() == "ONBUILD", words.count == 2 {
            words = words[1].split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        }
        guard words.count == 2, let instruction = words.first?.uppercased() else { return nil }
        var body = words[1]
        switch instruction {
        case "RUN":
            while body.hasPrefix("--") {
                body = body.drop { $0 != " " && $0 != "\t" }.drop { $0 == " " || $0 == "\t" }
            }
        case "CMD", "ENTRYPOINT":
            break
        case "HEALTHCHECK":
            // `HEALTHCHECK [--interval=...] CMD command`; `HEALTHCHECK NONE` runs nothing.
            guard let range = body.firstRange(of: "CMD ") else { return nil }
            body = body[range.upperBound...]
        default:
            return nil
        }
        return String(body)
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
