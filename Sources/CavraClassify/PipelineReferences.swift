import Foundation

/// A file a CI definition makes part of its pipeline: a GitLab `include: local:`, an Azure `template:`, a
/// GitHub local action (`uses: ./tools/setup`) or reusable workflow (`uses: ./.github/workflows/build.yml`).
public struct PipelineReference: Sendable, Hashable {
    /// The repository path, without a leading `/`; a GitLab include may hold wildcards (`configs/*.yml`).
    public var path: String
    /// How the platform reads the file named.
    public var kind: FileKind
    /// Where the reference is written.
    public var line: Int

    public var hasWildcard: Bool { path.contains("*") || path.contains("?") || path.contains("[") }
}

public enum PipelineReferences {
    /// The files a CI definition at `path` refers to, as its platform resolves them. Text the gate cannot read
    /// refers to nothing; the file's own findings say it is unreadable.
    public static func references(kind: FileKind, path: String, content: [UInt8]) -> [PipelineReference] {
        guard let roots = try? PipelineDocument.roots(of: String(decoding: content, as: UTF8.self)) else {
            return []
        }
        var found: [PipelineReference] = []
        for root in roots {
            switch kind {
            case .gitlabCI: found += gitlab(root)
            case .azurePipelines: found += azure(root, folder: folder(of: path))
            case .githubWorkflow, .githubAction: found += github(root)
            default: break
            }
        }
        return found
    }

    private static func folder(of path: String) -> String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// `include: path`, `include: [path, …]`, `include: {local: path}` and `- local: path`; URLs, projects,
    /// templates and components live elsewhere.
    private static func gitlab(_ root: PipelineNode) -> [PipelineReference] {
        guard let include = root["include"] else { return [] }
        let items: [PipelineNode]
        if case .sequence(let list) = include.content { items = list } else { items = [include] }
        return items.compactMap { item in
            let node = item.string != nil ? item : item["local"]
            guard let node, let text = node.string, !PipelineRisks.isURL(text), !text.contains("$") else { return nil }
            return normalized(text, in: "").map { PipelineReference(path: $0, kind: .gitlabCI, line: node.line) }
        }
    }

    /// Every `template:` of steps, jobs, stages, variables and `extends`, relative to the referring file unless
    /// it starts with `/`; `@self` is this repository, any other `@` another one.
    private static func azure(_ root: PipelineNode, folder: String) -> [PipelineReference] {
        var found: [PipelineReference] = []
        visit(root) { key, value in
            guard key == "template", var text = value.string, !text.contains("$("), !text.contains("${{") else {
                return
            }
            if let at = text.lastIndex(of: "@") {
                guard text[text.index(after: at)...] == "self" else { return }
                text = String(text[..<at])
            }
            if let path = normalized(text, in: folder) {
                found.append(PipelineReference(path: path, kind: .azurePipelines, line: value.line))
            }
        }
        return found
    }

    /// `uses: ./path` names a reusable workflow when it is a YAML file, else a folder holding `action.yml` or
    /// `action.yaml`; both are relative to the repository's root.
    private static func github(_ root: PipelineNode) -> [PipelineReference] {
        var found: [PipelineReference] = []
        visit(root) { key, value in
            guard key == "uses", let text = value.string, text.hasPrefix("./"), let path = normalized(text, in: "")
            else { return }
            if FileKind.isYAML(path) {
                found.append(PipelineReference(path: path, kind: .githubWorkflow, line: value.line))
            } else {
                for name in ["action.yml", "action.yaml"] {
                    let file = path.isEmpty ? name : path + "/" + name
                    found.append(PipelineReference(path: file, kind: .githubAction, line: value.line))
                }
            }
        }
        return found
    }

    /// Calls `body` with every key and value of every mapping, each node once however many aliases reach it.
    private static func visit(_ root: PipelineNode, _ body: (String, PipelineNode) -> Void) {
        var seen: Set<ObjectIdentifier> = []
        var pending = [root]
        while let node = pending.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            switch node.content {
            case .mapping(let pairs):
                for (key, value) in pairs {
                    if let name = key.string { body(name, value) }
                    pending.append(value)
                }
            case .sequence(let items):
                pending += items
            case .scalar:
                break
            }
        }
    }

    /// The repository path `text` names from `folder`: `/` starts at the root, `.` and `..` are resolved; nil
    /// when it climbs out of the repository or names nothing.
    static func normalized(_ text: String, in folder: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var parts = trimmed.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for part in trimmed.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard parts.popLast() != nil else { return nil }
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty && !trimmed.hasPrefix("./") ? nil : parts.joined(separator: "/")
    }
}
