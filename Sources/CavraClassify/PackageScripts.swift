import CavraModel
import Foundation

/// `package.json` `scripts`, each on the line that defines it.
enum PackageScripts {
    static func facts(in file: SourceFile) -> [Fact] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(file.text.utf8))
        } catch {
            let (line, column) = position(in: "\(error)", text: file.text)
            return [file.parseProblem(line: line, column: column, "invalid JSON: \(error.localizedDescription)")]
        }
        guard let scripts = (object as? [String: Any])?["scripts"] as? [String: Any] else { return [] }
        var facts: [Fact] = []
        for (name, value) in scripts.sorted(by: { $0.key < $1.key }) {
            guard let command = value as? String, let line = definitionLine(of: name, in: file) else { continue }
            facts += file.shellFacts(ShellParser.parse(command, firstLine: line))
        }
        return facts
    }

    /// The line of `"name":` after the `"scripts"` key; JSONSerialization keeps no positions.
    private static func definitionLine(of name: String, in file: SourceFile) -> Int? {
        guard let scriptsLine = file.lines.firstIndex(where: { $0.contains("\"scripts\"") }) else { return nil }
        let key = "\"\(name.replacingOccurrences(of: "\"", with: "\\\""))\""
        return file.lines[scriptsLine...].firstIndex { $0.contains(key + ":") || $0.contains(key + " :") }.map {
            $0 + 1
        }
    }

    /// Foundation says where JSON broke only in words: "around line L, column C" or "around character N".
    private static func position(in description: String, text: String) -> (Int?, Int?) {
        func number(after label: String) -> Int? {
            guard let range = description.range(of: label) else { return nil }
            return Int(description[range.upperBound...].prefix { $0.isNumber })
        }
        if let line = number(after: "line ") { return (line, number(after: "column ")) }
        guard let offset = number(after: "character ") else { return (nil, nil) }
        let before = Array(text.utf8).prefix(offset)
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return (line, column)
    }
}
