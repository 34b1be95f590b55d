import CavraModel
import Yams

/// The commands of CI definitions written in YAML: GitHub `run:`/`uses:`, GitLab `script`/`before_script`/
/// `after_script`, Azure `script`/`bash`/`pwsh`/`powershell` and task `inputs.script`, pre-commit local hooks'
/// `entry`.
struct PipelineYAML {
    let kind: FileKind

    private var scriptKeys: Set<String> {
        switch kind {
        case .githubWorkflow, .githubAction: ["run"]
        case .gitlabCI: ["script", "before_script", "after_script"]
        case .azurePipelines: ["script", "bash", "pwsh", "powershell", "inlineScript"]
        case .preCommitConfig: ["entry"]
        default: []
        }
    }

    func facts(in file: SourceFile) -> [Fact] {
        // The parser owns the anchors its nodes refer to (weakly), so it must outlive the walk.
        let parser: Parser
        let root: Node
        do {
            parser = try Parser(yaml: file.text, resolver: .basic)
            guard let node = try parser.singleRoot() else { return [] }
            root = node
        } catch let error as YamlError {
            let (line, column, problem) = Self.position(of: error)
            return [file.parseProblem(line: line, column: column, "invalid YAML: \(problem)")]
        } catch {
            return [file.parseProblem(line: nil, column: nil, "invalid YAML: \(error)")]
        }
        var walk = CommandWalk(
            kind: kind, scriptKeys: scriptKeys, root: root, aliased: Self.aliases(onAddedLinesOf: file))
        withExtendedLifetime(parser) { walk.walk(root, in: file) }
        // An alias, `extends` or `!reference` walks the same text again; the same command is still one fact.
        var seen: Set<Fact> = []
        return walk.facts.filter { seen.insert($0).inserted }
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

    static func action(_ scalar: Node.Scalar, file: SourceFile) -> Fact? {
        guard let line = scalar.mark?.line, file.addedLines.contains(line) else { return nil }
        let reference = scalar.string
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

    static func position(of error: YamlError) -> (Int?, Int?, String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return (mark.line, mark.column, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, context.mark.column, "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return (nil, nil, "\(error)")
        }
    }
}

/// Walks a CI definition for the commands it runs, judging as added everything an added line brings in from
/// elsewhere in the file: an alias's anchor, GitLab's `extends` templates and `!reference` targets.
private struct CommandWalk {
    let kind: FileKind
    let scriptKeys: Set<String>
    let root: Node
    let aliased: Set<String>
    var facts: [Fact] = []
    /// Templates already brought in by `extends`, against cycles.
    private var extended: Set<String> = []

    init(kind: FileKind, scriptKeys: Set<String>, root: Node, aliased: Set<String>) {
        self.kind = kind
        self.scriptKeys = scriptKeys
        self.root = root
        self.aliased = aliased
    }

    mutating func walk(_ node: Node, in file: SourceFile) {
        let file = adjusted(file, for: node)
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                let name = key.scalar?.string ?? ""
                if scriptKeys.contains(name) {
                    scripts(in: value, file: file, interpreter: interpreter(of: name, in: mapping))
                } else if name == "uses", kind == .githubWorkflow || kind == .githubAction, let scalar = value.scalar {
                    if let action = PipelineYAML.action(scalar, file: file) { facts.append(action) }
                } else if name == "extends", kind == .gitlabCI {
                    extends(value, at: key.mark?.line, in: file)
                } else {
                    walk(value, in: file)
                }
            }
        case .sequence(let sequence):
            for item in sequence { walk(item, in: file) }
        case .scalar, .alias:
            break
        }
    }

    /// A script is a string, or (GitLab) a list of strings, possibly nested by `!reference`.
    /// The program other than a POSIX shell that runs a script: a GitHub step's `shell: python` (or `pwsh`,
    /// `perl {0}`), an Azure `pwsh:` or `powershell:` step.
    private func interpreter(of key: String, in mapping: Node.Mapping) -> String? {
        if kind == .azurePipelines { return key == "pwsh" || key == "powershell" ? "pwsh" : nil }
        guard kind == .githubWorkflow || kind == .githubAction,
            let shell = mapping["shell"]?.scalar?.string.split(separator: " ").first.map(String.init),
            !["bash", "sh"].contains(shell)
        else { return nil }
        return shell
    }

    private mutating func scripts(in node: Node, file: SourceFile, interpreter: String? = nil) {
        let file = adjusted(file, for: node)
        switch node {
        case .scalar(let scalar):
            guard let mark = scalar.mark else { return }
            // A block scalar (`|`, `>`) starts on the line after its indicator.
            let isBlock = scalar.style == .literal || scalar.style == .folded
            let firstLine = isBlock ? mark.line + 1 : mark.line
            let parsed =
                interpreter.map { ShellParser.parse(code: scalar.string, interpreter: $0, firstLine: firstLine) }
                ?? ShellParser.parse(scalar.string, firstLine: firstLine)
            facts += file.shellFacts(parsed)
        case .sequence(let sequence) where node.tag.rawValue == "!reference":
            // `!reference [.setup, script]` runs the script found at that path of the file.
            guard let line = sequence.mark?.line, file.addedLines.contains(line) else { return }
            let path = sequence.compactMap { $0.scalar?.string }
            if let target = Self.node(at: path, in: root) { scripts(in: target, file: file.judgingEveryLine()) }
        case .sequence(let sequence):
            for item in sequence { scripts(in: item, file: file, interpreter: interpreter) }
        case .mapping, .alias:
            walk(node, in: file)
        }
    }

    /// `extends: .template` (or a list) added to a job brings the templates' scripts into it.
    private mutating func extends(_ value: Node, at line: Int?, in file: SourceFile) {
        let items = value.sequence.map(Array.init) ?? [value]
        let lines = [line] + items.map { $0.mark?.line }
        guard lines.contains(where: { $0.map(file.addedLines.contains) == true }) else { return }
        let names = items.compactMap { $0.scalar?.string }
        for name in names where extended.insert(name).inserted {
            if let template = Self.node(at: [name], in: root) { walk(template, in: file.judgingEveryLine()) }
        }
    }

    private func adjusted(_ file: SourceFile, for node: Node) -> SourceFile {
        node.anchor.map { aliased.contains($0.rawValue) } == true ? file.judgingEveryLine() : file
    }

    private static func node(at path: [String], in root: Node) -> Node? {
        path.reduce(Optional(root)) { node, key in node?.mapping?[key] }
    }
}
