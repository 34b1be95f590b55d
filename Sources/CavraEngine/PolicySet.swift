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

    init(_ policies: [Policy], warnings sourceWarnings: [String] = []) {
        self.policies = policies
        var seen: Set<String> = []
        warnings = (sourceWarnings + policies.flatMap { $0.notes.filter { $0.kind == .warning }.map(\.description) })
            .filter { seen.insert($0).inserted }
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

    func decide(_ fact: Fact) -> Finding? {
        policies.compactMap { $0.decide(fact) }.min(by: Finding.precedes)
    }
}
