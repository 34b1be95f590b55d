import CavraModel
import CavraTrust
import Yams

/// One entry of a rule's `match.commands`: what a simple command must look like, judged on the words a shell
/// would run (after quotes, wrappers such as `sudo`/`env`, and absolute program paths are taken away).
///
/// ```yaml
/// commands:
///   - "terraform apply *"                       # plain form: a glob over "program arg arg ..."
///   - program: [terraform, tofu]                # the program's name, without its folder
///     subcommand: [apply, destroy]              # the first words that are not flags; "role assignment create"
///     flags: ["-auto-approve|--auto-approve"]   # every entry must be present; "|" separates spellings
///     args: ["+*"]                              # some non-flag argument matches one of these globs
///     options: {"--context": "*prod*"}          # a flag's value (--context prod, --context=prod, -c prod)
///     piped_to: [sh, bash]                      # a later command of the same pipeline is one of these
/// ```
public struct CommandPattern: Sendable, Hashable {
    public var plain: String?
    public var programs: Set<String> = []
    public var subcommands: [[String]] = []
    public var flags: [[String]] = []
    public var args: [WordGlob] = []
    public var options: [String: WordGlob] = [:]
    public var pipedTo: Set<String> = []

    static let keys = ["program", "subcommand", "flags", "args", "options", "piped_to"]

    /// The canonical spelling, for the compiled policy and its digest.
    var canonical: CanonicalJSON {
        if let plain { return .string(plain) }
        var object: [String: CanonicalJSON] = ["program": .array(programs.sorted().map(CanonicalJSON.string))]
        if !subcommands.isEmpty {
            object["subcommand"] = .array(subcommands.map { .string($0.joined(separator: " ")) })
        }
        if !flags.isEmpty { object["flags"] = .array(flags.map { .string($0.joined(separator: "|")) }) }
        if !args.isEmpty { object["args"] = .array(args.map { .string($0.pattern) }) }
        if !options.isEmpty { object["options"] = .object(options.mapValues { .string($0.pattern) }) }
        if !pipedTo.isEmpty { object["piped_to"] = .array(pipedTo.sorted().map(CanonicalJSON.string)) }
        return .object(object)
    }

    /// Whether the simple command at `position` of `pipeline` matches.
    func matches(_ pipeline: [SimpleCommand], at position: Int) -> Bool {
        let command = pipeline[position]
        if let plain { return WordGlob(plain).matches(([command.program] + command.arguments).joined(separator: " ")) }
        guard Self.names(programs, include: command.program) else { return false }
        let arguments = Array(command.arguments)
        let positional = Self.positional(arguments)
        if !subcommands.isEmpty {
            guard subcommands.contains(where: { positional.starts(with: $0) }) else { return false }
        }
        for spellings in flags where !spellings.contains(where: { Self.has(flag: $0, in: arguments) }) {
            return false
        }
        if !args.isEmpty, !positional.contains(where: { word in args.contains { $0.matches(word) } }) {
            return false
        }
        for (option, value) in options where !Self.values(of: option, in: arguments).contains(where: value.matches) {
            return false
        }
        if !pipedTo.isEmpty, !pipeline[(position + 1)...].contains(where: { Self.names(pipedTo, include: $0.program) })
        {
            return false
        }
        return true
    }

    /// A program written as a glob (`/usr/bin/terr*`, `/bin/[s]h`) runs whatever the glob finds, so it is any name
    /// the glob could find; a bracket expression is taken as any one character.
    static func names(_ programs: Set<String>, include program: String) -> Bool {
        // A file name is at most 255 bytes; a longer word (a whole `$(...)` as the program) is no glob of one.
        guard program.utf8.count <= 255 else { return false }
        if programs.contains(program) { return true }
        // `[` and `[[` alone are the test command, not a bracket expression.
        let bracketed = program.firstIndex(of: "[").map { program[$0...].dropFirst().contains("]") } ?? false
        // A glob of wildcards alone (`*`) names no program in particular.
        guard bracketed || program.contains(where: { $0 == "*" || $0 == "?" }),
            program.contains(where: { $0.isLetter || $0.isNumber })
        else { return false }
        var pattern = ""
        var inBrackets = false
        for character in program {
            if inBrackets {
                inBrackets = character != "]"
            } else if character == "[" {
                inBrackets = true
                pattern.append("?")
            } else {
                pattern.append(character)
            }
        }
        let glob = WordGlob(pattern)
        return programs.contains(where: glob.matches)
    }

    /// Words that are not flags. A flag's value (`-chdir=x`, `--context prod`) is not positional when written
    /// with `=`; a separate value word cannot be told from an argument without knowing the program, so
    /// subcommands are matched as a prefix of the words after dropping `-x` / `--x=...` forms only.
    static func positional(_ arguments: [String]) -> [String] {
        var words: [String] = []
        var afterDoubleDash = false
        for argument in arguments {
            if afterDoubleDash || !argument.hasPrefix("-") || argument == "-" {
                words.append(argument)
            } else if argument == "--" {
                afterDoubleDash = true
            }
        }
        return words
    }

    /// `-f` also matches inside a bundle such as `-rf`; `--force` matches `--force` and `--force=...`.
    static func has(flag: String, in arguments: [String]) -> Bool {
        let isShort = flag.count == 2 && flag.hasPrefix("-") && !flag.hasPrefix("--")
        let letter = flag.last
        return arguments.contains { argument in
            if argument == flag || argument.hasPrefix(flag + "=") { return true }
            guard isShort, let letter, argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2,
                argument.dropFirst().allSatisfy(\.isLetter)
            else { return false }
            return argument.dropFirst().contains(letter)
        }
    }

    static func values(of option: String, in arguments: [String]) -> [String] {
        var values: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == option, index + 1 < arguments.count {
                values.append(arguments[index + 1])
            } else if argument.hasPrefix(option + "=") {
                values.append(String(argument.dropFirst(option.count + 1)))
            }
        }
        return values
    }

    static func parse(_ node: Node, reader: YAMLReader, ruleID: String) throws -> CommandPattern {
        if case .scalar = node {
            let text = try reader.nonEmptyString(node, what: "a command pattern")
            return CommandPattern(plain: text)
        }
        let fields = try reader.mapping(node, allowed: keys, what: "a command pattern of rule '\(ruleID)'")
        guard let programNode = fields["program"]?.value else {
            throw reader.error("a command pattern of rule '\(ruleID)' needs program: [names]", at: node)
        }
        func words(_ key: String) throws -> [String] {
            guard let entry = fields[key] else { return [] }
            let list = try reader.stringList(entry.value, what: key)
            if list.isEmpty { throw reader.error("\(key) of rule '\(ruleID)' is empty", at: entry.value) }
            return list.map(\.value)
        }
        var pattern = CommandPattern()
        pattern.programs = Set(try words("program"))
        if pattern.programs.contains(where: { $0.contains("/") }) {
            throw reader.error("program names have no folder: write terraform, not /usr/bin/terraform", at: programNode)
        }
        pattern.subcommands = try words("subcommand").map { $0.split(separator: " ").map(String.init) }
        pattern.flags = try words("flags").map { $0.split(separator: "|").map(String.init) }
        pattern.args = try words("args").map(WordGlob.init)
        pattern.pipedTo = Set(try words("piped_to"))
        if let entry = fields["options"] {
            let options = try reader.mapping(entry.value, allowed: nil, what: "options")
            for (option, value) in options {
                pattern.options[option] = WordGlob(
                    try reader.nonEmptyString(value.value, what: "the value of \(option)"))
            }
        }
        return pattern
    }
}

/// A glob over one word or a whole command line: `*` matches any run of characters (spaces and `/` included),
/// `?` one character, and `\` makes the next character literal (`\*` is a star). Used where shell words, not
/// paths, are matched.
public struct WordGlob: Sendable, Hashable {
    public let pattern: String
    private let tokens: [Token]

    enum Token: Hashable {
        case literal(Character)
        case anyOne
        case anyRun
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        var characters = pattern[...]
        while let character = characters.popFirst() {
            switch character {
            case "\\": tokens.append(.literal(characters.popFirst() ?? "\\"))
            case "*": tokens.append(.anyRun)
            case "?": tokens.append(.anyOne)
            default: tokens.append(.literal(character))
            }
        }
        self.tokens = tokens
    }

    public func matches(_ text: String) -> Bool {
        let text = Array(text)
        var tokenIndex = 0
        var textIndex = 0
        var star: Int?
        var resume = 0
        while textIndex < text.count {
            if tokenIndex < tokens.count,
                tokens[tokenIndex] == .anyOne || tokens[tokenIndex] == .literal(text[textIndex])
            {
                tokenIndex += 1
                textIndex += 1
            } else if tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun {
                star = tokenIndex
                resume = textIndex
                tokenIndex += 1
            } else if let star {
                tokenIndex = star + 1
                resume += 1
                textIndex = resume
            } else {
                return false
            }
        }
        while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }
}
