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
        var problems: [String] = []
    }

    private var characters: [Character]
    private var index = 0
    private var line: Int
    private var output = Output()
    private var pendingHereDocuments: [(delimiter: String, stripTabs: Bool, expands: Bool, index: Int)] = []

    init(_ text: String, firstLine: Int) {
        characters = Array(text)
        line = firstLine
    }

    static func tokens(_ text: String, firstLine: Int = 1) -> Output {
        var lexer = ShellLexer(text, firstLine: firstLine)
        lexer.run()
        return lexer.output
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

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
            case ";", "&", "|", "(", ")":
                lexOperator()
            case "<", ">":
                lexRedirection()
            default:
                lexWord()
            }
        }
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
            pendingHereDocuments.append((delimiter.text, stripTabs, expands, slot))
            return
        }
        if text.hasSuffix("&"), let digit = current, digit.isNumber || digit == "-" {
            index += 1
            return
        }
        skipBlanks()
        _ = readWord()
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
                var bodyLexer = ShellLexer(text, firstLine: firstLine)
                bodyLexer.readExpansions()
                output.substitutions += bodyLexer.output.substitutions
                output.problems += bodyLexer.output.problems
            }
        }
        pendingHereDocuments.removeAll()
    }

    /// A here-document body is data, except that the shell runs the substitutions in it.
    private mutating func readExpansions() {
        while let character = current {
            switch character {
            case "\\":
                if peek() == "\n" { line += 1 }
                index += 2
            case "$" where peek() == "(" && peek(2) != "(":
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
        if word.hadContent { output.tokens.append(.word(word.text, line: startLine)) }
    }

    /// Reads one word up to an unquoted blank or operator, removing quotes and keeping substitutions aside.
    private mutating func readWord() -> (text: String, hadContent: Bool) {
        var text = ""
        var hadContent = false
        while let character = current {
            switch character {
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
                index += 1
                hadContent = true
                while let next = current, next != "'" {
                    if next == "\n" { line += 1 }
                    text.append(next)
                    index += 1
                }
                if current == nil { output.problems.append("a single quote is not closed") }
                index += 1
            case "\"":
                index += 1
                hadContent = true
                readDoubleQuoted(into: &text)
            case "$" where peek() == "(" && peek(2) != "(":
                hadContent = true
                text += readDollarSubstitution()
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
            default:
                text.append(character)
                index += 1
                hadContent = true
            }
        }
        return (text, hadContent)
    }

    private static let ansiEscapes: [Character: String] = [
        "a": "\u{07}", "b": "\u{08}", "e": "\u{1B}", "E": "\u{1B}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
        "v": "\u{0B}", "\\": "\\", "'": "'", "\"": "\"", "?": "?",
    ]

    /// The inside of `$'...'`, its escapes resolved as bash resolves them.
    private mutating func readANSIQuoted(into text: inout String) {
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
        if current == nil { output.problems.append("a $' quote is not closed") }
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
            case "$" where peek() == "(" && peek(2) != "(":
                text += readDollarSubstitution()
            case "`":
                text += readBackticks()
            default:
                if character == "\n" { line += 1 }
                text.append(character)
                index += 1
            }
        }
        if current == nil { output.problems.append("a double quote is not closed") }
        index += 1
    }

    /// A `$(...)` substitution: its text is kept aside to be judged, and returned as written.
    private mutating func readDollarSubstitution() -> String {
        let startLine = line
        index += 2
        let inner = readUntilClosingParenthesis()
        output.substitutions.append((inner, startLine))
        return "$(" + inner + ")"
    }

    /// A backtick substitution: its text is kept aside to be judged, and returned as written.
    private mutating func readBackticks() -> String {
        let startLine = line
        index += 1
        var inner = ""
        while let next = current, next != "`" {
            if next == "\\", let escaped = peek() {
                inner.append(escaped)
                index += 2
                continue
            }
            if next == "\n" { line += 1 }
            inner.append(next)
            index += 1
        }
        if current == nil { output.problems.append("a backtick is not closed") }
        index += 1
        output.substitutions.append((inner, startLine))
        return "`" + inner + "`"
    }

    /// The text of a `$(...)`, honouring quotes and nested parentheses inside it.
    private mutating func readUntilClosingParenthesis() -> String {
        var depth = 1
        var inner = ""
        while let character = current {
            switch character {
            case "(":
                depth += 1
            case ")":
                depth -= 1
                if depth == 0 {
                    index += 1
                    return inner
                }
            case "'", "\"":
                let quote = character
                inner.append(character)
                index += 1
                while let next = current, next != quote {
                    if next == "\\" && quote == "\"", let escaped = peek() {
                        inner.append(next)
                        inner.append(escaped)
                        index += 2
                        continue
                    }
                    if next == "\n" { line += 1 }
                    inner.append(next)
                    index += 1
                }
            case "\n":
                line += 1
            default:
                break
            }
            if let character = current {
                inner.append(character)
                index += 1
            }
        }
        output.problems.append("a $( substitution is not closed")
        return inner
    }
}
