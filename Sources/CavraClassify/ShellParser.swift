import CavraModel

/// Reads shell text into the pipelines a shell would run, each simple command stripped of wrappers
/// (`sudo`, `env`, `VAR=x`, `nohup`, `time`, `xargs`, `exec`, ...) and with `bash -c '...'`, `sh -c` and `eval`
/// strings read as commands of their own.
public enum ShellParser {
    /// One pipeline: simple commands joined by `|`, with the lines it spans.
    public struct Pipeline: Sendable, Hashable {
        public var commands: [SimpleCommand]
        public var firstLine: Int
        public var lastLine: Int
    }

    public struct Result: Sendable {
        public var pipelines: [Pipeline]
        /// What could not be read (an unclosed quote, say); what was read is still judged.
        public var problems: [String]
        /// Lines where commands nest deeper than `maximumDepth`: a shell would run them, but they were not read,
        /// so they must not pass as if judged.
        public var tooDeepLines: [Int] = []
    }

    /// Nested `bash -c`, `eval` and `$(...)` deeper than this are not read (each level reads its text again);
    /// where they start becomes a parse problem.
    static let maximumDepth = 8
    static let tooDeepMessage =
        "commands nested more than \(maximumDepth) levels deep ($(...), bash -c, eval) cannot be read, so the gate "
        + "cannot judge them; unnest them"

    public static func parse(_ text: String, firstLine: Int = 1) -> Result {
        var result = Result(pipelines: [], problems: [])
        parse(text, firstLine: firstLine, depth: 0, variables: ShellVariables(), into: &result)
        return result
    }

    /// `variables` holds what the enclosing text assigned: a shell expands them in a `bash -c "..."` string
    /// before the inner shell reads it.
    static func parse(
        _ text: String, firstLine: Int, depth: Int, variables inherited: ShellVariables, into result: inout Result
    ) {
        guard depth < maximumDepth else {
            result.problems.append(tooDeepMessage)
            result.tooDeepLines.append(firstLine)
            return
        }
        let lexed = ShellLexer.tokens(text, firstLine: firstLine)
        result.problems += lexed.problems
        var builder = PipelineBuilder()
        for token in lexed.tokens {
            builder.take(token)
        }
        builder.finishPipeline()
        var variables = inherited
        for raw in builder.pipelines {
            var commands: [SimpleCommand] = []
            var runsShellOnInput = false
            var printed: String?
            for words in raw.commands {
                let normalized = CommandNormalizer.normalize(variables.expanded(words))
                variables.record(words)
                if !normalized.words.isEmpty { commands.append(SimpleCommand(words: normalized.words)) }
                var innerScripts = normalized.innerScripts
                if CommandNormalizer.runsShellOnInput(normalized.words) {
                    runsShellOnInput = true
                    // `echo 'terraform apply' | sh`: what was printed is the script.
                    if let printed { innerScripts.append(printed) }
                }
                for inner in innerScripts {
                    parse(inner, firstLine: raw.firstLine, depth: depth + 1, variables: variables, into: &result)
                }
                printed = CommandNormalizer.printedText(of: normalized.words)
            }
            // `bash <<EOF`, `cat <<EOF | sh`, `ssh host bash <<EOF`: the here-document is a script.
            for document in raw.hereDocuments where runsShellOnInput {
                let hereDocument = lexed.hereDocuments[document]
                parse(
                    hereDocument.body, firstLine: hereDocument.firstLine, depth: depth + 1, variables: variables,
                    into: &result)
            }
            if !commands.isEmpty {
                result.pipelines.append(Pipeline(commands: commands, firstLine: raw.firstLine, lastLine: raw.lastLine))
            }
        }
        for substitution in lexed.substitutions {
            parse(
                substitution.text, firstLine: substitution.line, depth: depth + 1, variables: variables, into: &result)
        }
    }
}

/// Groups tokens into pipelines of word lists, skipping the shell's reserved words and control structure.
private struct PipelineBuilder {
    struct RawPipeline {
        var commands: [[String]] = []
        var firstLine = 0
        var lastLine = 0
        /// Here-documents given to its commands as input, by index in the lexer's output.
        var hereDocuments: [Int] = []
    }

    var pipelines: [RawPipeline] = []
    private var pipeline = RawPipeline()
    private var words: [String] = []
    /// The words of `for x in a b c` or `case x in` are not a command: skip them up to the next separator.
    private var skippingHeader = false
    private var caseDepth = 0
    private var expectingCasePattern = false
    /// After `|` a pipeline goes on past the end of the line: `curl … |` then `sh` on the next line.
    private var pipeOpen = false

    private static let reservedAtStart: Set<String> = [
        "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac", "in", "function",
    ]

    mutating func take(_ token: ShellLexer.Token) {
        if case .newline = token, pipeOpen { return }
        pipeOpen = false
        switch token {
        case .word(let word, let line):
            if skippingHeader {
                if word == "in" && caseDepth > 0 && expectingCasePattern == false {
                    skippingHeader = false
                    expectingCasePattern = true
                }
                return
            }
            if words.isEmpty {
                if expectingCasePattern {
                    // A case pattern runs up to its `)`; `esac` ends the case.
                    if word == "esac" {
                        caseDepth -= 1
                        expectingCasePattern = caseDepth > 0
                    }
                    return
                }
                if word == "for" || word == "select" {
                    skippingHeader = true
                    return
                }
                if word == "case" {
                    caseDepth += 1
                    skippingHeader = true
                    return
                }
                if word == "esac" {
                    caseDepth = max(0, caseDepth - 1)
                    return
                }
                if Self.reservedAtStart.contains(word) { return }
            }
            if pipeline.commands.isEmpty && words.isEmpty { pipeline.firstLine = line }
            pipeline.lastLine = max(pipeline.lastLine, line)
            words.append(word)
        case .symbol(let text, _):
            switch text {
            case "|", "|&":
                finishCommand()
                pipeOpen = true
            case ")":
                if expectingCasePattern && words.isEmpty {
                    expectingCasePattern = false
                    return
                }
                finishPipeline()
            case "(":
                // `name() { ... }` defines a function: its name is not a command.
                if !words.isEmpty { words.removeAll() }
                finishPipeline()
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
        }
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
