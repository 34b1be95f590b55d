import CavraModel

/// Reads shell text into the pipelines a shell would run, each simple command stripped of wrappers
/// (`sudo`, `env`, `VAR=x`, `nohup`, `time`, `xargs`, `exec`, ...), with `bash -c '...'`, `sh -c`, `eval`,
/// `pwsh -c` and inline interpreter strings read as commands of their own, and text a command runs as code
/// (`sh -c "$(curl ...)"`, `bash <(curl ...)`, `echo ... | base64 -d | sh`) judged as piped into that shell.
public enum ShellParser {
    /// One pipeline: simple commands joined by `|`, with the lines it spans.
    public struct Pipeline: Sendable, Hashable {
        public var commands: [SimpleCommand]
        public var firstLine: Int
        public var lastLine: Int
    }

    /// Text that could not be read, and the lines a shell would run that were therefore not judged.
    public struct Problem: Sendable, Hashable {
        public var message: String
        public var lines: ClosedRange<Int>
    }

    public struct Result: Sendable {
        public var pipelines: [Pipeline]
        /// What could not be read (an unclosed quote, say); what was read before it is still judged.
        public var problems: [Problem]
    }

    /// Nested `bash -c`, `eval`, `$(...)` and function calls deeper than this are not read (each level reads its
    /// text again); where they start becomes a parse problem.
    static let maximumDepth = 8
    /// Output run as code (`$($(curl ...))`) is followed this many levels deep.
    static let maximumFedDepth = 4
    static let tooDeepMessage =
        "commands nested more than \(maximumDepth) levels deep ($(...), bash -c, eval, functions) cannot be read, so "
        + "the gate cannot judge them; unnest them"
    static let tooLargeMessage =
        "variables expand to more text than the gate reads (\(ShellVariables.maximumValueLength) characters a value), "
        + "so the commands using them cannot be judged; write the values out"

    static let tooManyCallsMessage =
        "functions call each other with more commands than the gate reads for a text this long, so the commands "
        + "they run cannot be judged; call them fewer times"

    public static func parse(_ text: String, firstLine: Int = 1) -> Result {
        var result = Result(pipelines: [], problems: [])
        parse(
            text, firstLine: firstLine, context: Context(budget: ExpansionBudget(textLength: text.utf8.count)),
            into: &result)
        return result
    }

    /// Reads code a program is given whole (a CI step whose `shell:` is `python`, `pwsh` or `perl {0}`) as
    /// the command line that hands it the same code inline: the interpreter is one command, PowerShell code is
    /// read as such, and the shell commands other code passes to `os.system`, `subprocess`, `child_process`,
    /// `system` or backticks are read too.
    public static func parse(code: String, interpreter: String, firstLine: Int = 1) -> Result {
        let program = String(interpreter.split(separator: " ").first ?? "sh")
        // Any other program (`cmd`, a shell) reads text close enough to the shell's to be read as such.
        guard InlineCode.isInterpreter(program) || CommandNormalizer.isPowerShell(program) else {
            return parse(code, firstLine: firstLine)
        }
        let words = [program, InlineCode.flag(for: program), code].map(CommandNormalizer.quoted)
        return parse(words.joined(separator: " "), firstLine: firstLine)
    }

    /// What a text inherits from the text that runs it.
    struct Context {
        var depth = 0
        let budget: ExpansionBudget
        /// What the enclosing text assigned: a shell expands it in a `bash -c "..."` string before the inner
        /// shell reads it.
        var variables: ShellVariables
        /// The shell running the text, which runs what a command in program position prints
        /// (`$(curl ...)` alone on a line).
        var runner = SimpleCommand(words: ["sh"])
        var powerShell = false
        var functions: [String: [RawPipeline]] = [:]
        var aliases: [String: [String]] = [:]
        var calling: Set<String> = []

        init(budget: ExpansionBudget) {
            self.budget = budget
            variables = ShellVariables(budget: budget)
        }

        func nested(runner: SimpleCommand? = nil, powerShell: Bool? = nil) -> Context {
            var inner = self
            inner.depth += 1
            inner.runner = runner ?? self.runner
            inner.powerShell = powerShell ?? self.powerShell
            return inner
        }
    }

    static func parse(_ text: String, firstLine: Int, context: Context, into result: inout Result) {
        guard context.depth < maximumDepth else {
            result.problems.append(Problem(message: tooDeepMessage, lines: firstLine...firstLine))
            return
        }
        let lexed = ShellLexer.tokens(context.powerShell ? PowerShellText.asShell(text) : text, firstLine: firstLine)
        result.problems += lexed.problems
        var builder = PipelineBuilder()
        for token in lexed.tokens {
            builder.take(token)
        }
        builder.finishPipeline()
        var context = context
        if !builder.functions.isEmpty { context.functions.merge(builder.functions) { $1 } }
        var fed: Set<String> = []
        judge(
            builder.pipelines, hereDocuments: lexed.hereDocuments, context: &context, callLine: nil, fed: &fed,
            into: &result)
        let inner = context.nested()
        // A substitution whose output a command runs was read where it was fed to that command.
        for substitution in lexed.substitutions where !fed.contains(substitution.text) {
            parse(substitution.text, firstLine: substitution.line, context: inner, into: &result)
        }
    }

    /// Turns raw pipelines into judged ones, reading the text their commands run; `callLine` places a function's
    /// body at the line that calls it; `fed` collects the substitutions read as what a command runs.
    private static func judge(
        _ raws: [RawPipeline], hereDocuments: [ShellLexer.HereDocument], context: inout Context, callLine: Int?,
        fed: inout Set<String>, into result: inout Result
    ) {
        for raw in raws {
            let lines = callLine.map { $0...$0 } ?? raw.firstLine...max(raw.firstLine, raw.lastLine)
            var commands: [SimpleCommand] = []
            let documents = callLine == nil ? raw.hereDocuments.map { hereDocuments[$0] } : []
            var flowing = documents.first.map {
                CommandNormalizer.Output(text: $0.body, isInput: true, firstLine: $0.firstLine)
            }
            for words in raw.commands {
                guard let expanded = context.variables.expanded(words) else {
                    result.problems.append(Problem(message: tooLargeMessage, lines: lines))
                    continue
                }
                var normalized = CommandNormalizer.normalize(
                    printedProgram(of: aliased(expanded, by: context.aliases), context: context))
                if context.powerShell, let first = normalized.words.first { normalized.words[0] = first.lowercased() }
                if !context.variables.record(words) {
                    result.problems.append(Problem(message: tooLargeMessage, lines: lines))
                }
                recordAlias(normalized.words, in: &context.aliases)
                if normalized.words.first == "set", let marker = normalized.words.firstIndex(of: "--") {
                    // `set -- terraform apply` gives the script new arguments, which `"$@"` then runs.
                    context.variables = context.variables.calling(with: Array(normalized.words[(marker + 1)...]))
                }
                guard !normalized.words.isEmpty else { continue }
                let command = SimpleCommand(words: normalized.words)
                commands.append(command)
                let runsShell = CommandNormalizer.isShell(command.program)
                let isPowerShell = CommandNormalizer.isPowerShell(command.program)
                for inner in normalized.innerScripts {
                    let innerContext = context.nested(
                        runner: runsShell || isPowerShell ? command : nil, powerShell: isPowerShell ? true : nil)
                    parse(inner, firstLine: lines.lowerBound, context: innerContext, into: &result)
                }
                if CommandNormalizer.runsShellOnInput(normalized.words) {
                    // `echo '...' | sh`, `bash <<EOF`, `base64 -d <<<... | sh`: what reaches the shell is a script.
                    var scripts = flowing.map { [($0.text, $0.firstLine ?? lines.lowerBound)] } ?? []
                    if flowing?.isInput != true { scripts += documents.map { ($0.body, $0.firstLine) } }
                    for (script, line) in scripts {
                        parse(script, firstLine: line, context: context.nested(runner: command), into: &result)
                    }
                }
                readCode(of: command, firstLine: lines.lowerBound, context: context, into: &result)
                feed(
                    ranText(by: command, variables: context.variables), to: context.runner, lines: lines,
                    context: context, fed: &fed, into: &result)
                if CommandNormalizer.runsCode(command) {
                    // `bash <(curl ...)`, `source <(curl ...)`: the file the program runs is a download.
                    let files = command.arguments.filter { $0.hasPrefix("<(") }
                    feed(files, to: command, lines: lines, context: context, fed: &fed, into: &result)
                }
                if let body = context.functions[command.words[0]], !context.calling.contains(command.words[0]) {
                    if Self.argumentsMatter(to: body, given: Array(command.arguments)),
                        context.budget.firstCall(command.words)
                    {
                        call(
                            command.words[0], body, with: Array(command.arguments), at: lines.lowerBound,
                            context: context, into: &result)
                    } else {
                        place(command.words[0], body, at: lines.lowerBound, context: context, into: &result)
                    }
                }
                flowing = CommandNormalizer.output(of: command.words, input: flowing)
            }
            if !commands.isEmpty {
                result.pipelines.append(
                    Pipeline(commands: commands, firstLine: lines.lowerBound, lastLine: lines.upperBound))
            }
        }
    }

    /// Reads what the words run (each holding `$(...)`, backticks or `<(...)`) and judges each of its pipelines
    /// both as it is and as piped into `consumer`, the program that runs their output as code.
    private static func feed(
        _ words: [String], to consumer: SimpleCommand, lines: ClosedRange<Int>, context: Context,
        fed: inout Set<String>, into result: inout Result
    ) {
        guard !words.isEmpty else { return }
        // Each level feeds every pipeline of the level below it once more; real scripts never nest this deep.
        guard context.depth < maximumFedDepth else {
            result.problems.append(Problem(message: tooDeepMessage, lines: lines))
            return
        }
        for word in words {
            let expansions = ShellLexer.expansions(
                in: word.hasPrefix("<(") ? "$" + word.dropFirst() : word, firstLine: lines.lowerBound)
            for substitution in expansions.substitutions {
                fed.insert(substitution.text)
                var printing = Result(pipelines: [], problems: [])
                parse(substitution.text, firstLine: substitution.line, context: context.nested(), into: &printing)
                result.problems += printing.problems
                result.pipelines += printing.pipelines
                for pipeline in printing.pipelines {
                    result.pipelines.append(
                        Pipeline(
                            commands: pipeline.commands + [consumer], firstLine: lines.lowerBound,
                            lastLine: lines.upperBound))
                }
            }
        }
    }

    /// `$(echo sh) -c ...` runs `sh -c ...`: a program word that is a substitution whose output the text shows is
    /// replaced by that output. Only short ones are tried, as each is read once more here.
    static let maximumPrintedProgramLength = 256

    private static func printedProgram(of words: [String], context: Context) -> [String] {
        guard let first = words.first, first.hasPrefix("$(") || first.hasPrefix("`"),
            first.count <= maximumPrintedProgramLength,
            let substitution = ShellLexer.expansions(in: first).substitutions.first,
            substitution.text.count + 3 >= first.count
        else { return words }
        var printed = Result(pipelines: [], problems: [])
        parse(substitution.text, firstLine: 1, context: context.nested(), into: &printed)
        guard printed.pipelines.count == 1, let last = printed.pipelines[0].commands.last,
            let output = CommandNormalizer.output(of: last.words, input: nil)
        else { return words }
        let program = output.text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        return program.isEmpty ? words : program + words.dropFirst()
    }

    /// A program word that is itself a substitution runs what that substitution prints: `$(curl ...)`,
    /// `` `wget -qO- ...` ``, or a variable set from one.
    private static func ranText(by command: SimpleCommand, variables: ShellVariables) -> [String] {
        let program = command.words[0]
        if let text = variables.outputRun(by: program) { return [text] }
        return program.contains("$(") || program.contains("`") || program.hasPrefix("<(") ? [program] : []
    }

    /// The shell commands inline interpreter code hands to the system.
    private static func readCode(
        of command: SimpleCommand, firstLine: Int, context: Context, into result: inout Result
    ) {
        guard let code = InlineCode.code(of: command.words) else { return }
        for script in InlineCode.shellCommands(in: code) {
            parse(
                script.text, firstLine: firstLine + script.lineOffset,
                context: context.nested(runner: SimpleCommand(words: ["sh"])), into: &result)
        }
    }

    /// A function's body judged at the line that calls it, with `$1`, `$@` standing for the call's arguments.
    private static func call(
        _ name: String, _ body: [RawPipeline], with arguments: [String], at line: Int, context: Context,
        into result: inout Result
    ) {
        guard context.depth + 1 < maximumDepth else {
            result.problems.append(Problem(message: tooDeepMessage, lines: line...line))
            return
        }
        guard context.budget.spendCalls(body.reduce(0) { $0 + $1.commands.count }) else {
            result.problems.append(Problem(message: tooManyCallsMessage, lines: line...line))
            return
        }
        var inner = context.nested()
        inner.variables = context.variables.calling(with: arguments)
        // A function calling itself runs the body already being judged.
        inner.calling.insert(name)
        var fed: Set<String> = []
        judge(body, hereDocuments: [], context: &inner, callLine: line, fed: &fed, into: &result)
    }

    /// A call that judges nothing new still runs the body at the call's line, so the body's commands, as read
    /// where it is written, are placed there too; calls inside it are not followed again.
    private static func place(
        _ name: String, _ body: [RawPipeline], at line: Int, context: Context, into result: inout Result
    ) {
        guard context.depth + 1 < maximumDepth else { return }
        let key = "\(name) \(body.first?.firstLine ?? 0)"
        let pipelines =
            context.budget.bodies[key]
            ?? {
                var inner = context.nested()
                inner.calling.formUnion(context.functions.keys)
                var read = Result(pipelines: [], problems: [])
                var fed: Set<String> = []
                judge(body, hereDocuments: [], context: &inner, callLine: 0, fed: &fed, into: &read)
                context.budget.bodies[key] = read.pipelines
                return read.pipelines
            }()
        guard context.budget.spendCalls(pipelines.reduce(0) { $0 + $1.commands.count }) else {
            result.problems.append(Problem(message: tooManyCallsMessage, lines: line...line))
            return
        }
        result.pipelines += pipelines.map { Pipeline(commands: $0.commands, firstLine: line, lastLine: line) }
    }

    /// A function body was judged where it is written; judging it again at a call tells more only when the body
    /// uses its arguments (`"$@"`, `$1`) and the call gives some as literal text.
    private static func argumentsMatter(to body: [RawPipeline], given arguments: [String]) -> Bool {
        arguments.contains { !$0.contains("$") && !$0.contains("`") }
            && body.contains { pipeline in
                pipeline.commands.contains { words in words.contains(where: ShellVariables.usesPositionalParameter) }
            }
    }

    private static func aliased(_ words: [String], by aliases: [String: [String]]) -> [String] {
        guard let first = words.first, let replacement = aliases[first] else { return words }
        return replacement + words.dropFirst()
    }

    /// `alias tf=terraform` or `alias deploy='terraform apply'`: later commands starting with the name run the value.
    private static func recordAlias(_ words: [String], in aliases: inout [String: [String]]) {
        guard words.first == "alias" else { return }
        for definition in words.dropFirst() {
            guard let equals = definition.firstIndex(of: "="), equals != definition.startIndex else { continue }
            let value = definition[definition.index(after: equals)...]
            aliases[String(definition[..<equals])] = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(
                String.init)
        }
    }
}

/// Pipelines of word lists as the builder groups them, before variables and wrappers are dealt with.
struct RawPipeline {
    var commands: [[String]] = []
    var firstLine = 0
    var lastLine = 0
    /// Here-documents and here-strings given to its commands as input, by index in the lexer's output.
    var hereDocuments: [Int] = []
}

/// Groups tokens into pipelines of word lists, skipping the shell's reserved words and control structure. A group
/// (`( ... )`, `{ ...; }`, `do ... done`) piped into a command is part of that pipeline; a function's body is kept
/// by name so that a call to it is judged with its arguments.
private struct PipelineBuilder {
    var pipelines: [RawPipeline] = []
    var functions: [String: [RawPipeline]] = [:]
    private var pipeline = RawPipeline()
    private var words: [String] = []
    /// The words of `for x in a b c` or `case x in` are not a command: skip them up to the next separator.
    private var skippingHeader = false
    private var caseDepth = 0
    private var expectingCasePattern = false
    /// After `|` a pipeline goes on past the end of the line: `curl … |` then `sh` on the next line.
    private var pipeOpen = false
    /// Open groups: where their pipelines start, the word or symbol that closes them, and the function they define.
    private var groups: [(start: Int, closer: String, function: String?)] = []
    /// A function named by `name()` or `function name` whose body group has not opened yet.
    private var pendingFunction: String?
    private var expectingFunctionParenthesis = false
    private var expectingFunctionName = false
    /// After `function name`, `()` may still follow.
    private var mayTakeFunctionParentheses = false
    /// The commands of a group that just closed, which a `|` right after it feeds to the next command.
    private var closedGroup: [[String]]?

    private static let reservedAtStart: Set<String> = [
        "if", "then", "else", "elif", "fi", "while", "until", "!", "esac", "in",
    ]

    mutating func take(_ token: ShellLexer.Token) {
        if case .newline = token, pipeOpen { return }
        pipeOpen = false
        let group = closedGroup
        closedGroup = nil
        let takesFunctionParentheses = mayTakeFunctionParentheses
        mayTakeFunctionParentheses = false
        switch token {
        case .word(let word, let line):
            if skippingHeader {
                if word == "in" && caseDepth > 0 && expectingCasePattern == false {
                    skippingHeader = false
                    expectingCasePattern = true
                }
                return
            }
            if expectingFunctionName {
                expectingFunctionName = false
                pendingFunction = word
                mayTakeFunctionParentheses = true
                return
            }
            if words.isEmpty {
                if expectingCasePattern {
                    // A case pattern runs up to its `)`; `esac` ends the case.
                    if word == "esac" {
                        // An enclosing case, if any, is in the body of one of its items, not at a pattern.
                        caseDepth -= 1
                        expectingCasePattern = false
                    }
                    return
                }
                switch word {
                case "for", "select":
                    skippingHeader = true
                    return
                case "case":
                    caseDepth += 1
                    skippingHeader = true
                    return
                case "esac":
                    caseDepth = max(0, caseDepth - 1)
                    return
                case "function":
                    expectingFunctionName = true
                    return
                case "{", "do":
                    open(closer: word == "{" ? "}" : "done")
                    return
                case "}", "done":
                    close(word)
                    return
                default:
                    if Self.reservedAtStart.contains(word) { return }
                }
            }
            if pipeline.commands.isEmpty && words.isEmpty { pipeline.firstLine = line }
            pipeline.lastLine = max(pipeline.lastLine, line)
            words.append(word)
        case .symbol(let text, let line):
            switch text {
            case "|", "|&":
                finishCommand()
                pipeOpen = true
                if let group, pipeline.commands.isEmpty {
                    pipeline.commands = group
                    pipeline.firstLine = line
                    pipeline.lastLine = line
                }
            case ")":
                if expectingFunctionParenthesis {
                    expectingFunctionParenthesis = false
                    return
                }
                if expectingCasePattern && words.isEmpty {
                    expectingCasePattern = false
                    return
                }
                close(")")
            case "(":
                if !words.isEmpty {
                    // `name() { ... }` defines a function: its name is not a command.
                    pendingFunction = words.last
                    expectingFunctionParenthesis = true
                    words.removeAll()
                    finishPipeline()
                } else if takesFunctionParentheses {
                    expectingFunctionParenthesis = true
                } else {
                    open(closer: ")")
                }
            case ";;":
                finishPipeline()
                if caseDepth > 0 { expectingCasePattern = true }
            default:
                finishPipeline()
            }
        case .newline:
            if skippingHeader && caseDepth == 0 { skippingHeader = false }
            finishPipeline()
        case .hereDocument(let index):
            pipeline.hereDocuments.append(index)
        case .inputSubstitution(let word, _):
            // `bash < <(curl ...)` runs the download as `bash <(curl ...)` does; `done < <(find ...)` feeds a loop.
            if !words.isEmpty { words.append(word) }
        }
    }

    private mutating func open(closer: String) {
        finishPipeline()
        groups.append((pipelines.count, closer, pendingFunction))
        pendingFunction = nil
    }

    private mutating func close(_ closer: String) {
        finishPipeline()
        guard let index = groups.lastIndex(where: { $0.closer == closer }) else { return }
        let group = groups[index]
        groups.removeSubrange(index...)
        let body = Array(pipelines[group.start...])
        if let name = group.function { functions[name] = body }
        closedGroup = body.flatMap(\.commands)
    }

    private mutating func finishCommand() {
        if !words.isEmpty { pipeline.commands.append(words) }
        words.removeAll()
    }

    mutating func finishPipeline() {
        finishCommand()
        if skippingHeader && caseDepth == 0 { skippingHeader = false }
        if !pipeline.commands.isEmpty { pipelines.append(pipeline) }
        pipeline = RawPipeline()
    }
}
