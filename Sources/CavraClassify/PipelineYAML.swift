import CavraModel

/// The commands of CI definitions written in YAML: GitHub `run:`/`uses:`, GitLab `script`/`before_script`/
/// `after_script`, Azure `script`/`bash`/`pwsh`/`powershell` and task `inputs.script`/`inlineScript`/`Inline`
/// (read as PowerShell for PowerShell tasks), pre-commit local hooks' `entry`.
struct PipelineYAML {
    let kind: FileKind

    private var scriptKeys: Set<String> {
        switch kind {
        case .githubWorkflow, .githubAction: ["run"]
        case .gitlabCI: ["script", "before_script", "after_script"]
        case .azurePipelines: ["script", "bash", "pwsh", "powershell", "inlineScript", "Inline"]
        case .preCommitConfig: ["entry"]
        default: []
        }
    }

    func facts(in file: SourceFile) -> [Fact] {
        let roots: [PipelineNode]
        do {
            roots = try PipelineDocument.roots(of: file.text)
        } catch {
            return [file.parseProblem(line: error.line, column: error.column, "invalid YAML: \(error.problem)")]
        }
        var walk = CommandWalk(kind: kind, scriptKeys: scriptKeys, aliased: Self.aliases(onAddedLinesOf: file))
        // GitLab's `spec:` header is a document of its own before the configuration; every document is read.
        for root in roots {
            walk.root = root
            walk.walk(root, in: file)
        }
        // An alias, `extends` or `!reference` walks the same text again; the same command is still one fact.
        var seen: Set<Fact> = []
        return (walk.facts + PipelineRisks(kind: kind, file: file).facts(in: roots)).filter { seen.insert($0).inserted }
    }

    /// The anchors that added lines refer to (`script: *deploy`, `<<: *job`, `- *setup`). Composing replaces an
    /// alias with the anchored node and its position, so without this a new job reusing an old anchor would
    /// look like no added command at all.
    static func aliases(onAddedLinesOf file: SourceFile) -> Set<String> {
        var names: Set<String> = []
        for number in file.addedLines where number >= 1 && number <= file.lines.count {
            let line = Array(file.lines[number - 1])
            for (position, character) in line.enumerated() where character == "*" {
                // An alias starts a node: at the start of the line or after `:`, `-`, `[`, `{` or `,`.
                let before = line[..<position].last { $0 != " " && $0 != "\t" }
                guard before == nil || [":", "-", "[", "{", ","].contains(before!) else { continue }
                let name = line[(position + 1)...].prefix { !" \t,[]{}#".contains($0) }
                if !name.isEmpty { names.insert(String(name)) }
            }
        }
        return names
    }

    static func action(_ scalar: PipelineNode, file: SourceFile) -> Fact? {
        let line = scalar.line
        guard file.addedLines.contains(line), let reference = scalar.string else { return nil }
        return .action(
            ActionFact(
                reference: reference, path: file.path, line: line, isPinned: Self.isPinned(reference),
                commit: file.commit))
    }

    /// Local actions, digests and full 40-hex commit ids cannot change under a reviewed reference.
    static func isPinned(_ reference: String) -> Bool {
        if reference.hasPrefix("./") { return true }
        if reference.hasPrefix("docker://") { return reference.contains("@sha256:") }
        guard let at = reference.lastIndex(of: "@") else { return false }
        let version = reference[reference.index(after: at)...]
        return version.count == 40 && version.allSatisfy(\.isHexDigit)
    }
}

/// Walks a CI definition for the commands it runs, judging as added everything an added line brings in from
/// elsewhere in the file: an alias's anchor, GitLab's `extends` templates and `!reference` targets.
private struct CommandWalk {
    let kind: FileKind
    let scriptKeys: Set<String>
    let aliased: Set<String>
    /// The document being walked, where `extends` and `!reference` look their targets up.
    var root: PipelineNode?
    var facts: [Fact] = []
    /// The shell of the Azure task whose `inputs` are being walked, when it is not a POSIX shell.
    private var taskShell: String?
    /// Templates already brought in by `extends`, against cycles.
    private var extended: Set<String> = []
    /// Nodes already walked, each under the lines it was judged by: an alias is the anchored node itself, so
    /// aliases nested in aliases are walked once each rather than once per path to them.
    private var walked: Set<Visit> = []

    private struct Visit: Hashable {
        let node: ObjectIdentifier
        let everyLine: Bool
        /// A scalar walked past as data is still read when a script key names it.
        let asScriptOf: String?
    }

    init(kind: FileKind, scriptKeys: Set<String>, aliased: Set<String>) {
        self.kind = kind
        self.scriptKeys = scriptKeys
        self.aliased = aliased
    }

    private mutating func firstVisit(_ node: PipelineNode, _ file: SourceFile, asScriptOf program: String? = nil)
        -> Bool
    {
        walked.insert(Visit(node: ObjectIdentifier(node), everyLine: file.judgesEveryLine, asScriptOf: program))
            .inserted
    }

    mutating func walk(_ node: PipelineNode, in file: SourceFile) {
        let file = adjusted(file, for: node)
        guard firstVisit(node, file) else { return }
        switch node.content {
        case .mapping(let pairs):
            for (key, value) in pairs {
                let name = key.string ?? ""
                if scriptKeys.contains(name) {
                    scripts(in: value, file: file, interpreter: interpreter(of: name, in: node))
                } else if name == "uses", kind == .githubWorkflow || kind == .githubAction, value.string != nil {
                    if let action = PipelineYAML.action(value, file: file) { facts.append(action) }
                } else if name == "extends", kind == .gitlabCI {
                    extends(value, at: key.line, in: file)
                } else if name == "inputs", kind == .azurePipelines, let shell = Self.taskShell(of: node) {
                    let outer = taskShell
                    taskShell = shell
                    walk(value, in: file)
                    taskShell = outer
                } else {
                    walk(value, in: file)
                }
            }
        case .sequence(let items):
            for item in items { walk(item, in: file) }
        case .scalar:
            break
        }
    }

    /// The program other than a POSIX shell that runs a script: a GitHub step's `shell: python` (or `pwsh`,
    /// `perl {0}`), an Azure `pwsh:` or `powershell:` step.
    private func interpreter(of key: String, in mapping: PipelineNode) -> String? {
        if kind == .azurePipelines { return key == "pwsh" || key == "powershell" ? "pwsh" : taskShell }
        guard kind == .githubWorkflow || kind == .githubAction,
            let shell = mapping["shell"]?.string?.split(separator: " ").first.map(String.init),
            !["bash", "sh"].contains(shell)
        else { return nil }
        return shell
    }

    /// A script that names no shell runs in the runner's: a POSIX shell on Linux, PowerShell on Windows (GitLab's
    /// Windows executors, a GitHub job on `windows-latest`). Text only PowerShell can read (a backtick ending a
    /// line, `"C:\dir\"`) is read as PowerShell; anything a POSIX shell can read is read as shell, and text
    /// neither reads stays the shell's parse problem.
    static func undeclaredShellReading(of text: String, firstLine: Int) -> ShellParser.Result {
        let shell = ShellParser.parse(text, firstLine: firstLine)
        guard !shell.problems.isEmpty else { return shell }
        let powerShell = ShellParser.parse(code: text, interpreter: "pwsh", firstLine: firstLine)
        return powerShell.problems.isEmpty ? powerShell : shell
    }

    /// A script is a string, or (GitLab) a list of strings, possibly nested by `!reference`.
    private mutating func scripts(in node: PipelineNode, file: SourceFile, interpreter: String? = nil) {
        let file = adjusted(file, for: node)
        if node.pairs == nil, !firstVisit(node, file, asScriptOf: interpreter ?? "sh") { return }
        switch node.content {
        case .scalar(let text, let style):
            // A block scalar (`|`, `>`) starts on the line after its indicator, one file line per text line. A
            // quoted or plain scalar's text lines are not file lines (`"a\nb"` is two commands on one line), so
            // the whole scalar is judged as the lines it spans.
            let firstLine = style.isBlock ? node.line + 1 : node.line
            let parsed =
                interpreter.map { ShellParser.parse(code: text, interpreter: $0, firstLine: firstLine) }
                ?? Self.undeclaredShellReading(of: text, firstLine: firstLine)
            let unit = style.isBlock ? nil : file.judgement(of: node.line...max(node.line, node.endLine))
            facts += file.shellFacts(parsed, unit: unit)
        case .sequence(let items) where node.tag == "!reference":
            // `!reference [.setup, script]` runs the script found at that path of the file.
            guard file.addedLines.contains(node.line) else { return }
            let path = items.compactMap(\.string)
            if let target = Self.node(at: path, in: root) { scripts(in: target, file: file.judgingEveryLine()) }
        case .sequence(let items):
            for item in items { scripts(in: item, file: file, interpreter: interpreter) }
        case .mapping:
            walk(node, in: file)
        }
    }

    /// `extends: .template` (or a list) added to a job brings the templates' scripts into it.
    private mutating func extends(_ value: PipelineNode, at line: Int, in file: SourceFile) {
        let items: [PipelineNode]
        if case .sequence(let list) = value.content { items = list } else { items = [value] }
        let lines = [line] + items.map(\.line)
        guard lines.contains(where: file.addedLines.contains) else { return }
        for name in items.compactMap(\.string) where extended.insert(name).inserted {
            if let template = Self.node(at: [name], in: root) { walk(template, in: file.judgingEveryLine()) }
        }
    }

    /// The program an Azure task runs its inline script with, when that is PowerShell: `PowerShell@2`,
    /// `AzurePowerShell@5`, and `AzureCLI@2` with `scriptType: ps` or `pscore`. Reading PowerShell as POSIX shell
    /// would misread its quotes and backticks.
    private static func taskShell(of step: PipelineNode) -> String? {
        guard let task = step["task"]?.string?.lowercased() else { return nil }
        if task.hasPrefix("powershell@") || task.hasPrefix("azurepowershell@") { return "pwsh" }
        if task.hasPrefix("azurecli@"), let type = step["inputs"]?["scriptType"]?.string?.lowercased(),
            type == "ps" || type == "pscore"
        {
            return "pwsh"
        }
        return nil
    }

    private func adjusted(_ file: SourceFile, for node: PipelineNode) -> SourceFile {
        node.anchor.map { aliased.contains($0) } == true ? file.judgingEveryLine() : file
    }

    private static func node(at path: [String], in root: PipelineNode?) -> PipelineNode? {
        path.reduce(root) { node, key in node?[key] }
    }
}
