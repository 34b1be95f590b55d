/// Splits shell text into words and operators the way POSIX sh does: quotes are removed, escapes resolved,
/// comments and line continuations dropped, here-document bodies kept aside for the command they feed, and the
/// text of every `$(...)` and backtick substitution kept aside so that its commands are judged too.
struct ShellLexer {
    enum Token: Equatable {
        case word(String, line: Int)
        case symbol(String, line: Int)
        case newline(line: Int)
        /// Where a command takes a here-document as its input; the body is `hereDocuments[index]`.
        case hereDocument(index: Int)
        /// `< <(...)`: the command reads what a substitution prints, as if it were given it as a file.
        case inputSubstitution(String, line: Int)
    }

    struct HereDocument {
        var body = ""
        var firstLine = 0
    }

    struct Output {
        var tokens: [Token] = []
        /// Command substitutions found inside words and in here-documents whose delimiter is unquoted, with the
        /// line each starts on.
        var substitutions: [(text: String, line: Int)] = []
        var hereDocuments: [HereDocument] = []
        var problems: [ShellParser.Problem] = []
    }

    private var characters: [Character]
    private var index = 0
    private var line: Int
    private var output = Output()
    private var pendingHereDocuments: [(delimiter: String, stripTabs: Bool, expands: Bool, index: Int)] = []
    /// Where the last `((` that turned out not to be arithmetic ended: a `((` before it is not tried again, so
    /// nested parentheses are scanned once, not once per level.
    private var notArithmeticUntil = -1

    init(_ text: String, firstLine: Int) {
        characters = Array(text)
        line = firstLine
    }

    static func tokens(_ text: String, firstLine: Int = 1) -> Output {
        var lexer = ShellLexer(text, firstLine: firstLine)
        lexer.run()
        lexer.closeProblems()
        return lexer.output
    }

    /// The substitutions a shell runs inside text it otherwise treats as data (a here-document body, an
    /// arithmetic expression, a word that reaches a shell again).
    static func expansions(in text: String, firstLine: Int = 1) -> Output {
        var lexer = ShellLexer(text, firstLine: firstLine)
        lexer.readExpansions()
        lexer.closeProblems()
        return lexer.output
    }

    /// A construct left open runs to the end of the text: nothing after it can be read.
    private mutating func closeProblems() {
        for index in output.problems.indices where output.problems[index].lines.upperBound == Int.max {
            output.problems[index].lines =
                output.problems[index].lines
                .lowerBound...max(
                    line, output.problems[index].lines.lowerBound)
        }
    }

    /// Records that a construct opened on `startLine` is not closed, so the rest of the text cannot be read.
    private mutating func unclosed(_ what: String, from startLine: Int) {
        output.problems.append(
            ShellParser.Problem(
                message: "\(what) opened on line \(startLine) is never closed, so the rest cannot be read; close it",
                lines: startLine...Int.max))
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    /// Unquoted brace-expansion characters are kept as these stand-ins while a word is read, so that quoted
    /// braces stay literal; `braceExpanded` turns them back.
    static let braceOpen: Character = "\u{E000}"
    static let braceComma: Character = "\u{E001}"
    static let braceClose: Character = "\u{E002}"

    private mutating func run() {
        while let character = current {
            switch character {
            case "\n":
                output.tokens.append(.newline(line: line))
                index += 1
                line += 1
                skipHereDocumentBodies()
            case " ", "\t", "\r":
                index += 1
            case "\\" where peek() == "\n":
                index += 2
                line += 1
            case "#":
                while let next = current, next != "\n" { index += 1 }
            case "(" where peek() == "(" && index > notArithmeticUntil:
                lexArithmeticCommand()
            case "<" where peek() == "(", ">" where peek() == "(":
                lexWord()
            case ";", "&", "|", "(", ")":
                lexOperator()
            case "<", ">":
                lexRedirection()
            default:
                lexWord()
            }
        }
    }

    /// `(( i << 2 ))` is arithmetic, whose only commands are the substitutions inside it; `((cd a; make))` is
    /// two subshells, read as such.
    private mutating func lexArithmeticCommand() {
        let (startIndex, startLine, problemCount) = (index, line, output.problems.count)
        if let inner = copyParenthesized(), Self.looksArithmetic(inner) {
            readArithmetic(inner, from: startLine)
            return
        }
        notArithmeticUntil = index
        (index, line) = (startIndex, startLine)
        output.problems.removeSubrange(problemCount...)
        lexOperator()
    }

    /// Whether the text inside `$((...))` or `((...))` reads as arithmetic: bash runs it as commands when it
    /// does not, and two names in a row (`curl x`) or a `;` are never arithmetic.
    static func looksArithmetic(_ inner: String) -> Bool {
        guard inner.first == "(", inner.last == ")" else { return false }
        var inName = false
        var nameEnded = false
        for character in inner {
            if character.isLetter || character.isNumber || character == "_" || character == "$" {
                if !inName && nameEnded { return false }
                inName = true
            } else if character == " " || character == "\t" || character == "\n" {
                nameEnded = nameEnded || inName
                inName = false
            } else if character == ";" {
                return false
            } else {
                inName = false
                nameEnded = false
            }
        }
        return true
    }

    private mutating func readArithmetic(_ inner: String, from startLine: Int) {
        let expansions = Self.expansions(in: inner, firstLine: startLine)
        output.substitutions += expansions.substitutions
        output.problems += expansions.problems
    }

    private mutating func lexOperator() {
        let character = current!
        let next = peek()
        var text = String(character)
        if (character == "&" && next == "&") || (character == "|" && next == "|") || (character == ";" && next == ";")
            || (character == "|" && next == "&") || (character == "&" && next == ">")
        {
            text.append(next!)
        }
        index += text.count
        if text == "&>" {
            // `&> file` redirects both streams: the file is not a word of the command.
            skipBlanks()
            _ = readWord()
            return
        }
        output.tokens.append(.symbol(text, line: line))
    }

    /// A redirection and its target are not words of the command; a here-document's body is skipped later.
    private mutating func lexRedirection() {
        var text = ""
        while let character = current, "<>&|-".contains(character), text.count < 3 {
            if text == "<" && character == "<" && peek() == "(" { break }
            text.append(character)
            index += 1
        }
        if text.hasPrefix("<<") && !text.hasPrefix("<<<") {
            let stripTabs = text.hasSuffix("-")
            skipBlanks()
            let start = index
            let delimiter = readWord()
            // Quoting any part of the delimiter keeps the body literal; otherwise substitutions in it run.
            let expands = !characters[start..<min(index, characters.count)].contains {
                $0 == "'" || $0 == "\"" || $0 == "\\"
            }
            let slot = output.hereDocuments.count
            output.hereDocuments.append(HereDocument())
            output.tokens.append(.hereDocument(index: slot))
            pendingHereDocuments.append((Self.restoringBraces(delimiter.text), stripTabs, expands, slot))
            return
        }
        if text.hasSuffix("&"), let digit = current, digit.isNumber || digit == "-" {
            index += 1
            return
        }
        skipBlanks()
        let startLine = line
        let target = readWord()
        if text == "<<<" {
            // A here-string is the command's input, like a one-line here-document.
            output.hereDocuments.append(HereDocument(body: Self.restoringBraces(target.text), firstLine: startLine))
            output.tokens.append(.hereDocument(index: output.hereDocuments.count - 1))
        } else if text == "<", target.text.hasPrefix("<(") {
            // `bash < <(curl ...)`: the command reads what the substitution prints, as `bash <(curl ...)` does.
            output.tokens.append(.inputSubstitution(target.text, line: startLine))
        }
    }

    private mutating func skipBlanks() {
        while let character = current, character == " " || character == "\t" { index += 1 }
    }

    /// Reads the bodies of the here-documents the line just ended introduced, in order.
    private mutating func skipHereDocumentBodies() {
        for document in pendingHereDocuments {
            var body: [String] = []
            let firstLine = line
            while index < characters.count {
                var end = index
                while end < characters.count, characters[end] != "\n" { end += 1 }
                var lineText = String(characters[index..<end])
                if document.stripTabs { lineText = String(lineText.drop { $0 == "\t" }) }
                index = min(end + 1, characters.count)
                line += 1
                if lineText == document.delimiter { break }
                body.append(lineText)
            }
            let text = body.joined(separator: "\n")
            output.hereDocuments[document.index] = HereDocument(body: text, firstLine: firstLine)
            if document.expands {
                let expansions = Self.expansions(in: text, firstLine: firstLine)
                output.substitutions += expansions.substitutions
                output.problems += expansions.problems
            }
        }
        pendingHereDocuments.removeAll()
    }

    /// Text that is data, except that the shell runs the substitutions in it.
    private mutating func readExpansions() {
        while let character = current {
            switch character {
            case "\\":
                if peek() == "\n" { line += 1 }
                index += 2
            case "$" where peek() == "(":
                _ = readDollarSubstitution()
            case "`":
                _ = readBackticks()
            default:
                if character == "\n" { line += 1 }
                index += 1
            }
        }
    }

    private mutating func lexWord() {
        let startLine = line
        // A number right before a redirection is its file descriptor (`2>&1`), not a word.
        if let character = current, character.isNumber {
            var look = index
            while look < characters.count, characters[look].isNumber { look += 1 }
            if look < characters.count, characters[look] == "<" || characters[look] == ">" {
                index = look
                lexRedirection()
                return
            }
        }
        let word = readWord()
        guard word.hadContent else { return }
        let expanded = Self.braceExpanded(word.text)
        if expanded.count > Self.maximumBraceWords {
            output.problems.append(
                ShellParser.Problem(
                    message: "a brace expansion on line \(startLine) makes more than \(Self.maximumBraceWords) "
                        + "words, too many to judge; spell the commands out",
                    lines: startLine...startLine))
        }
        for text in expanded.prefix(Self.maximumBraceWords) { output.tokens.append(.word(text, line: startLine)) }
    }

    static let maximumBraceWords = 256

    /// Reads one word up to an unquoted blank or operator, removing quotes and keeping substitutions aside.
    private mutating func readWord() -> (text: String, hadContent: Bool) {
        var text = ""
        var hadContent = false
        while let character = current {
            switch character {
            case "<" where peek() == "(", ">" where peek() == "(":
                // Process substitution: the command reads or writes a file that is a running pipeline.
                hadContent = true
                let startLine = line
                index += 1
                let inner = copyParenthesized() ?? ""
                output.substitutions.append((inner, startLine))
                text += String(character) + "(" + inner + ")"
            case " ", "\t", "\r", "\n", ";", "&", "|", "(", ")", "<", ">":
                return (text, hadContent)
            case "\\":
                if peek() == "\n" {
                    index += 2
                    line += 1
                } else {
                    if let escaped = peek() { text.append(escaped) }
                    index += 2
                    hadContent = true
                }
            case "'":
                let startLine = line
                index += 1
                hadContent = true
                while let next = current, next != "'" {
                    if next == "\n" { line += 1 }
                    text.append(next)
                    index += 1
                }
                if current == nil { unclosed("a single quote", from: startLine) }
                index += 1
            case "\"":
                index += 1
                hadContent = true
                readDoubleQuoted(into: &text)
            case "$" where peek() == "(":
                hadContent = true
                text += readDollarSubstitution()
            case "$" where peek() == "{":
                hadContent = true
                text += readParameterExpansion()
            case "$" where peek() == "'":
                // bash's `$'...'`: escapes such as `\x74` or `\164` spell characters.
                index += 2
                hadContent = true
                readANSIQuoted(into: &text)
            case "$" where peek() == "\"":
                // bash's `$"..."` (translated text) is read as a double-quoted string.
                index += 1
            case "`":
                hadContent = true
                text += readBackticks()
            case "{":
                text.append(Self.braceOpen)
                index += 1
                hadContent = true
            case ",":
                text.append(Self.braceComma)
                index += 1
                hadContent = true
            case "}":
                text.append(Self.braceClose)
                index += 1
                hadContent = true
            default:
                text.append(character)
                index += 1
                hadContent = true
            }
        }
        return (text, hadContent)
    }

    /// The words brace expansion makes of a word (`terraform{,}` → `terraform terraform`), the stand-ins of
    /// braces that expand nothing turned back into braces.
    static func braceExpanded(_ word: String) -> [String] {
        guard word.contains(braceOpen) else { return [restoringBraces(word)] }
        var results: [String] = []
        expandBraces(Array(word), into: &results)
        return results.map(restoringBraces)
    }

    static func restoringBraces(_ word: String) -> String {
        guard word.contains(where: { $0 == braceOpen || $0 == braceComma || $0 == braceClose }) else { return word }
        return String(
            word.map { character -> Character in
                switch character {
                case braceOpen: "{"
                case braceComma: ","
                case braceClose: "}"
                default: character
                }
            })
    }

    /// Expands the first brace group that has a top-level comma, then what follows; stops past
    /// `maximumBraceWords` (the caller reports that).
    private static func expandBraces(_ word: [Character], into results: inout [String]) {
        guard results.count <= maximumBraceWords else { return }
        var open: Int?
        var depth = 0
        var commas: [Int] = []
        for (position, character) in word.enumerated() {
            switch character {
            case braceOpen:
                if depth == 0 {
                    open = position
                    commas = []
                }
                depth += 1
            case braceComma where depth == 1:
                commas.append(position)
            case braceClose where depth > 0:
                depth -= 1
                guard depth == 0, let start = open else { continue }
                guard !commas.isEmpty else {
                    open = nil
                    continue
                }
                let prefix = word[..<start]
                let suffix = word[(position + 1)...]
                let bounds = [start] + commas + [position]
                for (from, to) in zip(bounds, bounds.dropFirst()) {
                    expandBraces(Array(prefix + word[(from + 1)..<to] + suffix), into: &results)
                    if results.count > maximumBraceWords { return }
                }
                return
            default:
                break
            }
        }
        results.append(String(word))
    }

    /// `${...}`, returned as written with quotes inside it removed; substitutions inside are kept aside too.
    private mutating func readParameterExpansion() -> String {
        let startLine = line
        var text = "${"
        index += 2
        var depth = 1
        while let character = current {
            switch character {
            case "\\":
                if let escaped = peek() { text.append(escaped) }
                index += 2
            case "'":
                index += 1
                while let next = current, next != "'" {
                    if next == "\n" { line += 1 }
                    text.append(next)
                    index += 1
                }
                index += 1
            case "\"":
                index += 1
                readDoubleQuoted(into: &text)
            case "$" where peek() == "(":
                text += readDollarSubstitution()
            case "`":
                text += readBackticks()
            case "{":
                depth += 1
                text.append(character)
                index += 1
            case "}":
                depth -= 1
                text.append(character)
                index += 1
                if depth == 0 { return text }
            default:
                if character == "\n" { line += 1 }
                text.append(character)
                index += 1
            }
        }
        unclosed("a ${ expansion", from: startLine)
        return text
    }

    private static let ansiEscapes: [Character: String] = [
        "a": "\u{07}", "b": "\u{08}", "e": "\u{1B}", "E": "\u{1B}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
        "v": "\u{0B}", "\\": "\\", "'": "'", "\"": "\"", "?": "?",
    ]

    /// The inside of `$'...'`, its escapes resolved as bash resolves them.
    private mutating func readANSIQuoted(into text: inout String) {
        let startLine = line
        while let character = current, character != "'" {
            index += 1
            guard character == "\\", let escape = current else {
                if character == "\n" { line += 1 }
                text.append(character)
                continue
            }
            index += 1
            if let plain = Self.ansiEscapes[escape] {
                text += plain
            } else if escape.isHexDigit, escape.isASCII, let digit = escape.hexDigitValue, digit < 8 {
                text.unicodeScalars.append(readCode(startingWith: digit, radix: 8, maximumDigits: 3))
            } else if escape == "x" || escape == "u" || escape == "U" {
                let digits = escape == "x" ? 2 : (escape == "u" ? 4 : 8)
                text.unicodeScalars.append(readCode(startingWith: nil, radix: 16, maximumDigits: digits))
            } else {
                text += "\\" + String(escape)
            }
        }
        if current == nil { unclosed("a $' quote", from: startLine) }
        index += 1
    }

    /// An escape's code point from up to `maximumDigits` digits; a code that names no character reads as U+FFFD.
    private mutating func readCode(startingWith first: Int?, radix: Int, maximumDigits: Int) -> Unicode.Scalar {
        var value = first ?? 0
        var count = first == nil ? 0 : 1
        while count < maximumDigits, let next = current, next.isASCII, let digit = next.hexDigitValue, digit < radix {
            value = value * radix + digit
            index += 1
            count += 1
        }
        return Unicode.Scalar(UInt32(truncatingIfNeeded: value)) ?? "\u{FFFD}"
    }

    private mutating func readDoubleQuoted(into text: inout String) {
        let startLine = line
        while let character = current, character != "\"" {
            switch character {
            case "\\":
                if let next = peek(), "$`\"\\\n".contains(next) {
                    if next == "\n" { line += 1 } else { text.append(next) }
                    index += 2
                } else {
                    text.append(character)
                    index += 1
                }
            case "$" where peek() == "(":
                text += readDollarSubstitution()
            case "$" where peek() == "{":
                text += readParameterExpansion()
            case "`":
                text += readBackticks()
            default:
                if character == "\n" { line += 1 }
                text.append(character)
                index += 1
            }
        }
        if current == nil { unclosed("a double quote", from: startLine) }
        index += 1
    }

    /// A `$(...)` substitution, or a `$((...))` arithmetic expansion: the commands either runs are kept aside to
    /// be judged, and the text returned as written.
    private mutating func readDollarSubstitution() -> String {
        let startLine = line
        index += 1
        let inner = copyParenthesized() ?? ""
        if Self.looksArithmetic(inner) {
            readArithmetic(inner, from: startLine)
        } else {
            output.substitutions.append((inner, startLine))
        }
        return "$(" + inner + ")"
    }

    /// A backtick substitution: its text is kept aside to be judged, and returned as written.
    private mutating func readBackticks() -> String {
        let startLine = line
        index += 1
        var inner = ""
        while let next = current, next != "`" {
            if next == "\\", let escaped = peek() {
                // Inside backticks `\` quotes only `$`, `` ` `` and `\`; before anything else it stays.
                if !"$`\\".contains(escaped) { inner.append(next) }
                inner.append(escaped)
                if escaped == "\n" { line += 1 }
                index += 2
                continue
            }
            if next == "\n" { line += 1 }
            inner.append(next)
            index += 1
        }
        if current == nil { unclosed("a backtick", from: startLine) }
        index += 1
        output.substitutions.append((inner, startLine))
        return "`" + inner + "`"
    }

    /// The text between a `(` at the current position and its matching `)`, found as bash finds it: quotes,
    /// escapes, comments and nested substitutions are skipped over whole. Nil when it is never closed.
    private mutating func copyParenthesized() -> String? {
        let startLine = line
        index += 1
        var depth = 1
        var inner = ""
        // In `$((...))` and `((...))`, `#` is a number base or zsh's `#char`, never a comment.
        var atWordStart = current != "("
        while let character = current {
            var wordStart = false
            switch character {
            case "\\":
                inner.append(character)
                index += 1
                if let escaped = current {
                    if escaped == "\n" { line += 1 }
                    inner.append(escaped)
                    index += 1
                }
                continue
            case "'":
                copyQuoted(into: &inner, until: "'")
                continue
            case "\"":
                copyQuoted(into: &inner, until: "\"")
                continue
            case "`":
                copyQuoted(into: &inner, until: "`")
                continue
            case "#" where atWordStart:
                while let next = current, next != "\n" {
                    inner.append(next)
                    index += 1
                }
                continue
            case "(":
                depth += 1
                wordStart = !inner.hasPrefix("(")
            case ")":
                depth -= 1
                if depth == 0 {
                    index += 1
                    return inner
                }
            case "\n", " ", "\t", ";", "|", "&":
                if character == "\n" { line += 1 }
                wordStart = !inner.hasPrefix("(")
            default:
                break
            }
            atWordStart = wordStart
            inner.append(character)
            index += 1
        }
        unclosed("a $( substitution", from: startLine)
        return nil
    }

    /// Copies a quoted stretch as written; in double quotes and backticks `\` escapes the next character, and
    /// in double quotes a `$(...)` may hold quotes of its own.
    private mutating func copyQuoted(into inner: inout String, until quote: Character) {
        let startLine = line
        inner.append(quote)
        index += 1
        while let next = current, next != quote {
            if next == "\\" && quote != "'", let escaped = peek() {
                if escaped == "\n" { line += 1 }
                inner.append(next)
                inner.append(escaped)
                index += 2
                continue
            }
            if next == "$" && peek() == "(" && quote == "\"" {
                inner += "$(" + (copyParenthesizedAfterDollar() ?? "") + ")"
                continue
            }
            if next == "\n" { line += 1 }
            inner.append(next)
            index += 1
        }
        guard current != nil else {
            unclosed(quote == "'" ? "a single quote" : quote == "\"" ? "a double quote" : "a backtick", from: startLine)
            return
        }
        inner.append(quote)
        index += 1
    }

    private mutating func copyParenthesizedAfterDollar() -> String? {
        index += 1
        return copyParenthesized()
    }
}
