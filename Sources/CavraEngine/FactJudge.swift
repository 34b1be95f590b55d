import CavraClassify
import CavraModel
import CavraPolicy

/// Turns a change set into facts and asks policy about each one.
struct FactJudge {
    let policy: PolicySet
    let reader: any ChangeContentReader

    func findings(for changeSet: ChangeSet) throws -> [Finding] {
        var findings: [Finding] = []
        var links: [Change] = []
        var pipelines: [NewSide: PipelineFiles] = [:]
        var references: PipelineFiles.ReferenceCache = [:]
        for change in changeSet.changes {
            guard !change.newMode.isSymlink || change.status == .deleted else {
                links.append(change)
                continue
            }
            let side = change.commit.map(NewSide.commit) ?? changeSet.range.newSide
            if pipelines[side] == nil {
                let files = try PipelineFiles(reader: reader, side: side, cache: &references)
                pipelines[side] = files
                findings += files.problems.compactMap(decide)
            }
            let path = change.path.shape
            let named = FileKind(path: path) == nil ? pipelines[side]?.named(path) : nil
            var kinds = try kinds(of: change, readAs: [path])
            if let named, !kinds.contains(named.kind), change.status != .deleted, !change.newMode.isSubmodule {
                kinds.insert(named.kind, at: 0)
            }
            findings +=
                pathFinding(for: change, readAs: named.map { ($0.kind, $0.why) } ?? Self.byContent(kinds))
                .map { [$0] } ?? []
            if !kinds.isEmpty {
                findings += try commandFindings(
                    of: change, kinds: kinds, lineChanges: reader.lineChanges(of: change))
            }
        }
        // Links last: a command the change adds directly keeps that finding, not the one read through a link.
        findings += try SymlinkJudge.findings(links: links, in: changeSet, judge: self)
        return Self.deduplicated(findings)
    }

    /// The decisive finding on a changed path, the guard on the repository's own policy included.
    func pathFinding(for change: Change) -> Finding? {
        let decided = policy.decide(.path(change))
        return Self.policyChangeFinding(for: change, decided: decided) ?? decided
    }

    /// The folder whose path rules protect a platform's CI files, where a CI file found elsewhere is judged too.
    static let protectedFolders: [FileKind: String] = [
        .githubWorkflow: ".github/workflows/", .githubAction: ".github/actions/", .gitlabCI: ".gitlab/",
        .azurePipelines: ".azure-pipelines/",
    ]

    /// The path finding of a file that is CI configuration although its path does not say so: the strongest of
    /// its own and of the same file in its platform's CI folder, so path rules protect it as CI configuration.
    func pathFinding(for change: Change, readAs ci: (kind: FileKind, why: String)?) -> Finding? {
        guard let ci, let folder = Self.protectedFolders[ci.kind] else { return pathFinding(for: change) }
        return strongestPathFinding(change, paths: [(folder + change.path.shape, "judged as a CI file: \(ci.why)")])
    }

    /// A CI kind the content of a file showed when its name shows none.
    static func byContent(_ kinds: [FileKind]) -> (kind: FileKind, why: String)? {
        kinds.contains(.azurePipelines) ? (.azurePipelines, "its content is an Azure Pipelines definition") : nil
    }

    /// One path finding for a change: the strongest of its own and of every path it stands for.
    func strongestPathFinding(_ change: Change, paths: [(path: String, why: String)]) -> Finding? {
        var candidates = [pathFinding(for: change)].compactMap { $0 }
        for (path, why) in paths {
            var view = change
            view.path = GitPath(path)
            view.oldPath = nil
            guard var finding = pathFinding(for: view) else { continue }
            finding.path = change.path.description
            finding.oldPath = change.oldPath?.description
            finding.reason += " (\(why))"
            candidates.append(finding)
        }
        return candidates.min(by: Finding.precedes)
    }

    /// A file larger than this whose path names no kind is not sniffed for a `#!` line, unless it is executable.
    static let largestSniffedFile = 1 << 20

    /// The kinds whose commands the change's new content holds, read as the file each path names, else as its
    /// `#!` line says whatever its name (`bin/deploy.prod`), or for YAML as its content shows (an Azure Pipelines
    /// definition in `eng/pipelines/`); only a file's first bytes, or a YAML file of at most a megabyte, are read.
    func kinds(of change: Change, readAs paths: [String]) throws -> [FileKind] {
        guard change.status != .deleted, !change.newMode.isSubmodule, !change.newMode.isSymlink else { return [] }
        var kinds: [FileKind] = []
        for path in paths {
            if let kind = FileKind(path: path) {
                if !kinds.contains(kind) { kinds.append(kind) }
            } else if FileKind.isYAML(path) {
                if let content = try reader.newContentStart(
                    of: change, count: Self.largestSniffedFile, ifAtMost: Self.largestSniffedFile),
                    let kind = FileKind.fromYAMLContent(content), !kinds.contains(kind)
                {
                    kinds.append(kind)
                }
            } else if let start = try reader.newContentStart(of: change, count: 256, ifAtMost: Self.largestSniffedFile),
                let kind = FileKind.fromShebang(start), !kinds.contains(kind)
            {
                kinds.append(kind)
            }
        }
        return kinds
    }

    /// Findings on the commands of the change's new content, read as each kind, whose meaning the line changes
    /// can alter.
    func commandFindings(of change: Change, kinds: [FileKind], lineChanges: LineChanges) throws -> [Finding] {
        guard let content = try reader.newContent(of: change) else { return [] }
        return kinds.flatMap { kind in
            CommandExtractor().facts(
                kind: kind, path: change.path.description, content: content, lineChanges: lineChanges,
                commit: change.commit)
        }
        .compactMap(decide)
    }

    /// The policy's finding on a fact; a command judged although the change did not add it says why.
    func decide(_ fact: Fact) -> Finding? {
        guard var finding = policy.decide(fact) else { return nil }
        if case .command(let command) = fact, let why = command.judgedBecause {
            finding.reason += " (\(why))"
        }
        return finding
    }

    /// A command or path judged for two reasons (read as two kinds, or through a link and as itself) is one
    /// finding: the first, which is on an added line when one is.
    static func deduplicated(_ findings: [Finding]) -> [Finding] {
        var seen: Set<String> = []
        return findings.filter { finding in
            let key = [
                finding.kind.rawValue, finding.ruleID, finding.path ?? "", finding.line.map(String.init) ?? "",
                finding.command ?? "", finding.commit ?? "",
            ]
            return seen.insert(key.joined(separator: "\u{0}")).inserted
        }
    }

    /// A change to the repository's own policy must never pass unseen, whatever the policy in force says about it.
    static func policyChangeFinding(for change: Change, decided: Finding?) -> Finding? {
        // Approval records are evidence, not policy: each is reported as applied or ignored instead.
        let isPolicy = { (path: GitPath) in
            path.hasPrefix(Gate.repositoryPolicyFolder) && !path.hasPrefix(ApprovalEvidence.recordFolder + "/")
        }
        guard change.judgedPaths.contains(where: isPolicy) else { return nil }
        let rule = BuiltInRules.rule(.policyChange)
        if let decided, decided.decision >= rule.decision { return nil }
        var finding = rule.finding(
            kind: .path, subject: change.path.description, content: change.newBlob ?? "deleted",
            path: change.path.description, commit: change.commit, reason: rule.reason)
        finding.oldPath = change.oldPath?.description
        return finding
    }
}

extension CompareRange {
    /// Where the range's new side lives: the head commit, or the staged index.
    var newSide: NewSide {
        if mode == .staged { return .index }
        return head.map(NewSide.commit) ?? .index
    }
}
