import CavraModel
import Yams

/// One pack file as written, validated strictly; inheritance is resolved later by `PolicyLoader`.
struct PolicyPack: Sendable {
    static let schemaID = "cavra.policy.v1"

    struct Parent: Sendable {
        let id: String
        let location: SourceLocation
    }

    struct DeclaredRule: Sendable {
        var rule: PolicyRule
        var overridesParent: Bool
    }

    enum Format: String, Sendable {
        case v1 = "cavra.policy.v1"
        case cavra = "CAVRA"
    }

    let source: String
    let format: Format
    let id: String
    let title: String
    let description: String?
    let version: String?
    let extends: [Parent]
    let defaultDecision: Decision?
    let defaultSeverity: Severity?
    let rules: [DeclaredRule]
    let location: SourceLocation
    /// How a CAVRA-format pack was translated, and what of it has no effect.
    let notes: [TranslationNote]
    /// The pack's `runner:` section, when it has one.
    let runner: RunnerPolicy?
    /// The pack's `approvals:` section, when it has one.
    let approvals: ApprovalPolicy?

    /// Keys that only CAVRA's layout has; a pack with one of them and no `schema` or `rules` is read as CAVRA's.
    static let cavraKeys: Set<String> = ["filesystem", "commands", "git", "mcp", "compliance", "approvals", "evidence"]

    init(yaml text: String, source: String) throws {
        let reader = YAMLReader(source: source)
        let root = try reader.compose(text)
        guard case .mapping(let top) = root else {
            throw reader.error("a policy pack must be a mapping with metadata and rules", at: root)
        }
        let topKeys = Set(top.keys.compactMap { $0.scalar?.string })
        if !topKeys.contains("rules"), !topKeys.contains("schema"), !topKeys.isDisjoint(with: Self.cavraKeys) {
            self = try CavraPackTranslator(reader: reader).pack(root)
        } else {
            try self.init(v1: root, reader: reader)
        }
    }

    init(
        source: String, format: Format, id: String, title: String, description: String?, version: String?,
        extends: [Parent], defaultDecision: Decision?, defaultSeverity: Severity?, rules: [DeclaredRule],
        location: SourceLocation, notes: [TranslationNote], runner: RunnerPolicy? = nil,
        approvals: ApprovalPolicy? = nil
    ) throws {
        var seen: [String: SourceLocation] = [:]
        for declared in rules {
            if let first = seen[declared.rule.id] {
                throw PolicyError(
                    "duplicate rule id '\(declared.rule.id)' (first defined at \(first)); rule ids must be unique",
                    at: declared.rule.location)
            }
            seen[declared.rule.id] = declared.rule.location
        }
        self.source = source
        self.format = format
        self.id = id
        self.title = title
        self.description = description
        self.version = version
        self.extends = extends
        self.defaultDecision = defaultDecision
        self.defaultSeverity = defaultSeverity
        self.rules = rules
        self.location = location
        self.notes = notes
        self.runner = runner
        self.approvals = approvals
    }

    private init(v1 root: Node, reader: YAMLReader) throws {
        let entries = try reader.mapping(
            root, allowed: ["schema", "metadata", "defaults", "rules", "runner", "approvals"], what: "the pack")
        if let schema = entries["schema"] {
            let value = try reader.string(schema.value, what: "schema")
            guard value == Self.schemaID else {
                throw reader.error("schema '\(value)' is not supported; use \(Self.schemaID)", at: schema.value)
            }
        }
        guard let metadataEntry = entries["metadata"] else {
            throw reader.error("the pack has no metadata; add metadata with at least id and title", at: root)
        }
        let metadata = try reader.mapping(
            metadataEntry.value, allowed: ["id", "title", "description", "version", "extends"], what: "metadata")
        let identity = try Self.identity(metadata, at: metadataEntry.value, reader: reader)
        let extends =
            try metadata["extends"].map { entry in
                try reader.list(entry.value, what: "metadata.extends").map {
                    Parent(id: try Self.packID($0, reader: reader), location: reader.location($0))
                }
            } ?? []

        var defaultDecision: Decision?
        var defaultSeverity: Severity?
        if let defaultsEntry = entries["defaults"] {
            let defaults = try reader.mapping(defaultsEntry.value, allowed: ["decision", "severity"], what: "defaults")
            defaultDecision = try defaults["decision"].map { try reader.choice($0.value, what: "defaults.decision") }
            defaultSeverity = try defaults["severity"].map { try reader.choice($0.value, what: "defaults.severity") }
        }

        guard let rulesEntry = entries["rules"] else {
            throw reader.error("the pack has no rules list; add rules: [] if it only extends others", at: root)
        }
        let rules = try reader.list(rulesEntry.value, what: "rules").map {
            try Self.rule($0, pack: identity.id, defaultSeverity: defaultSeverity, reader: reader)
        }
        try self.init(
            source: reader.source, format: .v1, id: identity.id, title: identity.title,
            description: identity.description, version: identity.version, extends: extends,
            defaultDecision: defaultDecision, defaultSeverity: defaultSeverity, rules: rules,
            location: reader.location(root), notes: [],
            runner: try entries["runner"].map { try RunnerPolicy(section: $0.value, reader: reader) },
            approvals: try entries["approvals"].map { try ApprovalPolicy(section: $0.value, reader: reader) })
    }

    /// `metadata.id`, `title`, `description` and `version`, which both formats spell the same way.
    static func identity(_ metadata: [String: (key: Node, value: Node)], at node: Node, reader: YAMLReader) throws
        -> (id: String, title: String, description: String?, version: String?)
    {
        guard let idNode = metadata["id"]?.value else {
            throw reader.error("metadata has no id; add one such as acme-repo-policy", at: node)
        }
        guard let titleNode = metadata["title"]?.value else {
            throw reader.error("metadata has no title; add a short human-readable title", at: node)
        }
        return (
            try packID(idNode, reader: reader),
            try reader.nonEmptyString(titleNode, what: "metadata.title"),
            try metadata["description"].map { try reader.string($0.value, what: "metadata.description") },
            try metadata["version"].map { try reader.textOrNumber($0.value, what: "metadata.version") }
        )
    }

    static func packID(_ node: Node, reader: YAMLReader) throws -> String {
        let value = try reader.nonEmptyString(node, what: "a pack id")
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard value.allSatisfy(allowed.contains), value.first?.isLetter == true || value.first?.isNumber == true else {
            throw reader.error("pack id '\(value)' must use lower-case letters, digits, '-', '_' and '.'", at: node)
        }
        return value
    }

    private static func rule(_ node: Node, pack: String, defaultSeverity: Severity?, reader: YAMLReader) throws
        -> DeclaredRule
    {
        let fields = try reader.mapping(
            node,
            allowed: [
                "id", "match", "decision", "severity", "reason", "controls", "approvers", "override", "overridable",
                "case", "break_glass",
            ], what: "a rule")
        guard let idNode = fields["id"]?.value else {
            throw reader.error("a rule has no id; give every rule a unique id", at: node)
        }
        let id = try reader.nonEmptyString(idNode, what: "a rule id")
        guard let matchNode = fields["match"]?.value else {
            throw reader.error(
                "rule '\(id)' has no match; say which paths, commands, refs or pipeline settings it applies to",
                at: node)
        }
        guard let decisionNode = fields["decision"]?.value else {
            throw reader.error("rule '\(id)' has no decision; use allow, require_approval or deny", at: node)
        }
        let decision: Decision = try reader.choice(decisionNode, what: "the decision of rule '\(id)'")
        let severity: Severity =
            try fields["severity"].map { try reader.choice($0.value, what: "the severity of rule '\(id)'") }
            ?? defaultSeverity ?? .medium
        let controls = try fields["controls"].map { try reader.stringList($0.value, what: "controls") } ?? []
        for (control, controlNode) in controls {
            if let problem = ControlCatalogue.problem(with: control) { throw reader.error(problem, at: controlNode) }
        }
        let caseInsensitive =
            try fields["case"].map { entry in
                let word = try reader.string(entry.value, what: "the case of rule '\(id)'")
                guard ["sensitive", "insensitive"].contains(word) else {
                    throw reader.error(
                        "case of rule '\(id)' must be sensitive or insensitive, not '\(word)'", at: entry.value)
                }
                return word == "insensitive"
            } ?? false
        let breakGlass =
            try fields["break_glass"].map { entry in
                let value = try reader.bool(entry.value, what: "break_glass")
                if value && decision != .deny {
                    throw reader.error(
                        "break_glass: true on rule '\(id)' only goes with decision: deny; break-glass already lifts every require_approval finding",
                        at: entry.key)
                }
                return value
            } ?? false
        let approvers =
            try fields["approvers"].map { try reader.stringList($0.value, what: "approvers").map(\.value) } ?? []
        let rule = PolicyRule(
            id: id,
            match: try Self.match(matchNode, ruleID: id, pack: pack, caseInsensitive: caseInsensitive, reader: reader),
            decision: decision,
            severity: severity,
            reason: try fields["reason"].map { try reader.nonEmptyString($0.value, what: "the reason of rule '\(id)'") }
                ?? "Matched rule \(id).",
            controls: controls.map(\.value),
            approvers: approvers,
            isOverridable: try fields["overridable"].map { try reader.bool($0.value, what: "overridable") } ?? false,
            pack: pack,
            location: reader.location(node),
            isCaseInsensitive: caseInsensitive,
            isBreakGlass: breakGlass)
        let overrides = try fields["override"].map { try reader.bool($0.value, what: "override") } ?? false
        return DeclaredRule(rule: rule, overridesParent: overrides)
    }

    private static func match(
        _ node: Node, ruleID: String, pack: String, caseInsensitive: Bool, reader: YAMLReader
    ) throws
        -> PolicyRule.Match
    {
        let fields = try reader.mapping(
            node, allowed: ["paths", "exclude", "changes", "commands", "refs", "operations", "pipeline", "builtin"],
            what: "the match of rule '\(ruleID)'")
        if let entry = fields["builtin"] {
            return .builtIn(try BuiltInRules.check(entry.value, fields: fields.count, pack: pack, reader: reader))
        }
        let kinds = ["paths", "commands", "refs", "pipeline"].filter { fields[$0] != nil }
        guard kinds.count == 1 else {
            throw reader.error(
                "the match of rule '\(ruleID)' must have exactly one of paths, commands, refs or pipeline (it has \(kinds.isEmpty ? "none" : kinds.joined(separator: " and ")))",
                at: node)
        }
        func globs(_ key: String) throws -> [Glob] {
            guard let entry = fields[key] else { return [] }
            let patterns = try reader.stringList(entry.value, what: "match.\(key)")
            if patterns.isEmpty { throw reader.error("match.\(key) of rule '\(ruleID)' is empty", at: entry.value) }
            return try patterns.map { pattern, patternNode in
                do {
                    return try Glob(pattern, caseInsensitive: caseInsensitive)
                } catch let error as Glob.SyntaxError {
                    throw reader.error("bad pattern '\(pattern)' in rule '\(ruleID)': \(error.reason)", at: patternNode)
                }
            }
        }
        func only(_ key: String, with kind: String) throws {
            if let entry = fields[key], kinds[0] != kind {
                throw reader.error("match.\(key) only goes with match.\(kind)", at: entry.key)
            }
        }
        if let entry = fields["exclude"], kinds[0] == "refs" || kinds[0] == "pipeline" {
            throw reader.error("match.exclude only goes with match.paths or match.commands", at: entry.key)
        }
        try only("changes", with: "paths")
        try only("operations", with: "refs")
        if caseInsensitive && !(kinds[0] == "paths" || fields["exclude"] != nil) {
            throw reader.error(
                "case: insensitive of rule '\(ruleID)' only goes with match.paths or match.exclude; programs and refs are case-sensitive",
                at: node)
        }
        switch kinds[0] {
        case "paths":
            let changes = try fields["changes"].map { entry in
                try Set(
                    reader.list(entry.value, what: "match.changes").map { changeNode in
                        let word = try reader.string(changeNode, what: "a change kind")
                        guard PolicyRule.changeWords.contains(word) else {
                            throw reader.error(
                                "change kind '\(word)' is not one of \(PolicyRule.changeWords.joined(separator: ", "))",
                                at: changeNode)
                        }
                        return word
                    })
            }
            return .paths(include: try globs("paths"), exclude: try globs("exclude"), changes: changes)
        case "pipeline":
            let list = try reader.list(fields["pipeline"]!.value, what: "match.pipeline")
            if list.isEmpty {
                throw reader.error("match.pipeline of rule '\(ruleID)' is empty", at: fields["pipeline"]!.value)
            }
            return .pipeline(Set(try list.map { try reader.choice($0, what: "a pipeline risk") as PipelineRisk }))
        case "refs":
            let operations = try fields["operations"].map { entry in
                try Set(
                    reader.list(entry.value, what: "match.operations").map { operationNode -> RefOperation in
                        try reader.choice(operationNode, what: "an operation")
                    })
            }
            return .refs(patterns: try globs("refs"), operations: operations)
        default:
            let list = try reader.list(fields["commands"]!.value, what: "match.commands")
            if list.isEmpty {
                throw reader.error("match.commands of rule '\(ruleID)' is empty", at: fields["commands"]!.value)
            }
            return .commands(
                try list.map { try CommandPattern.parse($0, reader: reader, ruleID: ruleID) },
                exclude: try globs("exclude"))
        }
    }
}
