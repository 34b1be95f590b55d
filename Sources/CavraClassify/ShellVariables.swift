import Foundation

/// The values a script gives its variables (`TF=terraform`, `export CMD="terraform apply"`), so that a command
/// spelled through them (`$TF apply -auto-approve`, `${TOOL:-terraform} apply`) is judged as the command a shell
/// would run. Only values written out in the text are known; a variable set from a command's output
/// (`V=$(curl ...)`) is not text: it stays as written, except where the shell would run that output as a command.
struct ShellVariables {
    private enum Value {
        case literal(String)
        /// Set from a substitution: the text as written, whose commands run when the value is run.
        case output(String)
    }

    private var values: [String: Value] = [:]
    private let budget: ExpansionBudget

    /// A value longer than this is not kept: a chain such as `X2="$X1$X1"` doubles at each step.
    static let maximumValueLength = 65_536
    /// Defaults inside defaults (`${A:-${B:-...}}`) deeper than this stay as written.
    static let maximumNesting = 16

    init(budget: ExpansionBudget) {
        self.budget = budget
    }

    /// Variables every shell sets, which name a shell when a script runs one through them (`curl ... | $SHELL`).
    private static let environment: [String: Value] = ["SHELL": .literal("sh"), "BASH": .literal("bash")]

    private static let declarations: Set<String> = ["export", "readonly", "local", "declare", "typeset"]

    /// Records the assignments of a command that only assigns (`X=1`, `export X=1 Y=2`); other commands set
    /// nothing that later commands see. False when a value could not be worked out within the bounds.
    mutating func record(_ words: [String]) -> Bool {
        var rest = words[...]
        if let first = rest.first, Self.declarations.contains(first) {
            rest = rest.dropFirst().drop { $0.hasPrefix("-") }
        }
        guard !rest.isEmpty, rest.allSatisfy(CommandNormalizer.isAssignment) else { return true }
        var withinBounds = true
        for assignment in rest {
            let equals = assignment.firstIndex(of: "=")!
            let name = String(assignment[..<equals])
            let raw = assignment[assignment.index(after: equals)...]
            if raw.contains("$(") || raw.contains("`") {
                values[name] = .output(String(raw))
            } else if let value = expanding(raw), value.count <= Self.maximumValueLength {
                values[name] = .literal(value)
            } else {
                values[name] = nil
                withinBounds = false
            }
        }
        return withinBounds
    }

    /// The same variables inside a function called with `arguments`: `$1`, `$@` and `$#` name them.
    func calling(with arguments: [String]) -> ShellVariables {
        var inner = self
        for (position, argument) in arguments.prefix(9).enumerated() {
            inner.values["\(position + 1)"] = .literal(argument)
        }
        inner.values["@"] = .literal(arguments.joined(separator: " "))
        inner.values["*"] = inner.values["@"]
        inner.values["#"] = .literal("\(arguments.count)")
        return inner
    }

    /// The words with known variables replaced, or nil past the bounds; a word that is one variable alone splits
    /// on blanks as an unquoted expansion does.
    func expanded(_ words: [String]) -> [String]? {
        guard !values.isEmpty || words.contains(where: { $0.contains("${") || $0.contains("SH") }) else {
            return words
        }
        var result: [String] = []
        for word in words {
            if let name = Self.soleReference(word), case .literal(let value) = values[name] ?? Self.environment[name] {
                guard budget.spend(value.utf8.count) else { return nil }
                result += value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            } else if let expanded = expanding(word[...]) {
                result.append(expanded)
            } else {
                return nil
            }
        }
        return result
    }

    /// The text a program word runs when it is a variable set from a substitution (`s=$(curl ...); $s`).
    func outputRun(by word: String) -> String? {
        guard let name = Self.soleReference(word), case .output(let text) = values[name] else { return nil }
        return text
    }

    /// Whether a word names a function's arguments: `$1` to `$9`, `$@`, `$*`, or those in braces.
    static func usesPositionalParameter(_ word: String) -> Bool {
        var rest = word[...]
        while let dollar = rest.firstIndex(of: "$") {
            rest = rest[rest.index(after: dollar)...]
            if rest.hasPrefix("{") { rest = rest.dropFirst() }
            if let next = rest.first, next == "@" || next == "*" || ("1"..."9").contains(next) { return true }
        }
        return false
    }

    /// `$NAME`, `${NAME}`, `$1` or `$@` and nothing else.
    private static func soleReference(_ word: String) -> String? {
        guard word.hasPrefix("$") else { return nil }
        var name = word.dropFirst()
        if name.hasPrefix("{") && name.hasSuffix("}") { name = name.dropFirst().dropLast() }
        return isName(name) || isSpecial(name) ? String(name) : nil
    }

    /// The text with the variables it names replaced; nil when that would pass the expansion budget.
    private func expanding(_ text: Substring, nesting: Int = 0) -> String? {
        guard text.contains("$"), nesting <= Self.maximumNesting else { return String(text) }
        let closers = Self.closingBraces(in: text)
        var output = ""
        var rest = text
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.hasPrefix("{"), let close = closers[rest.startIndex] {
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                guard let replaced = parameter(inside, nesting: nesting) else { return nil }
                guard budget.spend(replaced?.utf8.count ?? 0) else { return nil }
                output += replaced ?? "${" + inside + "}"
                rest = rest[rest.index(after: close)...]
                continue
            }
            let name =
                rest.first.map { "@*#".contains($0) || $0.isNumber } == true
                ? rest.prefix(1) : rest.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if !name.isEmpty, case .literal(let value) = values[String(name)] {
                guard budget.spend(value.utf8.count) else { return nil }
                output += value
                rest = rest[name.endIndex...]
            } else {
                output += "$"
            }
        }
        return output + rest
    }

    /// The value of `${...}` (its inside given): `.some(nil)` when it cannot be known, so it stays as written;
    /// nil past the budget. An unknown variable's default (`${X:-terraform}`) and alternative (`${X:+terraform}`)
    /// are what a shell may run, so both read as their word.
    private func parameter(_ inside: Substring, nesting: Int) -> String?? {
        let name = inside.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) || "@*".contains($0) }
        guard !name.isEmpty else { return .some(nil) }
        let operation = inside[name.endIndex...]
        var known: String?
        if case .literal(let value) = values[String(name)] { known = value }
        if operation.isEmpty { return .some(known) }
        for (spelling, isDefault) in [
            (":-", true), (":=", true), (":+", false), ("-", true), ("=", true), ("+", false),
        ]
        where operation.hasPrefix(spelling) {
            guard let word = expanding(operation.dropFirst(spelling.count), nesting: nesting + 1) else { return nil }
            let set = spelling.hasPrefix(":") ? known.map { !$0.isEmpty } : known.map { _ in true }
            switch (isDefault, set) {
            case (true, true?): return .some(known)
            case (false, false?): return .some("")
            default: return .some(word)
            }
        }
        guard let value = known else { return .some(nil) }
        return .some(Self.transformed(value, by: operation))
    }

    /// `${X#prefix}`, `${X%suffix}`, `${X/old/new}`, `${X^^}`, `${X,,}` and `${X:offset:length}` of a known value,
    /// for literal patterns; nil for what is not worked out here.
    private static func transformed(_ value: String, by operation: Substring) -> String? {
        if operation == "^^" { return value.uppercased() }
        if operation == ",," { return value.lowercased() }
        if let pattern = operation.first.map(String.init), pattern == "#" || pattern == "%" {
            let literal = String(operation.drop { $0 == "#" || $0 == "%" })
            guard !literal.contains(where: { "*?[".contains($0) }) else { return nil }
            if pattern == "#" { return value.hasPrefix(literal) ? String(value.dropFirst(literal.count)) : value }
            return value.hasSuffix(literal) ? String(value.dropLast(literal.count)) : value
        }
        if operation.hasPrefix("/") {
            let all = operation.hasPrefix("//")
            let parts = operation.dropFirst(all ? 2 : 1).split(
                separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let old = parts.first, !old.isEmpty, !old.contains(where: { "*?[".contains($0) }) else { return nil }
            let new = parts.count > 1 ? String(parts[1]) : ""
            guard let range = value.range(of: old) else { return value }
            return all ? value.replacing(old, with: new) : value.replacingCharacters(in: range, with: new)
        }
        if operation.hasPrefix(":") {
            let numbers = operation.dropFirst().split(separator: ":", omittingEmptySubsequences: false).map {
                Int($0.trimmingPrefix(" "))
            }
            guard let offset = numbers.first ?? nil, offset >= 0 else { return nil }
            let length = numbers.count > 1 ? numbers[1] : value.count
            guard let length, length >= 0 else { return nil }
            return String(value.dropFirst(offset).prefix(length))
        }
        return nil
    }

    /// Where each `{` of the text is closed, found in one pass.
    private static func closingBraces(in text: Substring) -> [Substring.Index: Substring.Index] {
        var open: [Substring.Index] = []
        var closers: [Substring.Index: Substring.Index] = [:]
        for index in text.indices {
            if text[index] == "{" { open.append(index) }
            if text[index] == "}", let start = open.popLast() { closers[start] = index }
        }
        return closers
    }

    private static func isName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    private static func isSpecial(_ name: Substring) -> Bool {
        name == "@" || name == "*" || (name.count == 1 && name.first!.isNumber)
    }
}

/// How much one reading of a text may produce, shared by every nested reading of it: text from variable
/// expansion, and commands from function calls. Past either, what remains is a parse problem rather than memory
/// or time exhausted.
final class ExpansionBudget {
    static let maximumCharacters = 8_000_000
    private var characters = maximumCharacters
    /// Commands judged again at function calls: a fixed allowance plus one for every two bytes of text, so that
    /// reading stays linear in the text and libraries of many small functions still fit.
    private var calledCommands: Int

    init(textLength: Int) {
        calledCommands = 20_000 + textLength / 2
    }

    func spend(_ count: Int) -> Bool {
        characters -= count
        return characters >= 0
    }

    private var calls: Set<[String]> = []
    /// Each function body's commands as read where it is written, by name and first line, for placing at calls.
    var bodies: [String: [ShellParser.Pipeline]] = [:]

    /// Whether this is the first call of a function with these words: a second one judges nothing new.
    func firstCall(_ words: [String]) -> Bool { calls.insert(words).inserted }

    func spendCalls(_ commands: Int) -> Bool {
        calledCommands -= commands
        return calledCommands >= 0
    }
}
