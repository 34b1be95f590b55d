import CavraModel

/// Makefile recipe lines (tab-indented), with `@`, `-` and `+` prefixes and backslash continuations handled.
enum MakefileRecipes {
    static func facts(in file: SourceFile) -> [Fact] {
        var facts: [Fact] = []
        var number = 0
        while number < file.lines.count {
            let start = number + 1
            guard file.lines[number].hasPrefix("\t") else {
                number += 1
                continue
            }
            var recipe = String(file.lines[number].dropFirst())
            while recipe.hasSuffix("\\"), number + 1 < file.lines.count {
                number += 1
                recipe = String(recipe.dropLast()) + " " + file.lines[number].drop { $0 == "\t" }
            }
            number += 1
            recipe = String(recipe.drop { "@-+ ".contains($0) })
            guard file.touchesAddedLine(start...number) else { continue }
            facts += file.shellFacts(ShellParser.parse(shellText(ofRecipe: recipe), firstLine: start))
        }
        return facts
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
