import CavraModel
import Foundation

/// Which commands of a changed file to judge: those on lines the change added, and those whose meaning the change
/// alters without adding a line to them. A deletion can join a continued command (`curl … |` and `sh` once the
/// line between them is gone), let what follows it run (a deleted `exit 0`, `if false; then`, `fi`), and a changed
/// assignment changes every command that uses the variable. Everything else stays unjudged: deleting a comment
/// re-judges nothing.
public struct LinesToJudge: Sendable {
    /// Why a command is judged: it is on an added line, or the change altered it in another way, said in words.
    public enum Judgement: Sendable, Hashable {
        case added
        case because(String)

        var why: String? {
            if case .because(let why) = self { return why }
            return nil
        }
    }

    public private(set) var added: Set<Int>
    /// Lines after which the change deleted lines; a command spanning one of these gaps was joined by the deletion.
    private var gaps: Set<Int> = []
    /// Every command from this line on is judged, because a deletion above it could let it run.
    private var armed: (from: Int, why: String)?
    /// Variables the change assigned differently, sorted; commands using them are judged.
    private var changedVariables: [String] = []

    /// Judges the given lines only.
    public init(added: Set<Int>) {
        self.added = added
    }

    /// Judges what a change to a file of this kind can alter; `lines` is the new text.
    public init(_ changes: LineChanges, kind: FileKind, lines: [Substring]) {
        added = changes.added
        gaps = Set(changes.deleted.map(\.after))
        let guards = changes.deleted.filter { Self.isGuard($0.text, kind: kind) }
        if let first = guards.min(by: { $0.after < $1.after }) {
            armed = (first.after + 1, "judged because the change deleted '\(Self.shortened(first.text))' above it")
        }
        guard kind.runsShellText else { return }
        let assigned =
            changes.deleted.map(\.text) + changes.added.compactMap { $0 <= lines.count ? String(lines[$0 - 1]) : nil }
        changedVariables = Set(assigned.flatMap(Self.assignedNames)).sorted()
    }

    /// Why a command spanning these lines is judged, or nil when the change cannot have altered it.
    func judgement(of range: ClosedRange<Int>, lines: [Substring]) -> Judgement? {
        if range.contains(where: added.contains) { return .added }
        // Whichever is shorter is walked, so judging every command of a file stays linear in its size.
        let joined =
            range.count <= gaps.count
            ? (range.lowerBound..<range.upperBound).contains(where: gaps.contains)
            : gaps.contains { range.lowerBound <= $0 && $0 < range.upperBound }
        if joined {
            return .because("judged because the change deleted a line inside this command")
        }
        if let armed, range.upperBound >= armed.from { return .because(armed.why) }
        for number in range where number >= 1 && number <= lines.count {
            if let name = changedVariables.first(where: { Self.references(lines[number - 1], $0) }) {
                return .because("judged because the change altered the value of $\(name)")
            }
        }
        return nil
    }

    /// A deleted line that kept what follows it from running, or decided whether it runs.
    static func isGuard(_ text: String, kind: FileKind) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        switch kind {
        case .makefile:
            let word = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "(" }
            return ["ifeq", "ifneq", "ifdef", "ifndef", "else", "endif"].contains(String(word))
        case .dockerfile, .packageJSON:
            // Each instruction or script runs in a shell of its own: deleting one line cannot let another run.
            return false
        case .githubWorkflow, .githubAction, .gitlabCI, .azurePipelines:
            // A job's or step's condition: `if: false`, `when: never`, `condition: false`, `rules:`.
            let entry = trimmed.drop { $0 == "-" || $0 == " " }
            if let colon = entry.firstIndex(of: ":"),
                ["if", "when", "condition", "only", "except", "rules"].contains(String(entry[..<colon]))
            {
                return true
            }
            return isShellGuard(text)
        case .shellScript, .jenkinsfile, .preCommitConfig:
            return isShellGuard(text)
        }
    }

    private static let controlWords: Set<String> = [
        "exit", "return", "exec", "break", "continue", "if", "then", "else", "elif", "fi", "while", "until", "do",
        "done", "case", "esac", "{", "}",
    ]
    private static let controlSymbols: Set<String> = ["&&", "||", "(", ")", ";;"]

    /// A line whose words start with a control word (`exit`, `if`, `fi`, `}`), join commands on a condition
    /// (`&&`, `||`), open a here-document (`: <<'SKIP'` comments out what follows), stop the script on the
    /// first failure (`set -e`), or change how the next lines are read: an open quote (`echo "`) or a trailing
    /// backslash (`echo skipped \`) makes what follows words of its command.
    private static func isShellGuard(_ text: String) -> Bool {
        let lexed = ShellLexer.tokens(text)
        if !lexed.problems.isEmpty || text.trimmingCharacters(in: .whitespaces).hasSuffix("\\") { return true }
        var atCommandStart = true
        var setting = false
        for token in lexed.tokens {
            switch token {
            case .word(let word, _):
                if atCommandStart, controlWords.contains(word) { return true }
                if setting, word == "errexit" || (word.hasPrefix("-") && !word.hasPrefix("--") && word.contains("e")) {
                    return true
                }
                setting = atCommandStart ? word == "set" : setting
                atCommandStart = false
            case .symbol(let symbol, _):
                if controlSymbols.contains(symbol) { return true }
                atCommandStart = true
                setting = false
            case .hereDocument:
                return true
            case .inputSubstitution:
                atCommandStart = false
            case .newline:
                atCommandStart = true
                setting = false
            }
        }
        return false
    }

    /// The names a line assigns: `X=1`, `export X=1 Y=2`, `readonly X="…"`.
    static func assignedNames(_ line: String) -> [String] {
        var words: [String] = []
        for token in ShellLexer.tokens(line).tokens {
            guard case .word(let word, _) = token else { break }
            words.append(word)
        }
        var rest = words[...]
        if let first = rest.first, ["export", "readonly", "local", "declare", "typeset"].contains(first) {
            rest = rest.dropFirst().drop { $0.hasPrefix("-") }
        }
        return rest.prefix(while: CommandNormalizer.isAssignment).map { String($0.prefix { $0 != "=" }) }
    }

    /// Whether the text uses `$name` or `${name…}`.
    static func references(_ text: Substring, _ name: String) -> Bool {
        var rest = text
        while let dollar = rest.firstIndex(of: "$") {
            rest = rest[rest.index(after: dollar)...]
            let braced = rest.hasPrefix("{")
            let word = (braced ? rest.dropFirst() : rest).prefix {
                $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber))
            }
            if word == name { return true }
        }
        return false
    }

    private static func shortened(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 60 ? trimmed.prefix(57) + "..." : trimmed
    }
}

extension FileKind {
    /// Kinds whose commands are shell text that sets and uses shell variables across lines.
    var runsShellText: Bool {
        switch self {
        case .shellScript, .githubWorkflow, .githubAction, .gitlabCI, .azurePipelines, .jenkinsfile: true
        case .makefile, .dockerfile, .packageJSON, .preCommitConfig: false
        }
    }
}
