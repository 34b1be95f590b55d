import CavraModel
import Foundation

/// Finds what a changed file asks machines to run, from the commands the change can alter only: those on added
/// lines, and those a deletion or a changed assignment alters (`LinesToJudge`); a command the change leaves as it
/// was is not new. YAML and JSON files are parsed as such and mapped back to source lines; a file that does not
/// parse becomes a `.parse` fact, because the gate cannot judge what it cannot read.
public struct CommandExtractor: Sendable {
    public init() {}

    public func facts(kind: FileKind, path: String, content: [UInt8], addedLines: Set<Int>, commit: String?) -> [Fact] {
        facts(kind: kind, path: path, content: content, commit: commit) { _ in LinesToJudge(added: addedLines) }
    }

    /// The facts of the commands whose meaning the line changes can alter.
    public func facts(kind: FileKind, path: String, content: [UInt8], lineChanges: LineChanges, commit: String?)
        -> [Fact]
    {
        facts(kind: kind, path: path, content: content, commit: commit) {
            LinesToJudge(lineChanges, kind: kind, lines: $0)
        }
    }

    private func facts(
        kind: FileKind, path: String, content: [UInt8], commit: String?, judging: ([Substring]) -> LinesToJudge
    ) -> [Fact] {
        // bash and dash skip NUL bytes in a script; so must the reading of it, or a NUL hides a word.
        let bytes = kind == .shellScript ? content.filter { $0 != 0 } : content
        let text = String(decoding: bytes, as: UTF8.self)
        let file = SourceFile(text: text, path: path, commit: commit, judging: judging)
        switch kind {
        case .shellScript: return file.shellFacts(ShellParser.parse(text))
        case .makefile: return MakefileRecipes.facts(in: file)
        case .dockerfile: return DockerfileRuns.facts(in: file)
        case .jenkinsfile: return JenkinsSteps.facts(in: file)
        case .packageJSON: return PackageScripts.facts(in: file)
        case .githubWorkflow, .githubAction, .gitlabCI, .azurePipelines, .preCommitConfig:
            return PipelineYAML(kind: kind).facts(in: file)
        }
    }
}

/// A changed file's text with what the extractors share: its lines, which of them were added, and how to
/// turn parsed pipelines into facts.
struct SourceFile {
    let text: String
    let path: String
    let commit: String?
    let lines: [Substring]
    private(set) var judged: LinesToJudge
    /// Set by `judgingEveryLine`: everything in the file counts as added.
    private(set) var judgesEveryLine = false
    var addedLines: Set<Int> { judged.added }

    init(text: String, path: String, commit: String?, judging: ([Substring]) -> LinesToJudge) {
        self.text = text
        self.path = path
        self.commit = commit
        // Split on the newline scalar: a CRLF ending is one Character, which a Character split would not see.
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
        judged = judging(lines)
    }

    func line(_ number: Int) -> String {
        guard number >= 1, number <= lines.count else { return "" }
        return lines[number - 1].trimmingCharacters(in: .whitespaces)
    }

    /// The same file with every line counted as added: for text that an added line runs from elsewhere.
    func judgingEveryLine() -> SourceFile {
        var copy = self
        copy.judged = LinesToJudge(added: Set(0...lines.count))
        copy.judgesEveryLine = true
        return copy
    }

    /// Whether the change can have altered what these lines mean.
    func isJudged(_ range: ClosedRange<Int>) -> Bool {
        judgement(of: range) != nil
    }

    /// Why a command spanning these lines is judged, or nil when the change cannot have altered it.
    func judgement(of range: ClosedRange<Int>) -> LinesToJudge.Judgement? {
        judged.judgement(of: range, lines: lines)
    }

    /// Facts for the parsed pipelines the change can alter, and for such lines nesting commands too deep to read.
    /// `unit` is the judgement of the instruction or recipe line the text came from, when all of it is judged
    /// alike (its pipelines all sit on its first line).
    /// `text` is what a finding shows, by default the line the command starts on.
    func shellFacts(_ parsed: ShellParser.Result, unit: LinesToJudge.Judgement? = nil, text: String? = nil)
        -> [Fact]
    {
        parsed.facts(text: { text ?? line($0) }, path: path, commit: commit) {
            unit ?? judgement(of: $0.firstLine...max($0.firstLine, $0.lastLine))
        }
        .map(Fact.command)
            + parsed.problemFacts(path: path, commit: commit) { unit != nil || judgement(of: $0) != nil }
    }

    func parseProblem(line: Int?, column: Int?, _ message: String) -> Fact {
        .parse(ParseFact(path: path, line: line, column: column, message: message, commit: commit))
    }
}
