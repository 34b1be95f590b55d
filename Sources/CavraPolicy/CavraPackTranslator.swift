import CavraModel
import Yams

/// Reads a pack in CAVRA's layout and translates it into v1 rules. CAVRA's weaknesses are not carried over:
/// `**/x` also matches `x` at the root, a trailing `/*` keeps covering everything below it (CAVRA's `*` crossed
/// `/`), the protected-branch check names exact refs instead of a name suffix, and every declared key either
/// becomes a rule or is reported as a warning.
struct CavraPackTranslator {
    let reader: YAMLReader

    private struct PathKey {
        let key: String
        let ruleSuffix: String
        let decision: Decision
        let severity: Severity
        /// Nil means every kind of change.
        let changes: Set<String>?
        let meaning: String
    }

    /// A file CAVRA blocks from being read must not be committed; deleting it removes the exposure, so deletion
    /// is allowed. Writes cover every kind of change, deletion included.
    private static let pathKeys = [
        PathKey(
            key: "block_read", ruleSuffix: "filesystem.read.block", decision: .deny, severity: .high,
            changes: ["added", "modified", "renamed", "copied", "mode"],
            meaning: "committing, changing or renaming a matching file is denied (deleting it is allowed)"),
        PathKey(
            key: "block_write", ruleSuffix: "filesystem.write.block", decision: .deny, severity: .high, changes: nil,
            meaning: "any change to a matching file is denied"),
        PathKey(
            key: "require_approval_write", ruleSuffix: "filesystem.write.require_approval",
            decision: .requireApproval, severity: .high, changes: nil,
            meaning: "any change to a matching file requires approval"),
    ]

    private static let commandKeys: [(key: String, ruleSuffix: String, decision: Decision, severity: Severity)] = [
        ("block", "commands.block", .deny, .high),
        ("allow", "commands.allow", .allow, .low),
        ("require_approval", "commands.require_approval", .requireApproval, .medium),
    ]

    static let protectedBranches = ["refs/heads/main", "refs/heads/master"]

    func pack(_ root: Node) throws -> PolicyPack {
        let entries = try reader.mapping(
            root, allowed: ["metadata"] + PolicyPack.cavraKeys.sorted(), what: "the CAVRA-format pack")
        guard let metadataEntry = entries["metadata"] else {
            throw reader.error("the pack has no metadata; add metadata with at least id and title", at: root)
        }
        let metadata = try reader.mapping(
            metadataEntry.value, allowed: ["id", "title", "description", "version", "inherits", "mode"],
            what: "metadata")
        let identity = try PolicyPack.identity(metadata, at: metadataEntry.value, reader: reader)
        var notes: [TranslationNote] = [note(.translated, "read as a CAVRA-format pack", at: root)]
        var parents: [PolicyPack.Parent] = []
        if let inherits = metadata["inherits"] {
            let nodes: [Node]
            if case .sequence = inherits.value {
                nodes = try reader.list(inherits.value, what: "metadata.inherits")
            } else {
                nodes = [inherits.value]
            }
            parents = try nodes.map {
                PolicyPack.Parent(id: try PolicyPack.packID($0, reader: reader), location: reader.location($0))
            }
            notes.append(note(.translated, "metadata.inherits -> extends \(parents.map(\.id))", at: inherits.key))
        }
        if let mode = metadata["mode"] {
            notes.append(
                note(
                    .warning,
                    "metadata.mode has no effect: the gate always enforces its decisions; record approvals or a baseline instead",
                    at: mode.key))
        }
        let controls = try self.controls(entries["compliance"], notes: &notes)
        var rules: [PolicyPack.DeclaredRule] = []
        if let filesystem = entries["filesystem"] {
            rules += try pathRules(filesystem.value, pack: identity.id, controls: controls, notes: &notes)
        }
        if let commands = entries["commands"] {
            rules += try commandRules(commands.value, pack: identity.id, controls: controls, notes: &notes)
        }
        if let git = entries["git"] {
            rules += try gitRules(git.value, pack: identity.id, controls: controls, notes: &notes)
        }
        if let mcp = entries["mcp"] {
            try checkMCP(mcp.value)
            notes.append(
                note(
                    .warning,
                    "mcp has no effect: the gate judges repository changes, not MCP tool calls; govern MCP servers at the agent runtime",
                    at: mcp.key))
        }
        for key in ["approvals", "evidence"] {
            guard let entry = entries[key] else { continue }
            _ = try reader.mapping(entry.value, allowed: try keys(of: entry.value), what: key)
            let advice =
                key == "approvals"
                ? "name approver groups on rules with approvers: in a cavra.policy.v1 pack"
                : "the gate's result JSON and attestation are its evidence"
            notes.append(note(.warning, "\(key) has no effect: \(advice)", at: entry.key))
        }
        return try PolicyPack(
            source: reader.source, format: .cavra, id: identity.id, title: identity.title,
            description: identity.description, version: identity.version, extends: parents, defaultDecision: nil,
            defaultSeverity: nil, rules: rules, location: reader.location(root), notes: notes)
    }

    private func note(_ kind: TranslationNote.Kind, _ text: String, at node: Node) -> TranslationNote {
        TranslationNote(kind: kind, location: reader.location(node), text: text)
    }

    private func keys(of node: Node) throws -> [String] {
        guard case .mapping(let mapping) = node else { throw reader.error("this section must be a mapping", at: node) }
        return mapping.keys.compactMap { $0.scalar?.string }
    }

    /// Rule ids are prefixed with the pack id so a CAVRA child adds to its parent's lists, as CAVRA merged them,
    /// instead of colliding with the parent's rule of the same kind.
    private func rule(
        _ suffix: String, pack: String, match: PolicyRule.Match, decision: Decision, severity: Severity, reason: String,
        controls: [String], at node: Node
    ) -> PolicyPack.DeclaredRule {
        PolicyPack.DeclaredRule(
            rule: PolicyRule(
                id: "\(pack).\(suffix)", match: match, decision: decision, severity: severity, reason: reason,
                controls: controls, approvers: [], isOverridable: false, pack: pack, location: reader.location(node)),
            overridesParent: false)
    }

    private func patterns(_ node: Node, what: String) throws -> [(value: String, node: Node)] {
        let patterns = try reader.stringList(node, what: what)
        if patterns.isEmpty { throw reader.error("\(what) is empty; list at least one pattern or remove it", at: node) }
        return patterns
    }

    private func pathRules(_ node: Node, pack: String, controls: [String], notes: inout [TranslationNote]) throws
        -> [PolicyPack.DeclaredRule]
    {
        let fields = try reader.mapping(node, allowed: Self.pathKeys.map(\.key), what: "filesystem")
        return try Self.pathKeys.compactMap { (key: PathKey) -> PolicyPack.DeclaredRule? in
            guard let entry = fields[key.key] else { return nil }
            let globs = try patterns(entry.value, what: "filesystem.\(key.key)").map { pattern, patternNode in
                let translated = Self.pathPattern(pattern)
                do {
                    return try Glob(translated)
                } catch let error as Glob.SyntaxError {
                    throw reader.error(
                        "bad pattern '\(pattern)' in filesystem.\(key.key): \(error.reason)", at: patternNode)
                }
            }
            let declared = rule(
                key.ruleSuffix, pack: pack, match: .paths(include: globs, exclude: [], changes: key.changes),
                decision: key.decision, severity: key.severity,
                reason: "CAVRA pack \(pack) lists this path under filesystem.\(key.key).", controls: controls,
                at: entry.value)
            notes.append(
                note(
                    .translated,
                    "filesystem.\(key.key) -> rule \(declared.rule.id) (\(key.decision.rawValue), \(key.severity.rawValue)): \(key.meaning); paths \(globs.map(\.pattern))",
                    at: entry.key))
            return declared
        }
    }

    /// CAVRA's `*` crossed `/`, so `dir/*` covered everything below `dir`; `dir/**` keeps that reach.
    static func pathPattern(_ pattern: String) -> String {
        pattern.hasSuffix("/*") ? String(pattern.dropLast()) + "**" : pattern
    }

    private func commandRules(_ node: Node, pack: String, controls: [String], notes: inout [TranslationNote]) throws
        -> [PolicyPack.DeclaredRule]
    {
        let fields = try reader.mapping(node, allowed: Self.commandKeys.map(\.key), what: "commands")
        var rules: [PolicyPack.DeclaredRule] = []
        for key in Self.commandKeys {
            guard let entry = fields[key.key] else { continue }
            // CAVRA's command globs cover the whole line; the plain form keeps that meaning, judged per command.
            let commands = try patterns(entry.value, what: "commands.\(key.key)").map {
                CommandPattern(plain: $0.value)
            }
            let declared = rule(
                key.ruleSuffix, pack: pack, match: .commands(commands, exclude: []), decision: key.decision,
                severity: key.severity,
                reason: "CAVRA pack \(pack) lists this command under commands.\(key.key).", controls: controls,
                at: entry.value)
            notes.append(
                note(
                    .translated,
                    "commands.\(key.key) -> rule \(declared.rule.id) (\(key.decision.rawValue), \(key.severity.rawValue)); an allow never outweighs a deny of another rule",
                    at: entry.key))
            rules.append(declared)
        }
        return rules
    }

    private func gitRules(_ node: Node, pack: String, controls: [String], notes: inout [TranslationNote]) throws
        -> [PolicyPack.DeclaredRule]
    {
        let fields = try reader.mapping(
            node,
            allowed: [
                "block_direct_push_to_protected_branch", "require_pull_request", "block_push_branches",
                "require_human_reviewer", "require_ai_attestation",
            ], what: "git")
        var rules: [PolicyPack.DeclaredRule] = []
        let protected = try Self.protectedBranches.map { try Glob($0) }
        if let entry = fields["block_direct_push_to_protected_branch"],
            try reader.bool(entry.value, what: "git.block_direct_push_to_protected_branch")
        {
            let declared = rule(
                "git.protected_branch.block_direct_push", pack: pack,
                match: .refs(patterns: protected, operations: [.create, .update, .force, .delete]), decision: .deny,
                severity: .high,
                reason: "Changes reach main and master through reviewed pull requests, never a direct push.",
                controls: controls, at: entry.key)
            notes.append(
                note(
                    .translated,
                    "git.block_direct_push_to_protected_branch -> rule \(declared.rule.id) (deny pushes to \(Self.protectedBranches.joined(separator: ", ")) exactly, not to any branch whose name ends in main)",
                    at: entry.key))
            rules.append(declared)
        }
        if let entry = fields["require_pull_request"], try reader.bool(entry.value, what: "git.require_pull_request") {
            let declared = rule(
                "git.require_pull_request", pack: pack,
                match: .refs(patterns: protected, operations: [.create, .update]),
                decision: .requireApproval, severity: .high,
                reason: "A push to a protected branch outside a pull request needs approval.", controls: controls,
                at: entry.key)
            notes.append(
                note(
                    .translated,
                    "git.require_pull_request -> rule \(declared.rule.id) (require_approval for direct pushes)",
                    at: entry.key))
            rules.append(declared)
        }
        if let entry = fields["block_push_branches"] {
            let branches = try patterns(entry.value, what: "git.block_push_branches")
            let globs = try branches.map { branch, branchNode in
                do {
                    return try Glob(branch.hasPrefix("refs/") ? branch : "refs/heads/\(branch)")
                } catch let error as Glob.SyntaxError {
                    throw reader.error(
                        "bad branch '\(branch)' in git.block_push_branches: \(error.reason)", at: branchNode)
                }
            }
            let declared = rule(
                "git.block_push_branches", pack: pack, match: .refs(patterns: globs, operations: nil), decision: .deny,
                severity: .high, reason: "CAVRA pack \(pack) blocks pushes to this branch.", controls: controls,
                at: entry.value)
            notes.append(
                note(
                    .translated, "git.block_push_branches -> rule \(declared.rule.id) (deny \(globs.map(\.pattern)))",
                    at: entry.key))
            rules.append(declared)
        }
        for key in ["require_human_reviewer", "require_ai_attestation"] {
            guard let entry = fields[key], try reader.bool(entry.value, what: "git.\(key)") else { continue }
            notes.append(
                note(
                    .warning,
                    "git.\(key) has no effect here: enforce reviews with branch protection; the gate's decisions already require approval where rules say so",
                    at: entry.key))
        }
        return rules
    }

    private func checkMCP(_ node: Node) throws {
        let fields = try reader.mapping(
            node,
            allowed: [
                "block_unknown_servers", "allowlist_enabled", "allowed_servers", "blocked_servers", "risk_scoring",
            ],
            what: "mcp")
        for key in ["block_unknown_servers", "allowlist_enabled"] {
            if let entry = fields[key] { _ = try reader.bool(entry.value, what: "mcp.\(key)") }
        }
        for key in ["allowed_servers", "blocked_servers"] {
            if let entry = fields[key] { _ = try reader.stringList(entry.value, what: "mcp.\(key)") }
        }
        if let entry = fields["risk_scoring"] {
            for (_, value) in try reader.mapping(
                entry.value, allowed: try keys(of: entry.value), what: "mcp.risk_scoring")
            {
                let _: Severity = try reader.choice(value.value, what: "an mcp.risk_scoring level")
            }
        }
    }

    /// Labels such as `NIST SSDF PO.3.2` become control ids on every translated rule; free text that names no
    /// known framework and clause is reported, since CAVRA never used it either.
    private func controls(_ entry: (key: Node, value: Node)?, notes: inout [TranslationNote]) throws -> [String] {
        guard let entry else { return [] }
        let fields = try reader.mapping(entry.value, allowed: ["maps_to"], what: "compliance")
        guard let mapsTo = fields["maps_to"] else { return [] }
        var controls: [String] = []
        for (label, labelNode) in try reader.stringList(mapsTo.value, what: "compliance.maps_to") {
            if let mapped = ControlCatalogue.control(forLabel: label) {
                controls.append(mapped)
                notes.append(note(.translated, "compliance.maps_to '\(label)' -> control \(mapped)", at: labelNode))
            } else {
                notes.append(
                    note(
                        .warning,
                        "compliance.maps_to '\(label)' names no framework and clause; write controls such as \"SOC2:CC8.1\" on v1 rules",
                        at: labelNode))
            }
        }
        return controls
    }
}
