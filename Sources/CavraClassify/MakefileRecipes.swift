import CavraModel

/// Makefile recipe lines (tab-indented), with `@`, `-` and `+` prefixes and backslash continuations handled, and
/// the commands make itself runs while reading the file: `$(shell ...)` anywhere and `VAR != command`.
enum MakefileRecipes {
    static func facts(in file: SourceFile) -> [Fact] {
        var facts: [Fact] = []
        var number = 0
        while number < file.lines.count {
            let start = number + 1
            let isRecipe = file.lines[number].hasPrefix("\t")
            var text = String(isRecipe ? file.lines[number].dropFirst() : file.lines[number])
            while text.hasSuffix("\\"), number + 1 < file.lines.count {
                number += 1
                text = String(text.dropLast()) + " " + file.lines[number].drop { $0 == "\t" }
            }
            number += 1
            // Continuations are joined into one line: the whole logical line is judged as one.
            guard let unit = file.judgement(of: start...number) else { continue }
            for call in shellFunctionCalls(in: text) {
                facts += file.shellFacts(ShellParser.parse(call, firstLine: start), unit: unit)
            }
            if isRecipe {
                let recipe = String(text.drop { "@-+ ".contains($0) })
                facts += file.shellFacts(ShellParser.parse(shellText(ofRecipe: recipe), firstLine: start), unit: unit)
            } else if let assignment = text.firstRange(of: "!=") {
                facts += file.shellFacts(
                    ShellParser.parse(String(text[assignment.upperBound...]), firstLine: start), unit: unit)
            }
        }
        return facts
    }

    /// The commands of `$(shell ...)` and `${shell ...}` calls, nested ones included, which make hands to the
    /// shell.
    static func shellFunctionCalls(in text: String) -> [String] {
        var calls: [String] = []
        let characters = Array(text)
        var index = 0
        while index + 1 < characters.count {
            guard characters[index] == "$", characters[index + 1] == "(" || characters[index + 1] == "{" else {
                index += 1
                continue
            }
            let (open, close) = characters[index + 1] == "(" ? (Character("("), Character(")")) : ("{", "}")
            var depth = 1
            var end = index + 2
            while end < characters.count, depth > 0 {
                if characters[end] == open { depth += 1 } else if characters[end] == close { depth -= 1 }
                end += 1
            }
            let body = String(characters[(index + 2)..<(depth == 0 ? end - 1 : end)])
            if body.hasPrefix("shell ") || body.hasPrefix("shell\t") {
                calls.append(shellText(ofRecipe: String(body.dropFirst(6))))
            }
            // Calls nested in this one are found as the scan goes on inside it.
            index += 2
        }
        return calls
    }

    /// make expands `$(VAR)` and `${VAR}` itself and turns `$$` into `$`; written as shell variables, make's
    /// references stay plain text instead of reading as command substitutions.
    static func shellText(ofRecipe recipe: String) -> String {
        var output = ""
        var closers: [Character] = []
        var characters = recipe[...]
        while let character = characters.popFirst() {
            if character == "$", let next = characters.first {
                if next == "$" {
                    characters.removeFirst()
                    output.append("$")
                    continue
                }
                if next == "(" || next == "{" {
                    characters.removeFirst()
                    closers.append(next == "(" ? ")" : "}")
                    output += "${"
                    continue
                }
            }
            if let closer = closers.last, character == closer {
                closers.removeLast()
                output.append("}")
                continue
            }
            output.append(character)
        }
        return output
    }
}
