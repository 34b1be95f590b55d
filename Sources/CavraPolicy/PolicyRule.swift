import CavraModel

/// One compiled rule of a pack.
public struct PolicyRule: Sendable {
    public enum Match: Sendable {
        /// `changes` nil means every kind of change.
        case paths(include: [Glob], exclude: [Glob], changes: Set<String>?)
        /// Any of the patterns matching one simple command of a command line, in a file no `exclude` glob matches.
        case commands([CommandPattern], exclude: [Glob])
        case refs(patterns: [Glob], operations: Set<RefOperation>?)
        /// Pipeline settings that are risks in themselves (`permissions: write-all`).
        case pipeline(Set<PipelineRisk>)
        /// A check the gate makes itself (the built-in pack only).
        case builtIn(BuiltInCheck)
    }

    public var id: String
    public var match: Match
    public var decision: Decision
    public var severity: Severity
    public var reason: String
    public var controls: [String]
    public var approvers: [String]
    /// Whether a child pack may replace this rule with a weaker decision.
    public var isOverridable: Bool
    /// The pack that defined the rule, and where.
    public var pack: String
    public var location: SourceLocation
    /// `case: insensitive`: the rule's path patterns ignore the case of ASCII letters.
    public var isCaseInsensitive = false
    /// `break_glass: true` (deny rules only): a break-glass run may lift this denial.
    public var isBreakGlass = false

    /// Words of `match.changes`. `symlink-outside` is a symbolic link whose target leaves the repository.
    public static let changeWords = ["added", "modified", "deleted", "renamed", "copied", "mode", "symlink-outside"]

    /// The decision order (docs/architecture.md, "Decide"): decision, then severity; the id only makes ties repeatable.
    static func isStronger(_ lhs: PolicyRule, than rhs: PolicyRule) -> Bool {
        if lhs.decision != rhs.decision { return lhs.decision > rhs.decision }
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        return lhs.id < rhs.id
    }
}

extension PolicyRule.Match {
    func matches(_ pipeline: [SimpleCommand], at position: Int) -> Bool {
        guard case .commands(let patterns, _) = self else { return false }
        return patterns.contains { $0.matches(pipeline, at: position) }
    }

    /// Whether a command written in the file at `path` is outside this rule; a command given directly has no file
    /// and no rule excludes it.
    func excludesCommand(in path: String?) -> Bool {
        guard case .commands(_, let exclude) = self, !exclude.isEmpty, let path else { return false }
        let components = PathComponents(path)
        return exclude.contains { $0.matches(components) }
    }

    func matches(_ risk: PipelineRisk) -> Bool {
        guard case .pipeline(let risks) = self else { return false }
        return risks.contains(risk)
    }

    func matches(_ update: RefUpdate) -> Bool {
        guard case .refs(let patterns, let operations) = self else { return false }
        if let operations, !operations.contains(update.operation) { return false }
        let ref = PathComponents(update.ref)
        return patterns.contains { $0.matches(ref) }
    }
}
