import CavraModel
import CavraTrust

/// A pack with its inheritance resolved: the rules that judge facts, and the digest that names them.
public struct Policy: Sendable {
    public let id: String
    public let version: String?
    public let rules: [PolicyRule]
    public let defaultDecision: Decision
    public let defaultSeverity: Severity
    /// `sha256:` + hex of `canonicalJSON`'s bytes.
    public let digest: String
    public let info: GateResult.PolicyInfo
    /// The packs of the inheritance closure, parents before children, the root last; signatures cover these.
    public internal(set) var packFiles: [PackFile] = []
    /// How CAVRA-format packs of the closure were translated, and what of them has no effect.
    public internal(set) var notes: [TranslationNote] = []
    /// What the policy demands of the runner reporting the gate.
    public let runner: RunnerPolicy
    /// How many approvers each group must bring, and whether break-glass may lift a denial.
    public let approvals: ApprovalPolicy

    let pathRules: PathRules
    private let refRules: [PolicyRule]
    private let commandRules: [PolicyRule]
    private let pipelineRules: [PolicyRule]
    private let title: String
    private let packs: [String]
    private let extends: [String]

    static let defaultsRuleID = "defaults"

    /// `digest`, when given, is the digest of this very policy worked out before (a bundled pack's, generated with
    /// it), so a run under a bundled pack need not serialise and hash every rule.
    init(
        id: String, title: String, version: String?, packs: [String], extends: [String], rules: [PolicyRule],
        defaultDecision: Decision, defaultSeverity: Severity, source: String?, runner: RunnerPolicy = .unrestricted,
        approvals: ApprovalPolicy = .unrestricted, digest knownDigest: String? = nil
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.packs = packs
        self.extends = extends
        self.rules = rules.sorted { $0.id < $1.id }
        self.defaultDecision = defaultDecision
        self.defaultSeverity = defaultSeverity
        self.runner = runner
        self.approvals = approvals
        pathRules = PathRules(self.rules)
        refRules = self.rules.filter { if case .refs = $0.match { true } else { false } }
        commandRules = self.rules.filter { if case .commands = $0.match { true } else { false } }
        pipelineRules = self.rules.filter { if case .pipeline = $0.match { true } else { false } }
        digest =
            knownDigest ?? "sha256:"
            + Digest.sha256Hex(
                Self.canonicalJSON(
                    id: id, title: title, version: version, extends: extends, packs: packs,
                    defaultDecision: defaultDecision, defaultSeverity: defaultSeverity, rules: self.rules,
                    runner: runner, approvals: approvals))
        info = GateResult.PolicyInfo(id: id, version: version, digest: digest, packs: packs, source: source)
    }

    /// What the digest is taken over: the compiled rules and defaults, keys sorted, no insignificant space.
    public var canonicalJSON: String {
        Self.canonicalJSON(
            id: id, title: title, version: version, extends: extends, packs: packs, defaultDecision: defaultDecision,
            defaultSeverity: defaultSeverity, rules: rules, runner: runner, approvals: approvals)
    }

    private static func canonicalJSON(
        id: String, title: String, version: String?, extends: [String], packs: [String], defaultDecision: Decision,
        defaultSeverity: Severity, rules: [PolicyRule], runner: RunnerPolicy, approvals: ApprovalPolicy
    ) -> String {
        var members: [String: CanonicalJSON] = [
            "schema": .string(PolicyPack.schemaID),
            "id": .string(id),
            "title": .string(title),
            "version": version.map(CanonicalJSON.string) ?? .null,
            "extends": .array(extends.map(CanonicalJSON.string)),
            "packs": .array(packs.map(CanonicalJSON.string)),
            "defaults": .object([
                "decision": .string(defaultDecision.rawValue), "severity": .string(defaultSeverity.rawValue),
            ]),
            "rules": .array(rules.map(\.canonical)),
        ]
        // Only when declared, so the digest of every policy that says nothing about runners stays what it was.
        if runner.isDeclared { members["runner"] = runner.canonical }
        if approvals.isDeclared { members["approvals"] = approvals.canonical }
        return CanonicalJSON.object(members).text
    }

    /// The decisive finding for a fact: the strongest matching rule (never the first in a file), the pack's
    /// default when nothing matches and the default is not allow, or nil.
    public func decide(_ fact: Fact) -> Finding? {
        switch fact {
        case .path(let change):
            let rule = pathRules.strongest(for: change).map { rules[$0] }
            // Most changes match nothing under an allow default: they need no spelling of their path.
            if rule == nil && defaultDecision == .allow { return nil }
            let path = change.path.description
            return finding(
                rule, kind: .path, subject: path, content: change.newBlob ?? change.oldBlob ?? "", path: path,
                oldPath: change.oldPath?.description, commit: change.commit)
        case .ref(let update):
            let rule = strongest(refRules) { $0.match.matches(update) }
            var result = finding(
                rule, kind: .ref, subject: update.ref, content: update.operation.rawValue + (update.newID ?? ""))
            result?.ref = update.ref
            result?.operation = update.operation
            return result
        case .parse(let problem):
            let rule = BuiltInRules.rule(.parseError)
            return rule.finding(
                kind: .parse, subject: problem.path, content: problem.message, path: problem.path,
                line: problem.line, commit: problem.commit, reason: "\(rule.reason) \(problem.message)")
        case .command(let command):
            // Every simple command of every pipeline is judged; the line's decision is its worst.
            var best: PolicyRule?
            let rules = commandRules.filter { !$0.match.excludesCommand(in: command.path) }
            for pipeline in command.pipelines {
                for position in pipeline.indices {
                    let rule = strongest(rules) { $0.match.matches(pipeline, at: position) }
                    if let rule, best.map({ PolicyRule.isStronger(rule, than: $0) }) ?? true { best = rule }
                }
            }
            guard let best else { return nil }
            var result = finding(
                best, kind: .command, subject: "\(command.path ?? ""):\(best.id)", content: command.text,
                path: command.path, commit: command.commit)
            result?.line = command.line
            result?.command = command.text
            return result
        case .risk(let risk):
            let rule = strongest(pipelineRules) { $0.match.matches(risk.risk) }
            var result = finding(
                rule, kind: .action, subject: "\(risk.path):\(risk.risk.rawValue)", content: risk.text,
                path: risk.path, commit: risk.commit)
            result?.line = risk.line
            result?.command = risk.text
            return result
        case .action(let action):
            guard !action.isPinned else { return nil }
            let rule = BuiltInRules.rule(.unpinnedAction)
            var finding = rule.finding(
                kind: .action, subject: action.path, content: action.reference, path: action.path, line: action.line,
                commit: action.commit, reason: "\(action.reference): \(rule.reason)")
            finding.command = action.reference
            return finding
        }
    }

    private func strongest(_ candidates: [PolicyRule], where matches: (PolicyRule) -> Bool) -> PolicyRule? {
        var best: PolicyRule?
        for rule in candidates where matches(rule) {
            if let current = best, !PolicyRule.isStronger(rule, than: current) { continue }
            best = rule
        }
        return best
    }

    private func finding(
        _ rule: PolicyRule?, kind: FindingKind, subject: String, content: String, path: String? = nil,
        oldPath: String? = nil, commit: String? = nil
    ) -> Finding? {
        let ruleID = rule?.id ?? Self.defaultsRuleID
        if rule == nil && defaultDecision == .allow { return nil }
        return Finding(
            fingerprint: Fingerprint.make(ruleID: ruleID, kind: kind, subject: subject, content: content),
            ruleID: ruleID,
            decision: rule?.decision ?? defaultDecision,
            severity: rule?.severity ?? defaultSeverity,
            kind: kind, path: path, oldPath: oldPath, commit: commit,
            reason: rule?.reason ?? "No rule of \(id) matched; the pack's default decision applies.",
            controls: rule?.controls ?? [],
            approverGroup: rule?.approvers.first)
    }
}

extension PolicyRule {
    var canonical: CanonicalJSON {
        var match: [String: CanonicalJSON] = [:]
        switch self.match {
        case .paths(let include, let exclude, let changes):
            match["paths"] = .array(include.map { .string($0.pattern) })
            if !exclude.isEmpty { match["exclude"] = .array(exclude.map { .string($0.pattern) }) }
            if let changes { match["changes"] = .array(changes.sorted().map(CanonicalJSON.string)) }
        case .commands(let patterns, let exclude):
            match["commands"] = .array(patterns.map(\.canonical))
            if !exclude.isEmpty { match["exclude"] = .array(exclude.map { .string($0.pattern) }) }
        case .refs(let patterns, let operations):
            match["refs"] = .array(patterns.map { .string($0.pattern) })
            if let operations {
                match["operations"] = .array(operations.map(\.rawValue).sorted().map(CanonicalJSON.string))
            }
        case .pipeline(let risks):
            match["pipeline"] = .array(risks.map(\.rawValue).sorted().map(CanonicalJSON.string))
        case .builtIn(let check):
            match["builtin"] = .string(check.rawValue)
        }
        var fields: [String: CanonicalJSON] = [
            "id": .string(id),
            "match": .object(match),
            "decision": .string(decision.rawValue),
            "severity": .string(severity.rawValue),
            "reason": .string(reason),
            "controls": .array(controls.map(CanonicalJSON.string)),
            "approvers": .array(approvers.map(CanonicalJSON.string)),
            "overridable": .bool(isOverridable),
            "pack": .string(pack),
        ]
        // Only when set, so the digest of every pack that does not use it stays what it was.
        if isCaseInsensitive { fields["case"] = .string("insensitive") }
        if isBreakGlass { fields["break_glass"] = .bool(true) }
        return .object(fields)
    }
}
