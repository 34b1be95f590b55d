import CavraModel
import CavraPolicy

/// The text of `policy compile --explain`.
struct PolicyExplanation {
    let text: String

    init(_ policy: Policy) {
        var lines = ["policy \(policy.id) \(policy.digest)", "packs, parents first:"]
        for pack in policy.packFiles {
            lines.append("  \(pack.id) (\(pack.source))")
        }
        if !policy.notes.isEmpty {
            lines.append("translation:")
            lines += policy.notes.map { "  \($0)" }
        }
        lines.append("rules (\(policy.rules.count), by id):")
        for rule in policy.rules {
            lines.append(
                "  \(rule.id): \(rule.decision.rawValue) \(rule.severity.rawValue) \(Self.describe(rule.match)) [from \(rule.pack)]"
            )
        }
        lines.append("default: \(policy.defaultDecision.rawValue) \(policy.defaultSeverity.rawValue)")
        let builtIn = BuiltInRules.policy
        lines.append(
            "built-in checks under every policy (\(builtIn.id)@\(builtIn.version ?? "unversioned") \(builtIn.digest)):")
        for rule in builtIn.rules {
            lines.append(
                "  \(rule.id): \(rule.decision.rawValue) \(rule.severity.rawValue) \(Self.describe(rule.match))")
        }
        text = lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ match: PolicyRule.Match) -> String {
        switch match {
        case .paths(let include, let exclude, let changes):
            var text = "paths \(include.map(\.pattern))"
            if !exclude.isEmpty { text += " except \(exclude.map(\.pattern))" }
            if let changes { text += " on \(changes.sorted())" }
            return text
        case .commands(let commands, let exclude):
            return "commands \(commands)" + (exclude.isEmpty ? "" : " except in \(exclude.map(\.pattern))")
        case .refs(let patterns, let operations):
            return "refs \(patterns.map(\.pattern))" + (operations.map { " on \($0.map(\.rawValue).sorted())" } ?? "")
        case .pipeline(let risks):
            return "pipeline settings \(risks.map(\.rawValue).sorted())"
        case .builtIn(let check):
            return "built-in check \(check.rawValue)"
        }
    }
}
