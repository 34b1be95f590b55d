import CavraModel

/// Jenkinsfile shell steps: `sh 'cmd'`, `sh "cmd"`, `sh '''...'''`, `sh """..."""` and `sh(script: '...')`, read
/// in one pass over the file: each step's string is taken with Groovy's escapes, and the scan resumes after it,
/// so a step's own text is never searched again.
enum JenkinsSteps {
    static func facts(in file: SourceFile) -> [Fact] {
        let characters = Array(file.text)
        var facts: [Fact] = []
        var index = 0
        var line = 1
        while index < characters.count {
            let character = characters[index]
            if character == "\n" { line += 1 }
            guard character == "s", index + 1 < characters.count, characters[index + 1] == "h",
                index == 0 || !isIdentifier(characters[index - 1]),
                let opening = stringStart(in: characters, after: index + 2)
            else {
                index += 1
                continue
            }
            line += characters[index..<opening.bodyStart].count { $0 == "\n" }
            let firstLine = line
            let body = readString(characters, from: opening.bodyStart, quote: opening.quote)
            line += body.newlines
            index = body.end
            facts += file.shellFacts(ShellParser.parse(body.text, firstLine: firstLine))
            if !body.closed, file.isJudged(firstLine...line) {
                facts.append(
                    file.parseProblem(
                        line: firstLine, column: nil,
                        "the string of the sh step on line \(firstLine) is never closed, so the rest of the file "
                            + "cannot be read; close it"))
            }
        }
        return facts
    }

    private static func isIdentifier(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// After `sh`: blanks, an optional `(` and `script:`, then a quote; where the string's text starts.
    private static func stringStart(in characters: [Character], after start: Int) -> (quote: String, bodyStart: Int)? {
        var index = start
        func skipBlanks() { while index < characters.count, characters[index].isWhitespace { index += 1 } }
        skipBlanks()
        if index < characters.count, characters[index] == "(" {
            index += 1
            skipBlanks()
            let label = Array("script")
            if characters[index...].starts(with: label) {
                index += label.count
                skipBlanks()
                guard index < characters.count, characters[index] == ":" else { return nil }
                index += 1
                skipBlanks()
            }
        }
        guard index < characters.count, characters[index] == "'" || characters[index] == "\"" else { return nil }
        let quote = characters[index]
        let triple = index + 2 < characters.count && characters[index + 1] == quote && characters[index + 2] == quote
        return triple ? (String(repeating: quote, count: 3), index + 3) : (String(quote), index + 1)
    }

    /// A Groovy string up to its closing quote: `\'`, `\"`, `\\` and `\$` stand for the character.
    private static func readString(_ characters: [Character], from start: Int, quote: String)
        -> (text: String, end: Int, newlines: Int, closed: Bool)
    {
        let quoteCharacters = Array(quote)
        var text = ""
        var newlines = 0
        var index = start
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                let escaped = characters[index + 1]
                if "'\"\\$".contains(escaped) {
                    text.append(escaped)
                } else {
                    text.append(character)
                    text.append(escaped)
                }
                if escaped == "\n" { newlines += 1 }
                index += 2
                continue
            }
            if characters[index...].starts(with: quoteCharacters) {
                return (text, index + quoteCharacters.count, newlines, true)
            }
            if character == "\n" { newlines += 1 }
            text.append(character)
            index += 1
        }
        return (text, index, newlines, false)
    }
}
