import CavraModel

/// The commands of a Makefile as GNU make reads it: recipe lines (after the recipe prefix, a tab unless
/// `.RECIPEPREFIX` says otherwise, or after `;` on the rule line) with their variables expanded as make expands them
/// (`=`, `:=`, `::=`, `:::=`, `?=`, `+=`, `override`, target-specific values, `define` blocks, `$(call ...)`,
/// `$(eval ...)`), and the commands make runs while reading the file: `$(shell ...)` and `VAR != command`. Each
/// line runs in a shell of its own, or under `.ONESHELL` each rule's recipe in one; a `SHELL` (with
/// `.SHELLFLAGS`) that is no POSIX shell gets the recipe as its inline code.
/// Both branches of a conditional are read: the gate cannot know which one make takes.
enum MakefileRecipes {
    static func facts(in file: SourceFile) -> [Fact] {
        var reader = MakefileReader(file: file)
        // GNU make reads a CRLF line ending as a newline.
        reader.read(
            file.lines.map { Array($0.utf8.last == 13 ? $0.utf8.dropLast() : $0.utf8[...]) }, firstLine: 1,
            placed: false)
        // Commands make runs while reading come out before the recipes; findings read top to bottom.
        return reader.facts().enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }
        .map(\.element)
    }
}

extension Fact {
    fileprivate var line: Int? {
        switch self {
        case .command(let command): command.line
        case .parse(let problem): problem.line
        default: nil
        }
    }
}

private let tab = UInt8(ascii: "\t")
private let newline = UInt8(ascii: "\n")
private let backslash = UInt8(ascii: "\\")
private let dollar = UInt8(ascii: "$")
/// Stands for a line break inside a variable's value (a `define` block): each such line is a recipe line of its
/// own, while the newline of a backslash continuation stays a newline, so line numbers count as in the file.
private let valueBreak: UInt8 = 0x1E

private struct MakeVariable {
    var value: [UInt8]
    /// A recursive variable (`=`) expands its value where it is used; a simple one (`:=`) holds the expansion.
    var recursive: Bool
    var lines: ClosedRange<Int>
}

/// A `define NAME [operator]` block being read, up to its `endef`.
private struct Definition {
    var name: String
    var operation: String
    var firstLine: Int
    var body: [UInt8] = []
    var lineCount = 0
    var nesting = 0
}

private struct Recipe {
    var text: [UInt8]
    var lines: ClosedRange<Int>
    var targets: [String]
    /// Which rule the line belongs to: under `.ONESHELL` all lines of one rule run in one shell.
    var rule: Int
}

/// Why an expansion stopped; the line becomes a parse problem, since make would not run it as read.
private enum ExpansionStop: Error {
    case tooLarge, tooDeep, unterminated

    var message: String {
        switch self {
        case .tooLarge:
            "Makefile variables expand to more text than the gate reads, so the commands using them cannot be "
                + "judged; write the values out"
        case .tooDeep:
            "Makefile variables refer to each other more than \(MakefileReader.maximumDepth) levels deep or to "
                + "themselves, so the commands using them cannot be judged; unnest them"
        case .unterminated:
            "a Makefile variable reference is not closed, so make refuses the file; close the $( or ${"
        }
    }
}

private struct MakefileReader {
    static let maximumDepth = 32
    /// Text a Makefile may expand to, in all: generous for real files, small enough to stop a variable that
    /// doubles itself at every level.
    static func budget(forLength length: Int) -> Int { 8 << 20 + 16 * length }

    static let functions: Set<String> = [
        "subst", "patsubst", "strip", "findstring", "filter", "filter-out", "sort", "word", "wordlist", "words",
        "firstword", "lastword", "dir", "notdir", "suffix", "basename", "addsuffix", "addprefix", "join", "wildcard",
        "realpath", "abspath", "error", "warning", "info", "if", "or", "and", "intcmp", "foreach", "file", "let",
        "origin", "flavor", "value", "call", "eval", "shell", "guile",
    ]
    /// What make defines before reading the file, where a recipe commonly runs it.
    static let builtins: [String: [UInt8]] = [
        "MAKE": Array("make".utf8), "RM": Array("rm -f".utf8), "SHELL": Array("/bin/sh".utf8),
        "CC": Array("cc".utf8), "CXX": Array("g++".utf8),
    ]

    let file: SourceFile
    var variables: [String: MakeVariable] = [:]
    var targetVariables: [String: [String: MakeVariable]] = [:]
    var recipePrefix = tab
    /// The targets whose recipe the next prefixed line belongs to; nil outside a rule.
    var ruleTargets: [String]?
    /// Counts the rules read, naming each rule's recipe lines.
    var ruleCount = 0
    /// `.ONESHELL` anywhere in the file makes make hand each rule's whole recipe to one shell.
    var oneShell = false
    var recipes: [Recipe] = []
    /// Commands make runs while reading the file, with the lines that hold them.
    var readingCommands: [(text: String, lines: ClosedRange<Int>)] = []
    var problems: [(message: String, lines: ClosedRange<Int>)] = []
    var defining: Definition?
    var budget: Int
    var evalDepth = 0

    // What the expansion in progress used and ran.
    var expanding: Set<String> = []
    var used: [(name: String, lines: ClosedRange<Int>)] = []
    var shellCalls: [String] = []
    var locals: [String: [UInt8]] = [:]
    var overlay: [String: MakeVariable] = [:]
    var readingPhase = true
    /// The lines being read, where text handed to `$(eval ...)` is placed.
    var currentLines: ClosedRange<Int> = 1...1

    init(file: SourceFile) {
        self.file = file
        budget = Self.budget(forLength: file.text.utf8.count)
    }

    /// Reads Makefile lines; `placed` puts every line at `firstLine` (text `$(eval ...)` hands to make).
    mutating func read(_ lines: [[UInt8]], firstLine: Int, placed: Bool) {
        func number(_ index: Int) -> Int { placed ? firstLine : firstLine + index }
        var index = 0
        while index < lines.count {
            let start = number(index)
            let line = lines[index]
            if defining != nil {
                continueDefinition(with: line, at: start)
                index += 1
                continue
            }
            if line.first == recipePrefix, ruleTargets != nil {
                var text = Array(line.dropFirst())
                while Self.continues(text), index + 1 < lines.count {
                    index += 1
                    let next = lines[index]
                    text += [newline] + (next.first == recipePrefix ? next.dropFirst() : next[...])
                }
                recipes.append(
                    Recipe(text: text, lines: start...number(index), targets: ruleTargets ?? [], rule: ruleCount))
                index += 1
                continue
            }
            let prefixed = line.first == recipePrefix
            var text = Array(line.drop { $0 == recipePrefix })
            while Self.continues(text), index + 1 < lines.count {
                index += 1
                text.removeLast()
                while let last = text.last, last == UInt8(ascii: " ") || last == tab { text.removeLast() }
                text += [UInt8(ascii: " ")] + lines[index].drop { $0 == UInt8(ascii: " ") || $0 == tab }
            }
            let end = number(index)
            index += 1
            if !readMakeLine(Self.withoutComment(text), lines: start...end), prefixed {
                // make refuses a recipe line outside a rule; the gate judges it rather than let it pass unread.
                ruleCount += 1
                recipes.append(Recipe(text: Array(text), lines: start...end, targets: [], rule: ruleCount))
            }
        }
    }

    /// Whether a line ends in an odd number of backslashes, which joins the next line to it.
    static func continues(_ text: [UInt8]) -> Bool {
        text.reversed().prefix { $0 == backslash }.count % 2 == 1
    }

    /// The line up to an unescaped `#`.
    static func withoutComment(_ text: [UInt8]) -> [UInt8] {
        var index = 0
        while index < text.count {
            if text[index] == backslash {
                index += 2
                continue
            }
            if text[index] == UInt8(ascii: "#") { return Array(text[..<index]) }
            index += 1
        }
        return text
    }

    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == tab || byte == UInt8(ascii: "\r") }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return text[first...last]
    }

    static func firstWord(_ text: ArraySlice<UInt8>) -> (word: String, rest: ArraySlice<UInt8>) {
        let word = text.prefix { $0 != UInt8(ascii: " ") && $0 != tab }
        return (String(decoding: word, as: UTF8.self), trimmed(text[word.endIndex...]))
    }

    /// Reads one logical line that is not a recipe line; false when make would not know what it is.
    mutating func readMakeLine(_ line: [UInt8], lines: ClosedRange<Int>) -> Bool {
        var text = Self.trimmed(line[...])
        guard !text.isEmpty else { return true }
        var (word, rest) = Self.firstWord(text)
        switch word {
        case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif":
            return true
        case "include", "-include", "sinclude":
            // The named files are Makefiles read when they change; what names them can run a shell.
            _ = expandForCommands(rest, lines: lines)
            return true
        case "vpath", "unexport":
            return true
        default:
            break
        }
        var modified = false
        while ["override", "export", "private"].contains(word) {
            text = rest
            (word, rest) = Self.firstWord(text)
            modified = true
        }
        if word == "define" {
            let (name, operation) = Self.firstWord(rest)
            let written = String(decoding: operation, as: UTF8.self).filter { !$0.isWhitespace }
            defining = Definition(name: name, operation: written.isEmpty ? "=" : written, firstLine: lines.lowerBound)
            return true
        }
        guard let separator = Self.separator(in: text) else {
            // `export NAME`, or a line that only expands, such as `$(eval ...)` or `$(info ...)`.
            _ = expandForCommands(text, lines: lines)
            return modified || text.first == dollar
        }
        if let operation = separator.operation {
            let name = expandedName(text[..<separator.start], lines: lines)
            assign(name, operation, Self.trimmed(text[separator.end...]), lines: lines, into: nil)
            ruleTargets = nil
            return true
        }
        readRule(text, colon: separator.start, lines: lines)
        return true
    }

    /// Where a line's first assignment operator or rule colon is, outside variable references.
    static func separator(in text: ArraySlice<UInt8>) -> (start: Int, end: Int, operation: String?)? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == dollar, index + 1 < text.endIndex,
                text[index + 1] == UInt8(ascii: "(") || text[index + 1] == UInt8(ascii: "{")
            {
                depth += 1
                index += 2
                continue
            }
            if depth > 0 {
                if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "}") { depth -= 1 }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "=") {
                let before = index > text.startIndex ? text[index - 1] : 0
                if [UInt8(ascii: "?"), UInt8(ascii: "+"), UInt8(ascii: "!")].contains(before) {
                    return (index - 1, index + 1, String(UnicodeScalar(before)) + "=")
                }
                return (index, index + 1, "=")
            }
            if byte == UInt8(ascii: ":") {
                var end = index
                while end < text.endIndex, text[end] == UInt8(ascii: ":"), end - index < 3 { end += 1 }
                if end < text.endIndex, text[end] == UInt8(ascii: "=") {
                    return (index, end + 1, String(repeating: ":", count: end - index) + "=")
                }
                return (index, index + 1, nil)
            }
            index += 1
        }
        return nil
    }

    mutating func readRule(_ text: ArraySlice<UInt8>, colon: Int, lines: ClosedRange<Int>) {
        let targets = expandedName(text[..<colon], lines: lines).split(separator: " ").map(String.init)
        var rest = text[(colon + 1)...]
        if rest.first == UInt8(ascii: ":") { rest = rest.dropFirst() }
        if let separator = Self.separator(in: rest), let operation = separator.operation,
            !rest[..<separator.start].contains(UInt8(ascii: ";"))
        {
            let name = expandedName(rest[..<separator.start], lines: lines)
            let value = Self.trimmed(rest[separator.end...])
            let modifiers = ["override", "export", "private"]
            let bare = name.split(separator: " ").filter { !modifiers.contains(String($0)) }.joined(separator: " ")
            for target in targets { assign(bare, operation, value, lines: lines, into: target) }
            ruleTargets = nil
            return
        }
        let recipeStart = rest.firstIndex(of: UInt8(ascii: ";"))
        _ = expandForCommands(rest[..<(recipeStart ?? rest.endIndex)], lines: lines)
        ruleCount += 1
        if targets.contains(".ONESHELL") { oneShell = true }
        if let recipeStart {
            recipes.append(
                Recipe(text: Array(rest[(recipeStart + 1)...]), lines: lines, targets: targets, rule: ruleCount))
        }
        ruleTargets = targets
    }

    mutating func assign(
        _ name: String, _ operation: String, _ value: ArraySlice<UInt8>, lines: ClosedRange<Int>, into target: String?
    ) {
        let existing = target.flatMap { targetVariables[$0]?[name] } ?? variables[name]
        var variable: MakeVariable
        switch operation {
        case "?=" where existing != nil:
            return
        case "+=" where existing != nil:
            variable = existing!
            let appended = variable.recursive ? Array(value) : expandForCommands(value, lines: lines)
            variable.value += (variable.value.isEmpty ? [] : [UInt8(ascii: " ")]) + appended
            variable.lines =
                min(variable.lines.lowerBound, lines.lowerBound)...max(variable.lines.upperBound, lines.upperBound)
        case ":=", "::=":
            variable = MakeVariable(value: expandForCommands(value, lines: lines), recursive: false, lines: lines)
        case ":::=":
            // Expanded now, then kept as a recursive variable whose `$` stay literal.
            let expanded = expandForCommands(value, lines: lines).flatMap { $0 == dollar ? [dollar, dollar] : [$0] }
            variable = MakeVariable(value: expanded, recursive: true, lines: lines)
        case "!=":
            let command = String(
                decoding: expandForCommands(value, lines: lines).map { $0 == valueBreak ? newline : $0 }, as: UTF8.self)
            readingCommands.append((command, lines))
            variable = MakeVariable(value: Array("$(\(command))".utf8), recursive: false, lines: lines)
        default:
            // The shell a recursive value runs when used is judged where it is written too; other references in
            // it are expanded where it is used, so expanding them here would only cost time.
            if value.firstRange(of: Array("shell".utf8)) != nil { _ = expandForCommands(value, lines: lines) }
            variable = MakeVariable(value: Array(value), recursive: true, lines: lines)
        }
        if name == ".RECIPEPREFIX" {
            recipePrefix =
                (variable.recursive ? expandForCommands(variable.value[...], lines: lines) : variable.value).first
                ?? tab
        }
        if let target {
            targetVariables[target, default: [:]][name] = variable
        } else {
            variables[name] = variable
        }
    }

    mutating func continueDefinition(with line: [UInt8], at number: Int) {
        guard var definition = defining else { return }
        var (word, rest) = Self.firstWord(Self.trimmed(line[...]))
        while ["override", "export", "private"].contains(word) { (word, rest) = Self.firstWord(rest) }
        if word == "endef", definition.nesting == 0 {
            defining = nil
            assign(
                definition.name, definition.operation, definition.body[...], lines: definition.firstLine...number,
                into: nil)
            ruleTargets = nil
            return
        }
        if word == "define" { definition.nesting += 1 }
        if word == "endef" { definition.nesting -= 1 }
        if definition.lineCount > 0 { definition.body.append(valueBreak) }
        definition.body += line
        definition.lineCount += 1
        defining = definition
    }

    /// A name or target list as make expands it, with runs of spaces made one.
    mutating func expandedName(_ text: ArraySlice<UInt8>, lines: ClosedRange<Int>) -> String {
        let expanded = expandForCommands(text, lines: lines)
        return String(decoding: expanded, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
            .joined(separator: " ")
    }

    /// Expands text make expands while reading the file; the shell commands it runs become reading commands.
    mutating func expandForCommands(_ text: ArraySlice<UInt8>, lines: ClosedRange<Int>) -> [UInt8] {
        guard text.contains(dollar) else { return Array(text) }
        shellCalls = []
        used = []
        currentLines = lines
        var output: [UInt8] = []
        do {
            try expand(text, depth: 0, into: &output)
        } catch {
            problems.append((error.message, lines))
        }
        for call in shellCalls { readingCommands.append((call, lines)) }
        shellCalls = []
        return output
    }

    mutating func append(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) throws(ExpansionStop) {
        budget -= bytes.count
        guard budget >= 0 else { throw .tooLarge }
        output += bytes
    }

    /// Expands make's references in `text`: `$$` is `$`, `$(NAME)`, `${NAME}` and `$X` are variables or function
    /// calls. Unknown variables stay shell parameters, so they read as text rather than as commands.
    mutating func expand(_ text: ArraySlice<UInt8>, depth: Int, into output: inout [UInt8]) throws(ExpansionStop) {
        guard depth < Self.maximumDepth else { throw .tooDeep }
        var index = text.startIndex
        while index < text.endIndex {
            guard let next = text[index...].firstIndex(of: dollar) else {
                try append(text[index...], to: &output)
                return
            }
            try append(text[index..<next], to: &output)
            guard next + 1 < text.endIndex else {
                try append([dollar], to: &output)
                return
            }
            let opener = text[next + 1]
            if opener == dollar {
                try append([dollar], to: &output)
                index = next + 2
                continue
            }
            guard opener == UInt8(ascii: "(") || opener == UInt8(ascii: "{") else {
                try reference(String(decoding: [opener], as: UTF8.self), depth: depth, into: &output)
                index = next + 2
                continue
            }
            let closer = opener == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
            var nesting = 1
            var end = next + 2
            while end < text.endIndex {
                if text[end] == opener { nesting += 1 } else if text[end] == closer { nesting -= 1 }
                if nesting == 0 { break }
                end += 1
            }
            guard end < text.endIndex else { throw .unterminated }
            try call(text[(next + 2)..<end], depth: depth, into: &output)
            index = end + 1
        }
    }

    /// The top-level comma-separated arguments of a function call.
    static func arguments(_ text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case UInt8(ascii: "("), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                parts.append(text[start..<index])
                start = index + 1
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// The inside of `$(...)`: a function call or a variable reference.
    mutating func call(_ inside: ArraySlice<UInt8>, depth: Int, into output: inout [UInt8]) throws(ExpansionStop) {
        let name = inside.prefix { $0 != UInt8(ascii: " ") && $0 != tab }
        let functionName = String(decoding: name, as: UTF8.self)
        guard name.endIndex < inside.endIndex, Self.functions.contains(functionName) else {
            // `$(NAME)`, `$($(INNER))`, `$(NAME:.c=.o)`: the name may itself hold references.
            var expandedName: [UInt8] = []
            let reference = inside.prefix { $0 != UInt8(ascii: ":") }
            try expand(reference, depth: depth + 1, into: &expandedName)
            try self.reference(String(decoding: expandedName, as: UTF8.self), depth: depth, into: &output)
            return
        }
        let body = inside[(name.endIndex + 1)...].drop { $0 == UInt8(ascii: " ") || $0 == tab }
        switch functionName {
        case "shell":
            var command: [UInt8] = []
            try expand(body, depth: depth + 1, into: &command)
            let text = String(decoding: command.map { $0 == valueBreak ? newline : $0 }, as: UTF8.self)
            shellCalls.append(text)
            // Its output becomes text where it is used: a recipe running it runs what the command prints.
            try append(Array("$(".utf8) + command + [UInt8(ascii: ")")], to: &output)
        case "call":
            var arguments: [[UInt8]] = []
            for argument in Self.arguments(body) {
                var expanded: [UInt8] = []
                try expand(argument, depth: depth + 1, into: &expanded)
                arguments.append(expanded)
            }
            let called = String(decoding: Self.trimmed(arguments.first?[...] ?? []), as: UTF8.self)
            let saved = locals
            locals = [:]
            for (position, argument) in arguments.enumerated() { locals[String(position)] = argument }
            defer { locals = saved }
            guard let variable = lookUp(called) else { return }
            guard !expanding.contains(called) else { throw .tooDeep }
            expanding.insert(called)
            defer { expanding.remove(called) }
            used.append((called, variable.lines))
            try expand(variable.value[...], depth: depth + 1, into: &output)
        case "value":
            if let variable = lookUp(String(decoding: Self.trimmed(body), as: UTF8.self)) {
                try append(variable.value, to: &output)
            }
        case "eval":
            var text: [UInt8] = []
            try expand(body, depth: depth + 1, into: &text)
            guard readingPhase else { return }
            guard evalDepth < Self.maximumDepth else { throw .tooDeep }
            evalDepth += 1
            defer { evalDepth -= 1 }
            let placedLine = currentLines.lowerBound
            let savedCalls = shellCalls
            read(
                text.split(separator: valueBreak, omittingEmptySubsequences: false).flatMap {
                    $0.split(separator: newline, omittingEmptySubsequences: false)
                }.map(Array.init),
                firstLine: placedLine, placed: true)
            shellCalls = savedCalls
            // make stops at a `define` that its `eval` text leaves open; the file's own lines are not its body.
            if defining != nil {
                defining = nil
                problems.append(
                    ("a define in $(eval ...) text has no endef, so make stops here; close it", currentLines))
            }
        default:
            // Any other function's result is made of its arguments: every one of them could end up in the command.
            for (position, argument) in Self.arguments(body).enumerated() {
                if position > 0 { try append([UInt8(ascii: " ")], to: &output) }
                try expand(argument, depth: depth + 1, into: &output)
            }
        }
    }

    func lookUp(_ name: String) -> MakeVariable? {
        if let local = locals[name] { return MakeVariable(value: local, recursive: false, lines: 0...0) }
        return overlay[name] ?? variables[name]
    }

    mutating func reference(_ name: String, depth: Int, into output: inout [UInt8]) throws(ExpansionStop) {
        guard let variable = lookUp(name) else {
            if let builtin = Self.builtins[name] {
                try append(builtin, to: &output)
            } else if let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
                name.unicodeScalars.allSatisfy({
                    $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
                })
            {
                try append(Array("${\(name)}".utf8), to: &output)
            } else {
                // Automatic variables (`$@`, `$(@D)`, `$<`) name files, not commands.
                try append(Array("$@".utf8), to: &output)
            }
            return
        }
        if variable.lines != 0...0 { used.append((name, variable.lines)) }
        guard variable.recursive else {
            try append(variable.value, to: &output)
            return
        }
        guard !expanding.contains(name) else { throw .tooDeep }
        expanding.insert(name)
        defer { expanding.remove(name) }
        try expand(variable.value[...], depth: depth + 1, into: &output)
    }

    /// The facts of every recipe the change can alter, of the commands make runs while reading, and of what
    /// could not be read.
    mutating func facts() -> [Fact] {
        readingPhase = false
        var facts: [Fact] = []
        for command in readingCommands {
            guard let unit = file.judgement(of: command.lines) else { continue }
            facts += file.shellFacts(ShellParser.parse(command.text, firstLine: command.lines.lowerBound), unit: unit)
        }
        let definitionsJudged = (variables.values + targetVariables.values.flatMap(\.values)).contains {
            file.isJudged($0.lines)
        }
        for rule in recipeUnits() {
            let own = file.judgement(of: rule.lines)
            guard own != nil || definitionsJudged else { continue }
            overlay = rule.targets.reduce(into: [:]) { merged, target in
                merged.merge(targetVariables[target] ?? [:]) { first, _ in first }
            }
            used = []
            var outputs: [(text: [UInt8], line: Int)] = []
            var program: [String] = []
            do {
                for recipe in rule.recipes {
                    var output: [UInt8] = []
                    try expand(recipe.text[...], depth: 0, into: &output)
                    outputs.append((output, recipe.lines.lowerBound))
                }
                program = try shellProgram()
            } catch {
                if own != nil || used.contains(where: { file.isJudged($0.lines) }) {
                    facts.append(file.parseProblem(line: rule.lines.lowerBound, column: nil, error.message))
                }
                continue
            }
            let why = used.first { file.isJudged($0.lines) }.map {
                LinesToJudge.Judgement.because("judged because the change altered the value of $(\($0.name))")
            }
            guard let unit = own ?? why else { continue }
            facts += shellFacts(ofRecipe: outputs, program: program, unit: unit)
        }
        for problem in problems where file.isJudged(problem.lines) {
            facts.append(file.parseProblem(line: problem.lines.lowerBound, column: nil, problem.message))
        }
        return facts
    }

    /// The recipe lines that run in one shell: each line on its own, or under `.ONESHELL` every line of a rule.
    func recipeUnits() -> [(recipes: [Recipe], lines: ClosedRange<Int>, targets: [String])] {
        var units: [(recipes: [Recipe], lines: ClosedRange<Int>, targets: [String])] = []
        for recipe in recipes {
            if oneShell, let last = units.last, last.recipes.last?.rule == recipe.rule {
                units[units.count - 1] = (
                    last.recipes + [recipe], last.lines.lowerBound...recipe.lines.upperBound, last.targets
                )
            } else {
                units.append(([recipe], recipe.lines, recipe.targets))
            }
        }
        return units
    }

    /// `$(SHELL) $(.SHELLFLAGS)`, as make runs each recipe; `/bin/sh -c` unless the Makefile says otherwise.
    mutating func shellProgram() throws(ExpansionStop) -> [String] {
        var shell: [UInt8] = []
        try reference("SHELL", depth: 0, into: &shell)
        var flags: [UInt8] = Array("-c".utf8)
        if lookUp(".SHELLFLAGS") != nil {
            flags = []
            try reference(".SHELLFLAGS", depth: 0, into: &flags)
        }
        return (shell + [UInt8(ascii: " ")] + flags).split { $0 == UInt8(ascii: " ") || $0 == tab }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The facts of expanded recipe lines run by `program`. make strips each line's `@`, `-` and `+` (under
    /// `.ONESHELL` only the first line's, unless the shell is a POSIX one) and hands the text to the shell; a
    /// program that is no POSIX shell (`SHELL = python3`) gets it as its inline code.
    func shellFacts(
        ofRecipe outputs: [(text: [UInt8], line: Int)], program: [String], unit: LinesToJudge.Judgement
    ) -> [Fact] {
        let posix = ScriptShell.readsAsShell(program)
        var scripts: [(text: String, line: Int)] = []
        for (text, firstLine) in outputs {
            var line = firstLine
            for piece in Self.logicalLines(text) {
                let stripsPrefix = !oneShell || posix || scripts.isEmpty
                let command = piece.drop {
                    $0 == UInt8(ascii: " ") || $0 == tab
                        || (stripsPrefix
                            && ($0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+")))
                }
                let script = String(decoding: command, as: UTF8.self)
                if oneShell, let last = scripts.last {
                    // Blank lines keep the script's lines where the file has them.
                    let gap = String(repeating: "\n", count: max(1, line - last.line - last.text.count { $0 == "\n" }))
                    scripts[scripts.count - 1].text += gap + script
                } else {
                    scripts.append((script, line))
                }
                line += piece.count { $0 == newline }
            }
        }
        return scripts.flatMap { script in
            let text = ScriptShell.invocation(of: program, running: script.text) ?? script.text
            return file.shellFacts(ShellParser.parse(text, firstLine: script.line), unit: unit)
        }
    }

    /// The lines of an expanded recipe: a `define` block's lines apart, a backslash ending one joining the next.
    static func logicalLines(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        for piece in text.split(separator: valueBreak, omittingEmptySubsequences: false) {
            if let last = pieces.last, continues(Array(last)) {
                pieces[pieces.count - 1] = last.dropLast() + [UInt8(ascii: " ")] + piece
            } else {
                pieces.append(piece)
            }
        }
        return pieces
    }
}
