import CavraModel
import Yams

/// A check the gate makes under every policy; what it decides, and why, is data in the bundled `cavra-builtin`
/// pack, so `policy compile --explain` shows it like any rule.
public enum BuiltInCheck: String, Sendable, CaseIterable {
    /// A change to the repository's own gate policy (`.cavra/`).
    case policyChange = "policy-change"
    /// A file the gate must read to judge the change but cannot parse.
    case parseError = "parse-error"
    /// A CI action or image not pinned to a commit or digest.
    case unpinnedAction = "unpinned-action"
}

/// The rules of the built-in pack, loaded once, on first use: most runs never need one.
public enum BuiltInRules {
    public static let packID = "cavra-builtin"
    static let source = "\(PolicyCatalog.bundledSource):\(packID)"

    /// The built-in pack compiled. It is part of the binary, so a failure to load it is a build defect that the
    /// tests catch, not a user error.
    public static let policy: Policy = {
        do {
            return try PolicyLoader(catalog: PolicyCatalog()).load(
                yaml: BundledPacks.policies[packID] ?? "", sourceName: source)
        } catch {
            fatalError("the bundled \(packID) pack does not load: \(error)")
        }
    }()

    private static let rules: [BuiltInCheck: PolicyRule] = Dictionary(
        uniqueKeysWithValues: policy.rules.compactMap { rule in
            guard case .builtIn(let check) = rule.match else { return nil }
            return (check, rule)
        })

    /// The rule that decides a built-in check.
    public static func rule(_ check: BuiltInCheck) -> PolicyRule {
        guard let rule = rules[check] else { fatalError("the bundled \(packID) pack has no rule for \(check)") }
        return rule
    }

    /// Reads `match.builtin`, which only the bundled built-in pack may use: a pack of one's own could otherwise
    /// turn the gate's own checks off.
    static func check(_ node: Node, fields: Int, pack: String, reader: YAMLReader) throws -> BuiltInCheck {
        guard pack == packID, reader.source == source else {
            throw reader.error(
                "match.builtin is reserved for the gate's built-in pack; match paths, commands, refs or pipeline settings instead",
                at: node)
        }
        guard fields == 1 else { throw reader.error("match.builtin stands alone in a match", at: node) }
        return try reader.choice(node, what: "a built-in check")
    }
}

extension PolicyRule {
    /// A finding of this rule on a subject that no glob matched (a built-in check's subject).
    public func finding(
        kind: FindingKind, subject: String, content: String, path: String?, line: Int? = nil, commit: String?,
        reason: String
    ) -> Finding {
        Finding(
            fingerprint: Fingerprint.make(ruleID: id, kind: kind, subject: subject, content: content), ruleID: id,
            decision: decision, severity: severity, kind: kind, path: path, line: line, commit: commit,
            reason: reason, controls: controls, approverGroup: approvers.first)
    }
}
