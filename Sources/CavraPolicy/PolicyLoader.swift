import CavraModel
import Foundation

/// Loads a pack and the packs it extends into one `Policy`.
public struct PolicyLoader: Sendable {
    public let catalog: PolicyCatalog
    /// Off only where the compiled bundle is checked against the YAML it was generated from.
    var readsCompiledBundle = true

    public init(catalog: PolicyCatalog) {
        self.catalog = catalog
    }

    /// A pack file, a `<dir>/<id>` folder, or the id of a bundled pack or of one in the catalog's folders.
    public func load(_ reference: String) throws -> Policy {
        if let item = try catalog.files.item(at: reference) {
            let file = item == .folder ? "\(reference)/policy.yaml" : reference
            return try load(yaml: catalog.files.text(at: file), sourceName: file)
        }
        if Self.isPath(reference) {
            throw PolicyError(
                "cannot read policy file \(reference): it does not exist; check the path, or name a bundled pack (see cavra-gate policy list)"
            )
        }
        guard let (text, source) = try catalog.packText(id: reference) else {
            throw PolicyError(
                "no policy pack named '\(reference)': it is not a file, a bundled pack or a pack in --policy-dir/CAVRA_POLICY_DIR; see cavra-gate policy list"
            )
        }
        return try load(yaml: text, sourceName: source)
    }

    /// A pack given as text (read from a git revision, say); `sourceName` is what error positions name.
    public func load(yaml: String, sourceName: String) throws -> Policy {
        let root = try pack(yaml, source: sourceName)
        let ordered = try closure(of: root)
        var policy = try merge(ordered)
        // Each pack's own closure is compiled too, so a signature on a parent covers what that parent means alone.
        policy.packFiles = try ordered.map { entry in
            let ancestors = Self.ancestors(of: entry.pack, in: ordered.map(\.pack))
            let digest =
                entry.pack.id == root.pack.id
                ? policy.digest : try merge(ordered.filter { ancestors.contains($0.pack.id) }).digest
            return PackFile(id: entry.pack.id, source: entry.pack.source, text: entry.text, closureDigest: digest)
        }
        policy.notes = ordered.flatMap(\.pack.notes)
        return policy
    }

    /// A pack read from its text, or taken compiled when the text is exactly that of a bundled pack.
    private func pack(_ text: String, source: String) throws -> ReadPack {
        if readsCompiledBundle, let compiled = try CompiledBundle.pack(text: text, source: source) {
            return ReadPack(pack: compiled, text: text, isCompiled: true)
        }
        return ReadPack(pack: try PolicyPack(yaml: text, source: source), text: text, isCompiled: false)
    }

    /// The packs of `closure` (parents first, the root last) merged into one policy named after the last. A closure
    /// of compiled bundled packs only takes the digest generated with them.
    private func merge(_ closure: [ReadPack]) throws -> Policy {
        let ordered = closure.map(\.pack)
        let root = ordered[ordered.count - 1]
        var rules: [String: PolicyRule] = [:]
        var runner = RunnerPolicy.unrestricted
        var approvals = ApprovalPolicy.unrestricted
        for pack in ordered {
            if let section = pack.runner { runner = try runner.adding(section, from: pack.id) }
            if let section = pack.approvals { approvals = try approvals.adding(section, from: pack.id) }
            for declared in pack.rules {
                try Self.check(declared, replacing: rules[declared.rule.id], in: pack)
                rules[declared.rule.id] = declared.rule
            }
        }
        return Policy(
            id: root.id, title: root.title, version: root.version,
            packs: ordered.map { "\($0.id)@\($0.version ?? "unversioned")" }, extends: root.extends.map(\.id),
            rules: Array(rules.values),
            defaultDecision: ordered.last { $0.defaultDecision != nil }?.defaultDecision ?? .allow,
            defaultSeverity: ordered.last { $0.defaultSeverity != nil }?.defaultSeverity ?? .low,
            source: root.source.hasPrefix(PolicyCatalog.bundledSource) ? PolicyCatalog.bundledSource : root.source,
            runner: runner, approvals: approvals,
            digest: closure.allSatisfy(\.isCompiled) ? CompiledBundle.closureDigests[root.id] : nil)
    }

    /// A pack of a closure with the text it was read from.
    private struct ReadPack {
        let pack: PolicyPack
        let text: String
        /// Taken from the compiled bundle rather than parsed.
        let isCompiled: Bool
    }

    /// The ids of `pack` and of every pack it inherits from.
    private static func ancestors(of pack: PolicyPack, in packs: [PolicyPack]) -> Set<String> {
        let byID = Dictionary(packs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var found: Set<String> = []
        var pending = [pack.id]
        while let id = pending.popLast() {
            guard found.insert(id).inserted, let current = byID[id] else { continue }
            pending += current.extends.map(\.id)
        }
        return found
    }

    /// Every pack `root` inherits from, parents before children, each once (a diamond's top appears once).
    private func closure(of root: ReadPack) throws -> [ReadPack] {
        var ordered: [ReadPack] = []
        var finished: Set<String> = []
        var path: [String] = []

        func visit(_ read: ReadPack) throws {
            let pack = read.pack
            path.append(pack.id)
            for parent in pack.extends {
                if let start = path.firstIndex(of: parent.id) {
                    let cycle = (path[start...] + [parent.id]).joined(separator: " -> ")
                    throw PolicyError(
                        "pack '\(pack.id)' extends '\(parent.id)', which closes the cycle \(cycle); remove one of these extends",
                        at: parent.location)
                }
                guard !finished.contains(parent.id) else { continue }
                guard let (parentText, source) = try catalog.packText(id: parent.id) else {
                    throw PolicyError(
                        "pack '\(pack.id)' extends '\(parent.id)', which is neither bundled nor in --policy-dir/CAVRA_POLICY_DIR",
                        at: parent.location)
                }
                let parentPack = try self.pack(parentText, source: source)
                guard parentPack.pack.id == parent.id else {
                    throw PolicyError(
                        "the pack found for '\(parent.id)' declares id '\(parentPack.pack.id)'; a pack's folder name must equal its metadata.id",
                        at: parentPack.pack.location)
                }
                try visit(parentPack)
            }
            path.removeLast()
            finished.insert(pack.id)
            ordered.append(read)
        }
        try visit(root)
        return ordered
    }

    private static func check(_ declared: PolicyPack.DeclaredRule, replacing existing: PolicyRule?, in pack: PolicyPack)
        throws
    {
        let rule = declared.rule
        guard let existing else {
            if declared.overridesParent {
                throw PolicyError(
                    "rule '\(rule.id)' says override: true, but no parent pack defines it; remove override",
                    at: rule.location)
            }
            return
        }
        guard declared.overridesParent else {
            throw PolicyError(
                "rule '\(rule.id)' is already defined by pack '\(existing.pack)' (\(existing.location)); set override: true to replace it, or choose another id",
                at: rule.location)
        }
        if existing.decision == .deny, rule.decision < .deny, !existing.isOverridable {
            throw PolicyError(
                "pack '\(pack.id)' weakens rule '\(rule.id)' of pack '\(existing.pack)' from deny to \(rule.decision.rawValue), which that pack does not allow (overridable: true)",
                at: rule.location)
        }
        if existing.decision == .deny, rule.isBreakGlass, !existing.isBreakGlass, !existing.isOverridable {
            throw PolicyError(
                "pack '\(pack.id)' marks rule '\(rule.id)' of pack '\(existing.pack)' break_glass: true, which lets break-glass lift a denial that pack does not allow to be weakened (overridable: true)",
                at: rule.location)
        }
    }

    /// Whether a `--policy` value names a file rather than a pack id, even when nothing is there.
    public static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
    }

    static func readFile(_ path: String) throws -> String {
        try DiskPolicyFiles().text(at: path)
    }

    /// Policy text as read from anywhere: UTF-8, or an error naming the file.
    public static func utf8(_ data: Data, path: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError("policy file \(path) is not UTF-8 text; save it as UTF-8")
        }
        return text
    }
}
