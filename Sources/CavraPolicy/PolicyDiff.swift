import CavraModel
import CavraTrust

/// What changed between two compiled policies, rule by rule, and how much the change weakens enforcement.
public struct PolicyDiff: Sendable {
    public enum Change: String, Sendable {
        case added, removed, changed
    }

    public struct Entry: Sendable {
        public let ruleID: String
        public let change: Change
        /// Weakening a deny is critical; widening an allow or an exception (an exclude) is high.
        public let risk: Severity
        public let details: [String]
    }

    public let entries: [Entry]

    /// The highest risk of any entry; low when nothing changed.
    public var risk: Severity { entries.map(\.risk).max() ?? .low }

    public init(from old: Policy, to new: Policy) {
        let before = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case (let rule?, nil):
                entries.append(
                    Entry(
                        ruleID: id, change: .removed, risk: Self.removalRisk(rule),
                        details: ["\(rule.decision.rawValue) rule removed"]))
            case (nil, let rule?):
                entries.append(
                    Entry(
                        ruleID: id, change: .added, risk: rule.decision == .allow ? .high : .low,
                        details: ["\(rule.decision.rawValue) rule added"]))
            case (let was?, let now?):
                let findings = Self.compare(was, now)
                if !findings.isEmpty {
                    entries.append(
                        Entry(
                            ruleID: id, change: .changed, risk: findings.map(\.risk).max()!,
                            details: findings.map(\.detail)))
                }
            case (nil, nil):
                continue
            }
        }
        if old.defaultDecision != new.defaultDecision || old.defaultSeverity != new.defaultSeverity {
            let weakened = new.defaultDecision < old.defaultDecision
            entries.append(
                Entry(
                    ruleID: Policy.defaultsRuleID, change: .changed,
                    risk: weakened ? (old.defaultDecision == .deny ? .critical : .high) : .low,
                    details: [
                        "default \(old.defaultDecision.rawValue)/\(old.defaultSeverity.rawValue) -> \(new.defaultDecision.rawValue)/\(new.defaultSeverity.rawValue)"
                    ]))
        }
        self.entries = entries
    }

    private static func removalRisk(_ rule: PolicyRule) -> Severity {
        switch rule.decision {
        case .deny: .critical
        case .requireApproval: .high
        case .allow: .low
        }
    }

    private static func compare(_ was: PolicyRule, _ now: PolicyRule) -> [(risk: Severity, detail: String)] {
        var findings: [(risk: Severity, detail: String)] = []
        if was.decision != now.decision {
            let weakened = now.decision < was.decision
            let risk: Severity =
                weakened ? (was.decision == .deny ? .critical : .high) : (now.decision == .allow ? .high : .low)
            findings.append((risk, "decision \(was.decision.rawValue) -> \(now.decision.rawValue)"))
        }
        if was.severity != now.severity {
            findings.append(
                (
                    now.severity < was.severity ? .medium : .low,
                    "severity \(was.severity.rawValue) -> \(now.severity.rawValue)"
                ))
        }
        findings += compareMatch(was, now)
        if was.approvers != now.approvers {
            findings.append(
                (
                    Set(was.approvers).isSubset(of: now.approvers) ? .low : .medium,
                    "approvers \(was.approvers) -> \(now.approvers)"
                ))
        }
        if was.isOverridable != now.isOverridable {
            findings.append(
                (
                    now.isOverridable && now.decision == .deny ? .high : .low,
                    "overridable \(was.isOverridable) -> \(now.isOverridable)"
                ))
        }
        if was.reason != now.reason { findings.append((.low, "reason changed")) }
        if was.controls != now.controls { findings.append((.low, "controls \(was.controls) -> \(now.controls)")) }
        if was.pack != now.pack { findings.append((.low, "now defined by pack \(now.pack) (was \(was.pack))")) }
        return findings
    }

    /// The match's reach: less reach on a deny or approval rule weakens it; more reach on an allow widens it.
    private static func compareMatch(_ was: PolicyRule, _ now: PolicyRule) -> [(risk: Severity, detail: String)] {
        let old = Reach(was.match)
        let new = Reach(now.match)
        guard old != new else { return [] }
        let restricting = now.decision != .allow
        let weakening: Severity = now.decision == .deny ? .critical : .high
        var findings: [(risk: Severity, detail: String)] = []
        if old.kind != new.kind {
            return [(restricting ? weakening : .high, "match changed from \(old.kind) to \(new.kind)")]
        }
        let removed = old.include.subtracting(new.include)
        let added = new.include.subtracting(old.include)
        if !removed.isEmpty {
            findings.append((restricting ? weakening : .low, "\(old.kind) removed \(removed.sorted())"))
        }
        if !added.isEmpty { findings.append((restricting ? .low : .high, "\(old.kind) added \(added.sorted())")) }
        let newExceptions = new.exclude.subtracting(old.exclude)
        let droppedExceptions = old.exclude.subtracting(new.exclude)
        if !newExceptions.isEmpty {
            findings.append((restricting ? .high : .low, "exclude added \(newExceptions.sorted())"))
        }
        if !droppedExceptions.isEmpty {
            findings.append((restricting ? .low : .high, "exclude removed \(droppedExceptions.sorted())"))
        }
        if old.kinds != new.kinds {
            // nil means every kind of change or operation.
            let lost =
                old.kinds.map { before in new.kinds.map { !before.isSubset(of: $0) } ?? false } ?? (new.kinds != nil)
            let gained =
                new.kinds.map { after in old.kinds.map { !after.isSubset(of: $0) } ?? false } ?? (old.kinds != nil)
            let risk: Severity = restricting ? (lost ? weakening : .low) : (gained ? .high : .low)
            findings.append(
                (risk, "\(old.kindsName) \(old.kinds?.sorted() ?? ["any"]) -> \(new.kinds?.sorted() ?? ["any"])"))
        }
        return findings
    }

    private struct Reach: Equatable {
        let kind: String
        let include: Set<String>
        let exclude: Set<String>
        let kinds: Set<String>?
        let kindsName: String

        init(_ match: PolicyRule.Match) {
            switch match {
            case .paths(let include, let exclude, let changes):
                self.init(
                    kind: "paths", include: include.map(\.pattern), exclude: exclude.map(\.pattern), kinds: changes,
                    name: "changes")
            case .commands(let commands, let exclude):
                self.init(
                    kind: "commands", include: commands.map(\.canonical.text), exclude: exclude.map(\.pattern),
                    kinds: nil, name: "changes")
            case .refs(let patterns, let operations):
                self.init(
                    kind: "refs", include: patterns.map(\.pattern), exclude: [],
                    kinds: operations.map { Set($0.map(\.rawValue)) },
                    name: "operations")
            case .pipeline(let risks):
                self.init(kind: "pipeline", include: risks.map(\.rawValue), exclude: [], kinds: nil, name: "changes")
            case .builtIn(let check):
                self.init(kind: "builtin", include: [check.rawValue], exclude: [], kinds: nil, name: "changes")
            }
        }

        private init(kind: String, include: [String], exclude: [String], kinds: Set<String>?, name: String) {
            self.kind = kind
            self.include = Set(include)
            self.exclude = Set(exclude)
            self.kinds = kinds
            kindsName = name
        }
    }
}
