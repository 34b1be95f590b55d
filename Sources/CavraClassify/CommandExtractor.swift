import CavraModel
import Foundation
import Yams

/// Finds what a changed file asks machines to run, from the lines the change added only: a command already on
/// the base is not new. YAML and JSON files are parsed as such and mapped back to source lines; a file that
/// does not parse becomes a `.parse` fact, because the gate cannot judge what it cannot read.
public struct CommandExtractor: Sendable {
    public init() {}

    public func facts(kind: FileKind, path: String, content: [UInt8], addedLines: Set<Int>, commit: String?) -> [Fact] {
        let text = String(decoding: content, as: UTF8.self)
        let file = SourceFile(text: text, path: path, addedLines: addedLines, commit: commit)
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
    private(set) var addedLines: Set<Int>
    let commit: String?
    let lines: [Substring]

    init(text: String, path: String, addedLines: Set<Int>, commit: String?) {
        self.text = text
        self.path = path
        self.addedLines = addedLines
        self.commit = commit
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func line(_ number: Int) -> String {
        guard number >= 1, number <= lines.count else { return "" }
        return lines[number - 1].trimmingCharacters(in: .whitespaces)
    }

    /// The same file with every line counted as added: for text that an added line runs from elsewhere.
    func judgingEveryLine() -> SourceFile {
        var copy = self
        copy.addedLines = Set(0...lines.count)
        return copy
    }

    func touchesAddedLine(_ range: ClosedRange<Int>) -> Bool {
        range.count <= addedLines.count
            ? range.contains(where: addedLines.contains) : addedLines.contains(where: range.contains)
    }

    /// Facts for the parsed pipelines that touch an added line, and for text that could not be read where it
    /// reaches an added line.
    func shellFacts(_ parsed: ShellParser.Result) -> [Fact] {
        parsed.facts(text: line, path: path, commit: commit) {
            touchesAddedLine($0.firstLine...max($0.firstLine, $0.lastLine))
        }
        .map(Fact.command)
            + parsed.problemFacts(path: path, commit: commit, keeping: touchesAddedLine)
    }

    func parseProblem(line: Int?, column: Int?, _ message: String) -> Fact {
        .parse(ParseFact(path: path, line: line, column: column, message: message, commit: commit))
    }
}
