import CavraModel

/// The settings of a CI definition that are risks in themselves (`PipelineRisk`), on the lines a change added.
struct PipelineRisks {
    let kind: FileKind
    let file: SourceFile

    func facts(in roots: [PipelineNode]) -> [Fact] {
        var found: [Fact] = []
        for root in roots where root.pairs != nil {
            switch kind {
            case .githubWorkflow: found += workflow(root)
            case .githubAction: found += steps(root["runs"]?["steps"], pullRequestTarget: nil)
            case .gitlabCI: found += gitlab(root)
            default: break
            }
        }
        return found
    }

    private func fact(_ risk: PipelineRisk, at node: PipelineNode, judgedBy lines: [Int] = []) -> [Fact] {
        guard ([node.line] + lines).contains(where: file.addedLines.contains) else { return [] }
        return [
            .risk(
                PipelineRiskFact(
                    risk: risk, path: file.path, line: node.line, text: file.line(node.line), commit: file.commit))
        ]
    }

    private func workflow(_ root: PipelineNode) -> [Fact] {
        let trigger = Self.pullRequestTarget(in: root["on"])
        var found = writeAll(root["permissions"])
        for (_, job) in root["jobs"]?.pairs ?? [] {
            found += writeAll(job["permissions"])
            if let secrets = job["secrets"], secrets.string == "inherit", let uses = job["uses"]?.string,
                !PipelineYAML.isPinned(uses)
            {
                found += fact(.inheritedSecretsUnpinned, at: secrets, judgedBy: [job["uses"]!.line])
            }
            found += steps(job["steps"], pullRequestTarget: trigger)
        }
        return found
    }

    private func writeAll(_ permissions: PipelineNode?) -> [Fact] {
        guard let permissions, permissions.string == "write-all" else { return [] }
        return fact(.writeAllPermissions, at: permissions)
    }

    /// `trigger` is the node naming `pull_request_target` when the workflow runs on it.
    private func steps(_ steps: PipelineNode?, pullRequestTarget trigger: PipelineNode?) -> [Fact] {
        guard case .sequence(let items)? = steps?.content else { return [] }
        var found: [Fact] = []
        for step in items {
            guard let uses = step["uses"], let reference = uses.string else { continue }
            if reference.hasPrefix("docker://"), !reference.contains("@sha256:") {
                found += fact(.dockerActionUnpinned, at: uses)
            }
            guard let trigger, reference.lowercased().hasPrefix("actions/checkout@") else { continue }
            for key in ["ref", "repository"] {
                if let value = step["with"]?[key], Self.namesPullRequestHead(value.string ?? "") {
                    found += fact(.pullRequestTargetCheckout, at: value, judgedBy: [uses.line, trigger.line])
                }
            }
        }
        return found
    }

    /// `on: pull_request_target`, in a list, or as a key with its filters.
    static func pullRequestTarget(in on: PipelineNode?) -> PipelineNode? {
        guard let on else { return nil }
        switch on.content {
        case .scalar(let text, _): return text == "pull_request_target" ? on : nil
        case .sequence(let items): return items.first { $0.string == "pull_request_target" }
        case .mapping(let pairs): return pairs.first { $0.key.string == "pull_request_target" }?.key
        }
    }

    /// Expressions that name the pull request's own code rather than the base's.
    static func namesPullRequestHead(_ value: String) -> Bool {
        let text = String(value.lowercased().filter { $0 != " " })
        return [
            "github.event.pull_request.head.", "github.head_ref", "refs/pull/", "github.event.pull_request.number",
            "github.event.number", "github.event.pull_request.merge_commit_sha",
        ].contains(where: text.contains)
    }

    private func gitlab(_ root: PipelineNode) -> [Fact] {
        var found: [Fact] = []
        if let include = root["include"] {
            let items: [PipelineNode]
            if case .sequence(let list) = include.content { items = list } else { items = [include] }
            for item in items {
                if let text = item.string, Self.isURL(text) {
                    found += fact(.gitlabRemoteInclude, at: item)
                } else if let remote = item["remote"] {
                    found += fact(.gitlabRemoteInclude, at: remote)
                }
            }
        }
        // Any job, and `default:`, may carry hooks.
        for (_, job) in root.pairs ?? [] {
            if let hook = job["hooks"]?.pairs?.last(where: { $0.key.string == "pre_get_sources_script" }) {
                found += fact(.gitlabPreGetSourcesHook, at: hook.key, judgedBy: [hook.value.line])
            }
        }
        return found
    }

    static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }
}
