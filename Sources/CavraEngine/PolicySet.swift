import CavraModel
import CavraPolicy
import CavraTrust

/// One or more policies given with repeated `--policy`, judged together: the strongest finding wins.
struct PolicySet {
    let policies: [Policy]
    let info: GateResult.PolicyInfo
    /// Where the policy was read from when the user must know it, then keys of the packs that have no effect in
    /// the gate, each once, so every command can show them.
    let warnings: [String]
    /// What the members say about approvals, the strictest of them where they differ.
    let approvals: ApprovalPolicy

    init(_ policies: [Policy], warnings sourceWarnings: [String] = []) {
        self.policies = policies
        var seen: Set<String> = []
        warnings = (sourceWarnings + policies.flatMap { $0.notes.filter { $0.kind == .warning }.map(\.description) })
            .filter { seen.insert($0).inserted }
        approvals = Self.strictest(policies.map(\.approvals))
        if policies.count == 1 {
            info = policies[0].info
        } else {
            // The combined digest covers every member's digest in the order given, so it changes when any does.
            let joined = policies.map(\.digest).joined(separator: "\n")
            let hex = Digest.sha256Hex(joined)
            info = GateResult.PolicyInfo(
                id: policies.map(\.id).joined(separator: "+"), version: nil, digest: "sha256:" + hex,
                packs: policies.flatMap(\.info.packs),
                source: policies.compactMap(\.info.source).joined(separator: ", "))
        }
    }

    /// Break-glass only where every member allows it, for the shortest time any allows; the highest count of
    /// approvers any member asks of a group.
    private static func strictest(_ members: [ApprovalPolicy]) -> ApprovalPolicy {
        guard members.count > 1 else { return members.first ?? .unrestricted }
        let durations = members.map(\.breakGlassDuration)
        let breakGlass: ApprovalPolicy.BreakGlass? =
            durations.allSatisfy { $0 != nil }
            ? ApprovalPolicy.BreakGlass(allowed: true, maxDuration: durations.compactMap { $0 }.min() ?? 0) : nil
        return ApprovalPolicy(
            breakGlass: breakGlass,
            requiredApprovals: members.reduce(into: [:]) { counts, member in
                counts.merge(member.requiredApprovals, uniquingKeysWith: max)
            })
    }

    /// Whether a break-glass pass may lift this deny finding: every member rule of its id that denies is marked
    /// `break_glass: true`. Built-in rules and the packs' defaults never are.
    func breakGlassLifts(_ finding: Finding) -> Bool {
        let rules = policies.flatMap(\.rules).filter { $0.id == finding.ruleID && $0.decision == .deny }
        return !rules.isEmpty && rules.allSatisfy(\.isBreakGlass)
    }

    func decide(_ fact: Fact) -> Finding? {
        policies.compactMap { $0.decide(fact) }.min(by: Finding.precedes)
    }
}
