/// Tells an Azure Pipelines definition or template from other YAML by its top-level shape, for files whose name
/// says nothing (`eng/pipelines/build.yml`, `.vsts-ci.yml`).
///
/// Only a shape Azure alone has counts: `steps` as a list of step mappings (`script`, `task`, `template`…),
/// `jobs` as a list of `job`/`deployment`/`template` mappings, `stages` as a list of `stage`/`template`
/// mappings, or `extends` naming a `template`. A GitHub workflow's `jobs` is a mapping, GitLab's `stages` a
/// list of names; Kubernetes manifests and Compose files have none of these keys, and any file with their keys
/// (`apiVersion`, `kind`, `services`) or a workflow's `on` is left alone.
enum AzurePipelineShape {
    private static let stepKeys: Set<String> = [
        "script", "bash", "pwsh", "powershell", "task", "template", "checkout", "download", "downloadBuild",
        "publish", "getPackage", "reviewApp",
    ]
    private static let foreignKeys: Set<String> = ["apiVersion", "kind", "services", "on", "version"]

    static func matches(_ text: String) -> Bool {
        guard let roots = try? PipelineDocument.roots(of: text),
            let root = roots.first(where: { $0.pairs != nil }), let pairs = root.pairs
        else { return false }
        let keys = Set(pairs.compactMap(\.key.string))
        guard keys.isDisjoint(with: foreignKeys) else { return false }
        if let extends = root["extends"], extends["template"]?.string != nil { return true }
        return isList(root["steps"], of: stepKeys) || isList(root["jobs"], of: ["job", "deployment", "template"])
            || isList(root["stages"], of: ["stage", "template"])
    }

    /// A non-empty list whose every item is a mapping with one of these keys.
    private static func isList(_ node: PipelineNode?, of keys: Set<String>) -> Bool {
        guard case .sequence(let items)? = node?.content, !items.isEmpty else { return false }
        return items.allSatisfy { item in
            item.pairs?.contains { keys.contains($0.key.string ?? "") } == true
        }
    }
}

extension FileKind {
    /// The kind a YAML file's content shows when its path names none: an Azure Pipelines definition.
    public static func fromYAMLContent(_ content: [UInt8]) -> FileKind? {
        AzurePipelineShape.matches(String(decoding: content, as: UTF8.self)) ? .azurePipelines : nil
    }

    /// Whether the path's name ends as YAML does.
    public static func isYAML(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
    }
}
